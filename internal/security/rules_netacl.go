package security

import (
	"fmt"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

const (
	typeNACL      = "AWS::EC2::NetworkAcl"
	typeNACLEntry = "AWS::EC2::NetworkAclEntry"
)

// naclEntries returns the entries of a network ACL of the template.
func (ev *evaluator) naclEntries(acl *template.Entry) []*template.Entry {
	if ev.nacls == nil {
		ev.nacls = map[string][]*template.Entry{}
		for _, e := range ev.byType[typeNACLEntry] { // wired once, as cfn_nag's parser does
			if id, ok := refTarget(ev.prop(e, "NetworkAclId"), ""); ok {
				ev.nacls[id] = append(ev.nacls[id], e)
			}
		}
	}
	return ev.nacls[acl.Name]
}

func protocolIs(n *template.Node, vals ...string) bool {
	s := rubyText(n)
	for _, v := range vals {
		if s == v {
			return true
		}
	}
	return false
}

// validPort is cfn_nag's valid_port_number?: a number, or a string whose leading
// integer is not 0.
func validPort(n *template.Node) bool {
	if n == nil || n.Kind != template.Scalar {
		return false
	}
	if n.Type == template.Int || n.Type == template.Float {
		return true
	}
	return n.Type == template.Str && rubyInt(n.Value) != 0
}

// netACLRules judge network ACLs and their entries.
var netACLRules = []*rule{
	{id: "F79", types: []string{typeNACL, typeNACLEntry},
		text: "Network ACL entries of one direction reuse a rule number",
		check: func(ev *evaluator) []finding {
			var out []finding
			for _, acl := range ev.resources(typeNACL) {
				groups := map[string][]*template.Entry{}
				var order []string
				for _, e := range ev.naclEntries(acl) {
					dir := "in"
					if truthy(ev.prop(e, "Egress")) {
						dir = "out"
					}
					k := dir + "|" + nodeKey(ev.prop(e, "RuleNumber"))
					if groups[k] == nil {
						order = append(order, k)
					}
					groups[k] = append(groups[k], e)
				}
				for _, k := range order {
					if es := groups[k]; len(es) > 1 {
						for _, e := range es {
							out = append(out, finding{e.Name, locate(e, ev.prop(e, "RuleNumber")),
								fmt.Sprintf("Duplicate rule number: network ACL entry %s reuses rule number %s of network ACL %s", e.Name, rubyText(ev.prop(e, "RuleNumber")), acl.Name)})
						}
					}
				}
			}
			return out
		}},
	{id: "W71", types: []string{typeNACL, typeNACLEntry},
		text: "Network ACL deny entry covers only part of the address space",
		check: func(ev *evaluator) []finding {
			var out []finding
			for _, acl := range ev.resources(typeNACL) {
				for _, e := range ev.naclEntries(acl) {
					if !strIs(ev.prop(e, "RuleAction"), "deny") {
						continue
					}
					c4, c6 := ev.prop(e, "CidrBlock"), ev.prop(e, "Ipv6CidrBlock")
					var at *template.Node
					if c4 != nil && !strIs(c4, "0.0.0.0/0") {
						at = c4
					} else if c6 != nil && !strIs(c6, "::/0", ":/0") {
						at = c6
					}
					if at != nil {
						out = append(out, finding{e.Name, at, fmt.Sprintf("Ineffective deny: network ACL entry %s denies only %s, not all addresses", e.Name, rubyText(at))})
					}
				}
			}
			return out
		}},
	simple("W66", typeNACLEntry, "Network ACL allow entry uses a protocol that opens all ports",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			if !strIs(ev.prop(r, "RuleAction"), "allow") {
				return nil, "", false
			}
			p := ev.prop(r, "Protocol")
			if protocolIs(p, "1", "6", "17") {
				return nil, "", false
			}
			icmp := ev.prop(r, "Icmp")
			if protocolIs(p, "58") && ev.prop(r, "Ipv6CidrBlock") != nil && ev.get(icmp, "Code") != nil && ev.get(icmp, "Type") != nil {
				return nil, "", false
			}
			return p, fmt.Sprintf("All ports: network ACL entry %s allows protocol %s; use 6 (TCP), 17 (UDP), 1 (ICMP) or 58 (ICMPv6 with type and code)", r.Name, rubyText(p)), true
		}),
	simple("W67", typeNACLEntry, "Network ACL TCP/UDP entry allows all ports",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			p := ev.prop(r, "Protocol")
			if !protocolIs(p, "6", "17") {
				return nil, "", false
			}
			pr := ev.prop(r, "PortRange")
			from, to := ev.get(pr, "From"), ev.get(pr, "To")
			bad := pr == nil || from == nil || to == nil || (rubyText(from) == "0" && rubyText(to) == "65535")
			return orKey(p, pr), fmt.Sprintf("All ports: network ACL entry %s allows every port; set a PortRange", r.Name), bad
		}),
	{id: "W72", types: []string{typeNACLEntry},
		text: "Network ACL entries of one ACL and direction overlap in ports",
		check: func(ev *evaluator) []finding {
			type ent struct {
				e        *template.Entry
				from, to int
			}
			groups := map[string][]ent{}
			var order []string
			for _, e := range ev.resources(typeNACLEntry) {
				if !protocolIs(ev.prop(e, "Protocol"), "6", "17") {
					continue
				}
				pr := ev.prop(e, "PortRange")
				from, to := ev.get(pr, "From"), ev.get(pr, "To")
				if pr == nil || !validPort(from) || !validPort(to) {
					continue
				}
				fam := "4"
				if ev.prop(e, "Ipv6CidrBlock") != nil {
					fam = "6"
				}
				dir := "in"
				if truthy(ev.prop(e, "Egress")) {
					dir = "out"
				}
				k := nodeKey(ev.prop(e, "NetworkAclId")) + "|" + fam + dir
				if groups[k] == nil {
					order = append(order, k)
				}
				groups[k] = append(groups[k], ent{e, rubyInt(from.Value), rubyInt(to.Value)})
			}
			var out []finding
			for _, k := range order {
				es := groups[k]
				bad := make([]bool, len(es))
				for i := range es {
					for j := i + 1; j < len(es); j++ {
						a, b := es[i], es[j]
						in := func(p, lo, hi int) bool { return p >= lo && p <= hi }
						if in(a.from, b.from, b.to) || in(a.to, b.from, b.to) || in(b.from, a.from, a.to) || in(b.to, a.from, a.to) {
							bad[i], bad[j] = true, true
						}
					}
				}
				for i, x := range es {
					if bad[i] {
						out = append(out, finding{x.e.Name, keyNode(x.e.Get("Properties"), "PortRange"),
							fmt.Sprintf("Overlapping ports: network ACL entry %s overlaps the ports of another entry of the same ACL and direction", x.e.Name)})
					}
				}
			}
			return out
		}},
}

// nodeKey is a grouping key that keeps numbers and strings apart, as Ruby's
// group_by does.
func nodeKey(n *template.Node) string {
	if n != nil && n.Kind == template.Scalar {
		if n.Type == template.Str {
			return "s:" + n.Value
		}
		return "n:" + strings.TrimSpace(n.Value)
	}
	return nodeText(n)
}
