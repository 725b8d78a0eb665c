package template

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
	"gopkg.in/yaml.v3"
)

// slowTree parses text through yaml.v3 only.
func slowTree(text string, lines *Lines, format Format) (*Node, []DuplicateKey, *SyntaxError) {
	fastOff.Store(true)
	defer fastOff.Store(false)
	return parseTree(text, lines, format)
}

// dumpTree writes every field of a tree that users of the package can see, one
// node a line, and checks the Parent links on the way.
func dumpTree(b *strings.Builder, n, parent *Node, depth int) {
	if n == nil {
		b.WriteString("<nil>\n")
		return
	}
	if n.Parent != parent {
		fmt.Fprintf(b, "!! bad parent at %v\n", n.Range)
	}
	fmt.Fprintf(b, "%s%v %v %q type=%d data=%q quoted=%v fn=%q short=%v tag=%q\n",
		strings.Repeat(" ", depth), n.Kind, n.Range, n.Value, n.Type, n.Text(), n.Quoted, n.Fn, n.Short, n.Tag)
	for _, p := range n.Pairs {
		dumpTree(b, p.Key, n, depth+1)
		dumpTree(b, p.Value, n, depth+2)
	}
	for _, it := range n.Items {
		dumpTree(b, it, n, depth+1)
	}
	if n.Kind == Intrinsic {
		dumpTree(b, n.Arg, n, depth+1)
	}
}

func dump(root *Node, dups []DuplicateKey) string {
	var b strings.Builder
	dumpTree(&b, root, nil, 0)
	for _, d := range dups {
		fmt.Fprintf(&b, "dup %q %v first %v\n", d.Key, d.Range, d.First)
	}
	return b.String()
}

// compareFast parses text both ways. It reports whether the fast path took the
// text, and fails t when it did and the trees differ.
func compareFast(t testing.TB, name, text string, format Format) bool {
	t.Helper()
	lines := NewLines(text)
	root, dups, handled := fastTree(text, lines, format)
	if !handled {
		return false
	}
	want, wantDups, err := slowTree(text, lines, format)
	if err != nil {
		t.Fatalf("%s: fast path accepted a document yaml.v3 rejects (%v):\n%q", name, err, text)
	}
	got, exp := dump(root, dups), dump(want, wantDups)
	if got != exp {
		gl, el := strings.Split(got, "\n"), strings.Split(exp, "\n")
		for i := range min(len(gl), len(el)) {
			if gl[i] != el[i] {
				t.Fatalf("%s: trees differ at line %d\nfast: %s\nyaml: %s\ninput: %q", name, i, gl[i], el[i], text)
			}
		}
		t.Fatalf("%s: trees differ in length (%d vs %d lines)\ninput: %q", name, len(gl), len(el), text)
	}
	return true
}

// fastCases are documents the fast path must take, and must read as yaml.v3 does.
var fastCases = []string{
	"a: 1\nb: -2.5\nc: yes\nd: ~\ne: true\nf: 0x1F\ng: 1e3\nh: 0o17\ni: 2010-09-09\nj: .inf\nk: 1_000\nl: 0b101\nm: -0b11\nn: 99999999999999999999\no: 1e400\n",
	"Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '${AWS::StackName}-x'\n",
	"a: !GetAtt [X, Y]\nb: |\n  block é😀\n\n  more\nc: >-\n  folded\n  text\n\n   indented\n  end\n",
	"- !If [C, !Ref A, !Ref AWS::NoValue]\n- !Ref\n- \n-\n  x\n",
	"# comment\n---\nKey:\n- a\n- b:   c\n  d: e\nOther: [s3:GetObject, 'it''s', \"esc\\t\\u00e9\\x41\"]\n",
	"a: plain text\n  continued here\n\n  after blank\nb: \"double\n  quoted \\\n  joined\"\nc: 'single\n\n  two'\n",
	"Cond: !Equals [!Ref Env, prod]\nNot: !Not [!Condition IsProd]\nIf: !If\n  - IsProd\n  - a\n  - b\nSub: !Sub |\n  echo ${X}\nEmpty:\nLast: !Ref\n",
	"a: {k: v, \"q\": 'r', n: {x: [1, 2]}}\nb: [\n    a,  # c\n    b,\n  ]\nc: {}\nd: []\n",
	"a: 1\na: 2\nb:\n  c: x\n  c: y\nd: {\"Fn::GetAtt\": [A, B]}\ne:\n  Ref: X\nf:\n  Fn::And:\n    - Condition: C\n",
	"a: |+\n  keep\n\n\nb: |-\n  strip\n\nc: |2\n    two\nd: >\n  x\n\n  y\n  \n   z\n",
	"list:\n  - - nested\n    - seq\n  - key: v\n    other: w\n  -   spaced: 1\n",
	"k: v # comment\n\"quoted key\": 1\n'single key': 2\nurl: http://example.com/a#b\ncolon: a:b\n",
	"top: a\n   b\nx: -1\ny: -\"\nz: [-1, -a]\n",
	"Ünïcödé: 😀 value\nnext: 'é😀'\narr: [😀, é]\n",
	"{\"Resources\": {\"A\": {\"Type\": \"AWS::SNS::Topic\", \"Properties\": {\"TopicName\": {\"Fn::Join\": [\"\", [\"a\"]]}}}}}",
	// Section entries built while parsing (fastBase.early): duplicates inside and
	// around them, intrinsic names at either level, entries of every shape.
	"Resources:\n  A:\n    T: 1\n    T: 2\n  A: !Ref X\n  B:\n  C: [1, {k: v, k: w}]\n  Fn::If: [C, 1, 2]\n  D:\n  - x: 1\n    x: 2\nResources: 3\n",
	"Fn::If:\n  A:\n    Condition: C\nConditions:\n  C: !Equals [a, b]\n  D:\n    Condition: C\n  E:\n    Fn::Not: [{Condition: C}]\n  Fn::And:\n    - Condition: C\n",
	"Outputs:\n- a:\n    b: 1\n- c: 2\nMappings: {M: {k: {a: 1}}}\nMetadata: !GetAtt\n  - A\n  - B\nParameters:\n  P:\n    Type: String\n  '':\n    x: 1\n  1: {a: 1}\n  ~: y\n  \"Q\": |\n    text\n",
	"Resources:\n  One:\n    Condition: C\nTransform: x\n",
	// Escaped line breaks right before the closing quote.
	"a: \"\\\n\"\nb: \"x\\\n   \"\nc: [\"\\\n \"]\n",
}

// jsonCases are JSON documents the fast path must take.
var jsonCases = []string{
	"{\"a\": 1, \"b\": [true, false, null, -0.5e+10, 1E300, \"s\\n\\\"\\u00e9\"], \"c\": {}, \"d\": []}",
	"{\r\n\t\"Resources\": {\r\n\t\t\"A\": {\"Type\": \"X\", \"Condition\": \"C\"},\r\n\t\t\"A\": {\"Ref\": \"B\"}\r\n\t}\r\n}\r\n",
	"[{\"Fn::If\": [\"C\", {\"Condition\": \"D\"}, {\"Fn::Sub\": \"${x}é😀\"}]}]",
	"{\"Conditions\": {\"C\": {\"Fn::And\": [{\"Condition\": \"A\"}, {\"Fn::Equals\": [1, 2]}]}}}\n\n",
	"{\"Resources\": {\"A\": {\"T\": 1, \"T\": 2}, \"B\": [{\"x\": 1, \"x\": 2}], \"Ref\": \"X\", \"C\": {\"Ref\": \"X\"}}, \"Resources\": {}, \"Fn::Or\": {\"A\": {\"Condition\": \"B\"}}}",
	"{\"Outputs\": [{\"a\": {\"b\": 1}}], \"Conditions\": {\"C\": {\"Condition\": \"D\"}, \"\": {\"a\": 1}}}",
	// Valid JSON that yaml.v3 alone rejects or changes (see ReadDocument).
	jsonQuirks,
	"\ufeff{\"Resources\": {}}",
	"{\"a\": \"\\udc00 lone \\ud800\\u0041 \\uD83D\"}",
}

// jsonQuirks holds, in one template, each string valid JSON may hold that
// yaml.v3 rejects or reads differently: a surrogate pair, the \/ escape, DEL, a
// C1 control, NEL, the line and paragraph separators, the noncharacters U+FFFE
// and U+FFFF, a byte order mark inside a string; in a key too.
const jsonQuirks = "{\"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\", \"Metadata\": {" +
	"\"emoji\": \"\\ud83d\\ude00\", \"slash\": \"a\\/b\", \"del\": \"a\x7fb\", \"c1\": \"a\u0080\u009fb\", \"nel\": \"a\u0085b\"," +
	" \"seps\": \"a\u2028b\u2029c\", \"nonchars\": \"\ufffe\uffff\", \"bom\": \"a\ufeffb\", \"k\\ud83d\\ude00\": [\"\x7f\", 1]}}}}"

// declined are documents the fast path leaves to yaml.v3.
var declined = []struct {
	text   string
	format Format
}{
	{"a: &x 1\nb: *x\n", YAML},
	{"a:\n\tb: 1\n", YAML},
	{"a: 1\n---\nb: 2\n", YAML},
	{"---\n---", YAML},
	// Keys whose ':' is more than 1,000 characters from their start, by spaces.
	{"k" + strings.Repeat(" ", 1100) + ": v\n", YAML},
	{"a: 1\nk" + strings.Repeat(" ", 1100) + ": v\n", YAML},
	{"{k" + strings.Repeat(" ", 1100) + ": v}\n", YAML},
	{"--- # first\n\n...\n", YAML},
	{"%YAML 1.2\n---\na: 1\n", YAML},
	{"? complex\n: key\n", YAML},
	{"a: !Custom x\n", YAML},
	{"a: b: c\n", YAML},
	{"a: [1, 2\n", YAML},
	{"a: \"unterminated\n", YAML},
	{"<<: {a: 1}\n", YAML},
	{"a: 1\r\nb: 2\r\n", YAML},
	{"", YAML},
	{"\t{\"a\": 1}", JSON},
	{"{\"a\": 1,}", JSON},
	{"{\"a\"\n: 1}", JSON},
	{"\"just a string\"", JSON},
	{"{\"a\": 01}", JSON},
}

func TestFastParseCases(t *testing.T) {
	for i, c := range fastCases {
		if !compareFast(t, fmt.Sprintf("case %d", i), c, DetectFormat([]byte(c))) {
			t.Errorf("case %d: fast path declined %q", i, c)
		}
	}
	if !compareFast(t, "yaml11", yaml11Document(), YAML) {
		t.Errorf("fast path declined the YAML 1.1 scalars")
	}
	for i, c := range jsonCases {
		if !compareFast(t, fmt.Sprintf("json %d", i), c, JSON) {
			t.Errorf("json %d: fast path declined %q", i, c)
		}
	}
	for i, c := range declined {
		if compareFast(t, fmt.Sprintf("declined %d", i), c.text, c.format) {
			t.Errorf("declined %d: fast path took %q", i, c.text)
		}
	}
}

// TestFastParseGenerated checks the benchmark templates go through the fast path.
func TestFastParseGenerated(t *testing.T) {
	for _, n := range []int{6, 100} {
		if src := benchgen.YAML(n); !compareFast(t, fmt.Sprintf("yaml %d", n), src, YAML) {
			t.Errorf("fast path declined the %d-resource YAML template", n)
		}
		if src := benchgen.JSON(n); !compareFast(t, fmt.Sprintf("json %d", n), src, JSON) {
			t.Errorf("fast path declined the %d-resource JSON template", n)
		}
	}
}

// TestFastParseFiles compares both paths on every template of the repository's
// testdata and of the shared corpus when it is there.
func TestFastParseFiles(t *testing.T) {
	total, fast := 0, 0
	for _, dir := range []string{"../../testdata", "testdata", "/work/shared/corpus"} {
		files, _ := FindFiles(dir)
		for _, path := range files {
			b, err := os.ReadFile(path)
			if err != nil || len(b) > MaxSize || isBinary(string(b)) {
				continue
			}
			text := string(b)
			format := DetectFormat(b)
			if strings.HasSuffix(strings.ToLower(path), ".json") && format == YAML && strings.TrimSpace(text) != "" {
				format = JSON
			}
			total++
			if compareFast(t, path, text, format) {
				fast++
			}
		}
	}
	t.Logf("fast path took %d of %d files", fast, total)
}

// FuzzFastParse is the differential fuzz test: whatever the fast path accepts must
// parse exactly as through yaml.v3.
func FuzzFastParse(f *testing.F) {
	for _, c := range fastCases {
		f.Add(c)
	}
	for _, c := range jsonCases {
		f.Add(c)
	}
	for _, c := range declined {
		f.Add(c.text)
	}
	f.Add(benchgen.YAML(6))
	f.Add(benchgen.JSON(6))
	f.Add(yaml11Document())
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 1<<16 {
			return
		}
		compareFast(t, "yaml", src, YAML)
		compareFast(t, "json", src, JSON)
	})
}

// BenchmarkFastParse compares Parse with and without the fast path on the
// benchmark templates, in YAML and JSON; cpu-ms/op is the process CPU time per
// parse (GC included).
func BenchmarkFastParse(b *testing.B) {
	for _, n := range benchgen.Sizes {
		for _, format := range []string{"yaml", "json"} {
			src := benchgen.YAML(n)
			if format == "json" {
				src = benchgen.JSON(n)
			}
			for _, path := range []string{"fast", "yaml.v3"} {
				b.Run(fmt.Sprintf("resources=%d/%s/%s", n, format, path), func(b *testing.B) {
					fastOff.Store(path != "fast")
					defer fastOff.Store(false)
					b.SetBytes(int64(len(src)))
					b.ReportAllocs()
					c0 := benchgen.CPUTime()
					for i := 0; i < b.N; i++ {
						if t := Parse("bench."+format, src); t.Err != nil {
							b.Fatal(t.Err)
						}
					}
					b.ReportMetric(float64(benchgen.CPUTime()-c0)/1e6/float64(b.N), "cpu-ms/op")
				})
			}
		}
	}
}

// TestFastParseEarly checks that the fast parsers hand every entry of the plain
// sections to the builder as soon as it is read, so that their ynodes can be
// reused, and leave everything else in the ynode tree.
func TestFastParseEarly(t *testing.T) {
	for _, c := range []struct {
		name   string
		text   string
		format Format
	}{
		{"yaml", benchgen.YAML(50), YAML},
		{"json", benchgen.JSON(50), JSON},
		{"intrinsic keys", "Fn::If:\n  A: {b: 1}\nR:\n  Ref: x\n  B: [1]\n  Fn::Sub: y\nS: [{a: 1}]\nF: {a: {b: 1}}\n", YAML},
	} {
		lines := NewLines(c.text)
		b := &builder{converter: converter{text: c.text, lines: lines}}
		calls := 0
		y, release, ok := fastParse(c.text, lines, c.format, func(y *ynode) *Node {
			calls++
			return b.convert(y, nil, false, sectionEntryDepth)
		})
		if !ok {
			t.Fatalf("%s: fast path declined", c.name)
		}
		want := 0
		for i := 0; i+1 < len(y.content); i += 2 {
			sec := y.content[i+1]
			if sec.kind != yaml.MappingNode {
				continue
			}
			// YAML flow mappings are left alone; JSON's objects are flow too.
			section := plainKey(y.content[i]) && (c.format == JSON || sec.style&yaml.FlowStyle == 0)
			for j := 0; j+1 < len(sec.content); j += 2 {
				early := section && plainKey(sec.content[j])
				if got := sec.content[j+1].built != nil; got != early {
					t.Errorf("%s: entry %s.%s built early: %v, want %v", c.name, y.content[i].value, sec.content[j].value, got, early)
				}
				if early {
					want++
				}
			}
		}
		release()
		if calls != want || want == 0 {
			t.Errorf("%s: %d entries built early, want %d (> 0)", c.name, calls, want)
		}
	}
}

// yaml11Document writes every case of the YAML 1.1 table as a plain value, in
// a block mapping and in a flow sequence.
func yaml11Document() string {
	var b strings.Builder
	var flow []string
	for i, c := range yaml11Cases {
		if c.text == "<<" || c.text == "-" {
			continue // a merge key, which the fast path leaves to yaml.v3; a sequence entry
		}
		fmt.Fprintf(&b, "k%d: %s\n", i, c.text)
		if c.text != "" && !strings.ContainsAny(c.text, ",") {
			flow = append(flow, c.text)
		}
	}
	b.WriteString("flow: [" + strings.Join(flow, ", ") + "]\n")
	return b.String()
}
