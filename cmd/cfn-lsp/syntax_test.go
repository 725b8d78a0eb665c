package main

import (
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

// check and flip take the JSON CloudFormation takes (a surrogate-pair escape, a
// raw DEL, a byte order mark) and refuse a YAML file of two documents.
func TestCheckAndFlipSyntax(t *testing.T) {
	quirks := testutil.TempFile(t, "quirks.json", "\ufeff{\"Resources\": {\"T\": {\"Type\": \"AWS::SNS::Topic\", \"Properties\": {\"DisplayName\": \"\\ud83d\\ude00 a\x7fb\"}}}}")
	two := testutil.TempFile(t, "two.yaml", "Resources:\n  T:\n    Type: AWS::SNS::Topic\n---\nResources: {}\n")
	if out, stderr, code := cli(t, "check", "--no-security", quirks); code != exitOK || strings.Contains(out, "E0000") {
		t.Errorf("check quirks.json: exit %d\n%s%s", code, out, stderr)
	}
	if out, stderr, code := cli(t, "flip", quirks); code != exitOK || !strings.Contains(out, "DisplayName:") {
		t.Errorf("flip quirks.json: exit %d\n%s%s", code, out, stderr)
	}
	if out, _, code := cli(t, "check", "--no-security", two); code != findingError || !strings.Contains(out, "two.yaml:4:1: error E0000") {
		t.Errorf("check two.yaml: exit %d\n%s", code, out)
	}
	if out, stderr, code := cli(t, "flip", two); code == exitOK || out != "" || !strings.Contains(stderr, "single YAML document") {
		t.Errorf("flip two.yaml: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}
