package schemacheck_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/schemacheck"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// finding is one diagnostic reduced to what both tools share.
type finding struct {
	file, code, msg string
	// lines are where cfn-lint may report the same finding: our start line, the
	// line of the key the value stands under and, for W1030, the lines of the
	// properties whose Ref is resolved (cfn-lint reports some problems there).
	lines []int
}

// TestCorpus compares this package with cfn-lint over a directory of templates.
// It is skipped unless CFN_CORPUS names the directory; CFN_LINT_RESULTS names a
// file of `cfn-lint --format parseable` output for the same files, run from
// that directory:
//
//	cd $CFN_CORPUS && find . -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' |
//	  xargs -n 10 cfn-lint --format parseable -- > /tmp/cfn-lint.txt
//	CFN_CORPUS=$PWD CFN_LINT_RESULTS=/tmp/cfn-lint.txt go test ./internal/schemacheck -run Corpus -v
//
// Only the codes this package implements are compared. A finding matches when
// cfn-lint reports the same code on its line or on the line of its key (cfn-lint
// places most findings on keys). The test logs the counts and every difference;
// it fails when we report something cfn-lint does not (a false alarm).
func TestCorpus(t *testing.T) {
	root := os.Getenv("CFN_CORPUS")
	if root == "" {
		t.Skip("CFN_CORPUS not set")
	}
	ours := runCorpus(t, root)
	path := os.Getenv("CFN_LINT_RESULTS")
	if path == "" {
		for _, f := range ours {
			t.Logf("%s:%d: %s %s", f.file, f.lines[0], f.code, f.msg)
		}
		return
	}
	theirs, unparsed := readCfnLint(t, path)
	type counts struct{ matched, extra, missed int }
	byCode := map[string]*counts{}
	count := func(code string) *counts {
		if byCode[code] == nil {
			byCode[code] = &counts{}
		}
		return byCode[code]
	}
	var total counts
	for _, f := range ours {
		if unparsed[f.file] {
			continue // cfn-lint could not read the file (E0000) and checked nothing
		}
		left := theirs[f.file]
		i := matchIndex(left, f)
		if i < 0 {
			total.extra++
			count(f.code).extra++
			t.Errorf("only we report %s:%d: %s %s", f.file, f.lines[0], f.code, f.msg)
			continue
		}
		total.matched++
		count(f.code).matched++
		theirs[f.file] = append(left[:i], left[i+1:]...)
	}
	for _, left := range theirs {
		for _, f := range left {
			total.missed++
			count(f.code).missed++
			t.Logf("only cfn-lint reports %s:%d: %s %s", f.file, f.lines[0], f.code, shorten(f.msg))
		}
	}
	codes := make([]string, 0, len(byCode))
	for code := range byCode {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		n := byCode[code]
		t.Logf("%s: matched=%d ours-only=%d cfn-lint-only=%d", code, n.matched, n.extra, n.missed)
	}
	t.Logf("files cfn-lint could not parse (E0000, skipped): %d", len(unparsed))
	t.Logf("matched=%d ours-only=%d cfn-lint-only=%d", total.matched, total.extra, total.missed)
}

// shorten cuts a long cfn-lint message (enums of instance types) for the log.
func shorten(msg string) string {
	if len(msg) > 300 {
		return msg[:150] + " ... " + msg[len(msg)-150:]
	}
	return msg
}

// runCorpus checks every template under root, with suppressions applied as in
// the pipeline (cfn-lint honours the same ignore_checks metadata).
func runCorpus(t *testing.T, root string) []finding {
	files, err := template.FindFiles(root)
	if err != nil {
		t.Fatal(err)
	}
	var out []finding
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		tpl := template.Parse(path, string(src))
		if !tpl.IsTemplate() {
			continue
		}
		rel, _ := filepath.Rel(root, path)
		for _, d := range findings(tpl) {
			out = append(out, finding{file: rel, code: d.Code, msg: d.Message,
				lines: append([]int{d.Range.Start.Line + 1, keyLine(tpl, d.Range.Start) + 1}, refLines(tpl, d)...)})
		}
	}
	return out
}

var parseable = regexp.MustCompile(`^(?:\./)?(.*?):(\d+):\d+:\d+:\d+:([EWI]\d+):(.*)$`)

// readCfnLint reads cfn-lint's parseable output, keeping the codes we implement,
// and the files cfn-lint could not parse (E0000: it reports nothing else on them).
func readCfnLint(t *testing.T, path string) (map[string][]finding, map[string]bool) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	implemented := map[string]bool{}
	for _, r := range schemacheck.Rules() {
		implemented[r.ID] = true
	}
	seen := map[string]bool{}
	out := map[string][]finding{}
	unparsed := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		m := parseable.FindStringSubmatch(sc.Text())
		if m != nil && m[3] == "E0000" {
			unparsed[m[1]] = true
		}
		if m == nil || !implemented[m[3]] {
			continue
		}
		line, _ := strconv.Atoi(m[2])
		key := fmt.Sprint(m[1], line, m[3], m[4])
		if seen[key] {
			continue
		}
		seen[key] = true
		out[m[1]] = append(out[m[1]], finding{file: m[1], code: m[3], msg: m[4], lines: []int{line}})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out, unparsed
}

func matchIndex(list []finding, f finding) int {
	for i, g := range list {
		if g.code == f.code && slices.Contains(f.lines, g.lines[0]) {
			return i
		}
	}
	return -1
}

// keyLine returns the line of the key under which the value at pos stands.
func keyLine(t *template.Template, pos template.Pos) int {
	for _, n := range t.PathAt(pos) {
		if n.Range.Start != pos {
			continue
		}
		for n.Parent != nil && n.Parent.Kind == template.Sequence {
			n = n.Parent // an item: cfn-lint reports some on the list's key
		}
		if n.Parent == nil || n.Parent.Kind != template.Mapping {
			continue
		}
		for _, p := range n.Parent.Pairs {
			if p.Value == n {
				return p.Key.Range.Start.Line
			}
		}
	}
	return pos.Line
}

// refLines returns, for a W1030 finding, the 1-based lines of the property keys
// under which the resource it names uses `Ref` to the parameter it names.
func refLines(t *template.Template, d diag.Diagnostic) []int {
	if d.Code != "W1030" {
		return nil
	}
	param, rest, ok := strings.Cut(strings.TrimPrefix(d.Message, "Parameter "), "'s ")
	if !ok {
		return nil
	}
	i := strings.LastIndex(rest, " (")
	res, _, ok := strings.Cut(rest[i+2:], " property ")
	e := t.Resource(res)
	if i < 0 || !ok || e == nil {
		return nil
	}
	var out []int
	template.Walk(e.Value, func(n *template.Node) bool {
		if name, _ := n.Arg.Str(); n.IsIntrinsic("Ref") && name == param {
			out = append(out, keyLine(t, n.Range.Start)+1)
		}
		return true
	})
	return out
}
