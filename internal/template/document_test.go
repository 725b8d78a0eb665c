package template

import (
	"strings"
	"testing"
)

// Valid JSON that yaml.v3 alone rejects or changes parses, through either path,
// into the strings JSON means (CloudFormation reads JSON templates as JSON).
func TestJSONStringsYAMLRejects(t *testing.T) {
	want := map[string]string{
		"emoji": "😀", "slash": "a/b", "del": "a\x7fb", "c1": "a\u0080\u009fb", "nel": "a\u0085b",
		"seps": "a\u2028b\u2029c", "nonchars": "\ufffe\uffff", "bom": "a\ufeffb", "k😀": "",
	}
	for _, path := range []string{"fast", "yaml.v3"} {
		t.Run(path, func(t *testing.T) {
			fastOff.Store(path != "fast")
			defer fastOff.Store(false)
			tp := Parse("t.json", jsonQuirks)
			if tp.Err != nil {
				t.Fatal(tp.Err)
			}
			md := tp.Entry("Resources", "B").Get("Metadata")
			if md == nil || len(md.Pairs) != len(want) {
				t.Fatalf("Metadata %+v", md)
			}
			for _, p := range md.Pairs {
				w, ok := want[p.Key.Value]
				if !ok {
					t.Errorf("key %q", p.Key.Value)
					continue
				}
				if got, _ := p.Value.Str(); p.Value.Kind == Scalar && got != w {
					t.Errorf("%s = %q, want %q", p.Key.Value, got, w)
				}
			}
			if item := md.Get("k😀"); item == nil || len(item.Items) != 2 || item.Items[0].Value != "\x7f" {
				t.Errorf("k😀 = %+v", item)
			}
		})
	}
}

// A byte order mark is not part of the document: it parses, and positions on
// the first line count it as the one character editors show it as.
func TestByteOrderMark(t *testing.T) {
	for _, tc := range []struct {
		text string
		char int // of the first key
	}{
		{"\ufeff{\"Resources\": {}}", 2},
		{"\ufeffResources: {}\n", 1},
		{"\ufeff{\"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\", \"Metadata\": {\"a\": \"\\/\"}}}}", 2},
		{"\ufeffResources: {B: {Type: AWS::S3::Bucket}}\nx: &a 1\n", 1}, // an alias: the yaml.v3 path
	} {
		for _, path := range []string{"fast", "yaml.v3"} {
			fastOff.Store(path != "fast")
			tp := Parse("t", tc.text)
			fastOff.Store(false)
			if tp.Err != nil || tp.Root == nil || len(tp.Root.Pairs) == 0 {
				t.Errorf("%s %q: %v", path, tc.text, tp.Err)
				continue
			}
			if k := tp.Root.Pairs[0].Key; k.Value != "Resources" || k.Range.Start != (Pos{0, tc.char}) {
				t.Errorf("%s %q: first key %q at %v, want Resources at 0:%d", path, tc.text, k.Value, k.Range.Start, tc.char)
			}
		}
	}
	if tp := Parse("t.json", "\ufeff{\"a\": }"); tp.Err == nil || tp.Err.Range.Start != (Pos{0, 7}) {
		t.Errorf("syntax error after a byte order mark: %+v", tp.Err)
	}
}

// A YAML stream of several documents is an error where the second begins
// (CloudFormation and cfn-lint refuse it); the first document is still read.
func TestMultipleDocuments(t *testing.T) {
	first := "Resources:\n  A:\n    Type: AWS::S3::Bucket\n"
	for _, tc := range []struct {
		text string
		line int // of the error, -1 for none
	}{
		{first + "---\nResources:\n  B:\n    Type: AWS::SNS::Topic\n", 3},
		{first + "---\n", 3},
		{"--- # one\n" + first + "--- # two\nResources: {}\n", 4},
		{first + "...\nResources: {}\n", 4},
		{first + "--- \nResources: [\n", 3},
		{"---\n" + first + "...\n", -1},
		{first + "# ---\n", -1},
	} {
		tp := Parse("t.yaml", tc.text)
		switch {
		case tc.line < 0 && tp.Err != nil:
			t.Errorf("%q: %v, want no error", tc.text, tp.Err)
		case tc.line >= 0 && (tp.Err == nil || tp.Err.Range.Start.Line != tc.line || !strings.Contains(tp.Err.Message, "single YAML document")):
			t.Errorf("%q: error %+v, want one at line %d", tc.text, tp.Err, tc.line+1)
		case len(tp.Resources) != 1 || tp.Resources[0].Name != "A":
			t.Errorf("%q: resources %d, want the first document's A", tc.text, len(tp.Resources))
		}
	}
}
