package schemacheck

import (
	"net/netip"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// ruleSubnetOverlap reports subnets of one VPC whose CIDR blocks overlap: EC2
// refuses the second ("The CIDR conflicts with another subnet"). The VPC is
// compared as written (a Ref, a GetAtt's resource or a literal id); subnets
// whose conditions exclude each other, or cannot be decided, are not reported.
var ruleSubnetOverlap = resourceRule{
	Rule: diag.Rule{ID: "E3060", ResourceTypes: []string{"AWS::EC2::Subnet"}, Summary: "Subnets of one VPC do not overlap"},
	check: func(r *ruleRun) {
		type block struct {
			e      *template.Entry
			vpc    string
			prefix netip.Prefix
			at     *template.Node
			when   []conditions.Fact
		}
		var seen []block
		for _, e := range r.t.Resources {
			props := e.Get("Properties")
			if e.Type() != "AWS::EC2::Subnet" {
				continue
			}
			vpc := vpcName(props.Get("VpcId"))
			if vpc == "" {
				continue
			}
			when := conditions.Of(e)
			for _, key := range []string{"CidrBlock", "Ipv6CidrBlock"} {
				for _, alt := range alternatives(props.Get(key), when) {
					s, _ := alt.node.Str()
					p, err := netip.ParsePrefix(s)
					if err != nil {
						continue
					}
					b := block{e, vpc, p.Masked(), alt.node, alt.when}
					for _, o := range seen {
						if o.e == e || o.vpc != vpc || !o.prefix.Overlaps(b.prefix) {
							continue
						}
						if !r.together(o.when, b.when) {
							continue
						}
						r.report(alt.node.Range, e.Name, jsonschema.PyStr(s)+" overlaps with "+jsonschema.PyStr(o.prefix.String())+" of subnet "+jsonschema.PyStr(o.e.Name)+" in the same VPC")
						break
					}
					seen = append(seen, b)
				}
			}
		}
	},
}

// vpcName returns how a VpcId names its VPC: the resource or parameter of a Ref
// or GetAtt, or a literal id; "" for anything else.
func vpcName(n *template.Node) string {
	switch {
	case n == nil:
		return ""
	case n.IsIntrinsic("Ref"):
		s, _ := n.Arg.Str()
		return "ref:" + s
	case n.IsIntrinsic("Fn::GetAtt"):
		if s, ok := n.Arg.Str(); ok {
			if i := strings.IndexByte(s, '.'); i > 0 {
				return "ref:" + s[:i]
			}
		}
		if n.Arg != nil && n.Arg.Kind == template.Sequence && len(n.Arg.Items) > 0 {
			s, _ := n.Arg.Items[0].Str()
			return "ref:" + s
		}
	case n.Kind == template.Scalar:
		return "id:" + n.Value
	}
	return ""
}

// ruleSubnetInVpc reports an IPv4 subnet whose CIDR block lies outside every
// block of its VPC (the VPC's CidrBlock and its AWS::EC2::VPCCidrBlock
// associations): EC2 refuses it. Only literal blocks of a VPC in the template
// are compared; a VPC with an IPAM pool or a computed block is skipped.
var ruleSubnetInVpc = resourceRule{
	Rule: diag.Rule{ID: "E3059", ResourceTypes: []string{"AWS::EC2::Subnet"}, Summary: "A subnet's CIDR block lies within its VPC's"},
	check: func(r *ruleRun) {
		blocks := map[string][]netip.Prefix{} // VPC logical id -> its IPv4 blocks
		dynamic := map[string]bool{}
		addBlocks := func(vpc string, props *template.Node) {
			if props.Get("Ipv4IpamPoolId") != nil {
				dynamic[vpc] = true
			}
			c := props.Get("CidrBlock")
			if c == nil {
				return
			}
			s, _ := c.Str()
			p, err := netip.ParsePrefix(s)
			if err != nil || !p.Addr().Is4() {
				dynamic[vpc] = true
				return
			}
			blocks[vpc] = append(blocks[vpc], p.Masked())
		}
		for _, e := range r.t.Resources {
			switch e.Type() {
			case "AWS::EC2::VPC":
				addBlocks(e.Name, e.Get("Properties"))
				if len(blocks[e.Name]) == 0 {
					dynamic[e.Name] = true
				}
			case "AWS::EC2::VPCCidrBlock":
				if v := localVpc(r, e.Get("Properties").Get("VpcId")); v != "" {
					addBlocks(v, e.Get("Properties"))
				}
			}
		}
		for _, e := range r.t.Resources {
			if e.Type() != "AWS::EC2::Subnet" {
				continue
			}
			props := e.Get("Properties")
			vpc := localVpc(r, props.Get("VpcId"))
			c := props.Get("CidrBlock")
			s, ok := c.Str()
			if vpc == "" || dynamic[vpc] || !ok {
				continue
			}
			p, err := netip.ParsePrefix(s)
			if err != nil || !p.Addr().Is4() {
				continue
			}
			inside := false
			for _, b := range blocks[vpc] {
				inside = inside || (b.Bits() <= p.Bits() && b.Contains(p.Addr()))
			}
			if !inside {
				var names []string
				for _, b := range blocks[vpc] {
					names = append(names, b.String())
				}
				r.report(c.Range, e.Name, jsonschema.PyStr(s)+" is not a valid subnet of "+pyList(names)+", the CIDR blocks of VPC "+jsonschema.PyStr(vpc))
			}
		}
	},
}

// localVpc returns the logical id of the template's AWS::EC2::VPC that a VpcId
// names through Ref or GetAtt, or "".
func localVpc(r *ruleRun, n *template.Node) string {
	name := vpcName(n)
	if len(name) < 4 || name[:4] != "ref:" {
		return ""
	}
	if e := r.t.Resource(name[4:]); e != nil && e.Type() == "AWS::EC2::VPC" {
		return e.Name
	}
	return ""
}
