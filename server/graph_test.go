package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGraphCommand(t *testing.T) {
	c, dir := workspaceClient(t, map[string]any{}, nil, "parent.yaml")
	parent := wsURI(dir, "parent.yaml")
	var r graphResult
	c.result("workspace/executeCommand", map[string]any{"command": CmdGraph,
		"arguments": []any{map[string]any{"uri": parent, "format": "mermaid"}}}, &r)
	if r.Format != "mermaid" || !strings.Contains(r.Text, `n0("Queues<br/>AWS::CloudFormation::Stack")`) ||
		!strings.Contains(r.Text, "n0 ==>|Outputs.QueueUrl| n1") {
		t.Errorf("mermaid: %+v", r)
	}
	if len(r.Nodes) != 3 || r.Nodes[0].ID != "res:Queues" || string(r.Nodes[0].URI) != parent || r.Nodes[0].Range.Start.Line != 3 {
		t.Errorf("nodes: %+v", r.Nodes)
	}
	// The workspace's stacks, from the index.
	c.srv.index().Wait()
	c.result("workspace/executeCommand", map[string]any{"command": CmdGraph,
		"arguments": []any{map[string]any{"uri": parent, "format": "dot", "workspace": true}}}, &r)
	if !strings.Contains(r.Text, `"stack:network.yaml" -> "stack:parent.yaml" [style=bold, color="#1f5fa8", label="network-VpcId"`) ||
		!strings.Contains(r.Text, `"stack:parent.yaml" -> "stack:child.yaml"`) || len(r.Nodes) != 5 {
		t.Errorf("workspace graph: %s %+v", r.Text, r.Nodes)
	}
	// A closed file outside the workspace folders is not read.
	other := filepath.Join(t.TempDir(), "x.yaml")
	os.WriteFile(other, []byte("Resources: {}\n"), 0o644)
	m := c.call("workspace/executeCommand", map[string]any{"command": CmdGraph,
		"arguments": []any{map[string]any{"uri": fileURI(other), "format": "dot"}}})
	if m.Error == nil {
		t.Errorf("a file outside the workspace was drawn: %s", m.Result)
	}
	m = c.call("workspace/executeCommand", map[string]any{"command": CmdGraph,
		"arguments": []any{map[string]any{"uri": parent, "format": "png"}}})
	if m.Error == nil || !strings.Contains(m.Error.Message, "unknown graph format") {
		t.Errorf("unknown format: %+v", m.Error)
	}
}
