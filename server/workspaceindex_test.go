package server

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

// The testdata workspace: network.yaml exports, app-web.yaml and app-api.yaml
// import (and both export apps-AlarmTopic), parent.yaml nests child.yaml.
const workspaceDir = "../testdata/workspace"

// awaitCodes reads published diagnostics until want holds for the latest
// codes of each document (by file name), failing after waitTimeout.
func (c *testClient) awaitCodes(want func(codes map[string][]string) bool) map[string][]string {
	c.t.Helper()
	codes := map[string][]string{}
	deadline := time.After(waitTimeout)
	for !want(codes) {
		select {
		case m := <-c.notes:
			if m.Method != "textDocument/publishDiagnostics" {
				continue
			}
			var p publishedDiagnostics
			json.Unmarshal(m.Params, &p)
			var cs []string
			for _, d := range p.Diagnostics {
				if d.Source == "cfn-lsp" {
					cs = append(cs, fmt.Sprintf("%d:%s", d.Range.Start.Line+1, d.Code))
				}
			}
			sort.Strings(cs)
			codes[filepath.Base(p.URI)] = cs
		case <-deadline:
			c.t.Fatalf("diagnostics never reached what the test waits for; last: %v", codes)
		}
	}
	return codes
}

func hasCodes(got []string, want ...string) bool {
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	return true
}

// workspaceClient starts a session on a copy of the testdata workspace (the
// test edits files) with the given client capabilities, and opens files.
func workspaceClient(t *testing.T, caps map[string]any, onRequest func(string, json.RawMessage) any, open ...string) (*testClient, string) {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(workspaceDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(workspaceDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		testutil.WriteFile(t, filepath.Join(dir, e.Name()), string(b))
	}
	c := newTestClient(t, Options{})
	c.onRequest = onRequest
	c.result("initialize", map[string]any{
		"processId": 1, "capabilities": caps,
		"workspaceFolders": []any{map[string]any{"uri": fileURI(dir), "name": "ws"}},
	}, nil)
	c.notify("initialized", map[string]any{})
	for _, name := range open {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		c.open(wsURI(dir, name), string(b))
	}
	return c, dir
}

func wsURI(dir, name string) string { return string(fileURI(filepath.Join(dir, name))) }

func locs(ls []protocol.Location) []string {
	var out []string
	for _, l := range ls {
		out = append(out, fmt.Sprintf("%s:%d:%d", filepath.Base(string(l.URI)), l.Range.Start.Line+1, l.Range.Start.Character+1))
	}
	sort.Strings(out)
	return out
}

func TestWorkspaceAcrossFiles(t *testing.T) {
	var mu sync.Mutex
	var registered []string
	caps := map[string]any{"workspace": map[string]any{
		"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true},
		"workspaceEdit":         map[string]any{"documentChanges": true, "changeAnnotationSupport": map[string]any{}},
	}}
	c, dir := workspaceClient(t, caps, func(method string, params json.RawMessage) any {
		mu.Lock()
		defer mu.Unlock()
		registered = append(registered, method+" "+string(params))
		return nil
	}, "network.yaml", "app-web.yaml", "app-api.yaml", "parent.yaml")

	// The four diagnostics, once the index has read the workspace.
	c.awaitCodes(func(codes map[string][]string) bool {
		return hasCodes(codes["network.yaml"], "34:I6203") &&
			hasCodes(codes["app-web.yaml"], "30:E6201") &&
			hasCodes(codes["app-api.yaml"], "21:I6202", "28:E6201") &&
			hasCodes(codes["parent.yaml"], "8:E3043", "12:E3043", "18:E1010")
	})
	mu.Lock()
	if len(registered) != 1 || !strings.Contains(registered[0], "workspace/didChangeWatchedFiles") || !strings.Contains(registered[0], `**/*.yaml`) {
		t.Errorf("file watchers: %q", registered)
	}
	mu.Unlock()

	web, network, parent := wsURI(dir, "app-web.yaml"), wsURI(dir, "network.yaml"), wsURI(dir, "parent.yaml")
	var got []protocol.Location
	c.result("textDocument/definition", docPos(web, 11, 30), &got)
	if l := locs(got); !slices.Equal(l, []string{"network.yaml:24:13"}) {
		t.Errorf("definition of an import: %v", l)
	}
	c.result("textDocument/definition", docPos(parent, 14, 40), &got)
	if l := locs(got); !slices.Equal(l, []string{"child.yaml:17:3"}) {
		t.Errorf("definition of a child's output: %v", l)
	}
	c.result("textDocument/references", map[string]any{"textDocument": map[string]any{"uri": network},
		"position": pos(23, 14), "context": map[string]any{"includeDeclaration": true}}, &got)
	if l := locs(got); !slices.Equal(l, []string{"app-api.yaml:12:27", "app-web.yaml:12:27", "network.yaml:24:13", "parent.yaml:9:29"}) {
		t.Errorf("references of an export: %v", l)
	}

	var hover protocol.Hover
	c.result("textDocument/hover", docPos(web, 11, 30), &hover)
	if !strings.Contains(hover.Contents.Value, "Exported by `network.yaml` (output `VpcId`): `!Ref Vpc` — The VPC") {
		t.Errorf("hover of an import: %q", hover.Contents.Value)
	}

	var syms []protocol.SymbolInformation
	c.result("workspace/symbol", map[string]any{"query": "AlarmTopic"}, &syms)
	var names []string
	for _, s := range syms {
		names = append(names, filepath.Base(string(s.Location.URI))+" "+s.Name)
	}
	if !slices.Equal(names, []string{"app-api.yaml AlarmTopic", "app-web.yaml AlarmTopic", "app-api.yaml apps-AlarmTopic", "app-web.yaml apps-AlarmTopic"}) {
		t.Errorf("workspace symbols: %q", names)
	}

	// Rename the export from an import: every literal use, marked for confirmation.
	var rng protocol.Range
	c.result("textDocument/prepareRename", docPos(web, 11, 30), &rng)
	if rng.Start != (protocol.Position{Line: 11, Character: 26}) || rng.End.Character != 39 {
		t.Errorf("prepareRename of an import: %+v", rng)
	}
	var edit annotatedWorkspaceEdit
	c.result("textDocument/rename", map[string]any{"textDocument": map[string]any{"uri": web},
		"position": pos(11, 30), "newName": "core-VpcId"}, &edit)
	var files []string
	for _, dc := range edit.DocumentChanges {
		for _, e := range dc.Edits {
			if e.NewText != "core-VpcId" || e.AnnotationID == "" {
				t.Errorf("edit: %+v", e)
			}
		}
		v := "closed"
		if dc.TextDocument.Version != nil {
			v = fmt.Sprint(*dc.TextDocument.Version)
		}
		files = append(files, fmt.Sprintf("%s@%s:%d", filepath.Base(string(dc.TextDocument.URI)), v, len(dc.Edits)))
	}
	if !slices.Equal(files, []string{"app-api.yaml@1:1", "app-web.yaml@1:1", "network.yaml@1:1", "parent.yaml@1:1"}) {
		t.Errorf("rename touches %q", files)
	}
	for _, a := range edit.ChangeAnnotations {
		if !a.NeedsConfirmation || a.Label != `Rename export "network-VpcId" to "core-VpcId"` ||
			a.Description != "4 templates: app-api.yaml, app-web.yaml, network.yaml, parent.yaml" {
			t.Errorf("annotation: %+v", a)
		}
	}

	// Editing the open child: its current text, not the disk's, is what the
	// parent's E3043 reads, and the parent is analysed again.
	child := wsURI(dir, "child.yaml")
	b, _ := os.ReadFile(filepath.Join(dir, "child.yaml"))
	c.open(child, string(b))
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": child, "version": 2},
		"contentChanges": []any{map[string]any{"text": strings.ReplaceAll(string(b), "Size", "QueueSize")}}})
	c.awaitCodes(func(codes map[string][]string) bool {
		return !hasCodes(codes["parent.yaml"], "8:E3043") && !hasCodes(codes["parent.yaml"], "12:E3043") && len(codes["parent.yaml"]) > 0
	})

	// A file created on disk, reported by the watcher, is indexed: it exports
	// what app-api imports.
	testutil.WriteFile(t, filepath.Join(dir, "shared.yaml"), "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.1.0.0/16\nOutputs:\n  Id:\n    Value: !Ref Vpc\n    Export:\n      Name: shared-CertificateVpc\n")
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{
		map[string]any{"uri": wsURI(dir, "shared.yaml"), "type": 1}}})
	c.awaitCodes(func(codes map[string][]string) bool {
		return codes["app-api.yaml"] != nil && !hasCodes(codes["app-api.yaml"], "21:I6202")
	})
}

// A client without change annotations is asked before an export is renamed.
func TestRenameExportAsks(t *testing.T) {
	var mu sync.Mutex
	var asked []string
	answer := "Rename"
	c, dir := workspaceClient(t, map[string]any{}, func(method string, params json.RawMessage) any {
		if method != "window/showMessageRequest" {
			return nil
		}
		var p protocol.ShowMessageRequestParams
		json.Unmarshal(params, &p)
		mu.Lock()
		defer mu.Unlock()
		asked = append(asked, p.Message)
		return map[string]any{"title": answer}
	}, "network.yaml")
	network := wsURI(dir, "network.yaml")
	c.awaitCodes(func(codes map[string][]string) bool { return hasCodes(codes["network.yaml"], "34:I6203") })
	var we protocol.WorkspaceEdit
	c.result("textDocument/rename", map[string]any{"textDocument": map[string]any{"uri": network},
		"position": pos(23, 14), "newName": "core-VpcId"}, &we)
	var files []string
	for u, es := range we.Changes {
		files = append(files, fmt.Sprintf("%s:%d", filepath.Base(string(u)), len(es)))
	}
	sort.Strings(files)
	if !slices.Equal(files, []string{"app-api.yaml:1", "app-web.yaml:1", "network.yaml:1", "parent.yaml:1"}) {
		t.Errorf("rename: %q", files)
	}
	mu.Lock()
	if len(asked) != 1 || asked[0] != `Rename export "network-VpcId" to "core-VpcId" in 4 templates: app-api.yaml, app-web.yaml, network.yaml, parent.yaml?` {
		t.Errorf("asked %q", asked)
	}
	answer = "Cancel"
	mu.Unlock()
	m := c.call("textDocument/rename", map[string]any{"textDocument": map[string]any{"uri": network},
		"position": pos(23, 14), "newName": "core-VpcId"})
	if m.Error != nil || string(m.Result) != "null" {
		t.Errorf("a declined rename: %s %+v", m.Result, m.Error)
	}
}
