package navigation

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/checktest"
	"github.com/cfn-lsp/cfn-lsp/internal/golden"
	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

const dir = "../../testdata/navigation"

func load(t *testing.T, name string) *template.Template {
	t.Helper()
	return testutil.Parse(t, "file:///"+name, checktest.Read(t, filepath.Join(dir, name)))
}

func fmtRange(r template.Range) string {
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line+1, r.Start.Char, r.End.Line+1, r.End.Char)
}

func apply(t *template.Template, edits []Edit) string {
	sort.Slice(edits, func(i, j int) bool { return edits[j].Range.Start.Less(edits[i].Range.Start) })
	s := t.Text
	for _, e := range edits {
		a, b := t.Lines.Offset(e.Range.Start), t.Lines.Offset(e.Range.End)
		s = s[:a] + e.NewText + s[b:]
	}
	return s
}

// written names the kinds of reference as the template writes them.
var written = map[refs.Kind]string{refs.KindRef: "Ref", refs.KindGetAtt: "Fn::GetAtt", refs.KindSub: "Fn::Sub",
	refs.KindDependsOn: "DependsOn", refs.KindCondition: "Condition", refs.KindFindInMap: "Fn::FindInMap",
	refs.KindImportValue: "Fn::ImportValue", refs.KindInterface: "AWS::CloudFormation::Interface"}

// report renders everything navigation says about a template, for golden files.
func report(t *testing.T, tp *template.Template) string {
	var b strings.Builder
	b.WriteString("## references\n")
	for _, r := range references(tp) {
		fmt.Fprintf(&b, "%s %s %s %s %q\n", fmtRange(r.Range), written[r.Kind], r.Target, r.Name, testutil.RangeText(tp, r.Range))
	}
	b.WriteString("## definitions\n")
	for _, r := range references(tp) {
		loc, ok := Definition(tp, r.Range.Start)
		switch {
		case !ok:
			fmt.Fprintf(&b, "%s %s -> none\n", fmtRange(r.Range), r.Name)
		default:
			fmt.Fprintf(&b, "%s %s -> %s %q\n", fmtRange(r.Range), r.Name, fmtRange(loc.Range), testutil.RangeText(tp, loc.Range))
		}
	}
	b.WriteString("## symbols\n")
	var walk func([]Symbol, string)
	walk = func(ss []Symbol, indent string) {
		for _, s := range ss {
			fmt.Fprintf(&b, "%s%s (%d) %q %s sel %q\n", indent, s.Name, s.Kind, s.Detail, fmtRange(s.Range), testutil.RangeText(tp, s.Selection))
			walk(s.Children, indent+"  ")
		}
	}
	walk(Symbols(tp), "")
	b.WriteString("## renames\n")
	for _, tg := range []Target{{Section: Resources, Name: "Bucket"}, {Section: Parameters, Name: "Env"}, {Section: Conditions, Name: "IsProd"}, {Section: Mappings, Name: "RegionMap"}} {
		decl, ok := Declaration(tp, tg)
		if !ok {
			t.Fatalf("no declaration for %v", tg)
		}
		if len(FindReferences(tp, tg, false)) == 0 {
			t.Fatalf("fixture has no reference to %v", tg)
		}
		newName := "New" + tg.Name
		edits, err := Rename(tp, decl.Start, newName)
		if err != nil {
			t.Fatalf("rename %v: %v", tg, err)
		}
		out := apply(tp, edits)
		fmt.Fprintf(&b, "# %s -> %s (%d edits)\n", tg.Name, newName, len(edits))
		old, now := strings.Split(tp.Text, "\n"), strings.Split(out, "\n")
		for i := range now {
			if i < len(old) && old[i] != now[i] {
				fmt.Fprintf(&b, "%d: %s\n", i+1, now[i])
			}
		}
		checkRenamed(t, tp, out, tg, newName)
	}
	return b.String()
}

// checkRenamed verifies that a renamed template refers to the new name exactly
// as often as the old one referred to the old name, and never to the old name.
func checkRenamed(t *testing.T, before *template.Template, text string, tg Target, newName string) {
	t.Helper()
	after := template.Parse(before.URI, text)
	if after.Err != nil {
		t.Fatalf("rename %s broke the template: %v", tg.Name, after.Err)
	}
	if after.Entry(tg.Section, newName) == nil || after.Entry(tg.Section, tg.Name) != nil {
		t.Errorf("rename %s: declaration not renamed", tg.Name)
	}
	n0 := len(FindReferences(before, tg, false))
	n1 := len(FindReferences(after, Target{Section: tg.Section, Name: newName}, false))
	if n0 != n1 {
		t.Errorf("rename %s: %d references before, %d after", tg.Name, n0, n1)
	}
	if left := FindReferences(after, tg, false); len(left) > 0 {
		t.Errorf("rename %s: references to the old name remain at %v", tg.Name, left)
	}
}

func TestGolden(t *testing.T) {
	for _, name := range []string{"short.yaml", "long.json"} {
		t.Run(name, func(t *testing.T) {
			tp := load(t, name)
			for _, r := range references(tp) {
				if r.Kind != refs.KindImportValue && testutil.RangeText(tp, r.Range) != r.Name {
					t.Errorf("%s: range %s covers %q, want %q", r.Kind, fmtRange(r.Range), testutil.RangeText(tp, r.Range), r.Name)
				}
			}
			golden.Check(t, filepath.Join(dir, name+".golden"), report(t, tp))
		})
	}
}

// TestShortLongAgree checks that the YAML short forms and the JSON long forms
// of the same template give the same references.
func TestShortLongAgree(t *testing.T) {
	count := func(tp *template.Template) map[string]int {
		m := map[string]int{}
		for _, r := range references(tp) {
			m[written[r.Kind]+" "+r.Target+" "+r.Name]++
		}
		return m
	}
	y, j := count(load(t, "short.yaml")), count(load(t, "long.json"))
	for _, k := range []string{"Ref Parameters Env", "Fn::GetAtt Resources Bucket", "Fn::Sub Resources Bucket",
		"Fn::Sub Parameters BucketPrefix", "DependsOn Resources Bucket", "Condition Conditions IsProd",
		"Fn::FindInMap Mappings RegionMap", "Fn::Sub Resources Queue"} {
		if y[k] == 0 || j[k] == 0 {
			t.Errorf("%s: yaml %d, json %d references", k, y[k], j[k])
		}
	}
}

func TestRenameRefused(t *testing.T) {
	tp := load(t, "short.yaml")
	decl, _ := Declaration(tp, Target{Section: Resources, Name: "Bucket"})
	for _, tc := range []struct{ name, want string }{
		{"Bad-Name", "not a valid name"},
		{"Queue", "already taken"},
		{"Env", "already taken"}, // a parameter: Ref could not tell them apart
		{strings.Repeat("A", 256), "at most 255"},
		{"", "empty"},
	} {
		_, err := Rename(tp, decl.Start, tc.name)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("rename to %q: err %v, want %q", tc.name, err, tc.want)
		}
	}
	// A condition may share a resource's name: they live in different namespaces.
	c, _ := Declaration(tp, Target{Section: Conditions, Name: "IsProd"})
	if _, err := Rename(tp, c.Start, "Queue"); err != nil {
		t.Errorf("rename condition to a resource's name: %v", err)
	}
}

func TestPrepareRename(t *testing.T) {
	tp := load(t, "short.yaml")
	find := func(line int, sub string) template.Pos {
		l := tp.Lines.Line(line - 1)
		i := strings.Index(l, sub)
		if i < 0 {
			t.Fatalf("line %d has no %q", line, sub)
		}
		return template.Pos{Line: line - 1, Char: i + 1}
	}
	for _, tc := range []struct {
		pos     template.Pos
		name    string
		wantErr string
	}{
		{find(28, "Env}"), "Env", ""},                   // inside a Sub string
		{find(33, "Bucket.Arn"), "Bucket", ""},          // GetAtt, dotted
		{find(28, "AWS::Region"), "", "can be renamed"}, // pseudo parameter
		{find(2, "Navigation"), "", "can be renamed"},   // a plain value
		{find(24, "Bucket"), "Bucket", ""},              // the declaration
	} {
		r, name, err := PrepareRename(tp, tc.pos)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%v: err %v, want %q", tc.pos, err, tc.wantErr)
			}
			continue
		}
		if err != nil || name != tc.name || testutil.RangeText(tp, r) != tc.name {
			t.Errorf("%v: got %q %q %v, want %q", tc.pos, name, testutil.RangeText(tp, r), err, tc.name)
		}
	}
}

func TestExportsAndTemplateURL(t *testing.T) {
	tp := load(t, "short.yaml")
	var imp *refs.Ref
	for _, r := range references(tp) {
		if r.Kind == refs.KindImportValue {
			imp = r
		}
	}
	if imp == nil || imp.Target != Exports {
		t.Fatal("no ImportValue reference found")
	}
	loc, ok := Definition(tp, imp.Range.Start)
	if !ok || !strings.Contains(testutil.RangeText(tp, loc.Range), "-BucketArn") || loc.Range.Start.Line != 51 {
		t.Errorf("ImportValue definition: %v %q", loc, testutil.RangeText(tp, loc.Range))
	}
	exports := FindReferences(tp, Target{Section: Exports, Name: imp.Name}, true)
	if len(exports) != 2 {
		t.Errorf("export references: %v", exports)
	}
	line := tp.Lines.Line(45)
	loc, ok = Definition(tp, template.Pos{Line: 45, Char: strings.Index(line, "./child") + 2})
	if !ok || loc.File != "./child.yaml" {
		t.Errorf("TemplateURL definition: %+v %v", loc, ok)
	}
}

func TestHighlights(t *testing.T) {
	tp := load(t, "long.json")
	decl, _ := Declaration(tp, Target{Section: Conditions, Name: "IsProd"})
	hs := Highlights(tp, decl.Start)
	if len(hs) != 5 || !hs[0].Write {
		t.Fatalf("highlights: %+v", hs)
	}
	for _, h := range hs[1:] {
		if h.Write || testutil.RangeText(tp, h.Range) != "IsProd" {
			t.Errorf("highlight %+v covers %q", h, testutil.RangeText(tp, h.Range))
		}
	}
}

func TestBrokenInputs(t *testing.T) {
	for _, src := range []string{"", "{", "Resources: [", "- a\n- b\n", "Resources:\n  A: !Ref\n  B: !Sub\n  C: !GetAtt\n", "Resources:\n  X:\n    DependsOn: [1, {a: b}]\n    Properties: {A: !Sub [\"${\", 1]}\n"} {
		tp := template.Parse("file:///x.yaml", src)
		references(tp)
		Symbols(tp)
		Definition(tp, template.Pos{})
		Highlights(tp, template.Pos{Line: 1, Char: 3})
		if _, err := Rename(tp, template.Pos{Line: 1, Char: 3}, "Y"); err == nil && src == "" {
			t.Errorf("rename in an empty document succeeded")
		}
	}
}

var corpus = flag.String("corpus", "", "a directory of templates to check references and renames on")

// TestCorpus checks, on every template under testdata (and -corpus), that each
// reference's range covers exactly its name and that renaming each resource
// and parameter keeps every reference (and leaves none to the old name).
func TestCorpus(t *testing.T) {
	dirs := []string{"../../testdata"}
	if *corpus != "" {
		dirs = append(dirs, *corpus)
	}
	n := 0
	for _, d := range dirs {
		files, _ := template.FindFiles(d)
		for _, path := range files {
			src, err := os.ReadFile(path)
			if err != nil {
				continue
			}
			tp := template.Parse("file://"+path, string(src))
			if tp.Err != nil || !tp.IsTemplate() || len(tp.Duplicates) > 0 {
				continue
			}
			n++
			for _, r := range references(tp) {
				if r.Kind != refs.KindImportValue && testutil.RangeText(tp, r.Range) != r.Name {
					t.Errorf("%s: %s range %s covers %q, want %q", path, r.Kind, fmtRange(r.Range), testutil.RangeText(tp, r.Range), r.Name)
				}
			}
			var targets []Target
			for _, e := range tp.Resources {
				targets = append(targets, Target{Section: Resources, Name: e.Name})
			}
			for _, e := range tp.Parameters {
				targets = append(targets, Target{Section: Parameters, Name: e.Name})
			}
			for _, tg := range targets {
				if tp.Entry(tg.Section, "Zz"+tg.Name) != nil || !validName.MatchString(tg.Name) || len(tg.Name) > 250 {
					continue
				}
				decl, ok := Declaration(tp, tg)
				if !ok {
					continue
				}
				edits, err := Rename(tp, decl.Start, "Zz"+tg.Name)
				if err != nil {
					t.Errorf("%s: rename %s: %v", path, tg.Name, err)
					continue
				}
				checkRenamed(t, tp, apply(tp, edits), tg, "Zz"+tg.Name)
			}
		}
	}
	if n == 0 {
		t.Fatal("no templates")
	}
}

// posAt returns the position of the first sub on the 1-based line of tp.
func posAt(tp *template.Template, line int, sub string) template.Pos {
	return template.Pos{Line: line - 1, Char: strings.Index(tp.Lines.Line(line-1), sub)}
}

// TestForEach: inside a loop's body the identifier is a target of its own
// (definition, references, rename), and the names the loop produces resolve
// to its body's key but are not renamed there.
func TestForEach(t *testing.T) {
	tp := load(t, "foreach.yaml")
	for _, tc := range []struct {
		line int
		sub  string
		want string // the line and text of the definition
	}{
		{16, "Name", "8 Name"},                // Ref Name
		{13, "Name}", "8 Name"},               // ${Name} of a Sub
		{10, "Name}", "8 Name"},               // ${Name} of a key
		{17, "Name}", "8 Name"},               // &{Name} of a key
		{19, "Name}", "8 Name"},               // ${Name} of a DependsOn
		{22, "QueueAlpha", "10 Queue${Name}"}, // a name the loop produces
		{9, "Names", "3 Names"},               // the collection's parameter
	} {
		loc, ok := Definition(tp, posAt(tp, tc.line, tc.sub))
		got := "none"
		if ok {
			got = fmt.Sprintf("%d %s", loc.Range.Start.Line+1, testutil.RangeText(tp, loc.Range))
		}
		if got != tc.want {
			t.Errorf("definition at %d %q: %s, want %s", tc.line, tc.sub, got, tc.want)
		}
	}
	edits, err := Rename(tp, posAt(tp, 16, "Name"), "Item")
	if err != nil {
		t.Fatal(err)
	}
	out := apply(tp, edits)
	testutil.Contains(t, "renamed template", out, "    - Item\n", `"Queue${Item}":`, `!Sub "q-${Item}"`, "Value: !Ref Item", `"Topic&{Item}":`, `DependsOn: "Queue${Item}"`, "- !Ref Names")
	if len(edits) != 6 {
		t.Errorf("%d edits, want 6", len(edits))
	}
	if _, err := Rename(tp, posAt(tp, 16, "Name"), "Names"); err != nil {
		t.Errorf("rename to a name the body does not use: %v", err)
	}
	if _, err := Rename(tp, posAt(tp, 22, "QueueAlpha"), "Other"); err == nil || !strings.Contains(err.Error(), "produced by the loop") {
		t.Errorf("rename of a name a loop produces: %v", err)
	}
	var loop *Symbol
	for _, s := range Symbols(tp) {
		for i, c := range s.Children {
			if c.Name == "Fn::ForEach::Queues" {
				loop = &s.Children[i]
			}
		}
	}
	if loop == nil || len(loop.Children) != 2 || loop.Children[0].Name != "Queue${Name}" || loop.Children[0].Detail != "AWS::SQS::Queue" {
		t.Errorf("loop symbol %+v", loop)
	}
}

// TestSAMMade: a resource the SAM transform makes resolves to what makes it
// (the serverless resource, or its AutoPublishAlias for MyFunction.Version),
// and is not renamed.
func TestSAMMade(t *testing.T) {
	tp := load(t, "sam.yaml")
	for _, tc := range []struct {
		line      int
		sub, want string
	}{{12, "FnRole", "3 Fn"}, {14, "Fn.Version", "9 live"}} {
		loc, ok := Definition(tp, posAt(tp, tc.line, tc.sub))
		if got := fmt.Sprintf("%d %s", loc.Range.Start.Line+1, testutil.RangeText(tp, loc.Range)); !ok || got != tc.want {
			t.Errorf("definition of %s: %s, want %s", tc.sub, got, tc.want)
		}
	}
	if _, err := Rename(tp, posAt(tp, 12, "FnRole"), "Other"); err == nil {
		t.Error("a resource the transform makes was renamed")
	}
	// Renaming the function renames what it makes where the template names it.
	edits, err := Rename(tp, posAt(tp, 3, "Fn"), "Worker")
	if err != nil {
		t.Fatal(err)
	}
	out := apply(tp, edits)
	testutil.Contains(t, "renamed template", out, "  Worker:\n", "!GetAtt WorkerRole.Arn", "!Ref Worker.Version")
}
