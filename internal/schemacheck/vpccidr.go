package schemacheck

import (
	"net/netip"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

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
