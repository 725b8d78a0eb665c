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
