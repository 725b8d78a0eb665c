package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/convert"
)

// cmdConvert runs cfn-lsp.convertToYAML / cfn-lsp.convertToJSON with argument
// {uri}: it converts the open document and replaces its whole text through
// workspace/applyEdit. Comments the target format cannot hold are listed in a
// warning (window/showMessage).
func (s *Server) cmdConvert(ctx context.Context, arg json.RawMessage, toJSON bool) (any, error) {
	var a uriArg
	if err := decodeArg(arg, &a); err != nil {
		return nil, err
	}
	sn := s.snapshot(a.URI)
	if sn == nil {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.InvalidParams, Message: fmt.Sprintf("%s is not open", a.URI)}
	}
	conv, target := convert.ToYAML, "YAML"
	if toJSON {
		conv, target = convert.ToJSON, "JSON"
	}
	res, err := conv(sn.Text, convert.Options{})
	if err != nil {
		return nil, &jsonrpc2.Error{Code: requestFailed, Message: "cannot convert: " + err.Error()}
	}
	t := sn.Template()
	edit := protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{
		sn.URI: {{Range: toRange(t.Range()), NewText: res.Text}},
	}}
	var resp protocol.ApplyWorkspaceEditResponse
	if err := s.call(ctx, "workspace/applyEdit", &protocol.ApplyWorkspaceEditParams{
		Label: "Convert to " + target, Edit: edit}, &resp); err != nil {
		return nil, err
	}
	if !resp.Applied {
		msg := "the editor did not apply the conversion"
		if resp.FailureReason != "" {
			msg += ": " + resp.FailureReason
		}
		return nil, &jsonrpc2.Error{Code: requestFailed, Message: msg}
	}
	if len(res.Lost) > 0 {
		s.notify(ctx, "window/showMessage", &protocol.ShowMessageParams{
			Type: protocol.MessageTypeWarning, Message: lostMessage(target, res.Lost)})
	}
	return nil, nil
}

// lostMessage tells which comments a conversion dropped.
func lostMessage(target string, lost []convert.Comment) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s cannot hold comments: %d comment(s) were dropped by the conversion (undo to get them back):", target, len(lost))
	for i, c := range lost {
		if i == 5 {
			fmt.Fprintf(&b, " and %d more", len(lost)-i)
			break
		}
		if c.Line > 0 {
			fmt.Fprintf(&b, " line %d %q;", c.Line, c.Text)
		} else {
			fmt.Fprintf(&b, " %q;", c.Text)
		}
	}
	return strings.TrimSuffix(b.String(), ";")
}
