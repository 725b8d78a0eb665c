package schemacheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// passwordProperties are the property names cfn-lint treats as passwords, at
// any depth of a resource's properties.
var passwordProperties = map[string]bool{
	"AccountPassword": true, "AdminPassword": true, "ADDomainJoinPassword": true,
	"CrossRealmTrustPrincipalPassword": true, "KdcAdminPassword": true, "Password": true,
	"DbPassword": true, "MasterUserPassword": true, "PasswordParam": true,
}

// rulePassword warns about a password written into the template: a literal
// (anyone who reads the template or the stack sees it), a plain SSM parameter
// (not a SecureString), or a parameter without NoEcho (shown in the console
// and the API).
var rulePassword = resourceRule{
	Rule: diag.Rule{ID: "W2501", Applies: []string{"Resources/*/Properties"}, Summary: "Passwords come from secure dynamic references or NoEcho parameters, not literals"},
	check: func(r *ruleRun) {
		flagged := map[string]bool{}
		for _, e := range r.t.Resources {
			props := e.Get("Properties")
			template.Walk(props, func(n *template.Node) bool {
				if n.Kind != template.Mapping {
					return true
				}
				for _, p := range n.Pairs {
					if !passwordProperties[p.Key.Value] {
						continue
					}
					switch v := p.Value; {
					case v.Kind == template.Scalar && strings.Contains(v.Value, "{{resolve:"):
						if strings.Contains(v.Value, "{{resolve:ssm:") {
							r.report(p.Key.Range, e.Name, "Password "+p.Key.Value+" comes from a plain SSM parameter: use {{resolve:ssm-secure:...}} or Secrets Manager")
						}
					case v.Kind == template.Scalar:
						r.report(p.Key.Range, e.Name, "Password "+p.Key.Value+" is written into the template: use a dynamic reference or a NoEcho parameter")
					case v.IsIntrinsic("Ref"):
						name, _ := v.Arg.Str()
						param := r.t.Parameter(name)
						if param == nil || flagged[name] {
							continue
						}
						if ne := param.Get("NoEcho"); ne == nil || ne.Kind != template.Scalar || ne.Text() != "true" {
							flagged[name] = true
							r.report(param.Key.Range, "", "Parameter "+name+" is used as "+p.Key.Value+", so it should have NoEcho: true")
						}
					}
				}
				return true
			})
		}
	},
}
