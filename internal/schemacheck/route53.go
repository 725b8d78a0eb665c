package schemacheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
)

// ruleRecordSetName checks a record set's Name against its HostedZoneName
// (both literal): the zone name ends in a dot, and the record is the zone's
// apex or below it. Route 53 rejects a record outside its zone.
var ruleRecordSetName = resourceRule{
	Rule: diag.Rule{ID: "E3041", ResourceTypes: []string{"AWS::Route53::RecordSet"}, Summary: "A record set's Name is its HostedZoneName or a subdomain of it"},
	value: func(r *ruleRun, s site) {
		np, zp := s.value.GetPair("Name"), s.value.GetPair("HostedZoneName")
		if np == nil || zp == nil {
			return
		}
		name, ok1 := np.Value.Str()
		zone, ok2 := zp.Value.Str()
		if !ok1 || !ok2 {
			return
		}
		if !strings.HasSuffix(zone, ".") {
			r.report(zp.Value.Range, s.resource.Name, jsonschema.PyStr(zone)+" must end in a dot")
			zone += "."
		}
		if !strings.HasSuffix(name, ".") {
			name += "."
		}
		if !strings.EqualFold(name, zone) && !strings.HasSuffix(strings.ToLower(name), "."+strings.ToLower(zone)) {
			r.report(np.Value.Range, s.resource.Name, jsonschema.PyStr(np.Value.Value)+" must be a subdomain of or equal to "+jsonschema.PyStr(zp.Value.Value))
		}
	},
}
