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

// convertArg is the argument of the convert commands.
type convertArg struct {
	URI protocol.DocumentURI `json:"uri"`
	// NewDocument asks for the result instead of an edit of the document: the
	// client opens it as a new document.
	NewDocument bool `json:"newDocument"`
}

// convertResult answers a convert command with newDocument: the converted
// text, the language, and the URI the document would have beside the original
// (its extension swapped).
type convertResult struct {
	URI        protocol.DocumentURI `json:"uri"`
	LanguageID string               `json:"languageId"`
	Text       string               `json:"text"`
	// Lost says which comments the conversion dropped; "" when none.
	Lost string `json:"lost,omitempty"`
}

// cmdConvert runs cfn-lsp.convertToYAML / cfn-lsp.convertToJSON with argument
// {uri, newDocument?}: it converts the open document and replaces its whole
// text through workspace/applyEdit, or with newDocument returns the result
// for the client to open. Comments the target format cannot hold are listed
// in a warning (window/showMessage).
func (s *Server) cmdConvert(ctx context.Context, arg json.RawMessage, toJSON bool) (any, error) {
	var a convertArg
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
	if a.NewDocument {
		out := convertResult{URI: siblingURI(sn.URI, strings.ToLower(target)), LanguageID: strings.ToLower(target), Text: res.Text}
		if len(res.Lost) > 0 {
			out.Lost = lostMessage(target, res.Lost)
		}
		return out, nil
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

// siblingURI is uri with its extension replaced by ext ("json", "yaml"): the
// name the converted template takes beside the original.
func siblingURI(uri protocol.DocumentURI, ext string) protocol.DocumentURI {
	u := string(uri)
	slash := strings.LastIndex(u, "/")
	if dot := strings.LastIndex(u, "."); dot > slash {
		u = u[:dot]
	}
	return protocol.DocumentURI(u + "." + ext)
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
