package navigation

import (
	"slices"
	"sort"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/checktest"
	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// FuzzDefinitionRename runs the navigation features on arbitrary text at an
// arbitrary position: no panic; every range inside the document; rename edits
// do not overlap and, applied, declare the new name; document symbols' key
// ranges lie inside their entries (as editors require).
func FuzzDefinitionRename(f *testing.F) {
	for _, text := range checktest.Seeds(f, 20000, "navigation/*.*", "hover/*.*", "refcheck/*.*") {
		f.Add(text, 3, 4)
	}
	f.Add("Resources:\n  A:\n    Type: X\n  B:\n    Type: Y\n    Properties:\n      P: !Sub '${A}-${A.Arn}'\n      Q: !GetAtt A.Arn\n", 1, 3)
	f.Fuzz(func(t *testing.T, text string, line, char int) {
		tp := template.Parse("file:///fuzz.yaml", text)
		pos := checktest.FuzzPos(tp.Lines, line, char)
		in := func(what string, r template.Range) {
			t.Helper()
			if !checktest.LoneCR(text) {
				checktest.InDocument(t, tp.Lines, what, r)
			}
		}
		if loc, ok := Definition(tp, pos); ok && loc.File == "" {
			in("definition", loc.Range)
		}
		if target, r, ok := At(tp, pos); ok {
			in("at", r)
			for _, r := range FindReferences(tp, target, true) {
				in("reference", r)
			}
		}
		for _, h := range Highlights(tp, pos) {
			in("highlight", h.Range)
		}
		var walk func([]Symbol)
		walk = func(ss []Symbol) {
			for _, s := range ss {
				in("symbol", s.Range)
				in("symbol selection", s.Selection)
				if s.Selection.Start.Less(s.Range.Start) || s.Range.End.Less(s.Selection.End) {
					t.Fatalf("symbol %q: selection %+v outside its range %+v", s.Name, s.Selection, s.Range)
				}
				walk(s.Children)
			}
		}
		walk(Symbols(tp))
		if _, _, err := PrepareRename(tp, pos); err != nil {
			return
		}
		target, _, _ := At(tp, pos)
		edits, err := Rename(tp, pos, "Fz9Renamed")
		if err != nil {
			t.Fatalf("prepareRename accepted but rename failed: %v", err)
		}
		sort.Slice(edits, func(i, j int) bool { return edits[i].Range.Start.Less(edits[j].Range.Start) })
		out, last := "", 0
		for i, e := range edits {
			in("rename", e.Range)
			if i > 0 && e.Range.Start.Less(edits[i-1].Range.End) {
				t.Fatalf("rename edits overlap: %+v and %+v", edits[i-1].Range, e.Range)
			}
			s, end := tp.Lines.Offset(e.Range.Start), tp.Lines.Offset(e.Range.End)
			out += text[last:s] + e.NewText
			last = end
		}
		out += text[last:]
		after := template.Parse("file:///fuzz.yaml", out)
		if tp.Err == nil && target.Section == Identifiers {
			if !slices.ContainsFunc(refs.Of(after).Loops, func(l *refs.Loop) bool { return l.Variable == "Fz9Renamed" }) {
				t.Fatalf("after renaming loop identifier %q no loop binds Fz9Renamed:\n%s", target.Name, out)
			}
		} else if tp.Err == nil && after.Entry(target.Section, "Fz9Renamed") == nil {
			t.Fatalf("after renaming %s %q the template declares no Fz9Renamed:\n%s", target.Section, target.Name, out)
		}
	})
}
