// Package suggest finds the closest known name to a misspelled one ("did you mean").
package suggest

import (
	"slices"
	"strings"
)

// Closest returns the candidate nearest to name by edit distance (case-insensitive),
// or "" when none is close enough to be a plausible typo: at most a third of
// the name's length, between 1 and 4 edits. Of equally near candidates, the
// first in sort order wins.
func Closest(name string, candidates []string) string {
	ln := []rune(strings.ToLower(name))
	limit := min(max(len([]rune(name))/3, 1), 4)
	// bestD starts past the limit: a candidate farther than that is never
	// returned, so its distance need not be known (see within).
	best, bestD := "", limit+1
	var rows [3][]int
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if lc == string(ln) {
			return c
		}
		rc := []rune(lc)
		if d := len(rc) - len(ln); d > bestD || -d > bestD {
			continue // every edit changes the length by one at most
		}
		d, ok := within(ln, rc, bestD, &rows)
		if ok && (d < bestD || c < best) {
			best, bestD = c, d
		}
	}
	return best
}

// Distance is the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and adjacent transpositions).
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	var rows [3][]int
	d, _ := within(ra, rb, max(len(ra), len(rb)), &rows)
	return d
}

// within returns the optimal string alignment distance between a and b when it
// is at most k; ok is false, and the distance unknown, when it is more (the
// computation stops at the first row that cannot come back under k). rows are
// the three rows of the table, reused between calls.
func within(a, b []rune, k int, rows *[3][]int) (d int, ok bool) {
	for i := range rows {
		if cap(rows[i]) < len(b)+1 {
			rows[i] = make([]int, len(b)+1)
		}
		rows[i] = rows[i][:len(b)+1]
	}
	prev2, prev, cur := rows[0], rows[1], rows[2]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			low = min(low, cur[j])
		}
		// A transposition reads two rows back: stop only when both are past k.
		if low > k && slices.Min(prev) > k {
			return 0, false
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)], prev[len(b)] <= k
}
