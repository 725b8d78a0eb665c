package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime/debug"
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

// TestRootCommand: help and version as a CLI user types them, and usage
// errors with status 1 (what cfn-lint's argparse exits with for a bad flag).
func TestRootCommand(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		code     int
		stdout   string // substring
		stderr   string // substring
		noStdout bool
		noStderr bool
	}{
		{args: []string{"--help"}, stdout: "Available Commands:"},
		{args: []string{"-h"}, stdout: "check"},
		{args: []string{"help"}, stdout: "Available Commands:"},
		{args: []string{"help", "check"}, stdout: "--ignore-checks"},
		{args: []string{"check", "--help"}, stdout: "-i, --ignore-checks"},
		{args: []string{"check", "-h"}, stdout: "--non-zero-exit-code"},
		{args: []string{"--version"}, stdout: "cfn-lsp "},
		{args: []string{"-v"}, stdout: "cfn-lsp "},
		{args: []string{"check", "--version"}, stdout: "cfn-lsp "},
		{args: []string{"version"}, stdout: "spec: embedded"},
		// editors start `cfn-lsp --stdio` or `cfn-lsp serve --stdio`: it serves until
		// stdin ends, here at once, without shutdown: 1, as LSP says
		{args: []string{"--stdio"}, code: 1, noStdout: true, noStderr: true},
		{args: []string{"serve", "--stdio"}, code: 1, noStdout: true, noStderr: true},
		{args: []string{"rules"}, stdout: "E0000"},
		{args: []string{"rules", "--missing"}, stdout: "E3601  error     not implemented yet"},
		{args: []string{"rules", "--missing", "--format", "json"}, stdout: `"id": "W1100"`},
		{args: []string{"frobnicate"}, code: exitFailure, stderr: `unknown command "frobnicate"`, noStdout: true},
		{args: []string{"--frobnicate"}, code: exitFailure, stderr: "unknown flag: --frobnicate"},
		{args: []string{"check", "--frobnicate", "x.yaml"}, code: exitFailure, stderr: "Run 'cfn-lsp check --help'"},
		{args: []string{"version", "extra"}, code: exitFailure, stderr: "unknown command"},
		{args: []string{"rules", "--format", "xml"}, code: exitFailure, stderr: `unknown format "xml"`},
	} {
		out, errOut, code := cli(t, tc.args...)
		if code != tc.code || !strings.Contains(out, tc.stdout) || !strings.Contains(errOut, tc.stderr) || (tc.noStdout && out != "") || (tc.noStderr && errOut != "") {
			t.Errorf("%q: exit %d (want %d)\nstdout: %.300s\nstderr: %.300s", tc.args, code, tc.code, out, errOut)
		}
	}
}

// TestCompletionScripts: cobra's shell completion, for the shells the README
// names, and the dynamic completion of check's flags.
func TestCompletionScripts(t *testing.T) {
	for shell, want := range map[string]string{"bash": "__start_cfn-lsp", "zsh": "#compdef cfn-lsp", "fish": "complete -c cfn-lsp"} {
		out, errOut, code := cli(t, "completion", shell)
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("completion %s: exit %d, %q not in output; stderr %s", shell, code, want, errOut)
		}
	}
	out, _, _ := cli(t, "__complete", "check", "--format", "")
	for _, f := range formats {
		if !strings.Contains(out, f+"\n") {
			t.Errorf("--format completion lacks %s:\n%s", f, out)
		}
	}
	out, _, _ = cli(t, "__complete", "check", "--non-zero-exit-code", "w")
	if !strings.Contains(out, "warning") {
		t.Errorf("--non-zero-exit-code completion:\n%s", out)
	}
}

func TestDescribeBuild(t *testing.T) {
	info := func(version string, settings ...string) *debug.BuildInfo {
		bi := &debug.BuildInfo{Main: debug.Module{Version: version}}
		for i := 0; i+1 < len(settings); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return bi
	}
	for _, tc := range []struct {
		override string
		info     *debug.BuildInfo
		want     string
	}{
		{"", nil, "(devel)"},
		{"", info("(devel)"), "(devel)"},
		{"", info("v1.2.3"), "v1.2.3"},
		{"", info("(devel)", "vcs.revision", "0123456789abcdef0123", "vcs.time", "2025-01-02T03:04:05Z"), "(devel) (commit 0123456789ab, 2025-01-02T03:04:05Z)"},
		{"", info("(devel)", "vcs.revision", "abc", "vcs.modified", "true"), "(devel) (commit abc, modified)"},
		{"v2.0.0", info("(devel)", "vcs.revision", "abc"), "v2.0.0 (commit abc)"},
	} {
		if got := describeBuild(tc.override, tc.info); got != tc.want {
			t.Errorf("describeBuild(%q, %+v) = %q, want %q", tc.override, tc.info, got, tc.want)
		}
	}
}

// TestRulesDoc keeps docs/rules.md, which SARIF's helpUri links, current.
func TestRulesDoc(t *testing.T) {
	out, _, code := cli(t, "rules", "--format", "markdown")
	if code != 0 || !strings.Contains(out, `<a id="E3002"></a>E3002`) {
		t.Fatalf("exit %d:\n%.300s", code, out)
	}
	golden.Check(t, filepath.Join("..", "..", "docs", "rules.md"), out)
}

// TestCheckRegistrySchemas: --registry-schemas adds a private type's schema,
// whose properties are then checked; without it the type is no error.
func TestCheckRegistrySchemas(t *testing.T) {
	tmpl := filepath.Join(t.TempDir(), "archive.yaml")
	os.WriteFile(tmpl, []byte("Resources:\n  A:\n    Type: MyOrg::Storage::Archive\n    Properties:\n      Colour: blue\n"), 0o644)
	if out, _, code := cli(t, "check", "--no-security", tmpl); code != exitOK {
		t.Errorf("without the schema: exit %d\n%s", code, out)
	}
	schemas := filepath.Join("..", "..", "testdata", "types", "schemas")
	out, _, code := cli(t, "check", "--no-security", "--registry-schemas", schemas, tmpl)
	if code != findingError || !strings.Contains(out, "E3003 'Name' is a required property") || !strings.Contains(out, "'Colour' was unexpected") {
		t.Errorf("with the schema: exit %d\n%s", code, out)
	}
	if _, stderr, code := cli(t, "check", "-s", filepath.Join(t.TempDir(), "none"), tmpl); code != exitFailure || !strings.Contains(stderr, "loading spec") {
		t.Errorf("missing schema directory: exit %d %s", code, stderr)
	}
}
