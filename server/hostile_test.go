package server

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/fileio/fileiotest"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// Files cfn-lsp did not open itself may be anything: a FIFO (opening it blocks),
// a symlink to /dev/zero (it never ends). Each place the server reads such a
// file refuses them at once and keeps serving; every wait below is bounded
// (waitTimeout), so that a hang fails the test.

// initializeIn initializes the session with dir as its workspace folder.
func (c *testClient) initializeIn(dir string, initOptions any) {
	c.t.Helper()
	c.result("initialize", map[string]any{
		"processId": 1, "initializationOptions": initOptions, "capabilities": map[string]any{},
		"workspaceFolders": []any{map[string]any{"uri": fileURI(dir), "name": "ws"}},
	}, nil)
	c.notify("initialized", map[string]any{})
}

// published waits for diagnostics of every uri, then reads on for a moment:
// it returns each document's last diagnostics and every message shown.
func (c *testClient) published(uris ...string) (map[string]publishedDiagnostics, []string) {
	c.t.Helper()
	got := map[string]publishedDiagnostics{}
	var shown []string
	deadline := time.After(waitTimeout)
	var quiet <-chan time.Time
	for {
		select {
		case m := <-c.notes:
			switch m.Method {
			case "window/showMessage":
				var p struct{ Message string }
				json.Unmarshal(m.Params, &p)
				shown = append(shown, p.Message)
			case "textDocument/publishDiagnostics":
				var p publishedDiagnostics
				json.Unmarshal(m.Params, &p)
				got[p.URI] = p
			}
			if quiet == nil && len(got) == len(uris) {
				quiet = time.After(300 * time.Millisecond)
			}
		case <-quiet:
			return got, shown
		case <-deadline:
			c.t.Fatalf("diagnostics of %d documents, want %d", len(got), len(uris))
		}
	}
}

const exportingYAML = `Resources:
  Queue:
    Type: AWS::SQS::Queue
Outputs:
  QueueArn:
    Value: !GetAtt Queue.Arn
    Export:
      Name: shared-queue
`

// Go to definition of an ImportValue and references of an Export read the
// templates in the document's folder: a FIFO and a /dev/zero symlink there are
// passed over, the real sibling found.
func TestSiblingTemplatesHostileFiles(t *testing.T) {
	dir := t.TempDir()
	fileiotest.FIFO(t, dir, "pipe.yaml")
	fileiotest.DevZero(t, dir, "zero.yaml")
	importing := "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !ImportValue shared-queue\n"
	testutil.WriteFile(t, filepath.Join(dir, "user.yaml"), importing)
	testutil.WriteFile(t, filepath.Join(dir, "exporter.yaml"), exportingYAML)
	c := newTestClient(t, Options{})
	c.initializeIn(dir, noSecurity)

	main := string(fileURI(filepath.Join(dir, "exporter.yaml")))
	c.open(main, exportingYAML)
	var refs []struct{ URI string }
	c.result("textDocument/references", map[string]any{"textDocument": map[string]any{"uri": main},
		"position": map[string]int{"line": 7, "character": 14}, "context": map[string]bool{"includeDeclaration": false}}, &refs)
	if len(refs) != 1 || !strings.HasSuffix(refs[0].URI, "/user.yaml") {
		t.Errorf("references of the export: %+v, want the import in user.yaml", refs)
	}

	user := string(fileURI(filepath.Join(dir, "user.yaml")))
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": main}})
	c.open(user, importing)
	var defs []struct{ URI string }
	c.result("textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": user},
		"position": map[string]int{"line": 4, "character": 32}}, &defs)
	if len(defs) != 1 || !strings.HasSuffix(defs[0].URI, "/exporter.yaml") {
		t.Errorf("definition of the import: %+v, want the export in exporter.yaml", defs)
	}
}

// A rulesDir holding a FIFO and a /dev/zero symlink: diagnostics are still
// published, with the good file's findings, and the two files are named to the
// user once.
func TestRulesDirHostileFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := fileiotest.FIFO(t, dir, "pipe.yaml")
	zero := fileiotest.DevZero(t, dir, "zero.yaml")
	testutil.WriteFile(t, filepath.Join(dir, "good.yaml"), "rules:\n  - id: ORG-1\n    resource: AWS::S3::Bucket\n    path: VersioningConfiguration.Status\n    condition: {equals: Enabled}\n    message: versioning\n")
	c := newInitializedClient(t, Options{}, map[string]any{"rulesDir": dir, "security": map[string]any{"enabled": false}})
	uri := "file:///tmp/rules.yaml"
	c.open(uri, "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n")
	got, shown := c.published(uri)
	if d := got[uri]; len(d.Diagnostics) != 1 || d.Diagnostics[0].Code != "ORG-1" {
		t.Errorf("diagnostics %+v, want the good rules file's finding", d.Diagnostics)
	}
	if len(shown) != 1 || !strings.Contains(shown[0], fifo) || !strings.Contains(shown[0], zero) {
		t.Errorf("shown %q, want one message naming %s and %s", shown, fifo, zero)
	}
}

// A spec setting naming a FIFO, a /dev/zero symlink or a missing file: the user
// is told once, with the spec checked with instead, and diagnostics still come.
func TestSpecSettingHostileFiles(t *testing.T) {
	t.Setenv(schema.CacheDirEnv, t.TempDir()) // no cached spec: the embedded one is the fallback
	dir := t.TempDir()
	for _, path := range []string{fileiotest.FIFO(t, dir, "pipe.json"), fileiotest.DevZero(t, dir, "zero.json"), filepath.Join(dir, "missing.json")} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			c := newInitializedClient(t, Options{}, map[string]any{"spec": path, "security": map[string]any{"enabled": false}})
			uri := "file:///tmp/spec.yaml"
			c.open(uri, "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Nope: 1\n")
			c.open("file:///tmp/spec2.yaml", "Resources: {}\n")
			got, shown := c.published(uri, "file:///tmp/spec2.yaml")
			if d := got[uri]; len(d.Diagnostics) != 1 {
				t.Errorf("diagnostics %+v, want the unknown property checked with the embedded spec", d.Diagnostics)
			}
			if len(shown) != 1 || !strings.Contains(shown[0], path) || !strings.Contains(shown[0], "embedded default spec instead") {
				t.Errorf("shown %q, want one message naming %s and the spec used instead", shown, path)
			}
		})
	}
}

// A command reads an unopened template by its URI: only a template file in a
// workspace folder, and the parameters file beside it through the same reader.
func TestCommandURIHostileFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := fileiotest.FIFO(t, dir, "pipe.yaml")
	zero := fileiotest.DevZero(t, dir, "zero.yaml")
	for _, name := range []string{"fifo-params.yaml", "zero-params.yaml"} {
		testutil.WriteFile(t, filepath.Join(dir, name), "Parameters:\n  Env:\n    Type: String\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n")
	}
	fileiotest.FIFO(t, dir, "fifo-params.yaml.params.json")
	fileiotest.DevZero(t, dir, "zero-params.yaml.params.json")
	testutil.WriteFile(t, filepath.Join(dir, "notes.txt"), "Resources: {}\n")
	c := newTestClient(t, Options{})
	c.initializeIn(dir, nil)
	for _, tt := range []struct {
		command, path string
		code          int
		want          string // in the error message
	}{
		{CmdValidateTemplate, "/etc/passwd", -32602, "in a workspace folder"},
		{CmdLaunchStack, "/etc/passwd", -32602, "in a workspace folder"},
		{CmdStackParameters, filepath.Join(dir, "notes.txt"), -32602, "in a workspace folder"},
		{CmdStackParameters, fifo, -32603, "not a regular file"},
		{CmdValidateTemplate, zero, -32602, "in a workspace folder"}, // its target, /dev/zero, is not
		{CmdStackParameters, filepath.Join(dir, "fifo-params.yaml"), -32603, "not a regular file"},
		{CmdStackParameters, filepath.Join(dir, "zero-params.yaml"), -32603, "not a regular file"},
	} {
		m := c.call("workspace/executeCommand", map[string]any{"command": tt.command, "arguments": []any{map[string]any{"uri": fileURI(tt.path)}}})
		if m.Error == nil || m.Error.Code != tt.code || !strings.Contains(m.Error.Message, tt.want) {
			t.Errorf("%s %s: %+v, want error %d saying %q", tt.command, tt.path, m.Error, tt.code, tt.want)
		}
	}
}

// The workspace folders follow workspace/didChangeWorkspaceFolders.
func TestCommandURIFollowsWorkspaceFolders(t *testing.T) {
	dir, other := t.TempDir(), t.TempDir()
	path := filepath.Join(other, "t.yaml")
	testutil.WriteFile(t, path, "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n")
	c := newTestClient(t, Options{})
	c.initializeIn(dir, nil)
	params := func() *struct{ Code int } {
		m := c.call("workspace/executeCommand", map[string]any{"command": CmdStackParameters, "arguments": []any{map[string]any{"uri": fileURI(path)}}})
		if m.Error == nil {
			return nil
		}
		return &struct{ Code int }{m.Error.Code}
	}
	folders := func(added, removed string) {
		event := map[string]any{"added": []any{}, "removed": []any{}}
		for key, d := range map[string]string{"added": added, "removed": removed} {
			if d != "" {
				event[key] = []any{map[string]any{"uri": fileURI(d), "name": "x"}}
			}
		}
		c.notify("workspace/didChangeWorkspaceFolders", map[string]any{"event": event})
	}
	if e := params(); e == nil || e.Code != -32602 {
		t.Fatalf("outside the workspace: %+v, want refused", e)
	}
	folders(other, "")
	if e := params(); e != nil {
		t.Fatalf("in an added folder: error %+v", e)
	}
	folders("", other)
	if e := params(); e == nil {
		t.Fatal("in a removed folder: read")
	}
}

// A client that sends no workspace folders names its root by rootUri.
func TestCommandURIUnderRootURI(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "t.yaml")
	testutil.WriteFile(t, path, "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n")
	c := newTestClient(t, Options{})
	c.result("initialize", map[string]any{"capabilities": map[string]any{}, "rootUri": fileURI(dir)}, nil)
	c.notify("initialized", map[string]any{})
	var res stackParamsResult
	c.result("workspace/executeCommand", map[string]any{"command": CmdStackParameters, "arguments": []any{map[string]any{"uri": fileURI(path)}}}, &res)
	if res.StackName != "t" {
		t.Errorf("stackParameters under rootUri: %+v", res)
	}
}
