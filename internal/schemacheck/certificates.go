package schemacheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
)

// ruleDomainValidation reports a certificate's domain validation option whose
// ValidationDomain is not the DomainName or a superdomain of it: ACM cannot
// validate the domain through it.
var ruleDomainValidation = resourceRule{
	Rule: diag.Rule{ID: "E3503", ResourceTypes: []string{"AWS::CertificateManager::Certificate"},
		Summary: "A certificate's ValidationDomain is its DomainName or a superdomain of it"},
	value: func(r *ruleRun, s site) {
		dn := s.value.GetPair("DomainName")
		vd, ok := s.value.Get("ValidationDomain").Str()
		if dn == nil || !ok {
			return
		}
		if name, ok := dn.Value.Str(); ok && name != vd && !strings.HasSuffix(name, "."+vd) {
			r.report(dn.Value.Range, s.resource.Name, jsonschema.PyStr(vd)+" must be a superdomain of "+jsonschema.PyStr(name))
		}
	},
}
