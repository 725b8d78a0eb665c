// Test of the documented Emacs configuration (cfn-lsp-eglot.el, Eglot) in a
// headless Emacs against the cfn-lsp server built from ./cmd/cfn-lsp. It
// skips when emacs or Eglot is missing, unless CFN_LSP_REQUIRE_EMACS=1.
package emacs_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const requireEnv = "CFN_LSP_REQUIRE_EMACS"

func requireEmacs(t *testing.T) string {
	t.Helper()
	skip := func(why string) {
		if os.Getenv(requireEnv) == "1" {
			t.Fatalf("%s and %s=1", why, requireEnv)
		}
		t.Skipf("%s (set %s=1 to make this a failure)", why, requireEnv)
	}
	p, err := exec.LookPath("emacs")
	if err != nil {
		skip("emacs not on PATH")
	}
	// Eglot and yaml-mode: built in or packaged (Debian: elpa-eglot, elpa-yaml-mode).
	out, err := exec.Command(p, "--batch", "--eval", "(progn (package-activate-all) (require 'eglot) (require 'yaml-mode))").CombinedOutput()
	if err != nil {
		skip("emacs lacks eglot or yaml-mode: " + strings.TrimSpace(string(out)))
	}
	return p
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, _ := filepath.Abs(".")
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

type diagnostic struct {
	Line int    `json:"line"`
	Text string `json:"text"`
}

func TestEglotConfig(t *testing.T) {
	emacs := requireEmacs(t)
	root := moduleRoot(t)
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "cfn-lsp"), "./cmd/cfn-lsp")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building cfn-lsp: %v\n%s", err, out)
	}
	dir := t.TempDir()
	files := map[string]string{
		// E3002 on line 7; W2001 (the unused parameter) is ignored by the settings.
		"t.yaml":        "AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  Unused:\n    Type: String\nResources:\n  B:\n    Type: AWS::S3::\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueNmae: x\n",
		"t.json":        "{\n  \"Resources\": {\n    \"Q\": {\n      \"Type\": \"AWS::SQS::Queue\",\n      \"Properties\": {\"QueueNmae\": \"x\"}\n    }\n  }\n}\n",
		"json.template": "{\n  \"Resources\": {\n    \"T\": {\"Type\": \"AWS::SNS::Topik\"}\n  }\n}\n",
		"yaml.template": "Resources:\n  T:\n    Type: AWS::SNS::Topik\n",
		"app.js":        "console.log('not a template');\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "result.json")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// --batch skips what an interactive start does before the init file:
	// activating the installed packages (their autoloads: yaml-mode's file
	// names, Eglot).
	cmd := exec.CommandContext(ctx, emacs, "--batch", "--eval", "(package-activate-all)",
		"-l", filepath.Join(root, "editors", "emacs", "cfn-lsp-eglot.el"),
		"-l", filepath.Join(root, "editors", "emacs", "testdata", "e2e.el"))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"CFN_TEST_DIR="+dir, "CFN_TEST_OUT="+out, "HOME="+t.TempDir())
	output, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("emacs: %v\n%s", err, output)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no result: %v\n%s", err, output)
	}
	var got struct {
		Errors            []string     `json:"errors"`
		YAMLMode          string       `json:"yaml_mode"`
		YAMLServer        string       `json:"yaml_server"`
		YAMLDiagnostics   []diagnostic `json:"yaml_diagnostics"`
		YAMLCompletion    []string     `json:"yaml_completion"`
		JSONMode          string       `json:"json_mode"`
		JSONDerivedFromJS bool         `json:"json_derived_from_js"`
		JSONServer        string       `json:"json_server"`
		JSONDiagnostics   []diagnostic `json:"json_diagnostics"`
		JSONTemplateMode  string       `json:"json.template_mode"`
		JSONTemplateDiags []diagnostic `json:"json.template_diagnostics"`
		YAMLTemplateMode  string       `json:"yaml.template_mode"`
		YAMLTemplateDiags []diagnostic `json:"yaml.template_diagnostics"`
		JSMode            string       `json:"js_mode"`
		JSServer          bool         `json:"js_server"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatalf("result %s: %v", data, err)
	}
	if len(got.Errors) > 0 {
		t.Errorf("script errors: %v\n%s", got.Errors, tail(output))
	}
	if got.YAMLMode != "yaml-mode" || filepath.Base(got.YAMLServer) != "cfn-lsp" {
		t.Errorf("t.yaml: mode %q, server %q", got.YAMLMode, got.YAMLServer)
	}
	if !has(got.YAMLDiagnostics, 11, "QueueNmae") || has(got.YAMLDiagnostics, 3, "") {
		t.Errorf("t.yaml diagnostics (E3002 on line 11, W2001 ignored by the settings): %+v", got.YAMLDiagnostics)
	}
	if len(got.YAMLCompletion) < 2 || got.YAMLCompletion[0] != "AWS::S3::Bucket" {
		t.Errorf("completion after `Type: AWS::S3::`: %v", got.YAMLCompletion[:min(len(got.YAMLCompletion), 8)])
	}
	if got.JSONMode != "cfn-lsp-json-mode" || !got.JSONDerivedFromJS || filepath.Base(got.JSONServer) != "cfn-lsp" || !has(got.JSONDiagnostics, 5, "QueueNmae") {
		t.Errorf("t.json: mode %q (js-mode %v), server %q, diagnostics %+v", got.JSONMode, got.JSONDerivedFromJS, got.JSONServer, got.JSONDiagnostics)
	}
	if got.JSONTemplateMode != "cfn-lsp-json-mode" || !has(got.JSONTemplateDiags, 3, "Topik") {
		t.Errorf("json.template: mode %q, diagnostics %+v", got.JSONTemplateMode, got.JSONTemplateDiags)
	}
	if got.YAMLTemplateMode != "yaml-mode" || !has(got.YAMLTemplateDiags, 3, "Topik") {
		t.Errorf("yaml.template: mode %q, diagnostics %+v", got.YAMLTemplateMode, got.YAMLTemplateDiags)
	}
	if got.JSMode != "js-mode" || got.JSServer {
		t.Errorf("app.js: mode %q, cfn-lsp attached %v (it must not be)", got.JSMode, got.JSServer)
	}
}

// TestReadmeShowsTheConfig keeps editors/README.md's Eglot section the file
// the test above loads.
func TestReadmeShowsTheConfig(t *testing.T) {
	root := moduleRoot(t)
	conf, err := os.ReadFile(filepath.Join(root, "editors", "emacs", "cfn-lsp-eglot.el"))
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "editors", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(readme, []byte("```elisp\n"+string(conf)+"```\n")) {
		t.Error("editors/README.md does not show editors/emacs/cfn-lsp-eglot.el verbatim in an elisp block")
	}
}

func has(ds []diagnostic, line int, text string) bool {
	for _, d := range ds {
		if d.Line == line && strings.Contains(d.Text, text) {
			return true
		}
	}
	return false
}

func tail(b []byte) string {
	if len(b) > 3000 {
		b = b[len(b)-3000:]
	}
	return string(b)
}
