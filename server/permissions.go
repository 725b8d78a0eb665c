package server

import (
	"context"
	"encoding/json"
	"fmt"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/permissions"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// permissionsResult answers cfn-lsp.permissions: the policy as a JSON
// document the client copies (VS Code puts it on the clipboard) or opens
// beside the template, and what it does not cover.
type permissionsResult struct {
	URI        protocol.DocumentURI `json:"uri"`
	LanguageID string               `json:"languageId"`
	Text       string               `json:"text"`
	Notes      []string             `json:"notes,omitempty"`
}

// cmdPermissions runs cfn-lsp.permissions with argument {uri}: the least IAM
// policy deploying and deleting the open template needs (internal/permissions).
func (s *Server) cmdPermissions(_ context.Context, arg json.RawMessage) (any, error) {
	var a struct {
		URI protocol.DocumentURI `json:"uri"`
	}
	if err := decodeArg(arg, &a); err != nil {
		return nil, err
	}
	sn := s.snapshot(a.URI)
	if sn == nil {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.InvalidParams, Message: fmt.Sprintf("%s is not open", a.URI)}
	}
	t := sn.Template()
	if !t.IsTemplate() || t.Err != nil {
		return nil, &jsonrpc2.Error{Code: requestFailed, Message: "not a template that parses: no policy"}
	}
	res := permissions.Compute(t, s.currentSpec())
	out := permissionsResult{URI: siblingURI(sn.URI, "policy.json"), LanguageID: "json", Text: string(res.Policy.JSON())}
	for _, n := range res.Notes {
		out.Notes = append(out.Notes, n.String())
	}
	return out, nil
}

// checkPermissions warns (window/showMessage) of the actions of the
// template's policy the caller may not perform, before a launch (setting
// aws.checkPermissions); a simulation that fails is logged, and the launch
// goes on either way: CloudFormation has the last word.
func (s *Server) checkPermissions(ctx context.Context, client *deploy.Client, t *template.Template) {
	_, warning, err := permissions.Compute(t, s.currentSpec()).Policy.Missing(ctx, client)
	switch {
	case err != nil:
		s.logMessage(protocol.MessageTypeWarning, "cannot check the permissions before the launch: "+err.Error())
	case warning != "":
		s.notify(ctx, "window/showMessage", &protocol.ShowMessageParams{Type: protocol.MessageTypeWarning, Message: warning})
	}
}
