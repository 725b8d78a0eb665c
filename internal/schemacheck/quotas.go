package schemacheck

import (
	"fmt"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// The rules on service quotas a template can exceed: CloudFormation accepts
// the template, the service refuses the resource.

// maxSubscriptionFilters is how many subscription filters CloudWatch Logs lets
// one log group have.
const maxSubscriptionFilters = 2

// ruleSubscriptionFilters reports subscription filters beyond the second on
// one log group (named the same way): AWS::Logs::SubscriptionFilter resources
// and the CloudWatchLogs events of SAM functions, which SAM turns into them.
// CloudWatch Logs refuses the third. Filters the stack does not create are not
// known here, so the count is a lower bound.
var ruleSubscriptionFilters = resourceRule{
	Rule: diag.Rule{ID: "E2529", Applies: []string{"Resources/AWS::Logs::SubscriptionFilter"}, Summary: "A log group has at most two subscription filters"},
	check: func(r *ruleRun) {
		type filter struct {
			e   *template.Entry
			at  template.Range
			grp *template.Node
		}
		var groups [][]filter
		add := func(f filter) {
			if f.grp == nil {
				return
			}
			for i, g := range groups {
				if template.Equal(g[0].grp, f.grp) {
					groups[i] = append(g, f)
					return
				}
			}
			groups = append(groups, []filter{f})
		}
		for _, e := range r.t.Resources {
			switch e.Type() {
			case "AWS::Logs::SubscriptionFilter":
				add(filter{e, e.Key.Range, e.Get("Properties").Get("LogGroupName")})
			case "AWS::Serverless::Function":
				events := e.Get("Properties").Get("Events")
				if events == nil || events.Kind != template.Mapping {
					continue
				}
				for _, ev := range events.Pairs {
					if t, _ := ev.Value.Get("Type").Str(); t == "CloudWatchLogs" {
						add(filter{e, ev.Key.Range, ev.Value.Get("Properties").Get("LogGroupName")})
					}
				}
			}
		}
		for _, g := range groups {
			for _, f := range g[min(len(g), maxSubscriptionFilters):] {
				r.report(f.at, f.e.Name, fmt.Sprintf("This is subscription filter %d of one log group: CloudWatch Logs allows %d per log group", len(g), maxSubscriptionFilters))
			}
		}
	},
}

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
