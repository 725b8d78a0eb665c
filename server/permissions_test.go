package server

import (
	"encoding/json"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/permissions"
)

// TestPermissionsCommand: the source action carries cfn-lsp.permissions,
// which answers with the open template's policy and its notes.
func TestPermissionsCommand(t *testing.T) {
	c := newTestClient(t, Options{})
	c.initialize(nil)
	uri := "file:///tmp/app.yaml"
	c.open(uri, "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  W:\n    Type: Example::Shop::Widget\n")
	var acts []protocol.CodeAction
	c.result("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 0, "character": 0}},
		"context":      map[string]any{"diagnostics": []any{}, "only": []string{"source.permissions"}},
	}, &acts)
	if len(acts) != 1 || acts[0].Command == nil || acts[0].Command.Command != CmdPermissions {
		t.Fatalf("actions %+v, want the permissions action", acts)
	}
	var res permissionsResult
	c.result("workspace/executeCommand", map[string]any{"command": CmdPermissions, "arguments": acts[0].Command.Arguments}, &res)
	var policy permissions.Policy
	if err := json.Unmarshal([]byte(res.Text), &policy); err != nil || len(policy.Statement) != 2 || policy.Statement[1].Sid != "Sqs" {
		t.Errorf("policy %s (%v)", res.Text, err)
	}
	if res.URI != "file:///tmp/app.policy.json" || res.LanguageID != "json" || len(res.Notes) != 1 || !strings.HasPrefix(res.Notes[0], "W (Example::Shop::Widget)") {
		t.Errorf("result %+v", res)
	}
	m := c.call("workspace/executeCommand", map[string]any{"command": CmdPermissions, "arguments": []any{map[string]any{"uri": "file:///tmp/closed.yaml"}}})
	if m.Error == nil || m.Error.Code != -32602 {
		t.Errorf("a document that is not open: %+v", m.Error)
	}
}
