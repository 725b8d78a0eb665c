package schemacheck

import (
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// ruleZipPackage warns about a Lambda function deployed from a .zip package
// (PackageType Zip, inline ZipFile or an S3Key) without Handler or Runtime:
// Lambda needs both to run a .zip package and refuses to create the function.
var ruleZipPackage = resourceRule{
	Rule: diag.Rule{ID: "W2533", ResourceTypes: []string{"AWS::Lambda::Function"},
		Summary: "A Lambda function deployed from a .zip package has Handler and Runtime"},
	resource: func(r *ruleRun, e *template.Entry) {
		props := e.Get("Properties")
		if props == nil || props.Kind != template.Mapping {
			return
		}
		var at *template.Pair
		if pt := props.GetPair("PackageType"); pt != nil {
			if v, _ := pt.Value.Str(); v == "Zip" {
				at = pt
			}
		}
		if code := props.GetPair("Code"); at == nil && code != nil && props.Get("PackageType") == nil &&
			(code.Value.Get("ZipFile") != nil || code.Value.Get("S3Key") != nil) {
			at = code
		}
		if at == nil {
			return
		}
		var missing []string
		for _, name := range []string{"Handler", "Runtime"} {
			if props.Get(name) == nil {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			r.report(at.Key.Range, e.Name, "A .zip deployment package needs "+pyList(missing))
		}
	},
}
