package server

import (
	"context"
	"encoding/json"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// Commands the server executes (workspace/executeCommand).
const (
	CmdLaunchStack      = "cfn-lsp.launchStack"
	CmdValidateTemplate = "cfn-lsp.validateTemplate"
	CmdStackParameters  = "cfn-lsp.stackParameters"
	CmdConvertToYAML    = "cfn-lsp.convertToYAML"
	CmdConvertToJSON    = "cfn-lsp.convertToJSON"
	CmdSelectDeployment = "cfn-lsp.selectDeployment"
	CmdPreviewChanges   = "cfn-lsp.previewChanges"
	CmdRefreshStack     = "cfn-lsp.refreshStack"
	CmdDetectDrift      = "cfn-lsp.detectDrift"
	CmdGraph            = "cfn-lsp.graph"
	CmdPermissions      = "cfn-lsp.permissions"
)

// initializeParams is protocol.InitializeParams with the raw initialization
// options, and the 3.17 capabilities v0.12.0 lacks (see UnmarshalJSON).
type initializeParams struct {
	protocol.InitializeParams
	inlayHintRefresh bool
}

// serverCapabilities extends protocol.ServerCapabilities where v0.12.0 lacks fields.
type initializeResult struct {
	Capabilities map[string]any       `json:"capabilities"`
	ServerInfo   *protocol.ServerInfo `json:"serverInfo,omitempty"`
}

func (s *Server) initialize(_ context.Context, p *initializeParams) (*initializeResult, error) {
	s.mu.Lock()
	if s.initialized {
		s.mu.Unlock()
		return nil, &jsonrpc2.Error{Code: jsonrpc2.InvalidRequest, Message: "the server is already initialized"}
	}
	s.caps = p.Capabilities
	s.initialized = true
	s.mu.Unlock()
	s.inlayHintRefresh.Store(p.inlayHintRefresh)
	s.setFolders(&p.InitializeParams)
	if p.InitializationOptions != nil {
		s.updateSettings(parseSettings(p.InitializationOptions, s.currentSettings()))
	}
	// Load the spec, its index of types and its IAM action table in the
	// background, so that initialize is answered at once and the first
	// diagnostics do not wait.
	go func() {
		sp := s.currentSpec()
		sp.Len()
		sp.IAMServices()
	}()
	caps := map[string]any{
		"textDocumentSync": map[string]any{
			"openClose": true,
			"change":    protocol.TextDocumentSyncKindIncremental,
			"save":      map[string]any{"includeText": false},
		},
		"completionProvider": map[string]any{
			"triggerCharacters": []string{":", "!", ".", "$", "{", "\"", " ", "["},
		},
		"signatureHelpProvider": map[string]any{
			"triggerCharacters":   []string{"[", ","},
			"retriggerCharacters": []string{" "},
		},
		"hoverProvider":             true,
		"definitionProvider":        true,
		"referencesProvider":        true,
		"renameProvider":            map[string]any{"prepareProvider": true},
		"documentSymbolProvider":    true,
		"workspaceSymbolProvider":   true,
		"documentHighlightProvider": true,
		"documentLinkProvider":      map[string]any{"resolveProvider": false},
		"semanticTokensProvider": map[string]any{
			"legend": map[string]any{"tokenTypes": tokenTypes, "tokenModifiers": tokenModifiers},
			"full":   true,
		},
		"codeActionProvider": map[string]any{
			"codeActionKinds": []string{"quickfix", "refactor", "refactor.extract", "source"},
		},
		"codeLensProvider":  map[string]any{"resolveProvider": false},
		"inlayHintProvider": true,
		"executeCommandProvider": map[string]any{
			"commands": []string{CmdLaunchStack, CmdValidateTemplate, CmdStackParameters, CmdConvertToYAML, CmdConvertToJSON,
				CmdSelectDeployment, CmdPreviewChanges, CmdRefreshStack, CmdDetectDrift, CmdGraph, CmdPermissions},
		},
	}
	return &initializeResult{Capabilities: caps, ServerInfo: &protocol.ServerInfo{Name: "cfn-lsp", Version: s.opts.Version}}, nil
}

func (s *Server) initializedNotification(ctx context.Context, _ *json.RawMessage) error {
	s.mu.Lock()
	pull := s.caps.Workspace != nil && s.caps.Workspace.Configuration
	watch := s.caps.Workspace != nil && s.caps.Workspace.DidChangeWatchedFiles != nil && s.caps.Workspace.DidChangeWatchedFiles.DynamicRegistration
	s.mu.Unlock()
	if pull {
		go s.pullConfiguration(context.Background())
	}
	if watch {
		go s.watchFiles(context.Background())
	}
	return nil
}

// pullConfiguration asks the client for the `cfn-lsp` settings section.
func (s *Server) pullConfiguration(ctx context.Context) {
	var res []any
	err := s.call(ctx, "workspace/configuration", &protocol.ConfigurationParams{
		Items: []protocol.ConfigurationItem{{Section: "cfn-lsp"}},
	}, &res)
	if err != nil || len(res) == 0 || res[0] == nil {
		return
	}
	s.updateSettings(parseSettings(res[0], s.currentSettings()))
}

func (s *Server) didChangeConfiguration(ctx context.Context, p *protocol.DidChangeConfigurationParams) error {
	if m, ok := p.Settings.(map[string]any); ok && len(m) > 0 {
		s.updateSettings(parseSettings(m, s.currentSettings()))
		return nil
	}
	s.mu.Lock()
	pull := s.caps.Workspace != nil && s.caps.Workspace.Configuration
	s.mu.Unlock()
	if pull {
		go s.pullConfiguration(context.Background())
	}
	return nil
}

func (s *Server) shutdown(context.Context, *json.RawMessage) (any, error) {
	s.mu.Lock()
	s.shuttingDown = true
	uris := make([]protocol.DocumentURI, 0, len(s.docs))
	for u := range s.docs {
		uris = append(uris, u)
	}
	s.mu.Unlock()
	for _, u := range uris {
		s.closeDoc(u)
	}
	s.index().Stop()
	return nil, nil
}

func (s *Server) exit(context.Context, *json.RawMessage) error {
	select {
	case <-s.exited:
	default:
		close(s.exited)
	}
	return nil
}

// ExitCode is what the process should exit with: 0 after shutdown, 1 otherwise (LSP).
func (s *Server) ExitCode() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shuttingDown {
		return 0
	}
	return 1
}

// Wait blocks until background analyses have finished (tests), those the
// workspace index starts when it has read the workspace included.
func (s *Server) Wait() {
	s.index().Wait()
	s.bg.Wait()
}
