package server

import (
	"context"
	"encoding/json"
	"fmt"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// executeCommandParams keeps the arguments raw so each command decodes its own.
type executeCommandParams struct {
	Command   string            `json:"command"`
	Arguments []json.RawMessage `json:"arguments,omitempty"`
	protocol.WorkDoneProgressParams
}

// executeCommand runs one of the server's commands. It runs off the read loop:
// commands may ask the client questions and wait for stacks.
func (s *Server) executeCommand(ctx context.Context, p *executeCommandParams) (any, error) {
	var arg json.RawMessage
	if len(p.Arguments) > 0 {
		arg = p.Arguments[0]
	}
	switch p.Command {
	case CmdStackParameters:
		return s.cmdStackParameters(ctx, arg)
	case CmdLaunchStack:
		return s.cmdLaunchStack(ctx, arg)
	case CmdValidateTemplate:
		return s.cmdValidateTemplate(ctx, arg)
	case CmdConvertToYAML:
		return s.cmdConvert(ctx, arg, false)
	case CmdConvertToJSON:
		return s.cmdConvert(ctx, arg, true)
	case CmdSelectDeployment:
		return s.cmdSelectDeployment(ctx, arg)
	case CmdPreviewChanges:
		return s.cmdPreviewChanges(ctx, arg, false)
	case CmdRefreshStack:
		return s.cmdPreviewChanges(ctx, arg, true)
	case CmdDetectDrift:
		return s.cmdDetectDrift(ctx, arg)
	case CmdGraph:
		return s.cmdGraph(ctx, arg)
	case CmdPermissions:
		return s.cmdPermissions(ctx, arg)
	}
	return nil, &jsonrpc2.Error{Code: jsonrpc2.InvalidParams, Message: fmt.Sprintf("unknown command %q", p.Command)}
}

// decodeArg decodes a command argument into v, as an invalid-params error.
func decodeArg(arg json.RawMessage, v any) error {
	if len(arg) == 0 {
		return &jsonrpc2.Error{Code: jsonrpc2.InvalidParams, Message: "missing command argument"}
	}
	if err := json.Unmarshal(arg, v); err != nil {
		return &jsonrpc2.Error{Code: jsonrpc2.InvalidParams, Message: "invalid command argument: " + err.Error()}
	}
	return nil
}
