package schemacheck

import (
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// This file runs the resource rules that no schema can say (the checks of
// cfn-lint's CfnLintKeyword rules and of its rules written in code), written
// in files by what they judge (a literal string, properties that go together,
// what a resource needs, values two resources may not share, ...): a relation
// (two resources with one name, a SAM type without its transform) or a
// practice, not a value's shape.

// resourceRule is one hand-written resource rule. It judges by one of its
// functions: check, the whole template; resource, each resource of its
// ResourceTypes; value, each value at the template paths cfn-lint runs it at;
// text, each literal string there, saying what is wrong with it (or "").
type resourceRule struct {
	diag.Rule
	check    func(*ruleRun)
	resource func(*ruleRun, *template.Entry)
	value    func(*ruleRun, site)
	text     func(string) string
	// unless, when set, exempts a template from the rule (one the SAM
	// transform packages, one the CDK wrote).
	unless func(*template.Template) bool
}

// run runs the rule over r's template.
func (rule resourceRule) run(r *ruleRun) {
	r.rule = rule.ID
	if rule.unless != nil && rule.unless(r.t) {
		return
	}
	switch {
	case rule.check != nil:
		rule.check(r)
	case rule.resource != nil:
		for _, e := range r.t.Resources {
			if slices.Contains(rule.ResourceTypes, e.Type()) {
				rule.resource(r, e)
			}
		}
	case rule.value != nil:
		r.sites(func(s site) { rule.value(r, s) })
	case rule.text != nil:
		r.sites(func(s site) {
			if v, ok := s.value.Str(); ok {
				if msg := rule.text(v); msg != "" {
					r.report(s.value.Range, s.resource.Name, msg)
				}
			}
		})
	}
}

// resourceRules lists them. A rule that runs where cfn-lint runs it takes the
// template paths from cfn-lint's rule table (schema.LintRuleByID), the one home
// of that fact.
var resourceRules = []resourceRule{
	ruleServerlessTransform,
	rulePrimaryIdentifiers,
	rulePropertiesTemplated,
	ruleCloudFrontAliases,
	ruleAttributeMismatch,
	ruleRouteTableAssociation,
	ruleCacheClusterFailover,
	rulePassword,
	ruleZipPackage,
	ruleImageIDParameter,
	ruleVirtualNameIgnored,
	ruleHardcodedZone,
	ruleSubnetOverlap,
	ruleSubscriptionFilters,
	ruleInstanceImageID,
	ruleRestAPIMixing,
	ruleEbsIopsIgnored,
	ruleEipDomain,
	ruleReplicaModeIgnored,
	ruleSSMParameterName,
	ruleLambdaEnvironmentSize,
	ruleLayerArnLength,
	ruleRoleArnPattern,
	ruleScheduleExpression,
	ruleRecordSetName,
	ruleHealthCheckType,
	ruleSubnetInVpc,
	rulePreviousGeneration,
	ruleRefWithPath,
	ruleTargetOriginID,
	ruleBackupLifecycle,
	ruleDomainValidation,
}

// ruleRun is one template's run of the resource rules.
type ruleRun struct {
	rule  string // the id of the rule running
	t     *template.Template
	spec  *schema.Spec
	out   []diag.Diagnostic
	conds *conditions.Set // the template's conditions, compiled on first use
}

// together reports whether the conditions of the fact lists provably hold
// together. The rules that compare resources report only then: an undecided
// condition may well keep the two apart.
func (r *ruleRun) together(facts ...[]conditions.Fact) bool {
	var all []conditions.Fact
	for _, fs := range facts {
		all = append(all, fs...)
	}
	if len(all) == 0 {
		return true
	}
	if r.conds == nil {
		r.conds = conditions.New(r.t)
	}
	sat, known := r.conds.Satisfiable(all)
	return sat && known
}

// report reports a finding of the rule running.
func (r *ruleRun) report(rng template.Range, resource, msg string) {
	r.out = append(r.out, diag.Diagnostic{Range: rng, Severity: severityOf(r.rule), Code: r.rule,
		Message: msg, Source: diag.SourceValidate, Resource: resource})
}

// checkResourceRules runs every rule of resourceRules over t.
func checkResourceRules(t *template.Template, s *schema.Spec) []diag.Diagnostic {
	if t.Root == nil || t.Root.Kind != template.Mapping {
		return nil
	}
	r := &ruleRun{t: t, spec: s}
	for _, rule := range resourceRules {
		rule.run(r)
	}
	return r.out
}

// site is a value found at a template path.
type site struct {
	resource *template.Entry // nil outside Resources
	value    *template.Node
}

// at calls fn for each value at a cfn-lint keyword path
// ("Resources/AWS::EC2::Instance/Properties/ImageId", "*" for any list item or
// name), in document order. The branches of an Fn::If on the way, or at the
// value itself, are followed both; AWS::NoValue is no value.
func (r *ruleRun) at(path string, fn func(site)) {
	parts := strings.Split(path, "/")
	if len(parts) < 3 || parts[0] != "Resources" {
		return
	}
	for _, e := range r.t.Resources {
		if parts[1] != "*" && e.Type() != parts[1] {
			continue
		}
		descend(e.Get(parts[2]), parts[3:], func(v *template.Node) { fn(site{resource: e, value: v}) })
	}
}

// sites calls fn for each value at the template paths cfn-lint runs the rule
// running at.
func (r *ruleRun) sites(fn func(site)) {
	lr, _ := schema.LintRuleByID(r.rule)
	for _, path := range lr.Keywords {
		r.at(path, fn)
	}
}

// descend follows a property path below n.
func descend(n *template.Node, path []string, fn func(*template.Node)) {
	if n == nil || n.IsNoValue() {
		return
	}
	if _, yes, no, ok := n.IfArgs(); ok {
		descend(yes, path, fn)
		descend(no, path, fn)
		return
	}
	if len(path) == 0 {
		fn(n)
		return
	}
	switch {
	case path[0] == "*" && n.Kind == template.Sequence:
		for _, it := range n.Items {
			descend(it, path[1:], fn)
		}
	case path[0] == "*" && n.Kind == template.Mapping:
		for _, p := range n.Pairs {
			descend(p.Value, path[1:], fn)
		}
	case n.Kind == template.Mapping:
		descend(n.Get(path[0]), path[1:], fn)
	}
}

// resourceRuleList describes the rules of resourceRules.
func resourceRuleList() []diag.Rule {
	out := make([]diag.Rule, len(resourceRules))
	for i, r := range resourceRules {
		out[i] = r.Rule
	}
	return out
}
