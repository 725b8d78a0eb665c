package customrules

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/fileio/fileiotest"
	"github.com/cfn-lsp/cfn-lsp/internal/golden"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

const testdata = "../../testdata/customrules"

func render(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%d:%d: %s %s %s\n", d.Range.Start.Line+1, d.Range.Start.Char+1, d.Code, d.Severity, d.Message)
	}
	return b.String()
}

// The README examples, run over a template: golden findings.
func TestExamples(t *testing.T) {
	set, err := LoadDir(filepath.Join(testdata, "rules"))
	if err != nil {
		t.Fatal(err)
	}
	if set.Len() != 4 || len(set.Rules()) != 4 {
		t.Fatalf("loaded %d rules, want 4", set.Len())
	}
	for _, name := range []string{"app.yaml"} {
		text, err := os.ReadFile(filepath.Join(testdata, name))
		if err != nil {
			t.Fatal(err)
		}
		tp := template.Parse(name, string(text))
		ds := set.Check(tp)
		for _, d := range ds {
			if d.Source != Source || d.Resource == "" {
				t.Errorf("bad finding %+v", d)
			}
		}
		got := render(ds)
		golden.Check(t, filepath.Join(testdata, name+".golden"), got)
	}
}

func TestConditions(t *testing.T) {
	tmpl := `Parameters:
  P: {Type: String, Default: fromdefault}
Resources:
  R:
    Type: AWS::Test::Thing
    Properties:
      Name: alpha-1
      Ref: !Ref P
      Computed: !Sub "${AWS::Region}"
      List: [a, b]
      Items:
        - {K: one}
        - {K: two}
`
	tp := template.Parse("t.yaml", tmpl)
	cases := []struct {
		path, cond string
		findings   int
	}{
		{"Name", "equals: alpha-1", 0},
		{"Name", "equals: beta", 1},
		{"Name", `matches: '^alpha-\d$'`, 0},
		{"Name", `matches: '^beta'`, 1},
		{"Name", "present: true", 0},
		{"Missing", "present: true", 1},
		{"Missing", "absent: true", 0},
		{"Name", "absent: true", 1},
		{"List", "contains: b", 0},
		{"List", "contains: c", 1},
		{"Name", "contains: pha", 0},
		{"Name", "any_of: [x, alpha-1]", 0},
		{"Name", "any-of: [x, y]", 1},
		{"Name", "not: {equals: alpha-1}", 1},
		{"Missing", "not: {equals: x}", 0},
		{"Missing", "equals: x", 1},
		{"Ref", "equals: fromdefault", 0},
		{"Computed", "equals: x", 0},
		{"Items[*].K", "any_of: [one, two]", 0},
		{"Items[*].K", "equals: one", 1},
		{"Items[1].K", "equals: two", 0},
		{"Items[5].K", "present: true", 1},
		{"Properties.Name", "equals: alpha-1", 0},
		{"Metadata.Owner", "present: true", 1},
	}
	for _, c := range cases {
		src := fmt.Sprintf("rules:\n  - id: T1\n    resource: AWS::Test::*\n    path: %s\n    condition: {%s}\n    message: m {value}\n", c.path, c.cond)
		rules, err := Parse("t.yaml", []byte(src))
		if err != nil {
			t.Errorf("%s %s: %v", c.path, c.cond, err)
			continue
		}
		ds := (&Set{rules: rules}).Check(tp)
		if len(ds) != c.findings {
			t.Errorf("%s %s: %d findings, want %d: %s", c.path, c.cond, len(ds), c.findings, render(ds))
		}
	}
}

// Broken files give errors that name the file and the line.
func TestErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"rules:\n  - id: A\n    resource: AWS::S3::Bucket\n    path: X\n    condition: {equal: x}\n    message: m\n", "f.yaml:5: rule A: unknown condition \"equal\""},
		{"rules:\n  - id: A\n    resource: AWS::S3::Bucket\n    path: X\n    message: m\n", "f.yaml:2: rule is missing \"condition\""},
		{"rules:\n  - id: A\n    resource: AWS::S3::Bucket\n    path: X\n    condition: {matches: '('}\n    message: m\n", "f.yaml:5: rule A: bad regular expression"},
		{"rules:\n  - id: A\n    severity: fatal\n    resource: R\n    path: X\n    condition: {present: true}\n    message: m\n", "f.yaml:3: rule A: severity \"fatal\""},
		{"rules:\n  - id: A\n    resource: R\n    path: X[\n    condition: {present: true}\n    message: m\n", "f.yaml:4: rule A: unclosed ["},
		{"rules:\n  - id: A\n    resource: R\n    pth: X\n", "f.yaml:4: unknown key \"pth\""},
		{"rules:\n  - id: A\n    resource: R\n    path: X\n    condition: {absent: no}\n    message: m\n", "f.yaml:5: rule A: write `absent: true`"},
		{"rules: {}\n", "f.yaml:1: `rules` must be a list"},
		{"rule: []\n", "f.yaml:1: unknown key \"rule\""},
		{"rules:\n  - id: A\n   bad indent: [\n", "f.yaml"},
		{"rules:\n  - id: 9lives\n    resource: R\n    path: X\n    condition: {present: true}\n    message: m\n", "f.yaml:2: rule id \"9lives\""},
	}
	for _, c := range cases {
		_, err := Parse("f.yaml", []byte(c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) error = %v, want %q", c.src, err, c.want)
		}
	}
}

func TestLoadDirBroken(t *testing.T) {
	dir := t.TempDir()
	good := "rules:\n  - id: G1\n    resource: R\n    path: X\n    condition: {present: true}\n    message: m\n"
	os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(good), 0o644)
	os.WriteFile(filepath.Join(dir, "b.yml"), []byte(good), 0o644) // duplicate id
	bad, _ := os.ReadFile(filepath.Join(testdata, "broken", "bad.yaml"))
	os.WriteFile(filepath.Join(dir, "c.yaml"), bad, 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("ignored"), 0o644)
	set, err := LoadDir(dir)
	if err == nil {
		t.Fatal("no error for broken files")
	}
	testutil.Contains(t, "error", err.Error(), filepath.Join(dir, "b.yml")+":2: rule id G1 already defined", filepath.Join(dir, "c.yaml")+":6:")
	if set.Len() != 1 {
		t.Errorf("kept %d rules, want the 1 good one", set.Len())
	}
	if _, err := LoadDir(filepath.Join(dir, "missing")); err == nil {
		t.Error("no error for a missing directory")
	}
	var none *Set
	if none.Check(template.Parse("t.yaml", "Resources: {}")) != nil || none.Rules() != nil {
		t.Error("nil set reports something")
	}
}

// A rules directory holding a FIFO or a symlink to /dev/zero loads its other
// files at once and names the two in its error.
func TestLoadDirHostileFiles(t *testing.T) {
	dir := t.TempDir()
	good := "rules:\n  - id: G1\n    resource: R\n    path: X\n    condition: {present: true}\n    message: m\n"
	if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := fileiotest.FIFO(t, dir, "pipe.yaml")
	zero := fileiotest.DevZero(t, dir, "zero.yml")
	fileiotest.Bounded(t, "LoadDir", func() {
		set, err := LoadDir(dir)
		if set.Len() != 1 {
			t.Errorf("kept %d rules, want the good file's 1", set.Len())
		}
		for _, path := range []string{fifo, zero} {
			if err == nil || !strings.Contains(err.Error(), path+": not a regular file") {
				t.Errorf("error %v does not name %s as not a regular file", err, path)
			}
		}
	})
}
