package schemacheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
)

// ruleEbsIopsIgnored warns about Iops on an EBS volume type without
// provisioned IOPS (gp2, st1, sc1, standard): EC2 ignores it.
var ruleEbsIopsIgnored = resourceRule{
	Rule: diag.Rule{ID: "W3671", Summary: "Iops is set only on EBS volume types that provision IOPS"},
	value: func(r *ruleRun, s site) {
		vt, _ := s.value.Get("VolumeType").Str()
		iops := s.value.GetPair("Iops")
		switch strings.ToLower(vt) {
		case "gp2", "st1", "sc1", "standard":
			if iops != nil {
				r.report(iops.Key.Range, s.resource.Name, "'Iops' is ignored when 'VolumeType' is "+jsonschema.PyStr(vt))
			}
		}
	},
}

// ruleEipDomain warns about an Elastic IP Domain other than vpc or standard:
// EC2 silently treats it as vpc.
var ruleEipDomain = resourceRule{
	Rule: diag.Rule{ID: "W3700", ResourceTypes: []string{"AWS::EC2::EIP"}, Summary: "An Elastic IP's Domain is vpc or standard"},
	text: func(v string) string {
		if strings.EqualFold(v, "vpc") || strings.EqualFold(v, "standard") {
			return ""
		}
		return jsonschema.PyStr(v) + " is not a standard Domain value: EC2 silently converts it to 'vpc'"
	},
}
