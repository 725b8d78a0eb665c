package schemacheck

import (
	"fmt"
	"strconv"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// ruleBackupLifecycle reports a backup lifecycle that deletes recovery points
// less than 90 days after moving them to cold storage: AWS Backup keeps cold
// storage for at least 90 days and rejects the plan.
var ruleBackupLifecycle = resourceRule{
	Rule: diag.Rule{ID: "E3504", ResourceTypes: []string{"AWS::Backup::BackupPlan"},
		Summary: "A backup lifecycle deletes at least 90 days after moving to cold storage"},
	value: func(r *ruleRun, s site) {
		del := s.value.GetPair("DeleteAfterDays")
		cold, okCold := intValue(s.value.Get("MoveToColdStorageAfterDays"))
		if del == nil || !okCold {
			return
		}
		if d, ok := intValue(del.Value); ok && d-cold < 90 {
			r.report(del.Value.Range, s.resource.Name,
				fmt.Sprintf("DeleteAfterDays %d must be at least 90 days after MoveToColdStorageAfterDays %d", d, cold))
		}
	},
}

// intValue reads a literal integer (YAML int).
func intValue(n *template.Node) (int, bool) {
	if n == nil || n.Kind != template.Scalar || n.Type != template.Int {
		return 0, false
	}
	v, err := strconv.Atoi(n.Value)
	return v, err == nil
}
