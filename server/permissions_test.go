package server

import (
	"encoding/json"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy/deploytest"
	"github.com/cfn-lsp/cfn-lsp/internal/permissions"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

// TestPermissionsCommand: the source action carries cfn-lsp.permissions,
// which answers with the open template's policy and its notes.
func TestPermissionsCommand(t *testing.T) {
	c := newInitializedClient(t, Options{}, nil)
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

// TestLaunchChecksPermissions: with aws.checkPermissions, a launch first
// simulates the caller against the template's policy (moto for the stack,
// deploytest's fake for the simulator, which allows CloudFormation only) and
// warns of what is missing; the launch goes on.
func TestLaunchChecksPermissions(t *testing.T) {
	settings := motoSettings(t)
	fake := &deploytest.FakeSimulator{Allow: []string{"cloudformation"}, Moto: settings["aws"].(map[string]any)["endpointUrl"].(string)}
	fakeURL := testutil.Serve(t, fake)
	settings["aws"] = map[string]any{"region": deploytest.Region, "endpointUrl": fakeURL, "checkPermissions": true}
	p := newLSPPeer(t, settings)
	path := copyTestdata(t, p.dir, "queue.yaml", "perms_orders.yaml")
	uri := string(fileURI(path))
	var res launchResult
	if err := p.command(CmdLaunchStack, map[string]any{"uri": uri, "yes": true,
		"parameters": map[string]any{"QueueName": "perms-orders", "ApiKey": "k"}}, &res); err != nil {
		t.Fatal(err)
	}
	if res.Status != "CREATE_COMPLETE" {
		t.Errorf("launch %+v", res)
	}
	var warned []string
	for _, raw := range p.notifications("window/showMessage") {
		var m protocol.ShowMessageParams
		json.Unmarshal(raw, &m)
		warned = append(warned, m.Message)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "may not perform") || !strings.Contains(warned[0], "sqs:CreateQueue") ||
		strings.Contains(warned[0], "cloudformation:") || len(fake.Sources()) != 1 {
		t.Errorf("warnings %q, simulated %v", warned, fake.Sources())
	}
}
