package template_test

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// reparseSources are the documents the random edits start from: the
// benchmark's templates in both formats, one on a single line, and a few with
// conditions, loops and SAM.
func reparseSources(t testing.TB) map[string]string {
	src := map[string]string{
		"bench.yaml":   benchgen.YAML(6),
		"bench.json":   benchgen.JSON(6),
		"oneline.json": `{"Resources": {"A": {"Type": "AWS::SNS::Topic"}, "B": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": {"Ref": "A"}}}}, "Outputs": {"O": {"Value": {"Fn::GetAtt": ["B", "Arn"]}}}}`,
		"flow.yaml":    "Resources:\n  {A: {Type: AWS::SNS::Topic},\n   B: {Type: AWS::SQS::Queue}}\nOutputs:\n  O:\n    Value: {Ref: A}\n",
		"wide.yaml":    "Resources:\n  A:\n    Type: AWS::SNS::Topic # é😀\n    Properties:\n      TopicName: \"😀 x\"\n  B:\n    Type: AWS::SQS::Queue\nOutputs:\n  O:\n    Value: !Ref A\n",
	}
	for _, f := range []string{"analysis/foreach-valid.yaml", "analysis/sam-valid.yaml", "refcheck/condition-cycles.yaml"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		src[filepath.Base(f)] = string(b)
	}
	return src
}

// TestReparseMatchesParse replays random edits and holds each Reparse to the
// full parse of the same text: the same tree, positions included, the same
// duplicates and syntax error, and parent links that lead to the entry.
func TestReparseMatchesParse(t *testing.T) {
	for name, orig := range reparseSources(t) {
		t.Run(name, func(t *testing.T) {
			edits := reparseEdits(name)
			if testing.Short() {
				edits /= 10 // the race detector's run
			}
			r := rand.New(rand.NewSource(int64(len(orig))))
			prev := template.Parse(name, orig)
			spliced := 0
			for i := range edits {
				text := benchgen.Edit(r, prev.Text)
				if i%100 == 0 {
					text = orig // start again from a template that parses
				}
				got := template.Splice(prev, text)
				want := template.Parse(name, text)
				if got == nil {
					got = want
				} else if err := sameTemplate(got, want); err != nil {
					t.Fatalf("edit %d: %v\nbefore:\n%s\nafter:\n%s", i, err, prev.Text, text)
				} else {
					spliced++
				}
				if got.Err != nil || len(got.Duplicates) > 0 {
					continue // undone: from there on every edit would take the full parse
				}
				prev = got
			}
			t.Logf("%d of %d edits re-parsed one entry", spliced, edits)
		})
	}
}

// reparseEdits is how many random edits start from each source: 1,500 for
// each format in all.
func reparseEdits(name string) int {
	switch name {
	case "bench.yaml", "bench.json":
		return 1000
	case "oneline.json":
		return 500
	}
	return 125
}

func sameTemplate(got, want *template.Template) error {
	if got.Text != want.Text || got.Format != want.Format {
		return fmt.Errorf("text or format differs")
	}
	if (got.Err == nil) != (want.Err == nil) || got.Err != nil && *got.Err != *want.Err {
		return fmt.Errorf("syntax error %v, want %v", got.Err, want.Err)
	}
	if fmt.Sprint(got.Duplicates) != fmt.Sprint(want.Duplicates) {
		return fmt.Errorf("duplicates %v, want %v", got.Duplicates, want.Duplicates)
	}
	if err := sameNode(got.Root, want.Root, "root"); err != nil {
		return err
	}
	for _, s := range []struct{ got, want []*template.Entry }{{got.Resources, want.Resources},
		{got.Parameters, want.Parameters}, {got.Outputs, want.Outputs}, {got.Conditions, want.Conditions}} {
		if len(s.got) != len(s.want) {
			return fmt.Errorf("%d entries, want %d", len(s.got), len(s.want))
		}
	}
	var err error
	for _, e := range got.Resources {
		if strings.HasPrefix(e.Name, "Fn::ForEach::") {
			continue // ResourceOf names the loop's body
		}
		template.Walk(e.Value, func(n *template.Node) bool {
			if err == nil && !e.Value.Range.Start.Less(n.Range.Start) && n != e.Value {
				return true
			}
			if res := got.ResourceOf(n); err == nil && (res == nil || res.Name != e.Name) {
				err = fmt.Errorf("ResourceOf a node of %s at %v: %v", e.Name, n.Range, res)
			}
			return err == nil
		})
	}
	return err
}

func sameNode(a, b *template.Node, at string) error {
	if a == nil || b == nil {
		if a != b {
			return fmt.Errorf("%s: %v, want %v", at, a, b)
		}
		return nil
	}
	if a.Kind != b.Kind || a.Type != b.Type || a.Quoted != b.Quoted || a.Short != b.Short || a.Range != b.Range ||
		a.Value != b.Value || a.Fn != b.Fn || a.Tag != b.Tag || len(a.Pairs) != len(b.Pairs) || len(a.Items) != len(b.Items) {
		return fmt.Errorf("%s: %+v, want %+v", at, *a, *b)
	}
	for i, p := range a.Pairs {
		if !holds(p.Key.Parent, p.Key, a) || !holds(p.Value.Parent, p.Value, a) {
			return fmt.Errorf("%s.%s: parent link broken", at, p.Key.Value)
		}
		if err := sameNode(p.Key, b.Pairs[i].Key, at+".key"); err != nil {
			return err
		}
		if err := sameNode(p.Value, b.Pairs[i].Value, at+"."+p.Key.Value); err != nil {
			return err
		}
	}
	for i, it := range a.Items {
		if !holds(it.Parent, it, a) {
			return fmt.Errorf("%s[%d]: parent link broken", at, i)
		}
		if err := sameNode(it, b.Items[i], fmt.Sprintf("%s[%d]", at, i)); err != nil {
			return err
		}
	}
	if a.Arg != nil && !holds(a.Arg.Parent, a.Arg, a) {
		return fmt.Errorf("%s: argument's parent link broken", at)
	}
	return sameNode(a.Arg, b.Arg, at+"."+a.Fn)
}

// holds reports whether parent, the parent link of child, is n or a node of
// an earlier version standing for it: one that holds child, of n's kind and key.
func holds(parent, child, n *template.Node) bool {
	if parent == n {
		return true
	}
	if parent == nil || parent.Kind != n.Kind || parent.KeyOf() != n.KeyOf() || (parent.Parent == nil) != (n.Parent == nil) {
		return false
	}
	for _, p := range parent.Pairs {
		if p.Key == child || p.Value == child {
			return true
		}
	}
	for _, it := range parent.Items {
		if it == child {
			return true
		}
	}
	return parent.Arg == child
}

// FuzzReparse edits a template at a place and with a text of the fuzzer's
// choosing and holds the splice, when Reparse takes it, to the full parse.
func FuzzReparse(f *testing.F) {
	for _, s := range []struct {
		src  string
		at   uint
		del  uint8
		text string
	}{
		// Small seeds: the fuzzer minimises each input that finds new code,
		// which takes long on a large one.
		{"Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref P\n  B:\n    Type: X\nOutputs:\n  O:\n    Value: 1\n", 60, 0, "x"},
		{"Parameters:\n  P:\n    Type: String\nResources:\n  A:\n    Type: X\n  B:\n    Type: Y\n", 50, 3, "\n    Foo: 1\n"},
		{"{\n  \"Resources\": {\n    \"A\": {\"Type\": \"X\"},\n    \"B\": {\"Type\": \"Y\"}\n  }\n}\n", 30, 1, "\"a\": 1, "},
		{`{"Resources": {"A": {"Type": "X"}, "B": {"Type": "Y"}}}`, 30, 0, "Z"},
		{"Resources:\n  A:\n    Type: é\n  B:\n    Type: 😀\n", 27, 0, "\n  "},
	} {
		f.Add(s.src, s.at, s.del, s.text)
	}
	f.Fuzz(func(t *testing.T, src string, at uint, del uint8, text string) {
		old := template.Parse("fuzz.yaml", src)
		p := int(at % uint(len(src)+1))
		e := min(len(src), p+int(del%8))
		edited := src[:p] + text + src[e:]
		got := template.Splice(old, edited)
		if got == nil {
			return
		}
		if err := sameTemplate(got, template.Parse("fuzz.yaml", edited)); err != nil {
			t.Fatalf("%v\nbefore:\n%q\nafter:\n%q", err, src, edited)
		}
	})
}
