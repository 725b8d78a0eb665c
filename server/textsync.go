package server

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

func (s *Server) didOpen(_ context.Context, p *didOpenParams) error {
	text, err := decodeText(p.TextDocument.Text)
	if err != nil {
		return err
	}
	s.setText(p.TextDocument.URI, p.TextDocument.Version, text, false, nil)
	s.schedule(p.TextDocument.URI, 0)
	s.stackOpened(p.TextDocument.URI, false)
	return nil
}

// didChangeParams decodes content changes with an optional range: protocol
// v0.12.0's struct cannot tell a full-text change from an insertion at 0:0.
type didChangeParams struct {
	TextDocument protocol.VersionedTextDocumentIdentifier `json:"textDocument"`
	Changes      []struct {
		Range *protocol.Range `json:"range,omitempty"`
		Text  string          `json:"text"`
	} `json:"contentChanges"`
}

func (s *Server) didChange(_ context.Context, p *didChangeParams) error {
	uri := p.TextDocument.URI
	sn := s.snapshot(uri)
	if sn == nil {
		return nil // not open: nothing to apply the change to
	}
	if p.TextDocument.Version <= sn.Version {
		// Out of order: applying it would corrupt the text the newer version built.
		s.log.Printf("%s: dropped a change to version %d, which is not newer than version %d", uri, p.TextDocument.Version, sn.Version)
		return nil
	}
	text, lines := sn.Text, sn.lines
	for _, c := range p.Changes {
		if c.Range == nil {
			text, lines = c.Text, nil
			continue
		}
		if lines == nil {
			lines = template.NewLines(text)
		}
		text, lines = applyEdit(text, lines, fromRange(*c.Range), c.Text)
	}
	sn = s.setText(uri, p.TextDocument.Version, text, true, lines)
	if s.currentSettings().Validate.OnChange {
		s.schedule(uri, s.debounce(sn.doc))
	}
	return nil
}

// applyEdit replaces the range r of text, whose line index is lines, with
// repl, and returns the new text and its index (updated, not rebuilt: a large
// document is edited at every keystroke).
func applyEdit(text string, lines *template.Lines, r template.Range, repl string) (string, *template.Lines) {
	start, end := lines.Offset(r.Start), lines.Offset(r.End)
	if end < start {
		start, end = end, start
	}
	var b strings.Builder
	b.Grow(len(text) - (end - start) + len(repl))
	b.WriteString(text[:start])
	b.WriteString(repl)
	b.WriteString(text[end:])
	out := b.String()
	return out, lines.Edited(out, start, end, start+len(repl))
}

func (s *Server) didSave(_ context.Context, p *protocol.DidSaveTextDocumentParams) error {
	if p.Text != "" {
		if sn := s.snapshot(p.TextDocument.URI); sn != nil && sn.Text != p.Text {
			s.setText(p.TextDocument.URI, sn.Version, p.Text, true, nil)
		}
	}
	s.schedule(p.TextDocument.URI, 0)
	s.stackOpened(p.TextDocument.URI, true)
	return nil
}

func (s *Server) didClose(_ context.Context, p *protocol.DidCloseTextDocumentParams) error {
	s.closeDoc(p.TextDocument.URI)
	s.workspaceClosed(p.TextDocument.URI)
	s.stackClosed(p.TextDocument.URI)
	s.clearDiagnostics(p.TextDocument.URI)
	return nil
}
