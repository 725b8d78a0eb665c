package jsonschema

import (
	"slices"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Error is one failed keyword.
type Error struct {
	// Rule is the id of the rule that reports the finding.
	Rule string
	// Keyword is the keyword that failed ("enum", "required", "fn_join" for an
	// intrinsic function whose value cannot have the expected type).
	Keyword string
	// Range is where the finding is placed.
	Range template.Range
	// Node is the value the keyword judged (nil when it judged a key's absence).
	Node *template.Node
	// Key is the key the finding is about, when it is about one (an
	// unexpected property, one of two excluded properties).
	Key *template.Node
	// Message says what is wrong, in cfn-lint's words where they are clear.
	Message string
	// When lists the conditions under which the finding holds: those of the
	// Fn::If branches it depends on. Empty: whatever the conditions.
	When []conditions.Fact
	// Context holds the findings of the branches of a failed oneOf or anyOf.
	Context []*Error
	// Suggest is the allowed name closest to an unexpected key, if any.
	Suggest string
	// Missing names the required property a "required" finding is about.
	Missing string
	// Quote is set on an enum finding about a plain scalar that YAML 1.1
	// reads as a boolean where the enum lists its text (a plain OFF): quoted,
	// it is the value the author meant.
	Quote bool

	unknown bool
	depth   int
}

// weak keywords lose to others at the same depth when the best match is
// chosen: their failures say less about what is wrong.
func weak(kw string) bool { return kw == "anyOf" || kw == "oneOf" }

// relevance orders errors as cfn-lint's best_match does: shallower first, then
// strong keywords before weak ones.
func relevance(a, b *Error) int {
	if a.depth != b.depth {
		if a.depth < b.depth {
			return 1
		}
		return -1
	}
	wa, wb := weak(a.Keyword), weak(b.Keyword)
	switch {
	case wa == wb:
		return 0
	case wa:
		return -1
	}
	return 1
}

// BestMatch picks the error that says most about what is wrong, as cfn-lint's
// rules that report one finding per value do: the shallowest, preferring
// other keywords to oneOf and anyOf, then descending into a oneOf's or anyOf's
// branches to the deepest error when one stands out. Nil for no errors.
func BestMatch(errs []*Error) *Error {
	if len(errs) == 0 {
		return nil
	}
	best := errs[0]
	for _, e := range errs[1:] {
		if relevance(e, best) > 0 {
			best = e
		}
	}
	for len(best.Context) > 0 {
		ctx := slices.Clone(best.Context)
		slices.SortStableFunc(ctx, func(a, b *Error) int { return relevance(a, b) })
		if len(ctx) >= 2 && relevance(ctx[0], ctx[1]) == 0 {
			return best
		}
		best = ctx[0]
	}
	return best
}
