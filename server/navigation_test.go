package server

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

const navYAML = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Condition: IsProd
    Properties:
      QueueName: !Sub "${Env}-orders"
      DelaySeconds: 5
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: child.yaml
Outputs:
  Arn:
    Value: !GetAtt Queue.Arn
    Export:
      Name: orders-arn
`

func pos(line, char int) map[string]int { return map[string]int{"line": line, "character": char} }

func docPos(uri string, line, char int) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos(line, char)}
}

func TestNavigationRequests(t *testing.T) {
	dir := testutil.Tree(t, map[string]string{
		"child.yaml": "Resources: {}\n",
		// A closed template beside main.yaml imports its export too.
		"consumer.yaml":  "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !ImportValue orders-arn\n",
		"unrelated.yaml": "Resources: {}\n",
	})
	uri := string(fileURI(filepath.Join(dir, "main.yaml")))
	c := newInitializedClient(t, Options{}, nil)
	c.open(uri, navYAML)
	other := "file:///elsewhere/consumer.json"
	c.open(other, `{"Resources": {"T": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Fn::ImportValue": "orders-arn"}}}}}`)

	// Definition from the ${Env} of a Sub string.
	var locs []protocol.Location
	c.result("textDocument/definition", docPos(uri, 11, 26), &locs)
	if len(locs) != 1 || locs[0].Range.Start != (protocol.Position{Line: 2, Character: 2}) || string(locs[0].URI) != uri {
		t.Errorf("definition of ${Env}: %+v", locs)
	}
	// A nested stack's local TemplateURL opens that file.
	c.result("textDocument/definition", docPos(uri, 16, 20), &locs)
	if len(locs) != 1 || !strings.HasSuffix(string(locs[0].URI), "/child.yaml") {
		t.Errorf("definition of TemplateURL: %+v", locs)
	}
	// Document links: each resource type to its page, the nested template to its file.
	var links []protocol.DocumentLink
	c.result("textDocument/documentLink", map[string]any{"textDocument": map[string]any{"uri": uri}}, &links)
	var got []string
	for _, l := range links {
		got = append(got, fmt.Sprintf("%d:%d-%d %s", l.Range.Start.Line, l.Range.Start.Character, l.Range.End.Character, l.Target))
	}
	want := []string{
		"8:10-25 https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sqs-queue.html",
		"14:10-36 https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-stack.html",
		"16:19-29 " + string(fileURI(filepath.Join(dir, "child.yaml"))),
	}
	testutil.EqualLines(t, "document links", got, want)
	// An import in another open template leads to the exporting output.
	c.result("textDocument/definition", docPos(other, 0, 99), &locs)
	if len(locs) != 1 || string(locs[0].URI) != uri || locs[0].Range.Start.Line != 21 {
		t.Errorf("definition of an import: %+v", locs)
	}

	// References of Env, declaration included: key, !Ref, ${Env}.
	c.result("textDocument/references", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": pos(2, 3), "context": map[string]any{"includeDeclaration": true}}, &locs)
	if len(locs) != 3 {
		t.Errorf("references of Env: %+v", locs)
	}
	// References of an export reach the other document.
	c.result("textDocument/references", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": pos(21, 14), "context": map[string]any{"includeDeclaration": false}}, &locs)
	if len(locs) != 2 || string(locs[0].URI) != other || !strings.HasSuffix(string(locs[1].URI), "/consumer.yaml") ||
		locs[1].Range.Start != (protocol.Position{Line: 4, Character: 30}) {
		t.Errorf("references of an export: %+v", locs)
	}

	// Rename Queue: key, GetAtt.
	var rng protocol.Range
	c.result("textDocument/prepareRename", docPos(uri, 19, 22), &rng)
	if rng.Start != (protocol.Position{Line: 19, Character: 19}) || rng.End.Character != 24 {
		t.Errorf("prepareRename: %+v", rng)
	}
	var we protocol.WorkspaceEdit
	c.result("textDocument/rename", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": pos(7, 3), "newName": "Orders"}, &we)
	if edits := we.Changes[protocol.DocumentURI(uri)]; len(edits) != 2 || edits[0].NewText != "Orders" {
		t.Errorf("rename: %+v", we)
	}
	for _, tc := range []struct {
		method string
		params map[string]any
		want   string
	}{
		{"textDocument/prepareRename", docPos(uri, 0, 3), "can be renamed"},
		{"textDocument/rename", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos(7, 3), "newName": "Env"}, "already taken"},
		{"textDocument/rename", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos(7, 3), "newName": "my-queue"}, "not a valid name"},
	} {
		m := c.call(tc.method, tc.params)
		if m.Error == nil || m.Error.Code != -32803 || !strings.Contains(m.Error.Message, tc.want) {
			t.Errorf("%s: %+v, want an error saying %q", tc.method, m.Error, tc.want)
		}
	}

	// Highlights of IsProd: declaration (write) and the Condition attribute.
	var hs []protocol.DocumentHighlight
	c.result("textDocument/documentHighlight", docPos(uri, 9, 17), &hs)
	if len(hs) != 2 || hs[0].Kind != protocol.DocumentHighlightKindWrite || hs[1].Kind != protocol.DocumentHighlightKindRead {
		t.Errorf("highlights: %+v", hs)
	}

	// Outline: sections, then entries with their types.
	var syms []protocol.DocumentSymbol
	c.result("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": uri}}, &syms)
	if len(syms) != 5 || syms[3].Name != "Resources" || len(syms[3].Children) != 2 ||
		syms[3].Children[0].Detail != "AWS::SQS::Queue" || syms[3].Children[0].Kind != protocol.SymbolKindClass {
		t.Errorf("symbols: %+v", syms)
	}

	var lenses []protocol.CodeLens
	c.result("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": uri}}, &lenses)
	if len(lenses) != 2 || lenses[0].Command.Command != CmdLaunchStack || lenses[1].Command.Command != CmdValidateTemplate ||
		lenses[0].Range.Start.Line != 0 {
		t.Errorf("code lenses: %+v", lenses)
	}
}

func TestCodeActions(t *testing.T) {
	c := newInitializedClient(t, Options{}, nil)
	uri := "file:///tmp/actions.yaml"
	c.open(uri, "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueNam: orders\n")
	d := c.diagnostics(uri)
	var ctxDiags []any
	for _, x := range d.Diagnostics {
		if x.Code == "E3002" {
			ctxDiags = append(ctxDiags, x)
		}
	}
	if len(ctxDiags) != 1 {
		t.Fatalf("published: %+v", d)
	}
	var acts []protocol.CodeAction
	c.result("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        map[string]any{"start": pos(4, 6), "end": pos(4, 6)},
		"context":      map[string]any{"diagnostics": ctxDiags},
	}, &acts)
	titles := map[string]protocol.CodeAction{}
	for _, a := range acts {
		titles[a.Title] = a
	}
	fix, ok := titles["Change to QueueName"]
	if !ok || fix.Kind != protocol.QuickFix || len(fix.Diagnostics) != 1 || fix.Edit == nil ||
		fix.Edit.Changes[protocol.DocumentURI(uri)][0].NewText != "QueueName" {
		t.Errorf("did-you-mean action missing or wrong: %+v", acts)
	}
	if _, ok := titles[`Remove "QueueNam"`]; !ok {
		t.Errorf("no remove action: %+v", acts)
	}
	conv, ok := titles["Convert to JSON"]
	if !ok || conv.Command == nil || conv.Command.Command != CmdConvertToJSON {
		t.Errorf("no convert action: %+v", acts)
	}
	if b, _ := json.Marshal(conv.Command.Arguments); string(b) != `[{"uri":"`+uri+`"}]` {
		t.Errorf("convert arguments: %s", b)
	}
	for _, want := range []string{"Launch stack…", "Validate with CloudFormation"} {
		if a, ok := titles[want]; !ok || a.Command == nil {
			t.Errorf("no %q action", want)
		}
	}
	// Extract on the value (no diagnostics there).
	c.result("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        map[string]any{"start": pos(4, 18), "end": pos(4, 18)},
		"context":      map[string]any{"diagnostics": []any{}, "only": []string{"refactor"}},
	}, &acts)
	if len(acts) != 1 || acts[0].Kind != "refactor.extract" || len(acts[0].Edit.Changes[protocol.DocumentURI(uri)]) != 2 {
		t.Errorf("extract: %+v", acts)
	}
}

func TestConvertCommand(t *testing.T) {
	c := newTestClient(t, Options{})
	applied := make(chan protocol.ApplyWorkspaceEditParams, 1)
	c.onRequest = func(method string, params json.RawMessage) any {
		if method == "workspace/applyEdit" {
			var p protocol.ApplyWorkspaceEditParams
			json.Unmarshal(params, &p)
			applied <- p
			return map[string]any{"applied": true}
		}
		return nil
	}
	c.initialize(nil)
	uri := "file:///tmp/conv.yaml"
	c.open(uri, "# about the queue\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref AWS::StackName\n")
	c.result("workspace/executeCommand", map[string]any{"command": CmdConvertToJSON,
		"arguments": []any{map[string]any{"uri": uri}}}, nil)
	select {
	case p := <-applied:
		edits := p.Edit.Changes[protocol.DocumentURI(uri)]
		if len(edits) != 1 || !strings.Contains(edits[0].NewText, `"Ref": "AWS::StackName"`) ||
			edits[0].Range.End.Line != 6 || edits[0].Range.Start != (protocol.Position{}) {
			t.Errorf("applied edit: %+v", p)
		}
	default:
		t.Fatal("no workspace/applyEdit")
	}
	var p protocol.ShowMessageParams
	if !c.nextNote("window/showMessage", time.After(waitTimeout), &p) {
		t.Fatal("lost comments were not reported")
	}
	if p.Type != protocol.MessageTypeWarning || !strings.Contains(p.Message, `line 1 "# about the queue"`) {
		t.Errorf("warning: %+v", p)
	}
}

// TestConvertToNewDocument: with newDocument the server edits nothing and
// returns the converted text for a document beside the original.
func TestConvertToNewDocument(t *testing.T) {
	c := newTestClient(t, Options{})
	c.onRequest = func(method string, params json.RawMessage) any {
		if method == "workspace/applyEdit" {
			t.Errorf("the document was edited")
		}
		return nil
	}
	c.initialize(nil)
	uri := "file:///tmp/stacks/conv.yaml"
	c.open(uri, "# about the queue\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n")
	var res convertResult
	c.result("workspace/executeCommand", map[string]any{"command": CmdConvertToJSON,
		"arguments": []any{map[string]any{"uri": uri, "newDocument": true}}}, &res)
	if res.URI != "file:///tmp/stacks/conv.json" || res.LanguageID != "json" || !strings.Contains(res.Text, `"Type": "AWS::SQS::Queue"`) ||
		!strings.Contains(res.Lost, "about the queue") {
		t.Errorf("result: %+v", res)
	}
	for _, tc := range []struct{ in, ext, want string }{
		{"file:///a/t.template", "yaml", "file:///a/t.yaml"},
		{"file:///a.b/t", "json", "file:///a.b/t.json"},
		{"untitled:Untitled-1", "json", "untitled:Untitled-1.json"},
	} {
		if got := siblingURI(protocol.DocumentURI(tc.in), tc.ext); string(got) != tc.want {
			t.Errorf("siblingURI(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
