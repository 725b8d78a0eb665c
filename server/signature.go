package server

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/completion"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// signatureHelp and its parts are LSP's, with parameter labels given as offsets
// into the signature's label (protocol v0.12.0 only has string labels, which
// clients match by first occurrence: wrong for "[[value, ...], value]").
type signatureHelp struct {
	Signatures      []signatureInformation `json:"signatures"`
	ActiveSignature uint32                 `json:"activeSignature"`
	ActiveParameter uint32                 `json:"activeParameter"`
}

type signatureInformation struct {
	Label         string                  `json:"label"`
	Documentation *protocol.MarkupContent `json:"documentation,omitempty"`
	Parameters    []parameterInformation  `json:"parameters"`
}

type parameterInformation struct {
	Label [2]uint32 `json:"label"` // UTF-16 offsets into the signature's label
}

// signatureHelp answers textDocument/signatureHelp: the intrinsic function whose
// argument holds the cursor, with that argument marked. Like completion it reads
// the current text and never waits for a parse; outside any function it answers null.
func (s *Server) signatureHelp(ctx context.Context, p *protocol.SignatureHelpParams) (*signatureHelp, error) {
	sn := s.snapshot(p.TextDocument.URI)
	if sn == nil {
		return nil, nil
	}
	sig, ok := completion.SignatureAt(completion.Request{
		URI:      string(sn.URI),
		Text:     sn.Text,
		Pos:      fromPos(p.Position),
		Template: sn.LastParsed(),
	})
	if !ok {
		return nil, nil
	}
	info := signatureInformation{
		Label:         sig.Label,
		Documentation: &protocol.MarkupContent{Kind: protocol.Markdown, Value: sig.Doc},
		Parameters:    make([]parameterInformation, len(sig.Params)),
	}
	for i, pr := range sig.Params {
		info.Parameters[i].Label = [2]uint32{
			uint32(template.UTF16Len(sig.Label[:pr[0]])), uint32(template.UTF16Len(sig.Label[:pr[1]])),
		}
	}
	return &signatureHelp{Signatures: []signatureInformation{info}, ActiveParameter: uint32(sig.Active)}, nil
}
