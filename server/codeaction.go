package server

import (
	"context"
	"fmt"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/analysis"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/quickfix"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// codeAction answers textDocument/codeAction with quick fixes for the
// diagnostics in the request, the extract-to-parameter refactoring, and the
// convert / launch / validate source actions.
//
// The client hands back the diagnostics it was sent, with the data field that
// carries what the fixes need (see diagnosticData). A diagnostic without that
// data, or with data computed on another text, is matched by range and code
// against this server's own analysis of the snapshot (see actionDiagnostics).
func (s *Server) codeAction(ctx context.Context, p *protocol.CodeActionParams) ([]protocol.CodeAction, error) {
	out := []protocol.CodeAction{}
	sn := s.snapshot(p.TextDocument.URI)
	if sn == nil {
		return out, nil
	}
	t := sn.Template()
	if !t.IsTemplate() {
		return out, nil
	}
	rng := fromRange(p.Range)
	doc := sn.stamp()
	var all []diag.Diagnostic // the analysis, when a diagnostic needs it
	var ds []diag.Diagnostic
	used := map[int]bool{}
	for _, cd := range p.Context.Diagnostics {
		if d, ok := fromDiagnostic(cd, doc); ok {
			ds = append(ds, d)
			continue
		}
		if all == nil {
			all = s.actionDiagnostics(ctx, sn, t)
		}
		for i, d := range all {
			if !used[i] && d.Range == fromRange(cd.Range) && d.Code == fmt.Sprint(cd.Code) {
				used[i] = true
				ds = append(ds, d)
			}
		}
	}
	if len(p.Context.Diagnostics) == 0 {
		for _, d := range s.actionDiagnostics(ctx, sn, t) {
			if d.Range.Contains(rng.Start) {
				ds = append(ds, d)
			}
		}
	}
	only := make([]string, 0, len(p.Context.Only))
	for _, k := range p.Context.Only {
		only = append(only, string(k))
	}
	for _, a := range quickfix.Actions(quickfix.Request{
		Template: t, Spec: s.currentSpec(), Range: rng, Diagnostics: ds, Only: only,
	}) {
		ca := protocol.CodeAction{Title: a.Title, Kind: protocol.CodeActionKind(a.Kind), IsPreferred: a.Preferred}
		for _, d := range a.Fixes {
			ca.Diagnostics = append(ca.Diagnostics, toDiagnostic(d, doc))
		}
		if len(a.Edits) > 0 {
			edits := make([]protocol.TextEdit, 0, len(a.Edits))
			for _, e := range a.Edits {
				edits = append(edits, protocol.TextEdit{Range: toRange(e.Range), NewText: e.NewText})
			}
			ca.Edit = &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{sn.URI: edits}}
		}
		if a.Command != "" {
			ca.Command = &protocol.Command{Title: a.Title, Command: a.Command,
				Arguments: []any{map[string]any{"uri": sn.URI}}}
		}
		out = append(out, ca)
	}
	return out, nil
}

// actionDiagnostics returns the analysis of a snapshot: the one its diagnostics
// were published from, or, when that has not run yet, a new one kept for next time.
func (s *Server) actionDiagnostics(ctx context.Context, sn *snapshot, t *template.Template) []diag.Diagnostic {
	if ds := sn.diags.Load(); ds != nil {
		return *ds
	}
	ds, err := analysis.Analyze(ctx, t, s.currentSpec(), s.analysisOptions())
	if err != nil {
		return nil
	}
	sn.diags.Store(&ds)
	return ds
}
