package server

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/navigation"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/workspace"
)

// requestFailed is LSP's RequestFailed error code: the client shows the message.
const requestFailed = jsonrpc2.Code(-32803)

// prepareRename answers textDocument/prepareRename: the range of the logical
// id, parameter, condition or mapping name at the cursor, or of a literal
// export name (on the export or an import of it), or an error saying why it
// cannot be renamed.
func (s *Server) prepareRename(ctx context.Context, p *protocol.PrepareRenameParams) (*protocol.Range, error) {
	sn, t, pos := s.at(p.TextDocumentPositionParams)
	if sn == nil {
		return nil, nil
	}
	r, _, err := navigation.PrepareRename(t, pos)
	if errors.Is(err, navigation.ErrNotRenamable) {
		if path := pathOf(sn.URI); path != "" {
			rng, _, werr := s.index().PrepareRenameExport(path, t, pos)
			if werr == nil {
				r, err = rng, nil
			} else if !errors.Is(werr, workspace.ErrNotExport) {
				err = werr
			}
		}
	}
	if err != nil {
		return nil, &jsonrpc2.Error{Code: requestFailed, Message: err.Error()}
	}
	rng := toRange(r)
	return &rng, nil
}

// rename answers textDocument/rename: the declaration and every reference,
// Sub strings included, and the keys of the nested stacks that pass a renamed
// parameter in other templates. Renaming an export renames its literal
// imports in every template of the workspace, after the user confirms the
// files touched. Invalid and taken names are refused with a message.
func (s *Server) rename(ctx context.Context, p *protocol.RenameParams) (any, error) {
	sn, t, pos := s.at(p.TextDocumentPositionParams)
	if sn == nil {
		return nil, nil
	}
	path := pathOf(sn.URI)
	edits, err := navigation.Rename(t, pos, p.NewName)
	if errors.Is(err, navigation.ErrNotRenamable) && path != "" {
		if _, _, werr := s.index().PrepareRenameExport(path, t, pos); !errors.Is(werr, workspace.ErrNotExport) {
			return deferred(func(ctx context.Context) (any, error) {
				s.awaitIndex(ctx)
				return s.renameExport(ctx, path, sn, pos, p.NewName)
			}), nil
		}
	}
	if err != nil {
		return nil, &jsonrpc2.Error{Code: requestFailed, Message: err.Error()}
	}
	out := make([]protocol.TextEdit, 0, len(edits))
	for _, e := range edits {
		out = append(out, protocol.TextEdit{Range: toRange(e.Range), NewText: e.NewText})
	}
	we := &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{sn.URI: out}}
	target, _, _ := navigation.At(t, pos)
	if target.Section != navigation.Parameters || path == "" || len(edits) == 0 {
		return we, nil
	}
	ix := s.index()
	return deferred(func(ctx context.Context) (any, error) {
		s.awaitIndex(ctx)
		for _, fe := range ix.ParentEdits(path, target.Name, p.NewName, s.currentTemplate) {
			we.Changes[uriOf(fe.URI)] = toTextEdits(fe.Edits)
		}
		return we, ctx.Err()
	}), nil
}

func toTextEdits(es []workspace.Edit) []protocol.TextEdit {
	out := make([]protocol.TextEdit, 0, len(es))
	for _, e := range es {
		out = append(out, protocol.TextEdit{Range: toRange(e.Range), NewText: e.NewText})
	}
	return out
}

// annotatedEdit is a TextEdit with a change annotation (LSP 3.16), and
// documentEdit the edits of one document, with its version when it is open.
type (
	annotatedEdit struct {
		protocol.TextEdit
		AnnotationID string `json:"annotationId"`
	}
	documentEdit struct {
		TextDocument struct {
			URI     protocol.DocumentURI `json:"uri"`
			Version *int32               `json:"version"`
		} `json:"textDocument"`
		Edits []annotatedEdit `json:"edits"`
	}
	annotatedWorkspaceEdit struct {
		DocumentChanges   []documentEdit                       `json:"documentChanges"`
		ChangeAnnotations map[string]protocol.ChangeAnnotation `json:"changeAnnotations"`
	}
)

// renameExport renames an export across the workspace. A client that
// supports change annotations gets them, marked as needing confirmation (it
// shows the files before applying); another is asked first with
// window/showMessageRequest.
func (s *Server) renameExport(ctx context.Context, path string, sn *snapshot, pos template.Pos, newName string) (any, error) {
	r, err := s.index().RenameExport(path, sn.Template(), pos, newName, s.currentTemplate)
	if err != nil {
		return nil, &jsonrpc2.Error{Code: requestFailed, Message: err.Error()}
	}
	var files []string
	for _, f := range r.Files {
		files = append(files, rel(path, f.Path))
	}
	label := fmt.Sprintf("Rename export %q to %q", r.Old, newName)
	detail := fmt.Sprintf("%d %s: %s", len(files), plural(len(files), "template", "templates"), strings.Join(files, ", "))
	if len(r.Left) > 0 {
		var left []string
		for _, l := range r.Left {
			left = append(left, fmt.Sprintf("%s:%d", rel(path, l.Path), l.Range.Start.Line+1))
		}
		detail += fmt.Sprintf("; %d computed %s left as written, which may no longer match: %s",
			len(left), plural(len(left), "import", "imports"), strings.Join(left, ", "))
	}
	s.mu.Lock()
	we := s.caps.Workspace != nil && s.caps.Workspace.WorkspaceEdit != nil
	annotations := we && s.caps.Workspace.WorkspaceEdit.DocumentChanges && s.caps.Workspace.WorkspaceEdit.ChangeAnnotationSupport != nil
	s.mu.Unlock()
	if annotations {
		const id = "cfn-lsp.renameExport"
		out := annotatedWorkspaceEdit{ChangeAnnotations: map[string]protocol.ChangeAnnotation{
			id: {Label: label, NeedsConfirmation: true, Description: detail}}}
		for _, f := range r.Files {
			var de documentEdit
			de.TextDocument.URI = uriOf(f.URI)
			if open := s.snapshot(uriOf(f.URI)); open != nil {
				v := open.Version
				de.TextDocument.Version = &v
			}
			for _, e := range toTextEdits(f.Edits) {
				de.Edits = append(de.Edits, annotatedEdit{TextEdit: e, AnnotationID: id})
			}
			out.DocumentChanges = append(out.DocumentChanges, de)
		}
		return out, nil
	}
	var answer *protocol.MessageActionItem
	err = s.call(ctx, "window/showMessageRequest", &protocol.ShowMessageRequestParams{
		Type: protocol.MessageTypeWarning, Message: label + " in " + detail + "?",
		Actions: []protocol.MessageActionItem{{Title: "Rename"}, {Title: "Cancel"}},
	}, &answer)
	if err != nil {
		return nil, err
	}
	if answer == nil || answer.Title != "Rename" {
		return nil, nil // declined: no change
	}
	out := &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{}}
	for _, f := range r.Files {
		out.Changes[uriOf(f.URI)] = toTextEdits(f.Edits)
	}
	return out, nil
}

// rel is path relative to the directory of from, for messages.
func rel(from, path string) string {
	if r, err := filepath.Rel(filepath.Dir(from), path); err == nil {
		return filepath.ToSlash(r)
	}
	return path
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
