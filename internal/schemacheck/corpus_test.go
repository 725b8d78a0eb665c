package schemacheck_test

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/analysis"
	"github.com/cfn-lsp/cfn-lsp/internal/schemacheck"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// finding is one diagnostic reduced to what both tools share.
type finding struct {
	file, code, msg string
	lines           [2]int // our start line and the line of the key the value stands under
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
	theirs := readCfnLint(t, path)
	matched, extra := 0, 0
	for _, f := range ours {
		left := theirs[f.file]
		i := matchIndex(left, f)
		if i < 0 {
			extra++
			t.Errorf("only we report %s:%d: %s %s", f.file, f.lines[0], f.code, f.msg)
			continue
		}
		matched++
		theirs[f.file] = append(left[:i], left[i+1:]...)
	}
	missed := 0
	for _, left := range theirs {
		for _, f := range left {
			missed++
			t.Logf("only cfn-lint reports %s:%d: %s %s", f.file, f.lines[0], f.code, f.msg)
		}
	}
	t.Logf("matched=%d ours-only=%d cfn-lint-only=%d", matched, extra, missed)
}

// runCorpus checks every template under root, with suppressions applied as in
// the pipeline (cfn-lint honours the same ignore_checks metadata).
func runCorpus(t *testing.T, root string) []finding {
	var out []finding
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch strings.ToLower(filepath.Ext(path)) {
		case ".yaml", ".yml", ".json", ".template":
		default:
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		tpl := template.Parse(path, string(src))
		if !tpl.IsTemplate() {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		for _, d := range analysis.Suppress(tpl, schemacheck.Check(tpl, schema.Default()), nil) {
			out = append(out, finding{file: rel, code: d.Code, msg: d.Message,
				lines: [2]int{d.Range.Start.Line + 1, keyLine(tpl, d.Range.Start) + 1}})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var parseable = regexp.MustCompile(`^(?:\./)?(.*?):(\d+):\d+:\d+:\d+:([EWI]\d+):(.*)$`)

// readCfnLint reads cfn-lint's parseable output, keeping the codes we implement.
func readCfnLint(t *testing.T, path string) map[string][]finding {
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
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		m := parseable.FindStringSubmatch(sc.Text())
		if m == nil || !implemented[m[3]] {
			continue
		}
		line, _ := strconv.Atoi(m[2])
		key := fmt.Sprint(m[1], line, m[3], m[4])
		if seen[key] {
			continue
		}
		seen[key] = true
		out[m[1]] = append(out[m[1]], finding{file: m[1], code: m[3], msg: m[4], lines: [2]int{line, line}})
	}
	return out
}

func matchIndex(list []finding, f finding) int {
	for i, g := range list {
		if g.code == f.code && (g.lines[0] == f.lines[0] || g.lines[0] == f.lines[1]) {
			return i
		}
	}
	return -1
}

// keyLine returns the line of the key under which the value at pos stands.
func keyLine(t *template.Template, pos template.Pos) int {
	for _, n := range t.PathAt(pos) {
		if n.Range.Start != pos || n.Parent == nil || n.Parent.Kind != template.Mapping {
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
