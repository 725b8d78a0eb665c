package server

import (
	"net/url"
	"path/filepath"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// The core's positions are already 0-based UTF-16 (see template.Pos); these
// functions only change types.

func fromPos(p protocol.Position) template.Pos {
	return template.Pos{Line: int(p.Line), Char: int(p.Character)}
}

func toPos(p template.Pos) protocol.Position {
	return protocol.Position{Line: uint32(max(p.Line, 0)), Character: uint32(max(p.Char, 0))}
}

func fromRange(r protocol.Range) template.Range {
	return template.Range{Start: fromPos(r.Start), End: fromPos(r.End)}
}

func toRange(r template.Range) protocol.Range {
	return protocol.Range{Start: toPos(r.Start), End: toPos(r.End)}
}

// severities pairs the core's severities with LSP's; anything else is a hint.
var severities = []struct {
	core diag.Severity
	lsp  protocol.DiagnosticSeverity
}{
	{diag.Error, protocol.DiagnosticSeverityError},
	{diag.Warning, protocol.DiagnosticSeverityWarning},
	{diag.Info, protocol.DiagnosticSeverityInformation},
}

func toSeverity(s diag.Severity) protocol.DiagnosticSeverity {
	for _, p := range severities {
		if p.core == s {
			return p.lsp
		}
	}
	return protocol.DiagnosticSeverityHint
}

func fromSeverity(s protocol.DiagnosticSeverity) diag.Severity {
	for _, p := range severities {
		if p.lsp == s {
			return p.core
		}
	}
	return diag.Hint
}

// toDiagnostic translates a diagnostic computed on the text stamped doc.
func toDiagnostic(d diag.Diagnostic, doc string) protocol.Diagnostic {
	out := protocol.Diagnostic{
		Range:    toRange(d.Range),
		Severity: toSeverity(d.Severity),
		Code:     d.Code,
		Source:   d.Source,
		Message:  d.Message,
		Data:     withData(d, doc),
	}
	switch diag.TagOf(d) {
	case diag.Unnecessary:
		out.Tags = []protocol.DiagnosticTag{protocol.DiagnosticTagUnnecessary}
	case diag.Deprecated:
		out.Tags = []protocol.DiagnosticTag{protocol.DiagnosticTagDeprecated}
	}
	return out
}

func uriOf(s string) protocol.DocumentURI { return protocol.DocumentURI(s) }

// pathOf returns the file system path of a file:// URI, or "" for other schemes.
func pathOf(uri protocol.DocumentURI) string {
	u, err := url.Parse(string(uri))
	if err != nil || u.Scheme != "file" {
		return ""
	}
	return filepath.FromSlash(u.Path)
}

// fileURI returns the file:// URI of a path.
func fileURI(path string) protocol.DocumentURI {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return protocol.DocumentURI((&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String())
}
