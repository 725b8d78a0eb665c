package schemacheck

import (
	"strconv"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// ruleCacheClusterFailover checks a Redis replication group whose parameter
// group (one of the template's) enables cluster mode: ElastiCache requires
// automatic failover there, and, without NumNodeGroups, more than one cache
// cluster. Each combination of Fn::If branches is judged on its own; one whose
// conditions cannot be decided is left alone.
var ruleCacheClusterFailover = resourceRule{
	Rule: diag.Rule{ID: "E3026", ResourceTypes: []string{"AWS::ElastiCache::ReplicationGroup"},
		Summary: "A Redis replication group in cluster mode has automatic failover and more than one cache cluster"},
	resource: func(r *ruleRun, e *template.Entry) {
		props := e.Get("Properties")
		pg := props.GetPair("CacheParameterGroupName")
		if pg == nil {
			return
		}
		when := conditions.Of(e)
		failover, clusters := "", ""
		for _, g := range alternatives(pg.Value, when) {
			name, _ := g.node.Arg.Str()
			group := r.t.Resource(name)
			if !g.node.IsIntrinsic("Ref") || group == nil || group.Type() != "AWS::ElastiCache::ParameterGroup" {
				continue
			}
			for _, ce := range alternatives(group.Get("Properties").Get("Properties").Get("cluster-enabled"), g.when) {
				if v, _ := ce.node.Str(); v != "yes" || !r.together(ce.when) {
					continue
				}
				for _, af := range alternatives(props.Get("AutomaticFailoverEnabled"), ce.when) {
					if af.node.Kind == template.Scalar && af.node.Text() == "false" && r.together(af.when) && failover == "" {
						failover = whenSuffix(af.when)
					}
				}
				if props.Get("NumNodeGroups") != nil {
					continue
				}
				counts := alternatives(props.Get("NumCacheClusters"), ce.when)
				if len(counts) == 0 && clusters == "" {
					clusters = whenSuffix(ce.when)
				}
				for _, nc := range counts {
					if n, err := strconv.Atoi(nc.node.Value); nc.node.Kind == template.Scalar && err == nil && n <= 1 && r.together(nc.when) && clusters == "" {
						clusters = whenSuffix(nc.when)
					}
				}
			}
		}
		if failover != "" {
			r.report(pg.Key.Range, e.Name, "AutomaticFailoverEnabled must be true or left out: the parameter group enables cluster mode"+failover)
		}
		if clusters != "" {
			r.report(pg.Key.Range, e.Name, "NumCacheClusters must be more than one (or NumNodeGroups set): the parameter group enables cluster mode"+clusters)
		}
	},
}

// whenSuffix words the conditions a finding holds under, or "." for none. It
// is never empty, so that callers can tell a finding from none.
func whenSuffix(facts []conditions.Fact) string {
	if len(facts) == 0 {
		return "."
	}
	s := " ("
	for i, f := range facts {
		if i > 0 {
			s += ", "
		}
		s += "where " + jsonschema.PyStr(f.Name) + " is " + strconv.FormatBool(f.Value)
	}
	return s + ")."
}
