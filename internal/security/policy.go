package security

import (
	"fmt"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// statement is one IAM policy statement with its values resolved. Each list keeps
// the nodes, so findings point at the offending element.
type statement struct {
	node         *template.Node
	effect       string
	actions      []*template.Node
	notActions   []*template.Node
	resources    []*template.Node
	notResources []*template.Node
	principal    *template.Node
	notPrincipal *template.Node
	condition    *template.Node
}

// statements parses a policy document (a mapping with Statement).
func (ev *evaluator) statements(doc *template.Node) []*statement {
	if doc == nil {
		return nil
	}
	if st, ok := ev.stmts[doc]; ok {
		return st
	}
	st := ev.parseStatements(doc)
	ev.stmts[doc] = st
	return st
}

func (ev *evaluator) parseStatements(doc *template.Node) []*statement {
	doc = ev.value(doc)
	if doc == nil || doc.Kind != template.Mapping {
		return nil
	}
	var out []*statement
	for _, sn := range ev.listValue(doc.Get("Statement")) {
		if sn.Kind != template.Mapping {
			continue
		}
		st := &statement{node: sn}
		st.effect, _ = ev.str(sn.Get("Effect"))
		st.actions = ev.listValue(sn.Get("Action"))
		st.notActions = ev.listValue(sn.Get("NotAction"))
		st.resources = ev.listValue(sn.Get("Resource"))
		st.notResources = ev.listValue(sn.Get("NotResource"))
		st.principal = ev.value(sn.Get("Principal"))
		st.notPrincipal = ev.value(sn.Get("NotPrincipal"))
		st.condition = ev.value(sn.Get("Condition"))
		if st.notPrincipal != nil && st.notPrincipal.Kind == template.Null {
			st.notPrincipal = nil
		}
		out = append(out, st)
	}
	return out
}

// listValue resolves a one-or-many value into its resolved elements.
func (ev *evaluator) listValue(n *template.Node) []*template.Node {
	n = ev.value(n)
	if n == nil || n.Kind == template.Null {
		return nil
	}
	if n.Kind != template.Sequence {
		return []*template.Node{n}
	}
	out := make([]*template.Node, 0, len(n.Items))
	for _, it := range n.Items {
		out = append(out, ev.value(it))
	}
	return out
}

func (st *statement) allow() bool { return st.effect == "Allow" }

// wildcardAction returns the first action that is "*" or "service:*".
func (st *statement) wildcardAction() *template.Node {
	for _, a := range st.actions {
		if s, ok := a.Str(); ok && (s == "*" || (strings.HasSuffix(s, ":*") && len(s) > 2)) {
			return a
		}
	}
	return nil
}

// wildcardResource returns the first resource that is exactly "*".
func (st *statement) wildcardResource() *template.Node {
	for _, r := range st.resources {
		if s, ok := r.Str(); ok && s == "*" {
			return r
		}
	}
	return nil
}

// wildcardPrincipal returns the principal value containing a "*", or nil.
func (st *statement) wildcardPrincipal() *template.Node {
	p := st.principal
	switch {
	case p == nil:
		return nil
	case p.Kind == template.Scalar:
		if strings.Contains(p.Value, "*") {
			return p
		}
	case p.Kind == template.Mapping:
		for _, pair := range p.Pairs {
			v := pair.Value
			if v.Kind == template.Scalar && strings.Contains(v.Value, "*") {
				return v
			}
			if v.Kind == template.Sequence {
				for _, it := range v.Items {
					if it.Kind == template.Scalar && strings.Contains(it.Value, "*") {
						return it
					}
				}
			}
		}
	}
	return nil
}

// allowsAction is cfn-model's allows_action?: an Allow statement whose actions
// include the action or a wildcard pattern matching it.
func (st *statement) allowsAction(action string) bool {
	if !st.allow() {
		return false
	}
	svc, name, _ := strings.Cut(action, ":")
	for _, a := range st.actions {
		s, ok := a.Str()
		if !ok {
			continue
		}
		if s == "*" || s == action {
			return true
		}
		if p, ok := strings.CutPrefix(s, svc+":"); ok && wildcardMatches(p, name) {
			return true
		}
	}
	return false
}

// wildcardMatches reports whether pattern is one of cfn_nag's wildcard patterns of
// name: name itself, "*", a prefix followed by "*", "*" followed by a suffix, or
// "*" + infix + "*".
func wildcardMatches(pattern, name string) bool {
	switch {
	case pattern == name || pattern == "*":
		return true
	case len(pattern) >= 3 && pattern[0] == '*' && pattern[len(pattern)-1] == '*':
		mid := pattern[1 : len(pattern)-1]
		// "*" + a prefix of a suffix of name + "*"
		for i := 0; i < len(name); i++ {
			if strings.HasPrefix(name[i:], mid) {
				return true
			}
		}
		return false
	case strings.HasSuffix(pattern, "*"):
		p := pattern[:len(pattern)-1]
		return p != "" && strings.HasPrefix(name, p)
	case strings.HasPrefix(pattern, "*"):
		s := pattern[1:]
		return s != "" && strings.HasSuffix(name, s)
	}
	return false
}

// policyDoc is a policy document belonging to a resource, with a label for messages.
type policyDoc struct {
	label string // "inline policy AllowAll", "trust policy", ...
	doc   *template.Node
}

// inlinePolicies returns the named inline policies of a role, user or group.
func (ev *evaluator) inlinePolicies(r *template.Entry) []policyDoc {
	if docs, ok := ev.inline[r]; ok {
		return docs
	}
	if ev.inline == nil {
		ev.inline = map[*template.Entry][]policyDoc{}
	}
	docs := ev.parseInlinePolicies(r)
	ev.inline[r] = docs
	return docs
}

func (ev *evaluator) parseInlinePolicies(r *template.Entry) []policyDoc {
	var out []policyDoc
	for _, p := range ev.items(ev.prop(r, "Policies")) {
		if p.Kind != template.Mapping || p.Get("PolicyName") == nil {
			continue
		}
		name, ok := ev.str(p.Get("PolicyName"))
		if !ok {
			name = "(computed name)"
		}
		out = append(out, policyDoc{label: fmt.Sprintf("inline policy %q", name), doc: p.Get("PolicyDocument")})
	}
	return out
}
