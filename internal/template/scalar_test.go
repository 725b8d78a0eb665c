package template

import (
	"math"
	"strings"
	"testing"
)

// yaml11Cases is every example of the YAML 1.1 type repository
// (https://yaml.org/type/: bool, int, float, null, merge, timestamp, value)
// and the edges of its patterns, as CloudFormation reads them when written
// plain. data is Node.Text ("null" for a null). Where PyYAML (cfn-lint) reads
// a value otherwise, pyyaml says how.
var yaml11Cases = []struct {
	text, typ, data string
	pyyaml          string
}{
	// bool.html: y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF,
	// but for the single letters, which SnakeYAML and PyYAML read as strings (see yaml11Bool)
	{"y", "str", "y", ""}, {"Y", "str", "Y", ""}, {"yes", "bool", "true", ""},
	{"Yes", "bool", "true", ""}, {"YES", "bool", "true", ""}, {"n", "str", "n", ""},
	{"N", "str", "N", ""}, {"no", "bool", "false", ""}, {"No", "bool", "false", ""},
	{"NO", "bool", "false", ""}, {"true", "bool", "true", ""}, {"True", "bool", "true", ""},
	{"TRUE", "bool", "true", ""}, {"false", "bool", "false", ""}, {"False", "bool", "false", ""},
	{"FALSE", "bool", "false", ""}, {"on", "bool", "true", ""}, {"On", "bool", "true", ""},
	{"ON", "bool", "true", ""}, {"off", "bool", "false", ""}, {"Off", "bool", "false", ""},
	{"OFF", "bool", "false", ""},
	{"tRUE", "str", "tRUE", ""}, {"oN", "str", "oN", ""}, {"yES", "str", "yES", ""}, {"NO!", "str", "NO!", ""},

	// int.html: the examples, all 685230.
	{"685230", "int", "685230", ""}, {"+685_230", "int", "685230", ""}, {"02472256", "int", "685230", ""},
	{"0x_0A_74_AE", "int", "685230", ""}, {"0b1010_0111_0100_1010_1110", "int", "685230", ""},
	{"190:20:30", "int", "685230", ""},
	// int: the edges of each base.
	{"0", "int", "0", ""}, {"-0", "int", "0", ""}, {"+12", "int", "12", ""}, {"-685230", "int", "-685230", ""},
	{"00", "int", "0", ""}, {"0_", "int", "0", ""}, {"0_1", "int", "1", ""}, {"017", "int", "15", ""},
	{"-017", "int", "-15", ""}, {"012345670123", "int", "1402433619", ""}, // an account id: octal
	{"0x1F", "int", "31", ""}, {"+0x1F", "int", "31", ""}, {"0b101", "int", "5", ""}, {"-0b11", "int", "-3", ""},
	{"1_000", "int", "1000", ""}, {"1__0", "int", "10", ""}, {"1_", "int", "1", ""}, {"1:5", "int", "65", ""},
	{"-1:30", "int", "-90", ""}, {"99999999999999999999", "int", "99999999999999999999", ""},
	// not ints: no such base, no digits, a digit the base lacks.
	{"027434742980", "str", "027434742980", ""}, // an account id: 8 and 9 are not octal digits
	{"08", "str", "08", ""}, {"0o17", "str", "0o17", ""}, {"0X1F", "str", "0X1F", ""}, {"0b", "str", "0b", ""},
	{"0b2", "str", "0b2", ""}, {"0x", "str", "0x", ""}, {"0x_", "str", "0x_", "error"}, {"-0b", "str", "-0b", ""},
	{"_1", "str", "_1", ""}, {"1,000", "str", "1,000", ""}, {"1:60", "str", "1:60", ""}, {"0:20", "str", "0:20", ""},
	{"0x1F:3", "str", "0x1F:3", ""}, {"+", "str", "+", ""}, {"-", "str", "-", ""},

	// float.html: the examples, all 685230.15 but the last two.
	{"6.8523015e+5", "float", "6.8523015e+5", ""}, {"685.230_15e+03", "float", "685.23015e+03", ""},
	{"685_230.15", "float", "685230.15", ""}, {"190:20:30.15", "float", "685230.15", ""},
	{"-.inf", "float", "-.inf", ""}, {".NaN", "float", ".nan", ""},
	// float: the edges.
	{".inf", "float", ".inf", ""}, {"+.inf", "float", ".inf", ""}, {".Inf", "float", ".inf", ""},
	{".INF", "float", ".inf", ""}, {".nan", "float", ".nan", ""}, {".NAN", "float", ".nan", ""},
	{".5", "float", "0.5", ""}, {"-.5", "float", "-0.5", "str"}, {"+.5", "float", "0.5", "str"},
	{"0.", "float", "0.0", ""}, {"1.", "float", "1.0", ""}, {"01.5", "float", "1.5", ""},
	{"1_0.5", "float", "10.5", ""}, {"1.0_0", "float", "1.00", ""}, {"1_.5", "float", "1.5", ""},
	{"1.5e+3", "float", "1.5e+3", ""}, {"1.e+1", "float", "10.0", ""}, {"-0.0", "float", "-0.0", ""},
	{"1:20.5", "float", "80.5", ""}, {"0:20.5", "float", "20.5", ""},
	// not floats: an exponent needs its sign, a number a digit and one point.
	{"1e3", "str", "1e3", ""}, {"1.5e3", "str", "1.5e3", ""}, {"1.2.3", "str", "1.2.3", ""},
	{".", "str", ".", ""}, {".e+1", "str", ".e+1", ""}, {"_1.5", "str", "_1.5", ""},
	{"-.nan", "str", "-.nan", ""}, {"+.nan", "str", "+.nan", ""}, {".infinity", "str", ".infinity", ""},

	// null.html
	{"~", "null", "null", ""}, {"null", "null", "null", ""}, {"Null", "null", "null", ""},
	{"NULL", "null", "null", ""}, {"", "null", "null", ""}, {"nULL", "str", "nULL", ""}, {"nil", "str", "nil", ""},

	// timestamp.html: CloudFormation has no timestamp type: strings.
	{"2001-12-15T02:59:43.1Z", "str", "2001-12-15T02:59:43.1Z", "datetime"},
	{"2001-12-14t21:59:43.10-05:00", "str", "2001-12-14t21:59:43.10-05:00", "datetime"},
	{"2002-12-14", "str", "2002-12-14", "date"}, {"2010-09-09", "str", "2010-09-09", "date"},

	// merge.html and value.html: keys of their own, strings as values.
	{"<<", "str", "<<", "error"}, {"=", "str", "=", "error"},
}

func TestResolvePlain(t *testing.T) {
	types := map[ScalarType]string{Str: "str", Int: "int", Float: "float", Bool: "bool"}
	for _, c := range yaml11Cases {
		null, typ := ResolvePlain(c.text, YAML)
		got := types[typ]
		if null {
			got = "null"
		}
		if got != c.typ {
			t.Errorf("%q resolves to %s, want %s", c.text, got, c.typ)
			continue
		}
		if null {
			continue
		}
		n := &Node{Kind: Scalar, Type: typ, Value: c.text}
		if d := n.Text(); d != c.data {
			t.Errorf("%q: Text() = %q, want %q", c.text, d, c.data)
		}
	}
}

// TestParsedScalars parses each case as a value, by both parsers, with the
// scalar written plain, quoted, tagged and as an intrinsic's argument.
func TestParsedScalars(t *testing.T) {
	for _, slow := range []bool{false, true} {
		fastOff.Store(slow)
		for _, c := range yaml11Cases {
			if c.text == "" || c.text == "-" { // no value; a sequence entry
				continue
			}
			tp := Parse("t.yaml", "k: "+c.text+"\nq: '"+c.text+"'\ns: !!str "+c.text+"\nr: !Ref "+c.text+"\n")
			if tp.Err != nil {
				t.Errorf("%q: %v", c.text, tp.Err)
				continue
			}
			n := tp.Root.Get("k")
			got := map[Kind]string{Null: "null", Scalar: map[ScalarType]string{Str: "str", Int: "int", Float: "float", Bool: "bool"}[n.Type]}[n.Kind]
			if got != c.typ || (n.Kind == Scalar && n.Text() != c.data) {
				t.Errorf("slow=%v: k: %s parses as %s %q, want %s %q", slow, c.text, got, n.Text(), c.typ, c.data)
			}
			for _, k := range []string{"q", "s"} {
				if v := tp.Root.Get(k); v.Kind != Scalar || v.Type != Str || v.Text() != c.text {
					t.Errorf("slow=%v: %s: %s is %v %d %q, want the string", slow, k, c.text, v.Kind, v.Type, v.Text())
				}
			}
			if r := tp.Root.Get("r"); r.Kind != Intrinsic || r.Arg.Kind != Scalar || r.Arg.Type != Str {
				t.Errorf("slow=%v: !Ref %s: argument %v %d, want a string", slow, c.text, r.Arg.Kind, r.Arg.Type)
			}
		}
	}
	fastOff.Store(false)
}

// TestExplicitTags: a tag says the type, and Data reads the value by it.
func TestExplicitTags(t *testing.T) {
	tp := Parse("t.yaml", "a: !!int \"0x1F\"\nb: !!bool yes\nc: !!float 1\nd: !!null x\ne: !!int x\nf: !!str 017\n")
	for _, c := range []struct {
		key  string
		typ  ScalarType
		data string
	}{{"a", Int, "31"}, {"b", Bool, "true"}, {"c", Float, "1"}, {"e", Int, "x"}, {"f", Str, "017"}} {
		n := tp.Root.Get(c.key)
		if n.Kind != Scalar || n.Type != c.typ || n.Text() != c.data {
			t.Errorf("%s: %v %d %q, want %d %q", c.key, n.Kind, n.Type, n.Text(), c.typ, c.data)
		}
	}
	if n := tp.Root.Get("d"); n.Kind != Null {
		t.Errorf("!!null x is %v", n.Kind)
	}
}

// TestJSONScalars: JSON keeps its own types (1e3 is a number there).
func TestJSONScalars(t *testing.T) {
	for _, slow := range []bool{false, true} {
		fastOff.Store(slow)
		tp := Parse("t.json", `{"a": 1e3, "b": -0, "c": 99999999999999999999, "d": true, "e": null, "f": "yes", "g": 1.5, "h": "017"}`)
		for _, c := range []struct {
			key  string
			typ  ScalarType
			data string
		}{{"a", Float, "1e3"}, {"b", Int, "0"}, {"c", Int, "99999999999999999999"}, {"d", Bool, "true"},
			{"f", Str, "yes"}, {"g", Float, "1.5"}, {"h", Str, "017"}} {
			n := tp.Root.Get(c.key)
			if n.Kind != Scalar || n.Type != c.typ || n.Text() != c.data {
				t.Errorf("slow=%v: %s: %v %d %q, want %d %q", slow, c.key, n.Kind, n.Type, n.Text(), c.typ, c.data)
			}
		}
		if n := tp.Root.Get("e"); n.Kind != Null {
			t.Errorf("slow=%v: null is %v", slow, n.Kind)
		}
	}
	fastOff.Store(false)
}

func TestNumber(t *testing.T) {
	for _, c := range []struct {
		text string
		want float64
	}{{"0x1F", 31}, {"190:20:30.15", 685230.15}, {"1_000", 1000}, {"-.inf", math.Inf(-1)}, {"6.8523015e+5", 685230.15}} {
		null, typ := ResolvePlain(c.text, YAML)
		f, ok := (&Node{Kind: Scalar, Type: typ, Value: c.text}).Number()
		if null || !ok || f != c.want {
			t.Errorf("%q: Number() = %v, %v; want %v", c.text, f, ok, c.want)
		}
	}
	if _, ok := (&Node{Kind: Scalar, Type: Str, Value: "5"}).Number(); ok {
		t.Error("a string has a Number")
	}
}

// TestPlainIsString: what a writer must quote so that every reader keeps the string.
func TestPlainIsString(t *testing.T) {
	for _, c := range yaml11Cases {
		if c.typ == "str" && PlainIsString(c.text) && c.pyyaml != "" {
			t.Errorf("%q: PyYAML reads it as %s, yet it is left plain", c.text, c.pyyaml)
		}
		if c.typ != "str" && PlainIsString(c.text) {
			t.Errorf("%q is a %s in YAML 1.1, yet it is left plain", c.text, c.typ)
		}
	}
	// YAML 1.2 (yaml.v3) numbers and booleans.
	for _, s := range []string{"0o17", "1e3", "027434742980", "08", "1.5e3", "0123"} {
		if PlainIsString(s) {
			t.Errorf("%q is not a string in YAML 1.2, yet it is left plain", s)
		}
	}
	for _, s := range []string{"y", "Y", "n", "N"} {
		if PlainIsString(s) {
			t.Errorf("%q is a boolean to a reader that follows the type repository to the letter, yet it is left plain", s)
		}
	}
	for _, s := range []string{"abc", "ami-123", "us-east-1", "a b", "arn:aws:s3:::x", "0abc", "1.2.3", "v1", "-x"} {
		if !PlainIsString(s) {
			t.Errorf("%q is a string for every reader, yet it is quoted", s)
		}
	}
}

// TestLongNumbers: a number too long to convert cheaply is still an int, and
// its Data is its text; a long decimal needs no conversion.
func TestLongNumbers(t *testing.T) {
	octal := "0" + strings.Repeat("7", maxConverted+1)
	if null, typ := ResolvePlain(octal, YAML); null || typ != Int {
		t.Fatalf("a long octal resolves to %v %d", null, typ)
	}
	if d := (&Node{Kind: Scalar, Type: Int, Value: octal}).Text(); d != octal {
		t.Errorf("a long octal's Data is %.20q..., want its text", d)
	}
	dec := "-1" + strings.Repeat("_0", 5000)
	if d := (&Node{Kind: Scalar, Type: Int, Value: dec}).Text(); d != "-1"+strings.Repeat("0", 5000) {
		t.Errorf("a long decimal's Data is %.20q...", d)
	}
}
