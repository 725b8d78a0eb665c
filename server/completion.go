package server

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/completion"
)

// completion answers textDocument/completion. It reads the current text and the
// last finished parse (for names) and never waits for a parse.
func (s *Server) completion(ctx context.Context, p *protocol.CompletionParams) (*protocol.CompletionList, error) {
	empty := &protocol.CompletionList{Items: []protocol.CompletionItem{}}
	sn := s.snapshot(p.TextDocument.URI)
	if sn == nil {
		return empty, nil
	}
	s.mu.Lock()
	snippets := false
	if td := s.caps.TextDocument; td != nil && td.Completion != nil && td.Completion.CompletionItem != nil {
		snippets = td.Completion.CompletionItem.SnippetSupport
	}
	s.mu.Unlock()
	trigger := ""
	if p.Context != nil {
		trigger = p.Context.TriggerCharacter
	}
	list := completion.Complete(completion.Request{
		URI:      string(sn.URI),
		Text:     sn.Text,
		Pos:      fromPos(p.Position),
		Template: sn.Analysed(),
		Spec:     s.currentSpec(),
		Snippets: snippets,
		Trigger:  trigger,
	})
	out := &protocol.CompletionList{IsIncomplete: list.Incomplete, Items: make([]protocol.CompletionItem, 0, len(list.Items))}
	for _, it := range list.Items {
		ci := protocol.CompletionItem{
			Label:      it.Label,
			Kind:       completionKinds[it.Kind],
			Detail:     it.Detail,
			SortText:   it.SortText,
			FilterText: it.FilterText,
			TextEdit:   &protocol.TextEdit{Range: toRange(it.Edit.Range), NewText: it.Edit.NewText},
			// the core writes absolute indentation into multi-line texts
			InsertTextMode:   protocol.InsertTextModeAsIs,
			InsertTextFormat: protocol.InsertTextFormatPlainText,
		}
		if it.Snippet {
			ci.InsertTextFormat = protocol.InsertTextFormatSnippet
		}
		if it.Deprecated {
			// The tag is LSP 3.15's way; the flag the older one, still read by some clients.
			ci.Tags, ci.Deprecated = []protocol.CompletionItemTag{protocol.CompletionItemTagDeprecated}, true
		}
		if it.Documentation != "" {
			ci.Documentation = protocol.MarkupContent{Kind: protocol.Markdown, Value: it.Documentation}
		}
		for _, e := range it.AdditionalEdits {
			ci.AdditionalTextEdits = append(ci.AdditionalTextEdits, protocol.TextEdit{Range: toRange(e.Range), NewText: e.NewText})
		}
		out.Items = append(out.Items, ci)
	}
	return out, nil
}

var completionKinds = map[completion.Kind]protocol.CompletionItemKind{
	completion.KindText:      protocol.CompletionItemKindText,
	completion.KindKeyword:   protocol.CompletionItemKindKeyword,
	completion.KindProperty:  protocol.CompletionItemKindProperty,
	completion.KindValue:     protocol.CompletionItemKindValue,
	completion.KindFunction:  protocol.CompletionItemKindFunction,
	completion.KindReference: protocol.CompletionItemKindReference,
	completion.KindClass:     protocol.CompletionItemKindClass,
	completion.KindSnippet:   protocol.CompletionItemKindSnippet,
	completion.KindEnum:      protocol.CompletionItemKindEnumMember,
	completion.KindModule:    protocol.CompletionItemKindModule,
	completion.KindVariable:  protocol.CompletionItemKindVariable,
	completion.KindField:     protocol.CompletionItemKindField,
	completion.KindConstant:  protocol.CompletionItemKindConstant,
}
