package schemacheck

import "github.com/cfn-lsp/cfn-lsp/internal/diag"

// ruleVirtualNameIgnored warns about a block device mapping with both
// VirtualName and Ebs: EC2 silently ignores VirtualName then.
var ruleVirtualNameIgnored = resourceRule{
	Rule: diag.Rule{ID: "W3698", Summary: "A block device mapping does not set VirtualName with Ebs, which makes EC2 ignore it"},
	value: func(r *ruleRun, s site) {
		vn := s.value.GetPair("VirtualName")
		if vn != nil && s.value.Get("Ebs") != nil {
			r.report(vn.Key.Range, s.resource.Name, "'VirtualName' is ignored when 'Ebs' is specified")
		}
	},
}
