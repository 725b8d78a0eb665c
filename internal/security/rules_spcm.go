package security

import (
	"fmt"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// defaultSPCMThreshold is cfn_nag's default W76 threshold.
const defaultSPCMThreshold = 25

// Weights of cfn_nag's policy complexity metric (SPCM).
const (
	spcmStatement  = 1
	spcmDeny       = 1
	spcmInversion  = 1 // NotAction, NotResource
	spcmMixed      = 1 // "*" mixed with named services
	spcmService    = 2 // each service beyond the first
	spcmMisaligned = 1 // a resource service no action names
	spcmCondition  = 2
	spcmIfExists   = 1
	spcmNull       = 1
	spcmPolicyVar  = 1
)

// complexity scores a policy document the way cfn_nag's SPCM does: a sum over
// statements of structure that makes a policy hard to reason about.
func (ev *evaluator) complexity(doc *template.Node) int {
	total := 0
	for _, st := range ev.statements(doc) {
		total += st.complexity()
	}
	return total
}

func (st *statement) complexity() int {
	score := spcmStatement
	if st.effect == "Deny" {
		score += spcmDeny
	}
	if len(st.notActions) > 0 {
		score += spcmInversion
	}
	if len(st.notResources) > 0 {
		score += spcmInversion
	}
	actions, resources := st.actions, st.resources
	if len(actions) == 0 {
		actions = st.notActions
	}
	if len(resources) == 0 {
		resources = st.notResources
	}
	actSvc := serviceNames(actions, actionService)
	resSvc := serviceNames(resources, resourceService)

	// The sets involved are tiny: linear scans beat maps.
	var services []string
	for _, names := range [][]string{actSvc, resSvc} {
		for _, s := range names {
			if s != "*" && !contains(services, s) {
				services = append(services, s)
			}
		}
	}
	if len(services) > 1 {
		score += (len(services) - 1) * spcmService
	}
	if !isOnlyStar(resources) && !isOnlyStar(actions) {
		var missing []string
		for _, s := range resSvc {
			if s != "*" && !contains(actSvc, s) && !contains(missing, s) {
				missing = append(missing, s)
			}
		}
		score += len(missing) * spcmMisaligned
	}
	for _, names := range [][]string{actSvc, resSvc} {
		if len(names) > 1 && contains(names, "*") {
			score += spcmMixed
		}
	}
	return score + conditionComplexity(st.condition)
}

// serviceNames maps values to comparable service keys: the service name of a
// string; other values by their text (cfn_nag compares them whole), marked with
// a NUL so they never equal a name.
func serviceNames(vals []*template.Node, name func(string) (string, bool)) []string {
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		s, ok := v.Str()
		if !ok {
			out = append(out, "\x00"+nodeText(v))
			continue
		}
		if svc, ok := name(s); ok {
			out = append(out, svc)
		} else {
			out = append(out, "\x00nil")
		}
	}
	return out
}

func actionService(a string) (string, bool) {
	if a == "*" {
		return "*", true
	}
	svc, _, _ := strings.Cut(a, ":")
	return svc, true
}

// resourceService is the third field of an ARN; Ruby's split drops trailing
// empty fields, so a short ARN has none.
func resourceService(arn string) (string, bool) {
	if arn == "*" {
		return "*", true
	}
	_, rest, ok := strings.Cut(arn, ":")
	if !ok {
		return "", false
	}
	_, rest, ok = strings.Cut(rest, ":")
	if !ok {
		return "", false
	}
	svc, tail, _ := strings.Cut(rest, ":")
	if svc == "" && strings.Trim(tail, ":") == "" {
		return "", false // only empty fields follow: Ruby's split drops them
	}
	return svc, true
}

func isOnlyStar(vals []*template.Node) bool {
	return len(vals) == 1 && strIs(vals[0], "*")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func conditionComplexity(c *template.Node) int {
	if c == nil || c.Kind != template.Mapping {
		return 0
	}
	score := len(c.Pairs) * spcmCondition
	for _, p := range c.Pairs {
		op := p.Key.Value
		if strings.HasPrefix(op, "ForAllValues") || strings.HasPrefix(op, "ForAnyValues") {
			score += spcmCondition
		}
		if strings.HasSuffix(op, "IfExists") {
			score += spcmIfExists
		}
		if p.Value.Kind != template.Mapping {
			continue
		}
		for _, kv := range p.Value.Pairs {
			vals := []*template.Node{kv.Value}
			if kv.Value.Kind == template.Sequence {
				vals = kv.Value.Items
			}
			for _, v := range vals {
				if s, ok := v.Str(); ok && hasPolicyVariable(s) {
					score += spcmPolicyVar
				}
			}
		}
	}
	if c.Get("Null") != nil {
		score += spcmNull
	}
	return score
}

// hasPolicyVariable reports a ${...} policy variable other than the escapes
// ${$}, ${*} and ${?}.
func hasPolicyVariable(s string) bool {
	for _, esc := range []string{"${$}", "${*}", "${?}"} {
		s = strings.ReplaceAll(s, esc, "")
	}
	i := strings.Index(s, "${")
	return i >= 0 && len(s) > i+3 && strings.Contains(s[i+3:], "}")
}

// spcmRules score the complexity of IAM policies.
var spcmRules = []*rule{
	{id: "W76", types: []string{"AWS::IAM::Policy", "AWS::IAM::Role"},
		text: "IAM policy is complex: its policy complexity score (SPCM) reaches the threshold (25 by default)",
		check: func(ev *evaluator) []finding {
			var out []finding
			for _, p := range ev.resources("AWS::IAM::Policy") {
				if score := ev.complexity(ev.prop(p, "PolicyDocument")); score >= ev.spcmThreshold {
					out = append(out, one(p, keyNode(p.Get("Properties"), "PolicyDocument"),
						"Complex policy: IAM policy %s scores %d on the policy complexity metric (threshold %d); split it up", p.Name, score, ev.spcmThreshold)...)
				}
			}
			for _, r := range ev.resources("AWS::IAM::Role") {
				for _, d := range ev.inlinePolicies(r) {
					if score := ev.complexity(d.doc); score >= ev.spcmThreshold {
						out = append(out, finding{r.Name, firstLineOf(d.doc),
							fmt.Sprintf("Complex policy: %s of IAM role %s scores %d on the policy complexity metric (threshold %d); split it up", d.label, r.Name, score, ev.spcmThreshold)})
					}
				}
			}
			return out
		}},
}

func firstLineOf(n *template.Node) *template.Node {
	if n != nil && n.Parent != nil && n.Parent.Kind == template.Mapping {
		for _, p := range n.Parent.Pairs {
			if p.Value == n {
				return p.Key
			}
		}
	}
	return n
}
