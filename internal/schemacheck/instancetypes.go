package schemacheck

import (
	"regexp"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
)

// previousGeneration matches the instance families AWS lists as previous
// generation (m1-m3, c1-c3, r3, t1, ...), with or without a db./cache. prefix.
var previousGeneration = regexp.MustCompile(`(^|\.)([cmr][1-3]|cc2|cg1|cr1|g2|hi1|hs1|i2|t1)($|\.)`)

// instanceTypePaths are the properties that name an EC2, RDS, ElastiCache or
// OpenSearch instance type, per resource type.
var instanceTypePaths = map[string][]string{
	"AWS::AutoScaling::LaunchConfiguration":    {"InstanceType"},
	"AWS::EC2::CapacityReservation":            {"InstanceType"},
	"AWS::EC2::Host":                           {"InstanceType"},
	"AWS::EC2::Instance":                       {"InstanceType"},
	"AWS::RDS::DBInstance":                     {"DBInstanceClass"},
	"AWS::ElastiCache::CacheCluster":           {"CacheNodeType"},
	"AWS::ElastiCache::GlobalReplicationGroup": {"CacheNodeType"},
	"AWS::ElastiCache::ReplicationGroup":       {"CacheNodeType"},
	"AWS::EC2::EC2Fleet":                       {"FleetLaunchTemplateOverridesRequest", "InstanceType"},
	"AWS::EC2::LaunchTemplate":                 {"LaunchTemplateData", "InstanceType"},
	"AWS::EC2::SpotFleet":                      {"SpotFleetLaunchSpecification", "InstanceType"},
	"AWS::OpenSearchService::Domain":           {"ClusterConfig", "InstanceType"},
	"AWS::Elasticsearch::Domain":               {"ElasticsearchClusterConfig", "InstanceType"},
}

// rulePreviousGeneration notes instance types of a previous generation: newer
// generations cost less for the same work.
var rulePreviousGeneration = resourceRule{
	Rule: diag.Rule{ID: "I3100", Applies: []string{"Resources/AWS::EC2::Instance/Properties/InstanceType", "Resources/AWS::EC2::LaunchTemplate/Properties/LaunchTemplateData/InstanceType", "Resources/AWS::RDS::DBInstance/Properties/DBInstanceClass"}, Summary: "Instance types are of a current generation"},
	check: func(r *ruleRun) {
		for _, e := range r.t.Resources {
			path, ok := instanceTypePaths[e.Type()]
			if !ok {
				continue
			}
			n := e.Get("Properties")
			for _, k := range path {
				n = n.Get(k)
			}
			if v, ok := n.Str(); ok && previousGeneration.MatchString(v) {
				r.report(n.Range, e.Name, "Upgrade previous generation instance type: "+v)
			}
		}
	},
}
