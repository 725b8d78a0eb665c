package benchgen

import (
	"math/rand"
	"strings"
)

// Edit returns text after one random edit of the kinds typing makes: a few
// characters typed or deleted, a line broken or joined, a word replaced, a
// line duplicated. The differential tests of the incremental parse and
// analysis replay thousands of them; most fall inside one entry, some break
// the structure or the syntax.
func Edit(r *rand.Rand, text string) string {
	if text == "" {
		return "a"
	}
	at := r.Intn(len(text) + 1)
	switch k := r.Intn(20); {
	case k < 8: // type a few characters
		const alphabet = "abcXYZ019 _-:.,'\"!#&*{}[]|>$@/\t"
		n := 1 + r.Intn(3)
		var b strings.Builder
		for range n {
			if r.Intn(3) == 0 {
				b.WriteByte(alphabet[r.Intn(len(alphabet))])
			} else {
				b.WriteByte("abcdefghijklmnopqrstuvwxyz0123456789"[r.Intn(36)])
			}
		}
		return text[:at] + b.String() + text[at:]
	case k < 12: // delete a few bytes
		end := min(len(text), at+1+r.Intn(3))
		return text[:at] + text[end:]
	case k < 14: // break a line, indented like the one above or not
		ind := strings.Repeat(" ", r.Intn(9))
		return text[:at] + "\n" + ind + text[at:]
	case k < 15: // join a line with the next
		if i := strings.IndexByte(text[at:], '\n'); i >= 0 {
			return text[:at+i] + text[at+i+1:]
		}
		return text
	case k < 18: // replace a word with another one of the template's
		s := strings.LastIndexAny(text[:at], " \n\"") + 1
		e := at + strings.IndexAny(text[at:]+" ", " \n\"")
		words := []string{"Bucket0", "Ref", "AWS::S3::Bucket", "Properties", "Type", "true", "0", "!Sub", "!Ref", "Arn", "Condition", "'x'", ""}
		return text[:s] + words[r.Intn(len(words))] + text[e:]
	default: // duplicate the line at
		s := strings.LastIndexByte(text[:at], '\n') + 1
		e := at + strings.IndexByte(text[at:]+"\n", '\n')
		if e < len(text) {
			e++
		}
		return text[:s] + text[s:e] + text[s:]
	}
}
