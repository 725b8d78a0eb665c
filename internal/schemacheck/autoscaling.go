package schemacheck

import (
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
)

// ruleHealthCheckType reports an Auto Scaling group whose HealthCheckType
// lists EC2 with other types: EC2 checks are always on and cannot be combined.
var ruleHealthCheckType = resourceRule{
	Rule: diag.Rule{ID: "E3056", ResourceTypes: []string{"AWS::AutoScaling::AutoScalingGroup"}, Summary: "An Auto Scaling group does not combine the EC2 health check type with others"},
	text: func(v string) string {
		if !strings.Contains(v, ",") {
			return ""
		}
		parts := strings.Split(v, ",")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		if !slices.Contains(parts, "EC2") {
			return ""
		}
		return "EC2 cannot be combined with other health check types: " + jsonschema.PyStr(v)
	},
}
