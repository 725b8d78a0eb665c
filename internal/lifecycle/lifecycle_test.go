package lifecycle

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/golden"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// testSpec is a facts file with invented runtimes and service statuses, so
// the boundary tests do not move when cfn-lint's dates change.
func testSpec(t *testing.T) *schema.Spec {
	t.Helper()
	mk := func(name string, lc *schema.Lifecycle) schema.TypeFacts {
		doc := map[string]any{"typeName": name, "properties": map[string]any{}}
		if lc != nil {
			l := map[string]any{"status": lc.Status}
			if lc.Date != "" {
				l["date"] = lc.Date
			}
			doc["lifecycle"] = l
		}
		return schema.TypeFacts{Name: name, Schema: doc}
	}
	types := []schema.TypeFacts{
		mk("AWS::Lambda::Function", nil),
		mk("Example::Gone::Thing", &schema.Lifecycle{Status: schema.LifecycleShutdown, Date: "2029-05-01"}),
		mk("Example::Gone::Undated", &schema.Lifecycle{Status: schema.LifecycleShutdown}),
		mk("Example::Fading::Thing", &schema.Lifecycle{Status: schema.LifecycleSunset, Date: "2031-01-01"}),
		mk("Example::Frozen::Thing", &schema.Lifecycle{Status: schema.LifecycleMaintenance, Date: "2028-02-03"}),
		mk("Example::Odd::Thing", &schema.Lifecycle{Status: "hibernating", Date: "2028-02-03"}),
		mk("Example::Fine::Thing", nil),
	}
	runtimes := []schema.LambdaRuntime{
		{Name: "lang1", Deprecated: "2030-01-10", CreateBlock: "2030-02-10", UpdateBlock: "2030-03-10", Successor: "lang2"},
		{Name: "orphan1", Deprecated: "2030-01-10", CreateBlock: "2030-02-10", UpdateBlock: "2030-03-10"},
		{Name: "undated1", Successor: "lang2"},
	}
	var buf bytes.Buffer
	if err := schema.WriteFacts(&buf, schema.Facts{Types: types, Tables: schema.Tables{Runtimes: runtimes}}); err != nil {
		t.Fatal(err)
	}
	path := testutil.TempFile(t, "facts.json.gz", buf.String())
	s, err := schema.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func day(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func lambda(runtime string) string {
	return "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: " + runtime + "\n"
}

// summary renders findings as "line:col code severity message" lines (1-based).
func summary(ds []diag.Diagnostic) string {
	diag.Sort(ds)
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%d:%d %s %s %s [%s]\n", d.Range.Start.Line+1, d.Range.Start.Char+1, d.Code, d.Severity, d.Message, d.Resource)
	}
	return b.String()
}

func codes(ds []diag.Diagnostic) string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Code)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func TestRuntimeBoundaries(t *testing.T) {
	spec := testSpec(t)
	plus2 := time.FixedZone("UTC+2", 2*3600)
	for _, tc := range []struct {
		name    string
		runtime string
		now     time.Time
		want    string
	}{
		{"before deprecation", "lang1", day("2030-01-09T23:59:59Z"), ""},
		{"deprecation day", "lang1", day("2030-01-10T00:00:00Z"), "W2531"},
		{"day before create block", "lang1", day("2030-02-09T23:59:59Z"), "W2531"},
		{"create block day", "lang1", day("2030-02-10T00:00:00Z"), "E2531"},
		{"day before update block", "lang1", day("2030-03-09T12:00:00Z"), "E2531"},
		{"update block day", "lang1", day("2030-03-10T00:00:00Z"), "E2533"},
		{"long after", "lang1", day("2040-01-01T00:00:00Z"), "E2533"},
		{"local calendar day counts", "lang1", time.Date(2030, 3, 10, 0, 30, 0, 0, plus2), "E2533"},
		{"no successor", "orphan1", day("2030-02-10T00:00:00Z"), "E2531"},
		{"no dates", "undated1", day("2040-01-01T00:00:00Z"), ""},
		{"unknown runtime", "lang9", day("2040-01-01T00:00:00Z"), ""},
		{"quoted", `"lang1"`, day("2030-03-10T00:00:00Z"), "E2533"},
		{"number", "3.9", day("2040-01-01T00:00:00Z"), ""},
		{"ref", "!Ref Rt", day("2040-01-01T00:00:00Z"), ""},
		{"if branches", "!If [C, lang1, orphan1]", day("2030-02-10T00:00:00Z"), "E2531,E2531"},
		{"if with novalue", "!If [C, lang1, !Ref AWS::NoValue]", day("2030-03-10T00:00:00Z"), "E2533"},
		{"nested if", "!If [C, !If [D, lang1, lang9], orphan1]", day("2030-01-10T00:00:00Z"), "W2531,W2531"},
		{"malformed if", "!If [C, lang1]", day("2040-01-01T00:00:00Z"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tpl := template.Parse("file:///t.yaml", lambda(tc.runtime))
			if got := codes(Check(tpl, spec, tc.now)); got != tc.want {
				t.Errorf("codes = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRuntimeMessages(t *testing.T) {
	spec := testSpec(t)
	for _, tc := range []struct {
		runtime, now string
		want         []string
		not          string
	}{
		{"lang1", "2030-01-10T00:00:00Z", []string{`"lang1"`, "2030-01-10", "2030-02-10", "2030-03-10", `"lang2"`}, ""},
		{"lang1", "2030-02-10T00:00:00Z", []string{`"lang1"`, "2030-02-10", "2030-03-10", `"lang2"`}, ""},
		{"lang1", "2030-03-10T00:00:00Z", []string{`"lang1"`, "2030-03-10", "2030-01-10", `"lang2"`}, ""},
		{"orphan1", "2030-03-10T00:00:00Z", []string{`"orphan1"`, "2030-03-10"}, "instead"},
	} {
		ds := Check(template.Parse("file:///t.yaml", lambda(tc.runtime)), spec, day(tc.now))
		if len(ds) != 1 {
			t.Fatalf("%s at %s: %d findings", tc.runtime, tc.now, len(ds))
		}
		d := ds[0]
		for _, w := range tc.want {
			if !strings.Contains(d.Message, w) {
				t.Errorf("%s at %s: message %q lacks %s", tc.runtime, tc.now, d.Message, w)
			}
		}
		if tc.not != "" && strings.Contains(d.Message, tc.not) {
			t.Errorf("message %q mentions %q", d.Message, tc.not)
		}
		if d.Resource != "Fn" || d.Source != diag.SourceValidate {
			t.Errorf("resource %q source %q", d.Resource, d.Source)
		}
		// The range is the Runtime value on line 5.
		if d.Range.Start.Line != 4 || d.Range.Start.Char != len("      Runtime: ") {
			t.Errorf("range %+v", d.Range)
		}
	}
}

func TestServices(t *testing.T) {
	spec := testSpec(t)
	for _, tc := range []struct {
		typ, want, sev string
		in             []string
	}{
		{"Example::Gone::Thing", "E3710", "error", []string{`"Example::Gone::Thing"`, "2029-05-01"}},
		{"Example::Gone::Undated", "E3710", "error", []string{`"Example::Gone::Undated"`}},
		{"Example::Fading::Thing", "W3696", "warning", []string{"2031-01-01"}},
		{"Example::Frozen::Thing", "W3697", "warning", []string{"2028-02-03"}},
		{"Example::Odd::Thing", "", "", nil},
		{"Example::Fine::Thing", "", "", nil},
		{"Example::Unknown::Thing", "", "", nil},
	} {
		// The status decides, not the date: a sunset service is reported long
		// before and after its date, as cfn-lint does, at the resource's name
		// when it has no Properties (services.json has them at Properties).
		for _, now := range []string{"2000-01-01T00:00:00Z", "2050-01-01T00:00:00Z"} {
			text := "Resources:\n  R:\n    Metadata: {}\n    Type: " + tc.typ + "\n"
			ds := Check(template.Parse("file:///t.yaml", text), spec, day(now))
			if got := codes(ds); got != tc.want {
				t.Errorf("%s at %s: codes %q, want %q", tc.typ, now, got, tc.want)
				continue
			}
			if len(ds) == 0 {
				continue
			}
			d := ds[0]
			if d.Severity.String() != tc.sev || d.Resource != "R" || d.Range.Start.Line != 1 || d.Range.Start.Char != len("  ") {
				t.Errorf("%s: %+v", tc.typ, d)
			}
			for _, w := range tc.in {
				if !strings.Contains(d.Message, w) {
					t.Errorf("%s: message %q lacks %s", tc.typ, d.Message, w)
				}
			}
		}
	}
}

func TestSAM(t *testing.T) {
	spec := testSpec(t)
	text := `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: lang1
Resources:
  Inherits:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.b
  Own:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: orphan1
  Current:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: lang9
`
	got := summary(Check(template.Parse("file:///t.yaml", text), spec, day("2030-03-10T00:00:00Z")))
	want := "6:3 E2533 error Runtime \"lang1\" can no longer be used to create or update functions (blocked since 2030-03-10; deprecated 2030-01-10); use \"lang2\" instead [Inherits]\n" +
		"10:3 E2533 error Runtime \"orphan1\" can no longer be used to create or update functions (blocked since 2030-03-10; deprecated 2030-01-10) [Own]\n"
	if got != want {
		t.Errorf("got\n%swant\n%s", got, want)
	}
	// Without the transform, Globals means nothing and SAM types are not functions.
	noSAM := strings.Replace(text, "Transform: AWS::Serverless-2016-10-31\n", "", 1)
	got = summary(Check(template.Parse("file:///t.yaml", noSAM), spec, day("2030-03-10T00:00:00Z")))
	if strings.Contains(got, "Inherits") {
		t.Errorf("Globals applied without the SAM transform:\n%s", got)
	}
}

func TestNoFacts(t *testing.T) {
	// A spec without runtimes or lifecycle data (a registry directory) finds nothing.
	dir := testutil.Tree(t, map[string]string{"f.json": `{"typeName":"AWS::Lambda::Function","properties":{"Runtime":{"type":"string"}}}`})
	spec, err := schema.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	tpl := template.Parse("file:///t.yaml", lambda("python2.7"))
	if ds := Check(tpl, spec, day("2040-01-01T00:00:00Z")); len(ds) != 0 {
		t.Errorf("got %v", ds)
	}
	for _, bad := range []string{"", "Resources: 3\n", "- a\n", "Resources:\n  X: 3\n  Y:\n    Type: [a]\n", "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties: [1]\n"} {
		if ds := Check(template.Parse("file:///t.yaml", bad), schema.Default(), day("2040-01-01T00:00:00Z")); len(ds) != 0 {
			t.Errorf("%q: got %v", bad, ds)
		}
	}
	if Check(nil, spec, time.Now()) != nil || Check(tpl, nil, time.Now()) != nil {
		t.Error("nil input")
	}
}

// TestGolden runs the embedded facts over testdata/lifecycle at a fixed date.
func TestGolden(t *testing.T) {
	now := day("2026-05-15T09:00:00Z")
	golden.Run(t, filepath.Join("..", "..", "testdata", "lifecycle", "*.*"), func(t *testing.T, f, src string) string {
		tpl := template.Parse("file:///"+filepath.Base(f), src)
		spec := schema.Default()
		if tpl.HasSAM() {
			spec = spec.WithSAM()
		}
		return summary(Check(tpl, spec, now))
	})
}

func TestRules(t *testing.T) {
	rs := Rules()
	want := map[string]diag.Severity{"W2531": diag.Warning, "E2531": diag.Error, "E2533": diag.Error,
		"E3710": diag.Error, "W3696": diag.Warning, "W3697": diag.Warning}
	if len(rs) != len(want) {
		t.Fatalf("%d rules", len(rs))
	}
	for _, r := range rs {
		if sev, ok := want[r.ID]; !ok || sev != r.Severity || r.Summary == "" || r.Source != diag.SourceValidate {
			t.Errorf("rule %+v", r)
		}
	}
}
