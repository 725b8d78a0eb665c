package schemacheck

import (
	"fmt"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// maxLambdaEnvironment is Lambda's limit on a function's environment variables,
// names and values together, in bytes.
const maxLambdaEnvironment = 4096

// ruleLambdaEnvironmentSize reports environment variables over Lambda's 4 KB
// (literal names and values counted; a function's value is not known here).
var ruleLambdaEnvironmentSize = resourceRule{
	Rule: diag.Rule{ID: "E3697", ResourceTypes: []string{"AWS::Lambda::Function"}, Summary: "A Lambda function's environment variables total at most 4 KB"},
	value: func(r *ruleRun, s site) {
		if s.value.Kind != template.Mapping {
			return
		}
		size := 0
		for _, p := range s.value.Pairs {
			size += len(p.Key.Value)
			if p.Value.Kind == template.Scalar {
				size += len(p.Value.Value)
			}
		}
		if size > maxLambdaEnvironment {
			r.report(s.value.Parent.GetPair("Variables").Key.Range, s.resource.Name,
				fmt.Sprintf("Lambda environment variables total %d bytes, over the 4 KB (%d bytes) limit", size, maxLambdaEnvironment))
		}
	},
}
