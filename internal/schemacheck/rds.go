package schemacheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
)

// ruleReplicaModeIgnored warns about ReplicaMode on a DB instance whose engine
// has no replica modes (only Oracle and Db2 do): RDS ignores it.
var ruleReplicaModeIgnored = resourceRule{
	Rule: diag.Rule{ID: "W3699", ResourceTypes: []string{"AWS::RDS::DBInstance"}, Summary: "ReplicaMode is set only for Oracle and Db2 engines"},
	value: func(r *ruleRun, s site) {
		rm := s.value.GetPair("ReplicaMode")
		engine, ok := s.value.Get("Engine").Str()
		if rm == nil || !ok {
			return
		}
		e := strings.ToLower(engine)
		if strings.HasPrefix(e, "oracle") || strings.HasPrefix(e, "custom-oracle") || strings.HasPrefix(e, "db2") {
			return
		}
		r.report(rm.Key.Range, s.resource.Name, "'ReplicaMode' is ignored when 'Engine' is "+jsonschema.PyStr(engine))
	},
}
