package convert

import (
	"encoding/json"
	"flag"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/golden"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// sharedCorpus holds real templates on the development machine (absent in CI).
const sharedCorpus = "/work/shared/corpus"

var corpus = flag.String("corpus", "", "a directory of templates to round-trip as well")

const testdata = "../../testdata"

// TestGolden converts each file of testdata/convert to the other format and
// compares with <file>.golden.
func TestGolden(t *testing.T) {
	golden.Run(t, filepath.Join(testdata, "convert", "*"), func(t *testing.T, f, src string) string {
		golden.Check(t, f+".clean.golden", flipped(t, src, true))
		return flipped(t, src, false)
	})
}

// flipped is src in the other format, followed by what the conversion lost.
func flipped(t *testing.T, src string, clean bool) string {
	res, err := Flip(src, Options{Clean: clean})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Text
	for _, c := range res.Lost {
		got += "# lost: " + itoa(c.Line) + " " + c.Text + "\n"
	}
	return got
}

func itoa(i int) string { return big.NewInt(int64(i)).String() }

// TestRoundTrip converts every template under testdata (and -corpus) to the
// other format and back, and checks that the data never changes.
func TestRoundTrip(t *testing.T) {
	dirs := []string{testdata}
	if *corpus != "" {
		dirs = append(dirs, *corpus)
	}
	if _, err := os.Stat(sharedCorpus); err == nil {
		dirs = append(dirs, sharedCorpus)
	}
	n := 0
	for _, dir := range dirs {
		files, _ := template.FindFiles(dir)
		for _, path := range files {
			src, err := os.ReadFile(path)
			if err != nil {
				continue
			}
			tp := template.Parse(path, string(src))
			if tp.Err != nil || tp.Binary || tp.TooLarge || !tp.IsTemplate() || len(tp.Duplicates) > 0 {
				continue // broken inputs are other tests' business
			}
			n++
			roundTrip(t, path, string(src))
		}
	}
	t.Logf("round-tripped %d templates", n)
	if n == 0 {
		t.Fatal("no templates found")
	}
}

func roundTrip(t *testing.T, path, src string) {
	t.Helper()
	orig, _, err := load(src, Options{})
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	there, err := Flip(src, Options{})
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	back, err := Flip(there.Text, Options{})
	if err != nil {
		t.Errorf("%s: converting back: %v\n%s", path, err, there.Text)
		return
	}
	for _, step := range []struct{ name, text string }{{"converted", there.Text}, {"converted back", back.Text}} {
		v, _, err := load(step.text, Options{})
		if err != nil {
			t.Errorf("%s: %s: %v", path, step.name, err)
			continue
		}
		if where := diff(orig, v, ""); where != "" {
			t.Errorf("%s: %s data differs at %s", path, step.name, where)
		}
	}
	if tp := template.Parse("converted."+there.Format.String(), there.Text); tp.Err != nil || len(tp.Duplicates) > 0 {
		t.Errorf("%s: the converted template does not parse cleanly: %v", path, tp.Err)
	}
	// The data as CloudFormation reads it, by the template parser rather than
	// the converter's own decoder. Merge keys are the converter's alone.
	if strings.Contains(src, "<<") {
		return
	}
	want := cfnData(src)
	for _, step := range []struct{ name, text string }{{"converted", there.Text}, {"converted back", back.Text}} {
		if got := cfnData(step.text); got != want {
			i := 0
			for i < min(len(got), len(want)) && got[i] == want[i] {
				i++
			}
			t.Errorf("%s: %s, CloudFormation reads other data from byte %d of its rendering:\n got %.80q\nwant %.80q",
				path, step.name, i, got[i:], want[i:])
		}
	}
}

// cfnData renders a document's data as CloudFormation reads it (template's
// parser and YAML 1.1 resolver) in one canonical form: functions in long form,
// a GetAtt's argument as a list, numbers by value.
func cfnData(text string) string {
	var b strings.Builder
	var walk func(n *template.Node)
	walk = func(n *template.Node) {
		if n != nil && n.Tag != "" {
			// A tag the parser does not know (!Foo) is a call of Fn::Foo, as
			// CloudFormation and cfn-flip read it.
			fn, _ := tagFunction(n.Tag)
			untagged := *n
			untagged.Tag = ""
			b.WriteString("{" + jsonQuote(fn) + ":")
			walk(&untagged)
			b.WriteByte('}')
			return
		}
		switch {
		case n == nil || n.Kind == template.Null:
			b.WriteString("null")
		case n.Kind == template.Scalar && (n.Type == template.Int || n.Type == template.Float):
			f, _, err := big.ParseFloat(n.Text(), 10, 200, big.ToNearestEven)
			if err != nil {
				b.WriteString(jsonQuote(n.Value)) // .inf and .nan, which JSON writes as strings
				return
			}
			b.WriteString(f.Text('g', 60))
		case n.Kind == template.Scalar && n.Type == template.Bool:
			b.WriteString(n.Text())
		case n.Kind == template.Scalar:
			b.WriteString(jsonQuote(n.Value))
		case n.Kind == template.Sequence:
			b.WriteByte('[')
			for _, it := range n.Items {
				walk(it)
				b.WriteByte(',')
			}
			b.WriteByte(']')
		case n.Kind == template.Mapping:
			b.WriteByte('{')
			for _, p := range n.Pairs {
				b.WriteString(jsonQuote(p.Key.Value) + ":")
				walk(p.Value)
				b.WriteByte(',')
			}
			b.WriteByte('}')
		case n.Kind == template.Intrinsic:
			b.WriteString("{" + jsonQuote(n.Fn) + ":")
			if res, att, ok := strings.Cut(n.Arg.Value, "."); ok && n.Fn == "Fn::GetAtt" && n.Arg.Kind == template.Scalar {
				b.WriteString("[" + jsonQuote(res) + "," + jsonQuote(att) + ",]")
			} else {
				walk(n.Arg)
			}
			b.WriteByte('}')
		}
	}
	walk(template.Parse("", text).Root)
	return b.String()
}

// diff returns the path of the first difference between a and b, or "". Data
// equality: same kinds, same strings, numerically equal numbers, same keys in
// the same order; a GetAtt written "A.B" equals [A, B].
func diff(a, b *value, path string) string {
	a, b = normGetAtt(a), normGetAtt(b)
	if a.kind != b.kind {
		if num(a) != nil && num(b) != nil && num(a).Cmp(num(b)) == 0 {
			return ""
		}
		return path + " (kind)"
	}
	switch a.kind {
	case kInt, kFloat:
		if num(a).Cmp(num(b)) != 0 {
			return path + " (" + a.text + " != " + b.text + ")"
		}
	case kStr, kBool:
		if a.text != b.text {
			return path + " (" + a.text + " != " + b.text + ")"
		}
	case kList:
		if len(a.items) != len(b.items) {
			return path + " (length)"
		}
		for i := range a.items {
			if d := diff(a.items[i], b.items[i], path+"/"+itoa(i)); d != "" {
				return d
			}
		}
	case kMap:
		if len(a.keys) != len(b.keys) {
			return path + " (keys " + strings.Join(a.keys, ",") + " != " + strings.Join(b.keys, ",") + ")"
		}
		for i := range a.keys {
			if a.keys[i] != b.keys[i] {
				return path + " (key " + a.keys[i] + " != " + b.keys[i] + ")"
			}
			if d := diff(a.vals[i], b.vals[i], path+"/"+a.keys[i]); d != "" {
				return d
			}
		}
	}
	return ""
}

func num(v *value) *big.Float {
	if v.kind != kInt && v.kind != kFloat {
		return nil
	}
	f, _, err := big.ParseFloat(v.text, 10, 200, big.ToNearestEven)
	if err != nil {
		return nil
	}
	return f
}

func normGetAtt(v *value) *value {
	if fn, arg, ok := v.fn(); ok && fn == "Fn::GetAtt" && arg.kind == kStr {
		if r, a, ok := strings.Cut(arg.text, "."); ok {
			return single(fn, &value{kind: kList, items: []*value{str(r), str(a)}})
		}
	}
	return v
}

func TestQuoting(t *testing.T) {
	for _, s := range []string{"yes", "No", "on", "OFF", "y", "1.0", "2010-09-09", "0123", "1e3", "0x1F", "1:20",
		"true", "null", "~", "", "-5", ".5", "1_000", "@x", "- a", "a: b", "#x", "[a]", "{a}", "*x", "&x", "!x", "%x", "`x",
		"a #b", "x:", " lead", "trail ", "'q'", "\"q\"", "|", ">", "? x", "---", "...", "=", "<<",
		"027434742980", "012345670123", "0o17", "017", "190:20:30", "1:20.5", "-.5", ".inf", "Null", "0x_",
		"2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "1.2.3", "0b101"} {
		y, err := ToYAML(`{"K": `+jsonQuote(s)+`}`, Options{})
		if err != nil {
			t.Fatal(err)
		}
		v, _, err := load(y.Text, Options{})
		if err != nil || v.get("K").kind != kStr || v.get("K").text != s {
			t.Errorf("%q came back as %+v (%v) from\n%s", s, v.get("K"), err, y.Text)
		}
		// As CloudFormation reads it (template's YAML 1.1 resolver).
		if k := template.Parse("t.yaml", y.Text).Root.Get("K"); k == nil || k.Kind != template.Scalar || k.Type != template.Str || k.Value != s {
			t.Errorf("%q: the template reads back %+v from\n%s", s, k, y.Text)
		}
	}
	// What YAML 1.1 readers (PyYAML, CloudFormation) would take for another type.
	for _, s := range []string{"yes", "No", "on", "OFF", "y", "N", "1:20", "0123", "2010-09-09", "1_000", ".5", "0x1F", "~",
		"027434742980", "0o17", "1e3"} {
		if !needsQuotes(s) {
			t.Errorf("%q is not quoted", s)
		}
	}
	for _, s := range []string{"abc", "ami-123", "us-east-1", "a b", "arn:aws:s3:::x"} {
		if needsQuotes(s) {
			t.Errorf("%q is quoted needlessly", s)
		}
	}
}

// TestYAML11ToJSON: plain scalars become JSON as CloudFormation reads them.
func TestYAML11ToJSON(t *testing.T) {
	for _, c := range []struct{ yaml, json string }{
		{"027434742980", `"027434742980"`}, // 8 and 9 are no octal digits: a string
		{"012345670123", `1402433619`},     // octal
		{"yes", `true`}, {"y", `"y"`}, {"N", `"N"`}, {"Off", `false`}, {"TRUE", `true`}, {"yES", `"yES"`},
		{"0x1F", `31`}, {"0o17", `"0o17"`}, {"017", `15`}, {"1_000", `1000`}, {"190:20:30", `685230`},
		{"-0b11", `-3`}, {"99999999999999999999", `99999999999999999999`},
		{"1e3", `"1e3"`}, {"1.5e+3", `1.5e+3`}, {".5", `0.5`}, {"190:20:30.15", `685230.15`}, {"1.2.3", `"1.2.3"`},
		{".inf", `".inf"`}, {"~", `null`}, {"Null", `null`}, {"", `null`},
		{"2010-09-09", `"2010-09-09"`}, {"'017'", `"017"`}, {"!!str 017", `"017"`}, {"!!int '0x1F'", `31`},
		{"!!int x", `"x"`}, {"!Ref 017", "{\n        \"Ref\": \"017\"\n    }"},
	} {
		got, err := ToJSON("K: "+c.yaml+"\n", Options{})
		want := "{\n    \"K\": " + c.json + "\n}\n"
		if err != nil || got.Text != want {
			t.Errorf("K: %s\n got %q (%v)\nwant %q", c.yaml, got.Text, err, want)
		}
	}
}

func jsonQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

func TestShortForms(t *testing.T) {
	for _, tc := range []struct{ json, yaml string }{
		{`{"A": {"Ref": "X"}}`, "A: !Ref X\n"},
		{`{"A": {"Fn::GetAtt": ["R", "Arn"]}}`, "A: !GetAtt R.Arn\n"},
		{`{"A": {"Fn::GetAtt": ["R", {"Ref": "P"}]}}`, "A: !GetAtt\n  - R\n  - !Ref P\n"},
		{`{"A": {"Fn::GetAtt": ["R.X", "Arn"]}}`, "A: !GetAtt\n  - R.X\n  - Arn\n"},
		// One node, one tag: the inner function keeps its long form.
		{`{"A": {"Fn::Base64": {"Fn::Sub": "x"}}}`, "A: !Base64\n  Fn::Sub: x\n"},
		{`{"A": {"Fn::ImportValue": {"Fn::Sub": "${S}-x"}}}`, "A: !ImportValue\n  Fn::Sub: ${S}-x\n"},
		// Sub two-argument form: nested short forms in the variable map are fine.
		{`{"A": {"Fn::Sub": ["${X}", {"X": {"Fn::GetAtt": ["R", "Arn"]}}]}}`, "A: !Sub\n  - ${X}\n  - X: !GetAtt R.Arn\n"},
		// A number argument would come back as a string from a tag: long form.
		{`{"A": {"Ref": 5}}`, "A:\n  Ref: 5\n"},
		// Condition is a function only inside And/Or/Not.
		{`{"C": {"Fn::Not": [{"Condition": "X"}]}, "R": {"Condition": "X"}}`, "C: !Not\n  - !Condition X\nR:\n  Condition: X\n"},
	} {
		got, err := ToYAML(tc.json, Options{})
		if err != nil || got.Text != tc.yaml {
			t.Errorf("%s:\n got %q (%v)\nwant %q", tc.json, got.Text, err, tc.yaml)
		}
	}
}

func TestClean(t *testing.T) {
	got, err := ToYAML(`{"A": {"Fn::Join": ["-", ["a${b", {"Ref": "AWS::Region"}, {"Fn::GetAtt": ["R", "Arn"]}]]},
		"B": {"Fn::Join": ["", ["a", {"Fn::Select": [0, ["x"]]}]]}}`, Options{Clean: true})
	want := "A: !Sub a${!b-${AWS::Region}-${R.Arn}\nB: !Join\n  - ''\n  - - a\n    - !Select\n      - 0\n      - - x\n"
	if err != nil || got.Text != want {
		t.Errorf("clean:\n got %q (%v)\nwant %q", got.Text, err, want)
	}
}

func TestLostComments(t *testing.T) {
	src := "# head\nA: 1 # line\nB: \"# not a comment\" # real\nC: |\n  # inside a block\n"
	res, err := ToJSON(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Comment{{1, "# head"}, {2, "# line"}, {3, "# real"}}
	if len(res.Lost) != len(want) {
		t.Fatalf("lost %+v, want %+v", res.Lost, want)
	}
	for i := range want {
		if res.Lost[i] != want[i] {
			t.Errorf("lost[%d] = %+v, want %+v", i, res.Lost[i], want[i])
		}
	}
	j, _ := ToYAML(`{"A": "# x"}`, Options{})
	if len(j.Lost) != 0 {
		t.Errorf("JSON input lost comments: %+v", j.Lost)
	}
}

// A JSON key "<<" is a key like any other; written bare in YAML it would be a
// merge key. Found by an attacker's review (issue 16).
func TestMergeKeyNameRoundTrips(t *testing.T) {
	src := `{"<<": {"a": 1}, "Resources": {"<<": {"Type": "AWS::S3::Bucket", "Metadata": {"<<": {"b": "<<"}, "c": 2}}}}`
	roundTrip(t, "merge key", src)
	y, err := ToYAML(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	back, err := ToJSON(y.Text, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var want, got any
	if err := json.Unmarshal([]byte(src), &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(back.Text), &got); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("JSON -> YAML -> JSON changed the data:\n%s\n%s", y.Text, back.Text)
	}
}

// Valid JSON that yaml.v3 alone rejects (surrogate pairs, \/, DEL, a byte order
// mark) converts, and a YAML stream of two documents is refused.
func TestJSONQuirksAndMultipleDocuments(t *testing.T) {
	for _, src := range []string{
		`{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Metadata": {"e": "\ud83d\ude00", "s": "a\/b", "d": "a` + "\x7f" + `b"}}}}`,
		"\ufeff" + `{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}`,
	} {
		roundTrip(t, src, src)
	}
	_, err := Flip("Resources:\n  A:\n    Type: AWS::S3::Bucket\n---\nResources: {}\n", Options{})
	if err == nil || !strings.Contains(err.Error(), "line 4") || !strings.Contains(err.Error(), "single YAML document") {
		t.Errorf("two documents: %v", err)
	}
}

func TestBadInput(t *testing.T) {
	for _, src := range []string{"", "   \n", "{", "A: [", "{\"a\": 1,}", "a: *nope\n", "\x00\x01"} {
		if _, err := Flip(src, Options{}); err == nil {
			t.Errorf("%q: no error", src)
		}
	}
	// A billion laughs is refused, not expanded.
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 9; i++ {
		b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + itoa(i-1))
		}
		b.WriteString("]\n")
	}
	if _, err := ToJSON(b.String(), Options{}); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("alias bomb: %v", err)
	}
}

// An entry of a section named like a function (Fn::Transform including more
// resources) stays a key: it is not a function call of its own.
func TestEntryNamedLikeFunction(t *testing.T) {
	for _, src := range []string{
		`{"Resources": {"A": {"Type": "AWS::SNS::Topic"}, "Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k.yaml"}}}}`,
		`{"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k.yaml"}}, "Resources": {"A": {"Type": "AWS::SNS::Topic"}}}`,
	} {
		res, err := ToYAML(src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(res.Text, "Fn::Transform:\n") || strings.Contains(res.Text, "!Transform") {
			t.Errorf("the entry became a short-form call:\n%s", res.Text)
		}
		roundTrip(t, "entry", src)
	}
}

// A "function" no tag can name stays in long form. Found by FuzzConvert.
func TestUntaggableFunction(t *testing.T) {
	for _, src := range []string{
		`{"Resources": {"A": {"Type": "X", "Properties": {"P": {"Fn::": []}}}}}`,
		`{"Resources": {"A": {"Type": "X", "Properties": {"P": {"Fn::a b": "x"}}}}}`,
	} {
		roundTrip(t, "untaggable", src)
	}
}
