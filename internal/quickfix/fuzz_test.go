package quickfix

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/analysis"
	"github.com/cfn-lsp/cfn-lsp/internal/checktest"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// maxFuzzText bounds the templates FuzzActions takes: a small template shows
// every fix, and each input stays a few milliseconds (one analysis, one parse
// per fix).
const maxFuzzText = 3000

// FuzzActions asks for the code actions of every diagnostic of arbitrary text,
// and for extract-to-parameter at an arbitrary range: no panic; the edits of an
// action lie inside the document and do not overlap; applied to a template
// without syntax errors, they leave one without syntax errors.
func FuzzActions(f *testing.F) {
	for _, dir := range []string{"schemacheck", "refcheck", "security", "navigation"} {
		for _, seed := range checktest.Seeds(f, maxFuzzText+1, dir+"/*.yaml", dir+"/*.json") {
			f.Add(seed, 5, 12, 5, 20)
		}
	}
	f.Add("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueNam: x\n      DelaySeconds: !GetAtt Q.Ar\n", 4, 16, 4, 17)
	spec := schema.Default()
	f.Fuzz(func(t *testing.T, text string, l1, c1, l2, c2 int) {
		if len(text) > maxFuzzText {
			return
		}
		tp := template.Parse("file:///fuzz.yaml", text)
		ds, err := analysis.Analyze(context.Background(), tp, spec, analysis.Options{Security: true})
		if err != nil {
			t.Fatal(err)
		}
		check := func(a Action) {
			t.Helper()
			edits := append([]Edit(nil), a.Edits...)
			sort.Slice(edits, func(i, j int) bool { return edits[i].Range.Start.Less(edits[j].Range.Start) })
			out, last := "", 0
			for i, e := range edits {
				r := e.Range
				if r.End.Less(r.Start) || r.Start.Line < 0 || r.End.Line >= tp.Lines.Count() ||
					r.Start.Char > template.UTF16Len(tp.Lines.Line(r.Start.Line)) || r.End.Char > template.UTF16Len(tp.Lines.Line(r.End.Line)) {
					t.Fatalf("%q: edit range %+v outside the document", a.Title, r)
				}
				if i > 0 && r.Start.Less(edits[i-1].Range.End) {
					t.Fatalf("%q: edits overlap: %+v and %+v", a.Title, edits[i-1].Range, r)
				}
				s := tp.Lines.Offset(r.Start)
				out += text[last:s] + e.NewText
				last = tp.Lines.Offset(r.End)
			}
			out += text[last:]
			if len(edits) > 0 && tp.Err == nil && !strings.Contains(text, "\r") {
				if after := template.Parse("file:///fuzz.yaml", out); after.Err != nil {
					t.Fatalf("%q breaks the template: %v\n--- before\n%s\n--- after\n%s", a.Title, after.Err, text, out)
				}
			}
		}
		for _, d := range ds {
			// The fixes of each diagnostic; extract-to-parameter is asked for
			// once below, and the source actions are commands without edits.
			for _, a := range Actions(Request{Template: tp, Spec: spec, Range: d.Range, Diagnostics: []diag.Diagnostic{d}, Only: []string{KindQuickFix}}) {
				check(a)
			}
		}
		rng := template.Range{Start: fuzzPos(tp.Lines, l1, c1), End: fuzzPos(tp.Lines, l2, c2)}
		if rng.End.Less(rng.Start) {
			rng.Start, rng.End = rng.End, rng.Start
		}
		if a, ok := ExtractParameter(tp, rng); ok {
			check(a)
		}
	})
}

// fuzzPos maps fuzzed numbers onto a position of the document.
func fuzzPos(lines *template.Lines, line, char int) template.Pos {
	line = int(uint(line) % uint(lines.Count()))
	char = int(uint(char) % uint(template.UTF16Len(lines.Line(line))+1))
	return template.Pos{Line: line, Char: char}
}
