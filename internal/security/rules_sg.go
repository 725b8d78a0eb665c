package security

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

const (
	typeSG      = "AWS::EC2::SecurityGroup"
	typeIngress = "AWS::EC2::SecurityGroupIngress"
	typeEgress  = "AWS::EC2::SecurityGroupEgress"
)

// sgRule is one ingress or egress rule: inline in a security group, or a
// standalone SecurityGroupIngress/Egress resource.
type sgRule struct {
	group   *template.Entry // the security group it belongs to (nil: external group)
	via     *template.Entry // the standalone resource, or nil for an inline rule
	node    *template.Node  // the rule's mapping (inline) or the resource's Properties
	resolve bool            // inline rules have their values resolved, standalone ones not
	ev      *evaluator
}

func (r *sgRule) get(key string) *template.Node {
	v := r.ev.get(r.node, key)
	if r.resolve {
		v = r.ev.value(v)
	}
	return v
}

// owner is the logical id cfn_nag reports: the security group for inline rules and
// for standalone rules wired to a group of the template, else the standalone resource.
func (r *sgRule) owner() string {
	if r.group != nil {
		return r.group.Name
	}
	return r.via.Name
}

// subject describes the rule for messages.
func (r *sgRule) subject(dir string) string {
	switch {
	case r.via != nil && r.group != nil:
		return fmt.Sprintf("%s rule %s of security group %s", dir, r.via.Name, r.group.Name)
	case r.via != nil:
		gid := "an external security group"
		if s, ok := r.ev.get(r.via.Get("Properties"), "GroupId").Str(); ok {
			gid = "security group " + s
		}
		return fmt.Sprintf("%s rule %s (for %s)", dir, r.via.Name, gid)
	}
	return fmt.Sprintf("security group %s has an %s rule that", r.group.Name, dir)
}

// sgRules returns every ingress (egress=false) or egress rule of the template, as
// cfn_nag's model wires them.
func (ev *evaluator) sgRules(egress bool) []*sgRule {
	i := 0
	if egress {
		i = 1
	}
	if !ev.sgDone[i] {
		ev.sgCache[i], ev.sgDone[i] = ev.buildSGRules(egress), true
	}
	return ev.sgCache[i]
}

func (ev *evaluator) buildSGRules(egress bool) []*sgRule {
	key, typ := "SecurityGroupIngress", typeIngress
	if egress {
		key, typ = "SecurityGroupEgress", typeEgress
	}
	var out []*sgRule
	groups := map[string]*template.Entry{}
	// The model is wired once for all rules, suppressed resources included, as
	// cfn_nag's parser does; findings on suppressed groups are dropped later.
	for _, g := range ev.byType[typeSG] {
		groups[g.Name] = g
	}
	wired := map[string][]*sgRule{}
	for _, s := range ev.byType[typ] {
		props := s.Get("Properties")
		id, ok := refTarget(ev.get(props, "GroupId"), "GroupId")
		if !ok {
			out = append(out, &sgRule{via: s, node: props, ev: ev})
			continue
		}
		if g := groups[id]; g != nil {
			wired[id] = append(wired[id], &sgRule{group: g, via: s, node: props, ev: ev})
		}
	}
	for _, g := range ev.byType[typeSG] {
		for _, it := range ev.items(ev.prop(g, key)) {
			if it.Kind == template.Mapping {
				out = append(out, &sgRule{group: g, node: it, resolve: true, ev: ev})
			}
		}
		out = append(out, wired[g.Name]...)
	}
	return out
}

func ip4Open(n *template.Node) bool {
	s, ok := n.Str()
	return ok && n.Kind == template.Scalar && s == "0.0.0.0/0"
}

func ip6Open(n *template.Node) bool {
	p, ok := ip6Prefix(n)
	return ok && p.Bits() == 0
}

func ip6Prefix(n *template.Node) (netip.Prefix, bool) {
	s, ok := n.Str()
	if !ok {
		return netip.Prefix{}, false
	}
	if strings.HasPrefix(s, ":/") { // cfn_nag accepts a YAML symbol's spelling
		s = ":" + s
	}
	p, err := netip.ParsePrefix(s)
	if err != nil || !p.Addr().Is6() {
		return netip.Prefix{}, false
	}
	return p, true
}

// rubyInt is Ruby's String#to_i: the leading integer, 0 when there is none.
func rubyInt(s string) int {
	s = strings.TrimSpace(s)
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	v := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			break
		}
		v = v*10 + int(c-'0')
		if v > 1<<30 {
			break
		}
	}
	if neg {
		return -v
	}
	return v
}

// sameValue compares two property values as Ruby's == on parsed YAML/JSON does:
// a number and a string never match.
func sameValue(a, b *template.Node) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if a.Kind != template.Scalar || b.Kind != template.Scalar {
		return a.Kind == b.Kind && a.Kind == template.Intrinsic && nodeText(a) == nodeText(b)
	}
	num := func(n *template.Node) bool { return n.Type == template.Int || n.Type == template.Float }
	return a.Value == b.Value && num(a) == num(b)
}

// nodeText renders a small node canonically, for comparisons.
func nodeText(n *template.Node) string {
	var b strings.Builder
	var walk func(*template.Node)
	walk = func(n *template.Node) {
		if n == nil {
			b.WriteString("~")
			return
		}
		switch n.Kind {
		case template.Scalar:
			b.WriteString(strconv.Quote(n.Value))
		case template.Intrinsic:
			b.WriteString(n.Fn + "(")
			walk(n.Arg)
			b.WriteString(")")
		case template.Mapping:
			b.WriteString("{")
			for _, p := range n.Pairs {
				b.WriteString(p.Key.Value + ":")
				walk(p.Value)
				b.WriteString(",")
			}
			b.WriteString("}")
		case template.Sequence:
			b.WriteString("[")
			for _, it := range n.Items {
				walk(it)
				b.WriteString(",")
			}
			b.WriteString("]")
		default:
			b.WriteString("~")
		}
	}
	walk(n)
	return b.String()
}

func allProtocols(n *template.Node) bool {
	s, ok := n.Str()
	return ok && rubyInt(s) == -1
}

// sgTypes are a security group's type and that of its standalone rules of one direction.
func sgTypes(rules string) []string { return []string{typeSG, rules} }

// eachRule makes a check of the security group rules of one direction
// (egress or ingress) from what check finds in one rule, given the
// direction's name.
func eachRule(egress bool, check func(r *sgRule, dir string) []finding) func(*evaluator) []finding {
	dir := "ingress"
	if egress {
		dir = "egress"
	}
	return func(ev *evaluator) []finding {
		var out []finding
		for _, r := range ev.sgRules(egress) {
			out = append(out, check(r, dir)...)
		}
		return out
	}
}

// portRange checks that the rules of one direction open a single port.
func portRange(egress bool) func(ev *evaluator) []finding {
	return eachRule(egress, func(r *sgRule, dir string) []finding {
		from, to := r.get("FromPort"), r.get("ToPort")
		if sameValue(from, to) {
			return nil
		}
		at := from
		if at == nil {
			at = to
		}
		if at == nil {
			at = r.node
		}
		return []finding{{r.owner(), at,
			fmt.Sprintf("Port range: %s spans ports %s to %s instead of a single port", r.subject(dir), portText(from), portText(to))}}
	})
}

// openToWorld checks the security group rules of one direction (egress or
// ingress) for a CIDR open to the world; say words a finding from the rule's
// subject and the CIDR.
func openToWorld(egress bool, say string) func(*evaluator) []finding {
	return eachRule(egress, func(r *sgRule, dir string) []finding {
		var out []finding
		for _, k := range []string{"CidrIp", "CidrIpv6"} {
			v := r.get(k)
			if (k == "CidrIp" && ip4Open(v)) || (k == "CidrIpv6" && ip6Open(v)) {
				out = append(out, finding{r.owner(), v, fmt.Sprintf(say, r.subject(dir), v.Value)})
			}
		}
		return out
	})
}

// securityGroupRules judge security groups and their ingress and egress rules.
var securityGroupRules = []*rule{
	{id: "W2", types: sgTypes(typeIngress),
		text:  "Security group ingress is open to the world (0.0.0.0/0 or ::/0)",
		check: openToWorld(false, "Ingress open to the world: %s admits %s")},
	{id: "W5", types: sgTypes(typeEgress),
		text:  "Security group egress is open to the world (0.0.0.0/0 or ::/0)",
		check: openToWorld(true, "Egress open to the world: %s sends to %s")},
	{id: "W9", types: sgTypes(typeIngress),
		text: "Security group ingress CIDR is wider than a single host (not /32 or /128)",
		check: eachRule(false, func(r *sgRule, dir string) []finding {
			var out []finding
			if v := r.get("CidrIp"); v != nil && v.Kind == template.Scalar && !strings.HasSuffix(v.Value, "/32") {
				out = append(out, finding{r.owner(), v, fmt.Sprintf("Ingress CIDR wider than one host: %s admits %s", r.subject(dir), v.Value)})
			}
			if v := r.get("CidrIpv6"); v != nil {
				if p, ok := ip6Prefix(v); ok && p.Bits() != 128 {
					out = append(out, finding{r.owner(), v, fmt.Sprintf("Ingress CIDR wider than one host: %s admits %s", r.subject(dir), v.Value)})
				}
			}
			return out
		})},
	{id: "W27", types: sgTypes(typeIngress),
		text: "Security group ingress opens a port range rather than a single port", check: portRange(false)},
	{id: "W29", types: sgTypes(typeEgress),
		text: "Security group egress opens a port range rather than a single port", check: portRange(true)},
	{id: "W42", types: sgTypes(typeIngress),
		text: "Security group ingress allows all protocols (IpProtocol -1)",
		check: eachRule(false, func(r *sgRule, dir string) []finding {
			if v := r.get("IpProtocol"); allProtocols(v) {
				return []finding{{r.owner(), v, fmt.Sprintf("All protocols: %s uses IpProtocol -1", r.subject(dir))}}
			}
			return nil
		})},
	{id: "W40", types: sgTypes(typeEgress),
		text: "Security group egress allows all protocols (IpProtocol -1)",
		check: eachRule(true, func(r *sgRule, dir string) []finding {
			v := r.get("IpProtocol")
			if !allProtocols(v) {
				return nil
			}
			if s, _ := r.get("CidrIp").Str(); s == "127.0.0.1/32" {
				return nil // the loopback
			}
			if s, _ := r.get("CidrIpv6").Str(); s == "::1/128" || s == ":1/128" {
				return nil
			}
			return []finding{{r.owner(), v, fmt.Sprintf("All protocols: %s uses IpProtocol -1", r.subject(dir))}}
		})},
	{id: "F1000", types: []string{typeSG},
		text: "Security group declares no egress rule, so all outbound traffic is allowed",
		check: func(ev *evaluator) []finding {
			has := map[string]bool{}
			for _, r := range ev.sgRules(true) {
				if r.group != nil {
					has[r.group.Name] = true
				}
			}
			var out []finding
			for _, g := range ev.resources(typeSG) {
				if !has[g.Name] {
					out = append(out, one(g, g.Key,
						"Missing egress: security group %s declares no egress rule, so all outbound traffic is allowed; state it explicitly", g.Name)...)
				}
			}
			return out
		}},
	{id: "W36", types: []string{typeSG, typeIngress, typeEgress},
		text: "Security group rule has no Description",
		check: func(ev *evaluator) []finding {
			var out []finding
			for _, g := range ev.resources(typeSG) {
				for _, key := range []string{"SecurityGroupIngress", "SecurityGroupEgress"} {
					for _, it := range ev.items(ev.prop(g, key)) {
						if blank(ev.get(it, "Description")) {
							out = append(out, finding{g.Name, firstLine(it),
								fmt.Sprintf("No description: an %s rule of security group %s has no Description", strings.ToLower(strings.TrimPrefix(key, "SecurityGroup")), g.Name)})
						}
					}
				}
			}
			for _, typ := range []string{typeIngress, typeEgress} {
				for _, s := range ev.resources(typ) {
					if blank(ev.prop(s, "Description")) {
						dir := "ingress"
						if typ == typeEgress {
							dir = "egress"
						}
						r := &sgRule{via: s, node: s.Get("Properties"), ev: ev}
						if id, ok := refTarget(ev.prop(s, "GroupId"), "GroupId"); ok {
							r.group = ev.t.Resource(id)
						}
						out = append(out, one(s, s.Key, "No description: %s has no Description", r.subject(dir))...)
					}
				}
			}
			return out
		}},
}

// firstLine returns a node standing for the first line of n (a list item).
func firstLine(n *template.Node) *template.Node {
	if n.Kind == template.Mapping && len(n.Pairs) > 0 {
		return n.Pairs[0].Key
	}
	return n
}

func portText(n *template.Node) string {
	if s, ok := n.Str(); ok {
		return s
	}
	if n == nil {
		return "(unset)"
	}
	return "(computed)"
}

// blank is cfn_nag's blank?: absent or whitespace only.
func blank(n *template.Node) bool {
	if n == nil || n.Kind == template.Null {
		return true
	}
	s, ok := n.Str()
	return ok && strings.TrimSpace(s) == ""
}
