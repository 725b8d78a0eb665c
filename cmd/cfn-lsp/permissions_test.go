package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

func TestPermissions(t *testing.T) {
	in := testutil.TempFile(t, "t.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  L:\n    Type: Custom::Lookup\n    Properties:\n      ServiceToken: !ImportValue provider\n")
	dir := filepath.Dir(in)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"permissions", in}, strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var doc struct {
		Version   string
		Statement []struct{ Sid, Effect string }
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil || doc.Version != "2012-10-17" || len(doc.Statement) != 2 {
		t.Errorf("policy %s (%v)", stdout.String(), err)
	}
	if !strings.Contains(stderr.String(), "t.yaml: not covered: L (Custom::Lookup): a custom resource") {
		t.Errorf("stderr %q", stderr.String())
	}
	stdout.Reset()
	if code := run([]string{"permissions", "--format", "yaml", in}, strings.NewReader(""), &stdout, &stderr); code != exitOK ||
		!strings.HasPrefix(stdout.String(), "Version: \"2012-10-17\"\nStatement:\n") {
		t.Errorf("yaml: exit %d, %q", code, stdout.String())
	}
	notTemplate := filepath.Join(dir, "x.yaml")
	testutil.WriteFile(t, notTemplate, "a: 1\n")
	for _, args := range [][]string{
		{"permissions"}, {"permissions", "--format", "xml", in}, {"permissions", filepath.Join(dir, "missing.yaml")},
		{"permissions", notTemplate},
	} {
		stderr.Reset()
		if code := run(args, strings.NewReader(""), &stdout, &stderr); code != exitFailure || stderr.Len() == 0 {
			t.Errorf("%v: exit %d (%q), want %d", args, code, stderr.String(), exitFailure)
		}
	}
}
