package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCompare(t *testing.T) {
	theirs := []finding{
		{File: "a.yaml", Line: 10, Code: "E1020", Error: true, Message: "'Foo' is not one of ['Bar']"},
		{File: "a.yaml", Line: 20, Code: "E1017", Error: true, Message: "'Gone' is not one of ['X']"},  // parent code, same line
		{File: "a.yaml", Line: 30, Code: "E6101", Error: true, Message: "'Deep' is not one of ['X']"},  // parent code, 5 lines above
		{File: "a.yaml", Line: 40, Code: "E3005", Error: true, Message: "'Nope' is not one of ['A']"},  // we miss it
		{File: "b.yaml", Line: 10, Code: "E1020", Error: true, Message: "'Foo' is not one of ['Bar']"}, // other file
		{File: "a.yaml", Line: 50, Code: "E3002", Error: true, Message: "'x' is not one of ['y']"},     // out of scope
		{File: "a.yaml", Line: 60, Code: "E1010", Error: true, Message: "'Far' is not one of ['X']"},   // below ours: no match
	}
	ours := []finding{
		{File: "a.yaml", Line: 11, Code: "E1020", Error: true, Message: `Ref "Foo" is not a parameter`},
		{File: "a.yaml", Line: 20, Code: "E1010", Error: true, Message: `resource "Gone" is not defined`},
		{File: "a.yaml", Line: 35, Code: "E1019", Error: true, Message: `variable ${Deep} is not a parameter`},
		{File: "a.yaml", Line: 45, Code: "E1011", Error: true, Message: `mapping "M" is not defined`},
		{File: "a.yaml", Line: 58, Code: "E1010", Error: true, Message: `resource "Far" is not defined`},
	}
	in := map[string]bool{"E1020": true, "E1010": true, "E1019": true, "E3005": true, "E1011": true}
	m, relaxed := compare(theirs, ours, in)
	count := func(code string) (int, int, int) {
		t := m[code]
		if t == nil {
			return 0, 0, 0
		}
		return len(t.both), len(t.onlyLint), len(t.onlyUs)
	}
	tests := []struct {
		code           string
		both, lint, us int
	}{
		{"E1020", 1, 1, 0}, // b.yaml's is only cfn-lint's
		{"E1010", 1, 1, 1}, // line 58 is above cfn-lint's 60: not the same problem
		{"E1019", 1, 0, 0}, // confirmed by name, 5 lines below E6101
		{"E3005", 0, 1, 0},
		{"E1011", 0, 0, 1},
	}
	for _, tc := range tests {
		b, l, u := count(tc.code)
		if b != tc.both || l != tc.lint || u != tc.us {
			t.Errorf("%s: both %d only-lint %d only-us %d; want %d %d %d", tc.code, b, l, u, tc.both, tc.lint, tc.us)
		}
	}
	if relaxed != 1 {
		t.Errorf("relaxed matches = %d, want 1", relaxed)
	}
	if b, l, _ := count("E1017"); b != 0 || l != 0 {
		t.Errorf("E1017 should have confirmed E1010, got both %d only-lint %d", b, l)
	}
}

func TestQuotedAndDedupe(t *testing.T) {
	for in, want := range map[string]string{
		"'Foo' is not one of ['Bar']": "Foo",
		`Ref "X" is bad`:              "X",
		"no quotes":                   "",
		"'unclosed":                   "",
	} {
		if got := quoted(in); got != want {
			t.Errorf("quoted(%q) = %q, want %q", in, got, want)
		}
	}
	fs := dedupe([]finding{{File: "a", Line: 1, Code: "E1"}, {File: "a", Line: 1, Code: "E1"}, {File: "a", Line: 2, Code: "E1"}})
	if len(fs) != 2 {
		t.Errorf("dedupe kept %d findings, want 2", len(fs))
	}
}

// A oneOf's branch failures that cfn-lint prints beside the oneOf are found
// when cfn-lsp reports the oneOf.
func TestCompareCombinatorContext(t *testing.T) {
	theirs := []finding{
		{File: "a.yaml", Line: 5, Code: "E3017", Error: true},
		{File: "a.yaml", Line: 5, Code: "E3003", Error: true},
		{File: "a.yaml", Line: 9, Code: "E3003", Error: true},
	}
	ours := []finding{{File: "a.yaml", Line: 5, Code: "E3017", Error: true}}
	m, _ := compare(theirs, ours, map[string]bool{})
	if b := m["E3003"]; b == nil || len(b.both) != 1 || !b.both[0].context || len(b.onlyLint) != 1 {
		t.Fatalf("E3003 = %+v", b)
	}
	var buf strings.Builder
	report(&buf, m, map[string]bool{"E3017": true, "E3003": true}, 0, false)
	if !strings.Contains(buf.String(), "errors   cfn-lint's found by cfn-lsp: 2/3 = 66.7%; cfn-lsp's not cfn-lint's: 0/1 = 0.0%") {
		t.Errorf("report:\n%s", buf.String())
	}
}

// cfn-lint's E1001 at each top-level key of a file that is not a template are
// found by cfn-lsp's one finding that says so; its E1001 elsewhere are not.
func TestCompareNotTemplate(t *testing.T) {
	theirs := []finding{
		{File: "wf.yml", Line: 2, Code: "E1001", Error: true, Message: "'Resources' is a required property"},
		{File: "wf.yml", Line: 6, Code: "E1001", Error: true, Message: "Additional properties are not allowed ('on' was unexpected)"},
		{File: "t.yaml", Line: 6, Code: "E1001", Error: true, Message: "Additional properties are not allowed ('X' was unexpected)"},
	}
	ours := []finding{
		{File: "wf.yml", Line: 1, Code: "E1001", Error: true, Message: notTemplatePrefix + ": it has no Resources section"},
	}
	m, _ := compare(theirs, ours, map[string]bool{})
	if tl := m["E1001"]; len(tl.both) != 2 || len(tl.onlyLint) != 1 || len(tl.onlyUs) != 0 {
		t.Errorf("E1001: both %d only-lint %d only-us %d; want 2 1 0", len(tl.both), len(tl.onlyLint), len(tl.onlyUs))
	}
	var b strings.Builder
	report(&b, m, map[string]bool{"E1001": true}, 0, false)
	if !strings.Contains(b.String(), "errors   cfn-lint's found by cfn-lsp: 2/3 = 66.7%; cfn-lsp's not cfn-lint's: 0/1 = 0.0%") {
		t.Errorf("report:\n%s", b.String())
	}
}

// cfn-lint's transform failure at line 1 is found by cfn-lsp's at the part
// that fails, in the same file only.
func TestCompareTransform(t *testing.T) {
	theirs := []finding{
		{File: "a.yaml", Line: 1, Code: "E0001", Error: true, Message: transformPrefix + ": 'NoneType' object has no attribute 'get'"},
		{File: "b.yaml", Line: 1, Code: "E0001", Error: true, Message: transformPrefix + ": Resource with id [Api] is invalid."},
	}
	ours := []finding{
		{File: "a.yaml", Line: 6, Code: "E0001", Error: true, Message: "The SAM transform fails: the Globals section must be a mapping"},
		{File: "c.yaml", Line: 6, Code: "E0001", Error: true, Message: "The SAM transform fails: the Globals section must be a mapping"},
	}
	m, _ := compare(theirs, ours, map[string]bool{})
	if tl := m["E0001"]; len(tl.both) != 1 || len(tl.onlyLint) != 1 || len(tl.onlyUs) != 1 || tl.both[0].us.File != "a.yaml" {
		t.Errorf("E0001: both %d only-lint %d only-us %d; want 1 1 1 (a.yaml)", len(tl.both), len(tl.onlyLint), len(tl.onlyUs))
	}
}

// cfn-lint's finding at a serverless resource's logical id is found by ours of
// the same code at the property, in the resource or in Globals; not by one in
// another resource.
func TestCompareSAMPlacement(t *testing.T) {
	file := filepath.Join(t.TempDir(), "t.yaml")
	text := `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.99
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Architectures: [x86]
  Other:
    Type: AWS::Serverless::Function
    Properties:
      Handler: x
  Queue:
    Type: AWS::SQS::Queue
`
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	theirs := samPlaces([]finding{
		{File: file, Line: 6, Code: "E3030", Error: true, Message: "'python3.99' is not one of [...]"},
		{File: file, Line: 6, Code: "E3034", Error: true, Message: "1 is less than the minimum of 128"},
		{File: file, Line: 14, Code: "E3002", Error: true, Message: "a plain resource: no span"},
	})
	ours := []finding{
		{File: file, Line: 4, Code: "E3030", Error: true, Message: "'python3.99' is not one of [...]"},
		{File: file, Line: 13, Code: "E3034", Error: true, Message: "in Other, not Fn"},
		{File: file, Line: 16, Code: "E3002", Error: true, Message: "two lines below Queue"},
	}
	m, _ := compare(theirs, ours, map[string]bool{})
	for code, want := range map[string][3]int{"E3030": {1, 0, 0}, "E3034": {0, 1, 1}, "E3002": {0, 1, 1}} {
		tl := m[code]
		if got := [3]int{len(tl.both), len(tl.onlyLint), len(tl.onlyUs)}; got != want {
			t.Errorf("%s: both, only-lint, only-us %v; want %v", code, got, want)
		}
	}
}

// TestRunLintCrash: a file cfn-lint crashes on is left out of the comparison
// (an E0000 finding, as for a file it cannot parse), not taken for a clean one.
func TestRunLintCrash(t *testing.T) {
	dir := t.TempDir()
	lint := filepath.Join(dir, "cfn-lint")
	script := "#!/bin/sh\n" +
		"for a; do case $a in *bad.yaml) echo 'Traceback (most recent call last):' >&2; exit 1;; esac; done\n" +
		"echo '[]'\n"
	if err := os.WriteFile(lint, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	good, bad := filepath.Join(dir, "good.yaml"), filepath.Join(dir, "bad.yaml")
	for _, files := range [][]string{{good, bad}, {bad}} {
		fs, err := runLint(lint, files, io.Discard)
		if err != nil {
			t.Fatalf("%v: %v", files, err)
		}
		if len(fs) != 1 || fs[0].File != bad || fs[0].Code != "E0000" {
			t.Errorf("%v: findings %+v, want one E0000 in %s", files, fs, bad)
		}
	}
}
