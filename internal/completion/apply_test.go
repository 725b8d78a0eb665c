package completion

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/checktest"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// TestItemsApplyCleanly asks for completions in clean templates (testdata, and
// the directory tree $CFN_LSP_CORPUS when set) on a blank line inserted under
// every mapping and, in YAML, after every "Key: " and "Key: !Ref " whose value
// was removed; it applies each item (a snippet filled in as a user would) and
// checks that the template still parses, without duplicate keys, and that no
// label is offered twice. Each file of testdata is tried at most at
// maxApplyTries places spread over it (every place of a file costs a parse
// per item: all of them made the test quadratic in the file's length); the
// corpus, a deliberate run, at all of them.
func TestItemsApplyCleanly(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/*/*.*")
	if dir := os.Getenv("CFN_LSP_CORPUS"); dir != "" {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, p)
			}
			return nil
		})
	}
	spec := schema.Default()
	checked := 0
	for _, f := range files {
		switch strings.ToLower(filepath.Ext(f)) {
		case ".yaml", ".yml", ".json", ".template":
		default:
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil || len(b) > 100000 || strings.Contains(string(b), checktest.Cursor) {
			continue
		}
		text := string(b)
		tmpl := template.Parse(f, text)
		if tmpl.Err != nil || !tmpl.IsTemplate() || len(tmpl.Duplicates) > 0 {
			continue
		}
		lines := strings.Split(text, "\n")
		var places []func()
		run := func(i int, edited string, pos template.Pos) {
			list := Complete(Request{URI: f, Text: edited, Pos: pos, Template: tmpl, Spec: spec, Snippets: true})
			el := template.NewLines(edited)
			seen := map[string]bool{}
			for _, it := range list.Items {
				if seen[it.Label] {
					t.Errorf("%s:%d: %q offered twice", f, i+1, it.Label)
				}
				seen[it.Label] = true
			}
			for n, it := range list.Items {
				if n >= 40 {
					break
				}
				checked++
				s, e := el.Offset(it.Edit.Range.Start), el.Offset(it.Edit.Range.End)
				newText := it.Edit.NewText
				if it.Snippet {
					newText = expand(newText, strings.HasSuffix(f, ".json"))
				}
				out := edited[:s] + newText + edited[e:]
				for _, a := range it.AdditionalEdits { // commas before the item
					if a.Range.Start.Less(it.Edit.Range.Start) {
						s := el.Offset(a.Range.Start)
						out = out[:s] + a.NewText + out[s:]
					}
				}
				if tp := template.Parse(f, out); tp.Err != nil || len(tp.Duplicates) > 0 {
					msg := "duplicate key"
					if tp.Err != nil {
						msg = tp.Err.Error()
					}
					t.Errorf("%s:%d: %q (%q) breaks the template: %s", f, i+1, it.Label, it.Edit.NewText, msg)
				}
			}
		}
		try := func(i int, edited string, pos template.Pos) {
			places = append(places, func() { run(i, edited, pos) })
		}
		// values: the value of "Key: value" (after a !Ref or !GetAtt tag) removed
		for i, l := range lines {
			m := valueLine.FindStringSubmatch(strings.TrimRight(l, "\r"))
			if m == nil || strings.HasSuffix(f, ".json") {
				continue
			}
			cut := m[1]
			edited := strings.Join(lines[:i], "\n") + "\n" + cut + "\n" + strings.Join(lines[i+1:], "\n")
			if i == 0 {
				edited = cut + "\n" + strings.Join(lines[1:], "\n")
			}
			if i+1 < len(lines) && indentOf(lines[i+1]) > indentOf(l) {
				continue // the value goes on over the next lines
			}
			if base := strings.Replace(edited, cut+"\n", cut+"x\n", 1); template.Parse(f, base).Err != nil {
				continue // a quoted value went on over the next lines
			}
			try(i, edited, template.Pos{Line: i, Char: len(cut)})
			if k := strings.LastIndex(l, "::"); strings.HasPrefix(strings.TrimSpace(l), "Type: AWS::") && k > 0 {
				// a resource type half typed: few matches, scaffolds with Properties
				part := l[:k+2]
				try(i, strings.Join(lines[:i], "\n")+"\n"+part+"\n"+strings.Join(lines[i+1:], "\n"), template.Pos{Line: i, Char: len(part)})
			}
		}
		for i := 0; i+1 < len(lines); i++ {
			l := strings.TrimRight(lines[i], " \r")
			if !strings.HasSuffix(l, ":") && !strings.HasSuffix(l, "{") {
				continue
			}
			next := lines[i+1]
			ind := len(next) - len(strings.TrimLeft(next, " "))
			if ind <= len(l)-len(strings.TrimLeft(l, " ")) || strings.TrimSpace(next) == "" {
				continue
			}
			edited := strings.Join(lines[:i+1], "\n") + "\n" + strings.Repeat(" ", ind) + "\n" + strings.Join(lines[i+1:], "\n")
			try(i+1, edited, template.Pos{Line: i + 1, Char: ind})
		}
		step := 1
		if strings.HasPrefix(f, "../../testdata/") && len(places) > maxApplyTries {
			step = (len(places) + maxApplyTries - 1) / maxApplyTries
		}
		for i := 0; i < len(places); i += step {
			places[i]()
		}
	}
	t.Logf("%d completions applied", checked)
}

// maxApplyTries bounds the places TestItemsApplyCleanly tries in a file of
// testdata.
const maxApplyTries = 40

var (
	valueLine       = regexp.MustCompile(`^(\s*(?:- )?[A-Za-z0-9:]+: (?:!Ref |!GetAtt )?)[A-Za-z0-9'"][^#]*$`)
	emptyInBrackets = regexp.MustCompile(`([\[{])\$\{\d+\}([\]}])`)
	tabStop         = regexp.MustCompile(`\$\{\d+(:((\\.|[^}\\])*))?\}`)
	choiceStop      = regexp.MustCompile(`\$\{\d+\|((\\.|[^,|\\])*)[,|](\\.|[^}\\])*\}`)
	unescape        = strings.NewReplacer(`\$`, `$`, `\}`, `}`, `\\`, `\`, `\,`, `,`, `\|`, `|`)
)

// replaceTabStops puts defaults into tab stops, and a value into empty ones
// (quoted in JSON when the stop is not inside a string already).
func replaceTabStops(s string, json bool) string {
	var b strings.Builder
	last := 0
	for _, m := range tabStop.FindAllStringIndex(s, -1) {
		b.WriteString(s[last:m[0]])
		stop := s[m[0]:m[1]]
		switch i := strings.Index(stop, ":"); {
		case i >= 0:
			b.WriteString(stop[i+1 : len(stop)-1])
		case json && (m[0] == 0 || s[m[0]-1] != '"'):
			b.WriteString(`"x"`)
		default:
			b.WriteString("x")
		}
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// expand fills a snippet in: defaults and first choices, "x" in empty tab
// stops (nothing between brackets).
func expand(s string, json bool) string {
	s = emptyInBrackets.ReplaceAllString(s, "$1$2")
	s = choiceStop.ReplaceAllString(s, "$1")
	s = replaceTabStops(s, json)
	return unescape.Replace(s)
}

func indentOf(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }
