package server

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/navigation"
)

// tokenTypes is the legend of the token types: a parameter, a resource (a
// variable of the stack), a condition (an enum member: true or false), a mapping
// (a namespace of keys).
var tokenTypes = []string{"parameter", "variable", "enumMember", "namespace"}

var tokenTypeOf = map[string]uint32{
	navigation.Parameters: 0, navigation.Resources: 1, navigation.Conditions: 2, navigation.Mappings: 3,
}

// tokenModifiers is the legend of the modifiers: bit 0 marks a declaration.
var tokenModifiers = []string{"declaration"}

// semanticTokensParams and semanticTokens are LSP 3.16's, which protocol
// v0.12.0 does not have.
type semanticTokensParams struct {
	TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
}

type semanticTokens struct {
	Data []uint32 `json:"data"`
}

// semanticTokens answers textDocument/semanticTokens/full: the names of
// parameters, resources, conditions and mappings, where declared and where
// referenced, in LSP's relative encoding (positions are already UTF-16). It runs
// off the ordered request path (a whole-document answer must not hold up
// completion) and stops when cancelled.
func (s *Server) semanticTokens(ctx context.Context, p *semanticTokensParams) (*semanticTokens, error) {
	out := &semanticTokens{Data: []uint32{}}
	sn := s.snapshot(p.TextDocument.URI)
	if sn == nil {
		return out, nil
	}
	t := sn.Template()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	var line, char int
	for _, tk := range navigation.Tokens(t) {
		start := tk.Range.Start
		dl, dc := start.Line-line, start.Char
		if dl == 0 {
			dc = start.Char - char
		}
		mods := uint32(0)
		if tk.Declaration {
			mods = 1
		}
		out.Data = append(out.Data, uint32(dl), uint32(dc), uint32(tk.Range.End.Char-start.Char), tokenTypeOf[tk.Section], mods)
		line, char = start.Line, start.Char
	}
	return out, nil
}
