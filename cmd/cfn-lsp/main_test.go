package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/golden"
)

func cli(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), code
}

// TestCheckExamples runs `check` over the README's examples directory and
// compares the text report with a golden file.
func TestCheckExamples(t *testing.T) {
	out, stderr, code := cli(t, "check", "../../examples")
	if code != exitFindings {
		t.Errorf("exit code %d, want 1 (the examples have errors); stderr: %s", code, stderr)
	}
	golden.Check(t, filepath.Join("..", "..", "testdata", "check", "examples.txt"), strings.ReplaceAll(out, "../../", ""))
}

func TestCheckFormats(t *testing.T) {
	out, _, code := cli(t, "check", "--format", "json", "../../examples/typos.yaml")
	if code != exitFindings {
		t.Errorf("exit %d", code)
	}
	var fs []jsonFinding
	if err := json.Unmarshal([]byte(out), &fs); err != nil || len(fs) == 0 {
		t.Fatalf("json output: %v\n%s", err, out)
	}
	for _, f := range fs {
		if f.File == "" || f.Line < 1 || f.Column < 1 || f.EndLine < f.Line || f.Code == "" || f.Severity == "" {
			t.Errorf("incomplete finding %+v", f)
		}
	}

	out, _, _ = cli(t, "check", "--format", "sarif", "../../examples/typos.yaml")
	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &sarif); err != nil {
		t.Fatal(err)
	}
	if sarif.Version != "2.1.0" || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) != len(fs) {
		t.Fatalf("sarif: version %q, %d runs", sarif.Version, len(sarif.Runs))
	}
	run := sarif.Runs[0]
	for _, r := range run.Results {
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID || r.Locations[0].PhysicalLocation.Region.StartLine < 1 {
			t.Errorf("sarif result %+v does not match its rule", r)
		}
	}
}

func TestCheckExitCodesAndBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(text), 0o644)
		return p
	}
	clean := write("clean.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n")
	if _, stderr, code := cli(t, "check", clean); code != exitOK {
		t.Errorf("clean template: exit %d %s", code, stderr)
	}
	broken := write("broken.json", "{\"Resources\": {\"A\": {\"Type\": \"AWS::SNS::Topic\",}}}")
	out, _, code := cli(t, "check", broken)
	if code != exitFindings || !strings.Contains(out, "broken.json:1:") || !strings.Contains(out, "E0000") {
		t.Errorf("broken JSON: exit %d\n%s", code, out)
	}
	write("compose.yaml", "services:\n  web:\n    image: nginx\n")
	write("data.bin", "\x00\x01\x02")
	out, _, code = cli(t, "check", dir)
	if code != exitFindings || strings.Contains(out, "compose.yaml") || !strings.Contains(out, "2 templates checked") {
		t.Errorf("directory walk: exit %d\n%s", code, out)
	}
	if _, _, code := cli(t, "check", filepath.Join(dir, "missing.yaml")); code != exitUsage {
		t.Errorf("missing file: exit %d, want 2", code)
	}
	if _, _, code := cli(t, "check", "--format", "xml", clean); code != exitUsage {
		t.Errorf("bad format: exit %d, want 2", code)
	}
	if _, _, code := cli(t, "frobnicate"); code != exitUsage {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
}

func TestVersionAndRules(t *testing.T) {
	out, _, code := cli(t, "version")
	if code != exitOK || !strings.Contains(out, "spec: embedded") {
		t.Errorf("version: %d %s", code, out)
	}
	out, _, code = cli(t, "rules")
	if code != exitOK || !strings.Contains(out, "E0000") {
		t.Errorf("rules: %d %s", code, out)
	}
}
