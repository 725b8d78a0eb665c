package workspace

import (
	"regexp"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/stack"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Name is an export or SSM parameter name as a template computes it, resolved
// with the values its deployment gives (parameter files, defaults, the
// deployment's region and stack name).
type Name struct {
	// Text is the name. When Partial is set, the parts known only once deployed
	// (a resource's attribute, a pseudo parameter no deployment fixes, a
	// parameter without a value) are still their ${...} tokens.
	Text    string
	Partial bool
	re      *regexp.Regexp // what a partial name may stand for
}

// partial returns a partial name with its pattern.
func partial(text string) Name {
	parts := subToken.Split(text, -1)
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return Name{Text: text, Partial: true, re: regexp.MustCompile("^" + strings.Join(parts, ".*") + "$")}
}

// nameOf resolves a name node (a literal, a Fn::Sub, a Fn::Join of those...).
// ok is false when nothing of it can be known here.
func nameOf(r *stack.Resolver, n *template.Node) (Name, bool) {
	if n == nil {
		return Name{}, false
	}
	v := r.Value(n)
	switch {
	case v.Secret:
		return Name{}, false
	case v.Kind == stack.String && v.Str != "":
		return Name{Text: v.Str}, true
	case v.Kind == stack.Unknown && strings.Contains(v.Expr, "${"):
		return partial(v.Expr), true
	}
	return Name{}, false
}

var subToken = regexp.MustCompile(`\$\{[^}]*\}`)

// skeleton is the name with its unknown parts left out.
func (n Name) skeleton() string { return subToken.ReplaceAllString(n.Text, "") }

// Matches reports whether a and b may name the same thing once deployed:
// equal names, a partial name whose known parts fit the other, or two partial
// names either of which fits the other's known parts.
func Matches(a, b Name) bool {
	switch {
	case !a.Partial && !b.Partial:
		return a.Text == b.Text
	case a.Partial && !b.Partial:
		return a.re.MatchString(b.Text)
	case !a.Partial && b.Partial:
		return b.re.MatchString(a.Text)
	}
	return a.Text == b.Text || a.re.MatchString(b.skeleton()) || b.re.MatchString(a.skeleton())
}

// String is the name as shown to people.
func (n Name) String() string { return n.Text }
