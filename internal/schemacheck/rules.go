package schemacheck

import (
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/formats"
)

// rules describes the checks of this package; codes are cfn-lint's.
var rules = []diag.Rule{
	{ID: "E0001", Applies: []string{"Transform"}, Summary: "A transform fails: the SAM transform rejects Globals, IgnoreGlobals, an event or a zip function without Handler and Runtime; AWS::LanguageExtensions cannot expand a loop"},
	{ID: "E1001", Applies: []string{"Resources"}, Summary: "Template sections: known names, right shapes, Resources present, format version"},
	{ID: "E1003", Summary: "The template description is at most 1024 bytes"},
	{ID: "E1004", Summary: "Template description is a string"},
	{ID: "E2011", Summary: "Parameter names are at most 255 characters"},
	{ID: "E6011", Summary: "Output names are at most 255 characters"},
	{ID: "E7002", Summary: "Mapping names are at most 255 characters"},
	{ID: "E2001", Summary: "Parameters: names, attributes and their value types"},
	{ID: "E2002", Summary: "Parameters have a valid type"},
	{ID: "E2015", Applies: []string{"Parameters/*/Default"}, Summary: "Parameter defaults satisfy the parameter's own constraints"},
	{ID: "E3001", Summary: "Resource entries: logical ids, Type, known attributes, DependsOn and Condition shapes"},
	{ID: "E3002", Summary: "Resource properties are known for the resource type, at any depth"},
	{ID: "E3003", Summary: "Required resource properties are present"},
	{ID: "E3006", Summary: "Resource types exist"},
	{ID: "E3012", Summary: "Resource property values have the right type (with CloudFormation's coercions)"},
	{ID: "E3014", Summary: "Exactly one of a set of properties is set (CidrIp or SourceSecurityGroupId, ...)"},
	{ID: "E3017", Summary: "At least one of several groups of properties is complete"},
	{ID: "E3018", Summary: "Exactly one of several groups of properties is complete"},
	{ID: "E3020", Summary: "Properties that exclude each other are not set together"},
	{ID: "E3021", Summary: "Properties that another property requires are set with it"},
	{ID: "E3058", Summary: "At least one of a set of properties is set"},
	{ID: "E3024", Summary: "Tags of taggable resource types have unique keys, not starting with aws:, within the lengths tags allow"},
	{ID: "E3030", Summary: "Resource property values are among the allowed values"},
	{ID: "E3031", Summary: "Resource property values match the property's pattern"},
	{ID: "E3032", Summary: "Lists have an allowed number of items"},
	{ID: "E3033", Summary: "Strings have an allowed length"},
	{ID: "E3034", Summary: "Numbers are within the allowed range"},
	{ID: "E3035", Summary: "DeletionPolicy values are valid for the resource type"},
	{ID: "E3036", Summary: "UpdateReplacePolicy values are valid for the resource type"},
	{ID: "E3045", Summary: "An S3 bucket granting ACL access beyond its owner has OwnershipControls rules"},
	{ID: "E6001", Summary: "Outputs: names, known attributes, Export shape"},
	{ID: "E6002", Summary: "Output exports have a Name"},
	{ID: "E6003", Summary: "The Outputs section is a mapping; output descriptions are strings"},
	{ID: "E6101", Summary: "Output values yield strings (no lists, objects or attributes of other types)"},
	{ID: "E7001", Summary: "Mappings are maps of maps of values"},
	{ID: "W2511", Summary: "IAM policy documents use version 2012-10-17, not 2008-10-17"},
	{ID: "W3037", Applies: []string{"Resources/AWS::IAM::Policy/Properties/PolicyDocument/Statement/*/Action", "Resources/AWS::IAM::ManagedPolicy/Properties/PolicyDocument/Statement/*/Action", "Resources/AWS::IAM::Role/Properties/Policies/*/PolicyDocument/Statement/*/Action"}, Summary: "IAM policy actions exist (service prefix and action, wildcards allowed), with did-you-mean"},
	{ID: "W3045", Summary: "S3 buckets use bucket policies rather than the legacy AccessControl"},
	{ID: "W1011", Summary: "Secrets (database and directory passwords, auth tokens) come from dynamic references, not parameters"},
	{ID: "W1030", Applies: []string{"Parameters/*/Default"}, Summary: "Values a Ref to a parameter may resolve to (allowed values, default) satisfy the property's constraints"},
	{ID: "E1020", Applies: []string{"Ref"}, Summary: "A Ref to a parameter yields what the property takes: no list where a single value is expected, and the reverse"},
	{ID: "E1041", Applies: []string{"Ref"}, Summary: "A Ref to a resource returns a value of the format the property takes (a role's Ref is its name, not its ARN)"},
	{ID: "W1053", Applies: []string{"{{resolve:"}, Summary: "Dynamic references have no spaces after {{ (CloudFormation leaves {{ resolve:...}} as it is)"},
	{ID: "W1054", Applies: []string{"Resources/*/Properties"}, Summary: "Pseudo parameter names are values only through Ref (a plain \"AWS::Region\" stays that text)"},
	{ID: "E3008", Summary: "Lists of fixed positions have the right value at each position"},
	{ID: "E3037", Summary: "Lists that must not repeat an item do not"},
}

// functionRules are the rules that report an intrinsic function standing
// where its value cannot have the type the property takes (an Fn::Join where
// a list is expected), by function.
var functionRules = []diag.Rule{
	{ID: "E1010", Applies: []string{"Fn::GetAtt"}, Summary: "Fn::GetAtt stands where its attribute's type fits"},
	{ID: "E1011", Applies: []string{"Fn::FindInMap"}, Summary: "Fn::FindInMap stands where a single value or a list fits"},
	{ID: "E1015", Applies: []string{"Fn::GetAZs"}, Summary: "Fn::GetAZs stands where a list fits"},
	{ID: "E1016", Applies: []string{"Fn::ImportValue"}, Summary: "Fn::ImportValue stands where a single value fits"},
	{ID: "E1017", Applies: []string{"Fn::Select"}, Summary: "Fn::Select stands where its item fits"},
	{ID: "E1018", Applies: []string{"Fn::Split"}, Summary: "Fn::Split stands where a list fits"},
	{ID: "E1019", Applies: []string{"Fn::Sub"}, Summary: "Fn::Sub stands where a string fits"},
	{ID: "E1021", Applies: []string{"Fn::Base64"}, Summary: "Fn::Base64 stands where a string fits"},
	{ID: "E1022", Applies: []string{"Fn::Join"}, Summary: "Fn::Join stands where a string fits"},
	{ID: "E1024", Applies: []string{"Fn::Cidr"}, Summary: "Fn::Cidr stands where a list fits"},
	{ID: "E1030", Applies: []string{"Fn::Length"}, Summary: "Fn::Length stands where an integer fits"},
	{ID: "E1031", Applies: []string{"Fn::ToJsonString"}, Summary: "Fn::ToJsonString stands where a string fits"},
	{ID: "E1033", Applies: []string{"Fn::GetStackOutput"}, Summary: "Fn::GetStackOutput stands where a single value fits"},
}

// formatRules are the rules that report a value out of an AWS format the
// schemas name (E1150-E1164), one per format.
func formatRules() []diag.Rule {
	var out []diag.Rule
	for id, name := range formats.Rules() {
		out = append(out, diag.Rule{ID: id, Applies: []string{"Resources/*/Properties"}, Summary: "Values of format " + name + " have its form"})
	}
	slices.SortFunc(out, func(a, b diag.Rule) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Rules lists the checks of this package.
func Rules() []diag.Rule {
	all := append(append(append(resourceRuleList(), rules...), functionRules...), extensionRules()...)
	out := diag.WithSource(append(all, formatRules()...), diag.SourceValidate)
	for i := range out {
		out[i].Severity = severityOf(out[i].ID)
	}
	return out
}
