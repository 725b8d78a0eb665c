// Tests of the Neovim client (lua/cfn_lsp) in a headless Neovim:
//
//   - TestHelpers: the plugin's pure Lua helpers (template detection,
//     validation, settings encoding);
//   - TestPluginWithFakeServer: attach decisions, commands and settings
//     against a fake language server (this test binary in fake-server mode);
//   - TestEndToEnd: diagnostics, completion, hover, signature help and code
//     actions against the real cfn-lsp server built from ./cmd/cfn-lsp.
//
// The tests skip when nvim is not on PATH, unless CFN_LSP_REQUIRE_NVIM=1.
package neovim_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy/deploytest"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonrpc"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

// fakeServerLogEnv names the log file of the fake server; when set, the
// test binary runs as the fake server instead of running tests.
const fakeServerLogEnv = "CFN_FAKE_LSP_LOG"

// nvimTimeout bounds every Neovim run; the Lua scripts have shorter
// watchdogs of their own.
const nvimTimeout = 3 * time.Minute

func TestMain(m *testing.M) {
	if log := os.Getenv(fakeServerLogEnv); log != "" {
		os.Exit(runFakeServer(log, os.Stdin, os.Stdout))
	}
	code := m.Run()
	deploytest.Stop()
	os.Exit(code)
}

func requireNvim(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("CFN_LSP_REQUIRE_NVIM") == "1" {
			t.Fatalf("nvim not found on PATH and CFN_LSP_REQUIRE_NVIM=1: %v", err)
		}
		t.Skip("nvim not on PATH (set CFN_LSP_REQUIRE_NVIM=1 to make this a failure)")
	}
	return p
}

func pluginDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// runNvim runs a Lua test script in headless Neovim and decodes the JSON
// result the script writes into out.
func runNvim(t *testing.T, script string, env map[string]string, out any) {
	t.Helper()
	nvim := requireNvim(t)
	plugin := pluginDir(t)
	trackInputs(t, plugin)
	resultFile := filepath.Join(t.TempDir(), "result.json")
	ctx, cancel := context.WithTimeout(context.Background(), nvimTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean",
		"-u", filepath.Join(plugin, "testdata", "init.lua"),
		"-c", "luafile "+filepath.Join(plugin, "testdata", script))
	cmd.Env = append(os.Environ(), "CFN_PLUGIN_DIR="+plugin, "CFN_TEST_OUT="+resultFile)
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdin = nil
	output, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("nvim did not exit within %v; output:\n%s", nvimTimeout, output)
	}
	if err != nil {
		t.Fatalf("nvim: %v; output:\n%s", err, output)
	}
	data, err := os.ReadFile(resultFile)
	if err != nil {
		t.Fatalf("no result from %s: %v; nvim output:\n%s", script, err, output)
	}
	if err := json.Unmarshal(data, out); err != nil {
		t.Fatalf("bad result %s: %v", data, err)
	}
}

// trackInputs stats every file under root (outside node_modules and dot
// directories) so that `go test` caching notices changes to files this test
// does not read itself: the Lua plugin and scripts run by nvim, and the
// server sources built by a `go build` subprocess.
func trackInputs(t *testing.T, root string) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			_, err = os.Stat(path)
		}
		return err
	})
	if err != nil {
		t.Fatalf("listing test inputs: %v", err)
	}
}

type paramCase struct {
	Param map[string]any `json:"param"`
	Value string         `json:"value"`
}

func TestHelpers(t *testing.T) {
	templates := []struct {
		text string
		want bool
	}{
		{"AWSTemplateFormatVersion: '2010-09-09'\n", true},
		{"Transform: AWS::Serverless-2016-10-31\nResources: {}\n", true},
		{"Resources:\n  Q:\n    Type: AWS::SQS::Queue\n", true},
		{"Resources:\n  Q:\n    Type: Custom::Thing\n", true},
		{`{"Resources":{"T":{"Type":"AWS::SNS::Topic"}}}`, true},
		{"{\n  \"Resources\": {\n    \"T\": {\n      \"Type\": \"AWS::SNS::Topic\"\n    }\n  }\n}\n", true},
		{"apiVersion: v1\nkind: Pod\nspec:\n  resources:\n    limits: {}\n", false},
		{"name: ci\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n", false},
		{"Resources:\n  - cpu\n", false},
		{"Type: AWS::S3::Bucket\n", false},
		{`{"name": "pkg", "version": "1.0.0"}`, false},
		{"", false},
	}
	filetypes := []struct{ text, want string }{
		{"{\n  \"Resources\": {}\n}", "json"},
		{"\n\n   [1]", "json"},
		{"# comment\nResources: {}", "yaml"},
		{"", "yaml"},
	}
	stackNames := []struct{ name, want string }{
		{"my-stack-2", ""},
		{"", "a stack name is required"},
		{"2stack", "a stack name starts with a letter and contains only letters, digits and hyphens"},
		{"my_stack", "a stack name starts with a letter and contains only letters, digits and hyphens"},
		{strings.Repeat("a", 129), "a stack name has at most 128 characters"},
	}
	env := map[string]any{"name": "Env", "type": "String", "noEcho": false, "allowedValues": []string{"dev", "prod"}}
	num := map[string]any{"name": "N", "type": "Number", "noEcho": false}
	list := map[string]any{"name": "L", "type": "List<Number>", "noEcho": false}
	params := []struct {
		c    paramCase
		want string
	}{
		{paramCase{env, "prod"}, ""},
		{paramCase{env, "qa"}, "Env: allowed values are dev, prod"},
		{paramCase{num, "12.5"}, ""},
		{paramCase{num, "twelve"}, "N must be a number"},
		{paramCase{num, " "}, "N must be a number"},
		{paramCase{list, "1,2"}, ""},
		{paramCase{list, "1,x"}, "L must be a comma-separated list of numbers"},
	}

	cases := map[string]any{
		"settings": map[string]any{
			"aws":         map[string]any{},
			"ignoreRules": []string{},
			"security":    map[string]any{"enabled": false},
		},
		"launch_result": map[string]any{
			"stackName": "s", "status": "CREATE_COMPLETE", "message": "done",
			"outputs": map[string]string{"B": "2", "A": "1"},
		},
	}
	// Workspace roots: a directory marker, a file marker, and no marker.
	tree := t.TempDir()
	for _, d := range []string{"a/.git", "a/x", "b/sub", "c"} {
		if err := os.MkdirAll(filepath.Join(tree, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	testutil.WriteFiles(t, tree, map[string]string{"b/marker.toml": ""})
	roots := []struct{ file, want string }{
		{filepath.Join(tree, "a/x/t.yaml"), filepath.Join(tree, "a")},
		{filepath.Join(tree, "b/sub/t.yaml"), filepath.Join(tree, "b")},
	}
	cases["root_markers"] = []string{".git", "marker.toml"}
	var rootFiles []string
	for _, r := range roots {
		rootFiles = append(rootFiles, r.file)
	}
	cases["root_files"] = rootFiles

	var texts, fts, names []string
	var pcs []paramCase
	for _, c := range templates {
		texts = append(texts, c.text)
	}
	for _, c := range filetypes {
		fts = append(fts, c.text)
	}
	for _, c := range stackNames {
		names = append(names, c.name)
	}
	for _, c := range params {
		pcs = append(pcs, c.c)
	}
	cases["template"], cases["filetype"], cases["stack_name"], cases["parameter"] = texts, fts, names, pcs
	casesFile := filepath.Join(t.TempDir(), "cases.json")
	data, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(casesFile, data, 0o644); err != nil {
		t.Fatal(err)
	}

	var got struct {
		Errors            []string `json:"errors"`
		Template          []bool   `json:"template"`
		Filetype          []string `json:"filetype"`
		StackName         []string `json:"stack_name"`
		Parameter         []string `json:"parameter"`
		SettingsJSON      string   `json:"settings_json"`
		EmptySettingsJSON string   `json:"empty_settings_json"`
		LaunchResult      string   `json:"launch_result"`
		Root              []string `json:"root"`
	}
	runNvim(t, "detect.lua", map[string]string{"CFN_TEST_CASES": casesFile}, &got)
	if len(got.Errors) > 0 {
		t.Fatalf("script errors: %v", got.Errors)
	}
	for i, c := range templates {
		if i >= len(got.Template) || got.Template[i] != c.want {
			t.Errorf("looks_like_template(%q) = %v, want %v", c.text, at(got.Template, i), c.want)
		}
	}
	for i, c := range filetypes {
		if i >= len(got.Filetype) || got.Filetype[i] != c.want {
			t.Errorf("template_filetype(%q) = %v, want %q", c.text, at(got.Filetype, i), c.want)
		}
	}
	for i, c := range stackNames {
		if i >= len(got.StackName) || got.StackName[i] != c.want {
			t.Errorf("validate_stack_name(%q) = %v, want %q", c.name, at(got.StackName, i), c.want)
		}
	}
	for i, c := range params {
		if i >= len(got.Parameter) || got.Parameter[i] != c.want {
			t.Errorf("validate_parameter(%v, %q) = %v, want %q", c.c.Param, c.c.Value, at(got.Parameter, i), c.want)
		}
	}
	var settings map[string]any
	if err := json.Unmarshal([]byte(got.SettingsJSON), &settings); err != nil {
		t.Fatalf("settings JSON %q: %v", got.SettingsJSON, err)
	}
	wantSettings := map[string]any{"aws": map[string]any{}, "ignoreRules": []any{}, "security": map[string]any{"enabled": false}}
	if !reflect.DeepEqual(settings, wantSettings) {
		t.Errorf("normalized settings = %s, want objects for aws and a list for ignoreRules", got.SettingsJSON)
	}
	if got.EmptySettingsJSON != "{}" {
		t.Errorf("empty settings encode as %s, want {}", got.EmptySettingsJSON)
	}
	for i, r := range roots {
		if i >= len(got.Root) || got.Root[i] != r.want {
			t.Errorf("root_dir(%s) = %v, want %s", r.file, at(got.Root, i), r.want)
		}
	}
	if want := "stack s: CREATE_COMPLETE - done. Outputs: A=1, B=2"; got.LaunchResult != want {
		t.Errorf("format_launch_result = %q, want %q", got.LaunchResult, want)
	}
}

func at[T any](s []T, i int) any {
	if i < len(s) {
		return s[i]
	}
	return "<missing>"
}

// message is one JSON-RPC message as logged by the fake server.
type message struct {
	ID     json.RawMessage `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
}

func TestPluginWithFakeServer(t *testing.T) {
	requireNvim(t)
	testPlugin(t, "")
}

// TestPluginWithLspconfig repeats the plugin test through nvim-lspconfig
// when CFN_LSP_LSPCONFIG_DIR names a checkout of it (one that supports the
// installed Neovim, e.g. v0.1.3 for Neovim 0.7).
func TestPluginWithLspconfig(t *testing.T) {
	requireNvim(t)
	dir := os.Getenv("CFN_LSP_LSPCONFIG_DIR")
	if dir == "" {
		t.Skip("set CFN_LSP_LSPCONFIG_DIR to an nvim-lspconfig checkout to run this test")
	}
	testPlugin(t, dir)
}

func testPlugin(t *testing.T, lspconfigDir string) {
	dir := testutil.Tree(t, map[string]string{
		"template.yaml":  "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n",
		"plain.yaml":     "apiVersion: v1\nkind: ConfigMap\ndata:\n  Type: x\n",
		"stack.template": "{\n  \"Resources\": {\n    \"T\": { \"Type\": \"AWS::SNS::Topic\" }\n  }\n}\n",
		"other.template": "Resources:\n  T:\n    Type: AWS::SNS::Topic\n",
	})
	log := filepath.Join(dir, "server.log")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Errors                []string         `json:"errors"`
		Notes                 []string         `json:"notes"`
		Inputs                []map[string]any `json:"inputs"`
		Secrets               []map[string]any `json:"secrets"`
		Commands              map[string]bool  `json:"commands"`
		TemplateAttached      bool             `json:"template_attached"`
		PlainFiletype         string           `json:"plain_filetype"`
		PlainAttached         bool             `json:"plain_attached"`
		TemplateFileFiletype  string           `json:"template_file_filetype"`
		TemplateFileAttached  bool             `json:"template_file_attached"`
		OtherTemplateFiletype string           `json:"other_template_filetype"`
		ClientCount           int              `json:"client_count"`
		ViaLspconfig          bool             `json:"via_lspconfig"`
	}
	runNvim(t, "plugin.lua", map[string]string{
		"CFN_TEST_DIR":       dir,
		"CFN_FAKE_SERVER":    self,
		"CFN_TEST_LSPCONFIG": lspconfigDir,
		fakeServerLogEnv:     log,
	}, &got)
	if got.ViaLspconfig != (lspconfigDir != "") {
		t.Errorf("loaded through nvim-lspconfig = %v, want %v", got.ViaLspconfig, lspconfigDir != "")
	}
	if len(got.Errors) > 0 {
		t.Errorf("script errors: %v", got.Errors)
	}
	for _, c := range []string{"launch", "validate", "convert"} {
		if !got.Commands[c] {
			t.Errorf("command for %s not defined", c)
		}
	}
	if !got.TemplateAttached || !got.TemplateFileAttached {
		t.Errorf("template buffers not attached: template.yaml=%v stack.template=%v", got.TemplateAttached, got.TemplateFileAttached)
	}
	if got.PlainFiletype != "yaml" || got.PlainAttached {
		t.Errorf("plain.yaml: filetype %q attached %v, want yaml and not attached", got.PlainFiletype, got.PlainAttached)
	}
	if got.TemplateFileFiletype != "json" || got.OtherTemplateFiletype != "yaml" {
		t.Errorf("*.template filetypes = %q, %q; want json, yaml", got.TemplateFileFiletype, got.OtherTemplateFiletype)
	}
	if got.ClientCount != 1 {
		t.Errorf("%d clients running, want one shared client", got.ClientCount)
	}

	wantInputs := []map[string]any{
		{"prompt": "Stack name: ", "default": "fake-stack"},
		{"prompt": "Env (String) [dev|prod]: ", "default": "dev"},
		{"prompt": "Count (Number): ", "default": "1"},
	}
	if !reflect.DeepEqual(got.Inputs, wantInputs) {
		t.Errorf("input prompts = %v, want %v", got.Inputs, wantInputs)
	}
	if want := []map[string]any{
		{"prompt": "Password (String): ", "default": ""},
		{"prompt": "Token (String) (empty: keep the saved value): ", "default": ""},
	}; !reflect.DeepEqual(got.Secrets, want) {
		t.Errorf("secret prompts = %v, want %v", got.Secrets, want)
	}
	for _, note := range []string{
		"cfn-lsp: stack my-stack: CREATE_COMPLETE. Outputs: Url=http://example.test",
		"cfn-lsp: fake: invalid",
		"cfn-lsp: no cfn-lsp server is attached to this buffer",
	} {
		if !contains(got.Notes, note) {
			t.Errorf("missing notification %q in %q", note, got.Notes)
		}
	}

	msgs := readLog(t, log)
	settings := `{"aws":{"region":"eu-west-1"},"ignoreRules":["E3012"],"security":{"failAsError":true}}`
	init := find(msgs, "initialize")
	if len(init) != 1 {
		t.Fatalf("got %d initialize requests", len(init))
	}
	var initParams struct {
		InitializationOptions json.RawMessage `json:"initializationOptions"`
	}
	mustUnmarshal(t, init[0].Params, &initParams)
	assertJSON(t, "initializationOptions", initParams.InitializationOptions, settings)

	configReply := findResult(msgs, `"cfg-1"`)
	assertJSON(t, "workspace/configuration reply", configReply, `[`+settings+`,"eu-west-1",null]`)

	changes := find(msgs, "workspace/didChangeConfiguration")
	if len(changes) != 2 {
		t.Fatalf("got %d didChangeConfiguration, want 2 (on init and on update)", len(changes))
	}
	assertJSON(t, "initial didChangeConfiguration", changes[0].Params, `{"settings":{"cfn-lsp":`+settings+`}}`)
	assertJSON(t, "updated didChangeConfiguration", changes[1].Params,
		`{"settings":{"cfn-lsp":{"aws":{"region":"eu-west-1"},"ignoreRules":["E3012"],"security":{"failAsError":true},"validate":{"onChange":false}}}}`)

	var opened []string
	for _, m := range find(msgs, "textDocument/didOpen") {
		var p struct {
			TextDocument struct{ URI, LanguageID string } `json:"textDocument"`
		}
		mustUnmarshal(t, m.Params, &p)
		opened = append(opened, filepath.Base(p.TextDocument.URI)+":"+p.TextDocument.LanguageID)
	}
	if want := []string{"template.yaml:yaml", "stack.template:json", "other.template:yaml"}; !reflect.DeepEqual(opened, want) {
		t.Errorf("didOpen = %v, want %v", opened, want)
	}

	uri := "file://" + filepath.Join(dir, "template.yaml")
	var commands []string
	for _, m := range find(msgs, "workspace/executeCommand") {
		commands = append(commands, string(compact(t, m.Params)))
	}
	want := []string{
		`{"arguments":[{"uri":"` + uri + `"}],"command":"cfn-lsp.stackParameters"}`,
		`{"arguments":[{"parameters":{"Count":"1","Env":"prod","Password":"hunter2"},"region":"eu-west-1","stackName":"my-stack","uri":"` + uri + `"}],"command":"cfn-lsp.launchStack"}`,
		`{"arguments":[{"uri":"` + uri + `"}],"command":"cfn-lsp.validateTemplate"}`,
		`{"arguments":[{"newDocument":true,"uri":"` + uri + `"}],"command":"cfn-lsp.convertToJSON"}`,
	}
	if !reflect.DeepEqual(commands, want) {
		t.Errorf("executeCommand requests:\n got %s\nwant %s", strings.Join(commands, "\n     "), strings.Join(want, "\n     "))
	}
	if len(find(msgs, "shutdown")) != 1 {
		t.Errorf("client did not shut the server down")
	}
}

// buildServer builds cfn-lsp from this checkout.
func buildServer(t *testing.T) string {
	t.Helper()
	root := moduleRoot(t)
	trackInputs(t, root)
	bin := filepath.Join(t.TempDir(), "cfn-lsp")
	build := exec.Command("go", "build", "-o", bin, "./cmd/cfn-lsp")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building cfn-lsp: %v\n%s", err, out)
	}
	return bin
}

func TestEndToEnd(t *testing.T) {
	requireNvim(t)
	bin := buildServer(t)
	dir := testutil.Tree(t, map[string]string{
		"broken.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      NoSuchProperty: 1
  Queue:
    Type: 
  Other:
    Type: AWS::S3::Bu
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Join ["-", [a, b]]
`,
		"syntax.yaml":   "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n   Properties: [unclosed\n",
		"complete.yaml": "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Fn:\n    Type: AWS::Lambda::Func\n  B:\n    Type: AWS::S3::\n",
		"lens.yaml":     "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n",
		"convert.yaml":  "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n",
	})
	var got struct {
		Errors            []string `json:"errors"`
		Attached          bool     `json:"attached"`
		Diagnostics       []diag   `json:"diagnostics"`
		SyntaxDiagnostics []diag   `json:"syntax_diagnostics"`
		CompletionEmpty   []string `json:"completion_empty"`
		CompletionPrefix  []string `json:"completion_prefix"`
		CodeActions       []string `json:"code_actions"`
		Hover             string   `json:"hover"`
		Signature         string   `json:"signature"`
		SignatureActive   string   `json:"signature_active"`
		Omnifunc          string   `json:"omnifunc"`
		OmniS3            []string `json:"omni_s3"`
		InsertedLines     []string `json:"inserted_lines"`
		Cursor            []int    `json:"cursor"`
		Lenses            []string `json:"lenses"`
		LensesAfterChange []string `json:"lenses_after_change"`
		Mermaid           []string `json:"mermaid"`
		GraphOpened       string   `json:"graph_opened"`
		SVG               string   `json:"svg"`
		Converted         struct {
			Name     string   `json:"name"`
			Filetype string   `json:"filetype"`
			Lines    []string `json:"lines"`
			Original []string `json:"original"`
		} `json:"converted"`
		ConvertedBack struct {
			SameAsOriginal   bool     `json:"same_as_original"`
			Filetype         string   `json:"filetype"`
			Lines            []string `json:"lines"`
			OriginalKept     bool     `json:"original_kept"`
			OriginalModified bool     `json:"original_modified"`
		} `json:"converted_back"`
	}
	runNvim(t, "e2e.lua", map[string]string{"CFN_TEST_DIR": dir, "CFN_LSP_BIN": bin, "CFN_LSP_GRAPHVIZ": buildGraphviz(t), "XDG_CACHE_HOME": t.TempDir()}, &got)
	if len(got.Errors) > 0 {
		t.Errorf("script errors: %v", got.Errors)
	}
	if !got.Attached {
		t.Fatal("cfn-lsp did not attach to broken.yaml")
	}
	if !hasDiagOnLine(got.Diagnostics, 5) {
		t.Errorf("no diagnostic for the unknown property on line 6; got %+v", got.Diagnostics)
	}
	if len(got.SyntaxDiagnostics) == 0 {
		t.Errorf("no diagnostic for the YAML syntax error")
	}
	if n := countPrefix(got.CompletionEmpty, "AWS::"); n == 0 {
		t.Errorf("completion after `Type: ` has no AWS:: resource types: %v", head(got.CompletionEmpty))
	}
	if !contains(got.CompletionEmpty, "AWS::S3::Bucket") && !contains(got.CompletionPrefix, "AWS::S3::Bucket") {
		t.Errorf("AWS::S3::Bucket not offered; after `Type: `: %v; after `AWS::S3::Bu`: %v", head(got.CompletionEmpty), head(got.CompletionPrefix))
	}
	if !strings.Contains(got.Hover, "AWS::SNS::Topic") {
		t.Errorf("hover on the SNS type: %q", got.Hover)
	}
	if got.Signature != "!Join [delimiter, [value, ...]]" || got.SignatureActive != "[value, ...]" {
		t.Errorf("signature help in !Join's list: %q, active %q", got.Signature, got.SignatureActive)
	}
	if len(got.CodeActions) == 0 {
		t.Errorf("no code actions")
	} else if !containsFold(got.CodeActions, "convert to json") {
		t.Errorf("code actions %q lack Convert to JSON", got.CodeActions)
	}

	// <C-x><C-o>: the plugin's omnifunc, in the server's order.
	if got.Omnifunc != "v:lua.require'cfn_lsp'.omnifunc" {
		t.Errorf("omnifunc = %q", got.Omnifunc)
	}
	if len(got.OmniS3) < 2 || got.OmniS3[0] != "AWS::S3::Bucket" || got.OmniS3[1] != "AWS::S3::BucketPolicy" {
		t.Errorf("<C-x><C-o> after `Type: AWS::S3::` offers %v; want AWS::S3::Bucket, AWS::S3::BucketPolicy first", head(got.OmniS3))
	}
	// Without snippet support, a resource type with its required properties
	// goes in as several lines, indented, no NUL and no tab-stop markers.
	want := []string{"    Type: AWS::Lambda::Function", "    Properties:", "      Code:", "        ", "      Role: ", "  B:"}
	if !reflect.DeepEqual(got.InsertedLines, want) {
		t.Errorf("after accepting AWS::Lambda::Function:\n got %q\nwant %q", got.InsertedLines, want)
	}
	if len(got.Cursor) != 2 || got.Cursor[0] != 8 || got.Cursor[1] != len("      Role: ") {
		t.Errorf("cursor after the insert at %v, want at the end of line 8 (Role)", got.Cursor)
	}

	// Code lenses on attach, and gone once an edit makes the buffer no
	// template (refreshed on InsertLeave; TextChanged and BufEnter too).
	if !reflect.DeepEqual(got.Lenses, []string{"Launch stack", "Validate"}) {
		t.Errorf("code lenses on attach: %v", got.Lenses)
	}
	if len(got.LensesAfterChange) != 0 {
		t.Errorf("code lenses after the change: %v", got.LensesAfterChange)
	}

	// :CfnConvert opens the JSON beside the YAML, in a new buffer.
	c := got.Converted
	if filepath.Base(c.Name) != "convert.json" || c.Filetype != "json" || len(c.Lines) == 0 || c.Lines[0] != "{" ||
		len(c.Original) == 0 || c.Original[0] != "AWSTemplateFormatVersion: \"2010-09-09\"" {
		t.Errorf(":CfnConvert: %+v", c)
	}
	if _, err := os.Stat(filepath.Join(dir, "convert.json")); err == nil {
		t.Errorf(":CfnConvert wrote convert.json; it should only open a buffer")
	}
	// Converting the result back must not overwrite the original's buffer,
	// whose name the YAML result would take.
	if b := got.ConvertedBack; b.SameAsOriginal || !b.OriginalKept || b.OriginalModified ||
		b.Filetype != "yaml" || len(b.Lines) == 0 || !strings.HasPrefix(b.Lines[0], "AWSTemplateFormatVersion:") {
		t.Errorf(":CfnConvert of the converted buffer: %+v", b)
	}

	// :CfnGraph: Mermaid in a buffer, SVG written and opened.
	if len(got.Mermaid) < 3 || got.Mermaid[0] != "flowchart TB" || !slices.Contains(got.Mermaid, `    n0("Q<br/>AWS::SQS::Queue")`) {
		t.Errorf(":CfnGraph mermaid: %q", got.Mermaid)
	}
	if filepath.Base(got.GraphOpened) != "convert.svg" || !strings.Contains(got.SVG, "<svg") || !strings.Contains(got.SVG, "<title>res:Q</title>") {
		t.Errorf(":CfnGraph opened %q holding %.200q", got.GraphOpened, got.SVG)
	}
}

// buildGraphviz builds cfn-lsp-graphviz, which draws the SVG.
func buildGraphviz(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "cfn-lsp-graphviz")
	build := exec.Command("go", "build", "-o", bin, "./cmd/cfn-lsp-graphviz")
	build.Dir = moduleRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building cfn-lsp-graphviz: %v\n%s", err, out)
	}
	return bin
}

// TestEndToEndLaunch launches a stack from Neovim against moto_server and
// checks that the server's progress reaches the user: a notification per
// stage, and the statusline function while it runs.
func TestEndToEndLaunch(t *testing.T) {
	requireNvim(t)
	moto := deploytest.Shared(t)
	bin := buildServer(t)
	dir := testutil.Tree(t, map[string]string{
		"queue.yaml": "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n",
	})
	var got struct {
		Errors     []string       `json:"errors"`
		Result     map[string]any `json:"result"`
		Notes      []string       `json:"notes"`
		Statusline []string       `json:"statusline"`
	}
	runNvim(t, "e2e_launch.lua", map[string]string{
		"CFN_TEST_DIR": dir, "CFN_LSP_BIN": bin, "CFN_MOTO_URL": moto.URL,
		"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": deploytest.Region,
		"AWS_CONFIG_FILE": filepath.Join(dir, "none"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "none"),
	}, &got)
	if len(got.Errors) > 0 {
		t.Errorf("script errors: %v", got.Errors)
	}
	if got.Result["status"] != "CREATE_COMPLETE" {
		t.Errorf("launch result: %v", got.Result)
	}
	var stages []string
	for _, n := range got.Notes {
		if strings.HasPrefix(n, "cfn-lsp: Launching stack nvim-e2e") {
			stages = append(stages, n)
		}
	}
	if len(stages) < 3 || !strings.Contains(stages[len(stages)-1], "CREATE_COMPLETE") {
		t.Errorf("progress notifications: %q (all: %q)", stages, got.Notes)
	}
	if len(got.Statusline) == 0 || !strings.HasPrefix(got.Statusline[0], "Launching stack nvim-e2e") {
		t.Errorf("statusline while launching: %q", got.Statusline)
	}
}

type diag struct {
	Line     int    `json:"line"`
	Message  string `json:"message"`
	Severity int    `json:"severity"`
}

func hasDiagOnLine(ds []diag, line int) bool {
	for _, d := range ds {
		if d.Line == line {
			return true
		}
	}
	return false
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	dir := pluginDir(t)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func containsFold(list []string, sub string) bool {
	for _, v := range list {
		if strings.Contains(strings.ToLower(v), sub) {
			return true
		}
	}
	return false
}

func countPrefix(list []string, prefix string) int {
	n := 0
	for _, v := range list {
		if strings.HasPrefix(v, prefix) {
			n++
		}
	}
	return n
}

func head(list []string) []string {
	if len(list) > 20 {
		return list[:20]
	}
	return list
}

func mustUnmarshal(t *testing.T, data json.RawMessage, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("decoding %s: %v", data, err)
	}
}

// compact re-encodes JSON with sorted keys so it compares as text.
func compact(t *testing.T, data json.RawMessage) []byte {
	t.Helper()
	var v any
	mustUnmarshal(t, data, &v)
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func assertJSON(t *testing.T, what string, got json.RawMessage, want string) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: missing, want %s", what, want)
		return
	}
	var g, w any
	mustUnmarshal(t, got, &g)
	mustUnmarshal(t, json.RawMessage(want), &w)
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

func readLog(t *testing.T, path string) []message {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("fake server log: %v", err)
	}
	var msgs []message
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var m message
		mustUnmarshal(t, json.RawMessage(line), &m)
		msgs = append(msgs, m)
	}
	return msgs
}

func find(msgs []message, method string) []message {
	var out []message
	for _, m := range msgs {
		if m.Method == method {
			out = append(out, m)
		}
	}
	return out
}

func findResult(msgs []message, id string) json.RawMessage {
	for _, m := range msgs {
		if m.Method == "" && string(m.ID) == id {
			return m.Result
		}
	}
	return nil
}

// Fake language server -------------------------------------------------

// runFakeServer speaks just enough LSP over in/out for the plugin test and
// appends every message it receives to logPath, one JSON object per line.
func runFakeServer(logPath string, in io.Reader, out io.Writer) int {
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer logFile.Close()
	var mu sync.Mutex
	send := func(v any) {
		data, _ := json.Marshal(v)
		mu.Lock()
		defer mu.Unlock()
		jsonrpc.WriteFrame(out, data)
	}
	reply := func(id json.RawMessage, result any) {
		send(map[string]any{"jsonrpc": "2.0", "id": id, "result": result})
	}
	r := bufio.NewReader(in)
	for {
		body, err := jsonrpc.ReadFrame(r)
		if err != nil {
			return 0
		}
		logFile.Write(append(body, '\n'))
		var m message
		if json.Unmarshal(body, &m) != nil {
			continue
		}
		switch m.Method {
		case "initialize":
			reply(m.ID, map[string]any{"capabilities": map[string]any{
				"textDocumentSync": 1,
				"executeCommandProvider": map[string]any{"commands": []string{
					"cfn-lsp.stackParameters", "cfn-lsp.launchStack", "cfn-lsp.validateTemplate",
					"cfn-lsp.convertToYAML", "cfn-lsp.convertToJSON",
				}},
			}})
		case "initialized":
			send(map[string]any{"jsonrpc": "2.0", "id": "cfg-1", "method": "workspace/configuration",
				"params": map[string]any{"items": []map[string]string{
					{"section": "cfn-lsp"}, {"section": "cfn-lsp.aws.region"}, {"section": "cfn-lsp.nope"},
				}}})
		case "workspace/executeCommand":
			var p struct {
				Command   string           `json:"command"`
				Arguments []map[string]any `json:"arguments"`
			}
			json.Unmarshal(m.Params, &p)
			switch p.Command {
			case "cfn-lsp.stackParameters":
				reply(m.ID, map[string]any{"stackName": "fake-stack", "parameters": []map[string]any{
					{"name": "Env", "type": "String", "default": "dev", "noEcho": false, "allowedValues": []string{"dev", "prod"}},
					{"name": "Password", "type": "String", "noEcho": true},
					{"name": "Token", "type": "String", "noEcho": true, "hasValue": true},
					{"name": "Count", "type": "Number", "default": "1", "noEcho": false},
				}})
			case "cfn-lsp.launchStack":
				name := ""
				if len(p.Arguments) > 0 {
					name, _ = p.Arguments[0]["stackName"].(string)
				}
				reply(m.ID, map[string]any{"stackName": name, "status": "CREATE_COMPLETE",
					"outputs": map[string]string{"Url": "http://example.test"}})
			case "cfn-lsp.validateTemplate":
				reply(m.ID, map[string]any{"valid": false, "message": "fake: invalid"})
			default:
				reply(m.ID, nil)
			}
		case "exit":
			return 0
		default:
			if m.ID != nil && m.Method != "" {
				reply(m.ID, nil)
			}
		}
	}
}
