package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/stack"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// deploymentArg is the argument of the deployment commands.
type deploymentArg struct {
	URI  protocol.DocumentURI `json:"uri"`
	Name string               `json:"name"` // cfn-lsp.selectDeployment: the deployment (asked when empty)
}

// previewResult is the answer of cfn-lsp.previewChanges and cfn-lsp.refreshStack.
type previewResult struct {
	Deployment string                  `json:"deployment"`
	StackName  string                  `json:"stackName"`
	Status     string                  `json:"status"` // the stack's status, or NOT_DEPLOYED
	Summary    string                  `json:"summary,omitempty"`
	Changes    []*stack.ResourceChange `json:"changes"`
}

// statusNotDeployed is previewResult.Status for a stack that does not exist.
const statusNotDeployed = "NOT_DEPLOYED"

// linkedView returns the document a command's deploymentArg names and its
// view, reading its stack first (again when refresh is set); it fails when no
// deployment is linked.
func (s *Server) linkedView(ctx context.Context, arg json.RawMessage, refresh bool) (protocol.DocumentURI, *stackView, error) {
	var a deploymentArg
	if err := decodeArg(arg, &a); err != nil {
		return "", nil, err
	}
	uri := a.URI
	if uri == "" {
		return "", nil, invalidParams("missing uri")
	}
	sn := s.snapshot(uri)
	if sn == nil {
		return "", nil, invalidParams("document %s is not open", uri)
	}
	tg, err := s.target(uri)
	if err != nil {
		return "", nil, &jsonrpc2.Error{Code: jsonrpc2.InvalidParams, Message: err.Error()}
	}
	if tg == nil || !tg.Linked {
		return "", nil, invalidParams("no deployment is linked to this template: launch it once, or add it to %s", stack.ConfigName)
	}
	if _, err := s.refreshLive(ctx, tg, refresh, true); err != nil && !errors.Is(err, deploy.ErrNoStack) {
		return "", nil, &jsonrpc2.Error{Code: jsonrpc2.InternalError, Message: err.Error()}
	}
	v := s.viewOf(sn)
	if v == nil {
		return "", nil, invalidParams("%s is not a template", uri)
	}
	return uri, v, nil
}

// cmdPreviewChanges runs cfn-lsp.previewChanges {uri}: what updating the
// active deployment's stack with the document would do, resource by resource.
func (s *Server) cmdPreviewChanges(ctx context.Context, arg json.RawMessage, refresh bool) (any, error) {
	_, v, err := s.linkedView(ctx, arg, refresh)
	if err != nil {
		return nil, err
	}
	res := previewResult{Deployment: v.tg.Deployment.Name, StackName: v.stackName(), Status: statusNotDeployed, Changes: []*stack.ResourceChange{}}
	if v.live != nil {
		res.Status, res.Summary, res.Changes = v.live.Stack.Status, v.plan.Summary(), v.plan.Changes
		lines := append([]string{fmt.Sprintf("Preview of stack %s (deployment %s): %s", res.StackName, res.Deployment, res.Summary)}, v.plan.Lines()...)
		s.logMessage(protocol.MessageTypeInfo, strings.Join(lines, "\n"))
	}
	return res, nil
}

// cmdSelectDeployment runs cfn-lsp.selectDeployment {uri, name}: the
// deployment previews, hints and drift are for, asked of the user when name
// is empty. It lasts for the session (the cfn-lsp.deployment setting is the
// default for every template).
func (s *Server) cmdSelectDeployment(ctx context.Context, arg json.RawMessage) (any, error) {
	var a deploymentArg
	if err := decodeArg(arg, &a); err != nil {
		return nil, err
	}
	tg, err := s.target(a.URI)
	if err != nil {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.InvalidParams, Message: err.Error()}
	}
	if tg == nil || !tg.Linked {
		return nil, invalidParams("no deployment is linked to this template")
	}
	name := a.Name
	if name == "" {
		var item *protocol.MessageActionItem
		actions := make([]protocol.MessageActionItem, 0, len(tg.Names))
		for _, n := range tg.Names {
			actions = append(actions, protocol.MessageActionItem{Title: n})
		}
		if err := s.call(ctx, "window/showMessageRequest", &protocol.ShowMessageRequestParams{
			Type: protocol.MessageTypeInfo, Message: "Deployment to preview and resolve the template for:", Actions: actions,
		}, &item); err != nil {
			return nil, err
		}
		if item == nil {
			return map[string]string{"deployment": tg.Deployment.Name}, nil
		}
		name = item.Title
	}
	if _, err := stack.Choose(tg.Config.Deployments(pathOf(a.URI)), name); err != nil {
		return nil, invalidParams("%s", err.Error())
	}
	s.stacks.mu.Lock()
	s.stacks.init()
	s.stacks.chosen[pathOf(a.URI)] = name
	s.stacks.mu.Unlock()
	s.forgetTargets(a.URI)
	if tg, err = s.target(a.URI); err == nil {
		s.refreshLive(ctx, tg, false, false)
	}
	s.stackChanged()
	return map[string]string{"deployment": name}, nil
}

// cmdDetectDrift runs cfn-lsp.detectDrift {uri}: drift detection on the
// active deployment's stack; each drifted property becomes a diagnostic on
// the template, replacing the last detection's.
func (s *Server) cmdDetectDrift(ctx context.Context, arg json.RawMessage) (any, error) {
	uri, v, err := s.linkedView(ctx, arg, false)
	if err != nil {
		return nil, err
	}
	k := s.keyOf(v.tg)
	c, err := deploy.NewClient(ctx, deploy.AWSOptions{Region: k.region, Profile: k.profile, EndpointURL: s.currentSettings().AWS.EndpointURL})
	if err != nil {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.InternalError, Message: err.Error()}
	}
	p := s.startProgress(ctx, "Detecting drift of stack "+k.stack)
	drifts, err := c.DetectDrift(ctx, k.stack)
	if err != nil {
		p.end("Failed: " + err.Error())
		return nil, &jsonrpc2.Error{Code: jsonrpc2.InternalError, Message: err.Error()}
	}
	p.end(fmt.Sprintf("%d drifted resources", len(drifts)))
	s.stacks.mu.Lock()
	s.stacks.init()
	s.stacks.drift[uri] = drifts
	s.stacks.mu.Unlock()
	s.schedule(uri, 0)
	ids := make([]string, 0, len(drifts))
	for _, d := range drifts {
		ids = append(ids, d.LogicalID)
	}
	return map[string]any{"stackName": k.stack, "drifted": ids}, nil
}

// stackLenses are the code lenses of a document's deployment: on the first
// line the stack and its status (choosing the deployment), the preview's
// summary (reading the stack again) and drift detection; on each changed
// resource what the edit does to it.
func (s *Server) stackLenses(sn *snapshot) []protocol.CodeLens {
	v := s.viewOf(sn)
	if v == nil || !v.tg.Linked {
		return nil
	}
	arg := []any{map[string]any{"uri": sn.URI}}
	status := "reading…"
	switch {
	case v.live != nil:
		status = v.live.Stack.Status
	case errors.Is(v.err, deploy.ErrNoStack):
		status = "not deployed"
	case v.err != nil:
		status = "unreadable"
	}
	title := fmt.Sprintf("Stack %s (%s) · deployment %s", v.stackName(), status, v.tg.Deployment.Name)
	out := []protocol.CodeLens{{Command: &protocol.Command{Title: title, Command: CmdSelectDeployment, Arguments: arg}}}
	if v.live == nil {
		return out
	}
	preview := "No changes"
	if len(v.plan.Changes) > 0 {
		preview = v.plan.Summary()
	}
	out = append(out,
		protocol.CodeLens{Command: &protocol.Command{Title: preview, Command: CmdRefreshStack, Arguments: arg}},
		protocol.CodeLens{Command: &protocol.Command{Title: "Detect drift", Command: CmdDetectDrift, Arguments: arg}})
	t := sn.Template()
	for _, c := range v.plan.Changes {
		e := t.Resource(c.LogicalID)
		if e == nil {
			continue // removed: the summary counts it
		}
		title := c.Label()
		if c.FromChangeSet {
			title += " (change set)"
		}
		out = append(out, protocol.CodeLens{Range: toRange(e.Key.Range),
			Command: &protocol.Command{Title: title, Command: CmdPreviewChanges, Arguments: arg}})
	}
	return out
}

// stackHover is what a hover adds for the document's deployment (see stack.HoverNote).
func (s *Server) stackHover(sn *snapshot, pos template.Pos) (string, template.Range) {
	v := s.viewOf(sn)
	if v == nil {
		return "", template.Range{}
	}
	return stack.HoverNote(v.tg.Resolver(sn.Template(), v.live), v.tg.Deployment.Name, pos)
}
