package hover

import (
	"fmt"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// maxListed bounds the actions a wildcard's hover lists.
const maxListed = 25

// iamAction describes an IAM action of a policy statement: the service's
// action it names, or the actions a wildcard grants.
func (h *hoverer) iamAction(n *template.Node) *Result {
	service, action, ok := strings.Cut(n.Value, ":")
	if n.Value == "*" {
		return &Result{Markdown: "`*` grants every action of every service", Range: n.Range}
	}
	if !ok {
		return nil
	}
	actions := h.spec.IAMActions(service)
	if actions == nil {
		return &Result{Markdown: fmt.Sprintf("`%s` is not a known IAM service prefix", service), Range: n.Range}
	}
	svc := strings.ToLower(service)
	matched := schema.MatchIAMActions(actions, action)
	if !strings.ContainsAny(action, "*?") {
		if len(matched) == 0 {
			return &Result{Markdown: fmt.Sprintf("`%s` is not an action of `%s`", action, svc), Range: n.Range}
		}
		return &Result{Markdown: fmt.Sprintf("**%s:%s** — IAM action of `%s` (%d actions)", svc, matched[0], svc, len(actions)), Range: n.Range}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "`%s` grants %d of the %d actions of `%s`", n.Value, len(matched), len(actions), svc)
	if len(matched) > 0 {
		b.WriteString(":\n")
		for i, a := range matched {
			if i == maxListed {
				fmt.Fprintf(&b, "\n- ... %d more", len(matched)-maxListed)
				break
			}
			fmt.Fprintf(&b, "\n- %s:%s", svc, a)
		}
	}
	return &Result{Markdown: b.String(), Range: n.Range}
}
