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

// command is one of the server's commands, given its first argument.
type command func(s *Server, ctx context.Context, arg json.RawMessage) (any, error)

// flagged is a command that another command runs with flag set the other way.
func flagged(fn func(*Server, context.Context, json.RawMessage, bool) (any, error), flag bool) command {
	return func(s *Server, ctx context.Context, arg json.RawMessage) (any, error) { return fn(s, ctx, arg, flag) }
}

// commands are the commands workspace/executeCommand runs, by name.
var commands = map[string]command{
	CmdStackParameters:  (*Server).cmdStackParameters,
	CmdLaunchStack:      (*Server).cmdLaunchStack,
	CmdValidateTemplate: (*Server).cmdValidateTemplate,
	CmdConvertToYAML:    flagged((*Server).cmdConvert, false),
	CmdConvertToJSON:    flagged((*Server).cmdConvert, true),
	CmdSelectDeployment: (*Server).cmdSelectDeployment,
	CmdPreviewChanges:   flagged((*Server).cmdPreviewChanges, false),
	CmdRefreshStack:     flagged((*Server).cmdPreviewChanges, true),
	CmdDetectDrift:      (*Server).cmdDetectDrift,
	CmdGraph:            (*Server).cmdGraph,
	CmdPermissions:      (*Server).cmdPermissions,
}

// executeCommand runs one of the server's commands. It runs off the read loop:
// commands may ask the client questions and wait for stacks.
func (s *Server) executeCommand(ctx context.Context, p *executeCommandParams) (any, error) {
	var arg json.RawMessage
	if len(p.Arguments) > 0 {
		arg = p.Arguments[0]
	}
	if run, ok := commands[p.Command]; ok {
		return run(s, ctx, arg)
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
