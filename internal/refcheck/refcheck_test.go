package refcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/checktest"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

func countCode(ds []diag.Diagnostic, code string) int {
	n := 0
	for _, d := range ds {
		if d.Code == code {
			n++
		}
	}
	return n
}

// generated builds a template with n entries in a section.
func generated(section string, n int, entry func(i int) string) string {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\n")
	if section != "Resources" {
		b.WriteString("Resources:\n  Only:\n    Type: AWS::SNS::Topic\n")
	}
	b.WriteString(section + ":\n")
	for i := 0; i < n; i++ {
		b.WriteString(entry(i))
	}
	return b.String()
}

func TestLimits(t *testing.T) {
	topic := func(i int) string { return fmt.Sprintf("  R%d:\n    Type: AWS::SNS::Topic\n", i) }
	param := func(i int) string { return fmt.Sprintf("  P%d:\n    Type: String\n", i) }
	output := func(i int) string { return fmt.Sprintf("  O%d:\n    Value: x\n", i) }
	mapping := func(i int) string { return fmt.Sprintf("  M%d:\n    k:\n      v: x\n", i) }
	tests := []struct {
		name    string
		src     string
		code    string
		want    int
		wantSev diag.Severity
	}{
		{"500 resources", generated("Resources", 500, topic), "E3010", 0, diag.Error},
		{"501 resources", generated("Resources", 501, topic), "E3010", 1, diag.Error},
		{"201 parameters", generated("Parameters", 201, param), "E2010", 1, diag.Error},
		{"200 parameters", generated("Parameters", 200, param), "E2010", 0, diag.Error},
		{"201 outputs", generated("Outputs", 201, output), "E6010", 1, diag.Error},
		{"201 mappings", generated("Mappings", 201, mapping), "E7010", 1, diag.Error},
		{"long logical id", generated("Resources", 1, func(int) string {
			return "  " + strings.Repeat("A", 256) + ":\n    Type: AWS::SNS::Topic\n"
		}), "E3001", 1, diag.Error},
		{"body over 51200 bytes", generated("Resources", 1, topic) + "# " + strings.Repeat("x", 51200) + "\n", "I1002", 1, diag.Info},
		{"body over 1 MB", generated("Resources", 1, topic) + "# " + strings.Repeat("x", 1000001) + "\n", "E1002", 1, diag.Error},
		{"small body", generated("Resources", 1, topic), "I1002", 0, diag.Info},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ds := Check(template.Parse("file:///t.yaml", tc.src), schema.Default())
			if got := countCode(ds, tc.code); got != tc.want {
				t.Fatalf("%s findings = %d, want %d (all: %s)", tc.code, got, tc.want, checktest.Codes(ds))
			}
			for _, d := range ds {
				if d.Code == tc.code && d.Severity != tc.wantSev {
					t.Errorf("severity = %v, want %v", d.Severity, tc.wantSev)
				}
			}
		})
	}
}

func TestDidYouMeanFix(t *testing.T) {
	src := "Parameters:\n  BucketName:\n    Type: String\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref BuckeName\n"
	tpl := template.Parse("file:///t.yaml", src)
	var ds []diag.Diagnostic
	for _, d := range Check(tpl, schema.Default()) {
		if d.Severity == diag.Error {
			ds = append(ds, d)
		}
	}
	if len(ds) != 1 || ds[0].Fix == nil {
		t.Fatalf("want one finding with a fix, got %+v", ds)
	}
	d := ds[0]
	if d.Fix.NewText != "BucketName" || testutil.RangeText(tpl, d.Fix.Range) != "BuckeName" {
		t.Errorf("fix = %q over %q", d.Fix.NewText, testutil.RangeText(tpl, d.Fix.Range))
	}
	if d.Resource != "B" || d.Source != diag.SourceValidate || d.Code != "E1020" {
		t.Errorf("resource %q source %q code %q", d.Resource, d.Source, d.Code)
	}
	if testutil.RangeText(tpl, d.Range) != "BuckeName" {
		t.Errorf("range covers %q", testutil.RangeText(tpl, d.Range))
	}
}

func TestSubRangeInBlockScalar(t *testing.T) {
	src := "Resources:\n  B:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub |\n        a ${Ok}\n        b ${Missing} ${Missing}\nOutputs:\n  Ok:\n    Value: x\n"
	tpl := template.Parse("file:///t.yaml", src)
	ds := Check(tpl, schema.Default())
	var got []string
	for _, d := range ds {
		if d.Code == "E1019" {
			got = append(got, fmt.Sprintf("%d:%d %s", d.Range.Start.Line, d.Range.Start.Char, testutil.RangeText(tpl, d.Range)))
		}
	}
	want := "5:12 Ok|6:12 Missing|6:23 Missing"
	if strings.Join(got, "|") != want {
		t.Errorf("got %q, want %q", strings.Join(got, "|"), want)
	}
}

// TestBadInput feeds odd shapes; Check must not panic and must stay quiet about
// things it cannot judge.
func TestBadInput(t *testing.T) {
	srcs := []string{
		"",
		"just a string",
		"Resources:",
		"Resources: [1, 2]",
		"Resources:\n  A:\n",
		"Resources:\n  A: !Ref\n",
		"Resources:\n  A:\n    Type: AWS::SNS::Topic\n    DependsOn: {a: b}\n    Condition: [x]\n",
		"Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      X: !GetAtt\n      Y: !Sub\n      Z: !Select\n      W: !FindInMap\n      V: !If\n      U: !Join\n",
		"Outputs:\n  O: 3\nConditions:\n  C: 1\nMappings: 2\nParameters: x\n",
		"Resources:\n  S:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ../../../../../../../../dev/null\n",
		"Resources:\n  S:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: /\n",
		"{\"Resources\": {\"A\": {\"Type\": \"AWS::SNS::Topic\", \"Properties\": {\"X\": {\"Fn::Sub\": [\"${\", {}]}}}}}",
	}
	for _, src := range srcs {
		tpl := template.Parse("file:///tmp/t.yaml", src)
		_ = Check(tpl, schema.Default())
		_ = Check(tpl, nil)
		_ = refs.Of(tpl)
	}
}

func TestNestedChildFiles(t *testing.T) {
	dir := t.TempDir()
	child := "Parameters:\n  Req:\n    Type: String\nResources:\n  B:\n    Type: AWS::SNS::Topic\nOutputs:\n  Out:\n    Value: !Ref B\n"
	if err := os.WriteFile(filepath.Join(dir, "child.yaml"), []byte(child), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "broken.yaml"), []byte("Resources: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "adir"), 0o755); err != nil {
		t.Fatal(err)
	}
	parent := func(url, params string) string {
		return "Resources:\n  S:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: " + url + "\n" + params +
			"  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt S.Outputs.Nope\n"
	}
	tests := []struct {
		name, url, params string
		want              string
	}{
		{"missing required and bad output", "child.yaml", "", "E3043,E1010"},
		{"passed", "./child.yaml", "      Parameters:\n        Req: x\n", "E1010"},
		{"unknown parameter", "child.yaml", "      Parameters:\n        Req: x\n        Extra: y\n", "E3043,E1010"},
		{"computed parameters", "child.yaml", "      Parameters: !Ref AWS::NoValue\n", "E1010"},
		{"file URL", "file://" + filepath.ToSlash(filepath.Join(dir, "child.yaml")), "      Parameters:\n        Req: x\n", "E1010"},
		{"missing child", "nope.yaml", "", ""},
		{"broken child", "broken.yaml", "", ""},
		{"directory child", "adir", "", ""},
		{"remote", "https://example.com/child.yaml", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tpl := template.Parse("file://"+filepath.ToSlash(filepath.Join(dir, "parent.yaml")), parent(tc.url, tc.params))
			if tpl.Err != nil {
				t.Fatal(tpl.Err)
			}
			if got := checktest.Codes(Check(tpl, schema.Default())); got != tc.want {
				t.Errorf("codes = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRules(t *testing.T) {
	rs := Rules()
	seen := map[string]bool{}
	for _, r := range rs {
		if seen[r.ID] {
			t.Errorf("rule %s listed twice", r.ID)
		}
		seen[r.ID] = true
		if r.Summary == "" || r.Source != diag.SourceValidate {
			t.Errorf("rule %s: summary %q source %q", r.ID, r.Summary, r.Source)
		}
	}
	for _, id := range []string{"E1020", "E1010", "E1019", "E3004", "E3005", "W2001", "W8001", "W7001"} {
		if !seen[id] {
			t.Errorf("rule %s missing", id)
		}
	}
}

// TestReportedCodesAreListed checks that every code the golden files show is in Rules
// (or is one schemacheck lists).
func TestReportedCodesAreListed(t *testing.T) {
	listed := map[string]bool{"E3001": true, "E2001": true, "E6001": true, "E7001": true}
	for _, r := range Rules() {
		listed[r.ID] = true
	}
	files, _ := filepath.Glob(filepath.Join(goldenDir, "*.golden"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			fields := strings.Fields(line)
			if len(fields) > 1 && !listed[fields[1]] {
				t.Errorf("%s: code %s is not in Rules()", filepath.Base(f), fields[1])
			}
		}
	}
}
