package refcheck

import (
	"runtime"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
)

// templateRules are this package's template-level rules beyond the reference
// checks that Check runs by name: each is written in a file of its own and
// listed here once, with its entry for `cfn-lsp rules`.
var templateRules = []struct {
	diag.Rule
	check func(*checker)
}{
	{diag.Rule{ID: "W8003", Severity: diag.Warning, Applies: []string{"Fn::Equals"}, Summary: "Fn::Equals compares values that are not both known in advance"}, (*checker).checkEqualsUseful},
	{diag.Rule{ID: "E1029", Severity: diag.Error, Applies: []string{"${"}, Summary: "${} variables are written inside Fn::Sub"}, (*checker).checkEmbeddedVariables},
	{diag.Rule{ID: "W1019", Severity: diag.Warning, Applies: []string{"Fn::Sub"}, Summary: "Every variable of a Fn::Sub map is used in its string"}, (*checker).checkSubMapUsed},
	{diag.Rule{ID: "I1022", Severity: diag.Info, Applies: []string{"Fn::Join"}, Summary: "Fn::Sub rather than Fn::Join with an empty delimiter"}, (*checker).checkSubNotJoin},
	{diag.Rule{ID: "E1032", Severity: diag.Error, Applies: []string{"Fn::ForEach"}, Summary: "Fn::ForEach is used only with the AWS::LanguageExtensions transform"}, (*checker).checkForEachTransform},
	{diag.Rule{ID: "W6001", Severity: diag.Warning, Applies: []string{"Outputs/*/Value"}, Summary: "Outputs do not re-export another stack's export (Fn::ImportValue)"}, (*checker).checkOutputImports},
	{diag.Rule{ID: "W2010", Severity: diag.Warning, Applies: []string{"Parameters/*/NoEcho"}, Summary: "NoEcho parameters are not used in Metadata or Outputs, which do not mask them"}, (*checker).checkNoEchoExposed},
	{diag.Rule{ID: "E1050", Severity: diag.Error, Applies: []string{"{{resolve:"}, Summary: "Dynamic references are well formed (resolve:ssm|ssm-secure|secretsmanager:...)"}, (*checker).checkDynamicReferences},
	{diag.Rule{ID: "E3007", Severity: diag.Error, Applies: []string{"Parameters/*"}, Summary: "Resources and parameters do not share a name"}, (*checker).checkUniqueNames},
	{diag.Rule{ID: "I2003", Severity: diag.Info, Summary: "Parameter AllowedPattern values are valid regular expressions"}, (*checker).checkAllowedPatterns},
	{diag.Rule{ID: "I3042", Severity: diag.Info, Applies: []string{"Fn::Sub"}, Summary: "ARNs built with Fn::Sub use ${AWS::Partition}, not a hardcoded partition"}, (*checker).checkHardcodedPartitions},
	{diag.Rule{ID: "E5001", Severity: diag.Error, Applies: []string{"Resources/*"}, Summary: "Module resources have no Tags, CreationPolicy or UpdatePolicy, and no reserved module metadata"}, (*checker).checkModules},
}

// dynamicReferenceRules are reported by checkDynamicReferences, listed under E1050.
var dynamicReferenceRules = []diag.Rule{
	{ID: "E1027", Severity: diag.Error, Applies: []string{"{{resolve:ssm-secure:"}, Summary: "SSM secure strings are resolved only in the properties that support them"},
	{ID: "E1051", Severity: diag.Error, Applies: []string{"{{resolve:secretsmanager:"}, Summary: "Secrets Manager dynamic references stand only in resource properties (or parameter defaults)"},
	{ID: "W1051", Severity: diag.Warning, Applies: []string{"{{resolve:secretsmanager:"}, Summary: "A property that expects a secret's ARN is not given the secret itself"},
	{ID: "W1053", Severity: diag.Warning, Applies: []string{"{{resolve:"}, Summary: "Dynamic references have no spaces inside {{resolve:...}}"},
}

// approachingRules are the informational rules of approaching.go.
var approachingRules = []diag.Rule{
	{ID: "I1003", Severity: diag.Info, Applies: []string{"Description"}, Summary: "The template description approaches its 1,024-byte limit"},
	{ID: "I2010", Severity: diag.Info, Applies: []string{"Parameters"}, Summary: "The number of parameters approaches its limit of 200"},
	{ID: "I2011", Severity: diag.Info, Applies: []string{"Parameters/*"}, Summary: "A parameter name approaches the 255-character limit"},
	{ID: "I3010", Severity: diag.Info, Applies: []string{"Resources"}, Summary: "The number of resources approaches its limit of 500"},
	{ID: "I3012", Severity: diag.Info, Applies: []string{"Resources/*"}, Summary: "A resource logical id approaches the 255-character limit"},
	{ID: "I6010", Severity: diag.Info, Applies: []string{"Outputs"}, Summary: "The number of outputs approaches its limit of 200"},
	{ID: "I6011", Severity: diag.Info, Applies: []string{"Outputs/*"}, Summary: "An output name approaches the 255-character limit"},
	{ID: "I7002", Severity: diag.Info, Applies: []string{"Mappings/*"}, Summary: "A mapping name approaches the 255-character limit"},
	{ID: "I7010", Severity: diag.Info, Applies: []string{"Mappings"}, Summary: "The number of mappings approaches its limit of 200"},
}

// checkTemplateRules runs templateRules and the approaching-limit notes.
func (c *checker) checkTemplateRules() {
	for _, r := range templateRules {
		r.check(c)
		runtime.Gosched()
	}
	c.checkApproachingLimits()
}

// templateRuleList describes the rules of this file.
func templateRuleList() []diag.Rule {
	out := make([]diag.Rule, 0, len(templateRules)+len(dynamicReferenceRules)+len(approachingRules))
	for _, r := range templateRules {
		out = append(out, r.Rule)
	}
	out = append(out, dynamicReferenceRules...)
	return append(out, approachingRules...)
}
