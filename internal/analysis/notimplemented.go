package analysis

import (
	"slices"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
)

// Omission is one of cfn-lint's rule ids that no check of cfn-lsp reports,
// with the reason.
type Omission struct {
	ID     string
	Reason string
}

// omissions are cfn-lint's rule ids (those of schema.LintRules, cfn-lint 1.x)
// that cfn-lsp does not report, each with why: another id of ours covers it,
// it is about files other than the template, or it is not implemented yet.
// TestRuleIDsAccounted (cmd/cfn-lsp) fails when a cfn-lint id is neither here
// nor reported by a check, and when one is both.
var omissions = []Omission{
	{"E0002", "reports a failure inside one of cfn-lint's own rules; a failing check of cfn-lsp is logged as an internal error, not reported on the template"},
	{"E0003", "about cfn-lint's configuration; `check` rejects a bad .cfnlintrc as a command error before any template is read"},
	{"E0100", "validates cfn-lint's deployment files; cfn-lsp's deployments (.cfn-lsp.yaml) are another format"},
	{"E0200", "validates the parameter files given to cfn-lint, which cfn-lsp does not read as input"},
	{"E1040", "not implemented yet: needs the format of each GetAtt attribute to compare with the property's"},
	{"E1052", "not implemented yet: where SSM dynamic references may stand (other dynamic reference checks are E1029, E1050, E1051, W1051)"},
	{"E1101", "a parent rule that only runs cfn-lint's supplemental checks; each of them reports under its own id"},
	{"E1103", "a parent rule of the format checks: formats with an id of their own report it (E1150-E1164), the others report under the property's rule (E3002)"},
	{"E1701", "not implemented yet: the shape of Rules assertions (their functions are completed and their references checked)"},
	{"E1702", "not implemented yet: the shape of a rule's RuleCondition"},
	{"E2003", "parameter names are checked by E2001 (letters and digits only)"},
	{"E2530", "not implemented yet: SnapStart and the function's runtime"},
	{"E2900", "checks the parameter values of cfn-lint's deployment files, which cfn-lsp does not read"},
	{"E3011", "resource logical ids are checked by E3001"},
	{"E3028", "not implemented yet: resource Metadata, whose schema cfn-lint builds per resource type in code"},
	{"E3040", "not implemented yet: read-only properties set in a template"},
	{"E3049", "not implemented yet: a cross-resource check between ECS task definitions, services and target groups"},
	{"E3051", "not implemented yet: needs the SSM document content parsed out of its property"},
	{"E3053", "not implemented yet: ECS HostPort against ContainerPort"},
	{"E3055", "not implemented yet: CreationPolicy, whose schema cfn-lint builds per resource type in code"},
	{"E3061", "not implemented yet: the day ranges of S3 intelligent tiering"},
	{"E3063", "not implemented yet: GuardDuty detector DataSources and Features together"},
	{"E3064", "not implemented yet: needs every interface endpoint of a VPC and service compared"},
	{"E3514", "not implemented yet: the resource ARNs of IAM resource policies"},
	{"E3601", "not implemented yet: needs the Step Functions definition parsed out of DefinitionString"},
	{"E3700", "not implemented yet: CodePipeline stage rules"},
	{"E3701", "not implemented yet: CodePipeline artifact names across actions"},
	{"E3702", "not implemented yet: CodePipeline artifact counts per action type"},
	{"E3703", "not implemented yet: CodePipeline action configuration per action type"},
	{"E6004", "output names are checked by E6001 (letters and digits only)"},
	{"E6102", "not implemented yet: the type of an export's value (an output's own value is E6101)"},
	{"E8002", "an undefined condition is reported where it is used: E3015 (resources), E6005 (outputs), E1028 (Fn::If), E8007 (Condition)"},
	{"I2530", "informational only: a suggestion to turn SnapStart on"},
	{"I3011", "informational only, and its schema is built per resource type in cfn-lint's code: stateful resources without policies"},
	{"I3013", "informational only, and its schema is built per resource type in cfn-lint's code: retention periods left to the default"},
	{"I3037", "informational only: repeated items in lists that allow them"},
	{"I3510", "not implemented yet: IAM statement resources against the actions they allow"},
	{"W1031", "not implemented yet: Fn::Sub values resolved and checked against the property (W1030 does it for Ref to a parameter)"},
	{"W1032", "not implemented yet: Fn::Join values resolved and checked against the property (W1030 does it for Ref to a parameter)"},
	{"W1033", "not implemented yet: Fn::Split values resolved and checked against the property (W1030 does it for Ref to a parameter)"},
	{"W1034", "not implemented yet: Fn::FindInMap values resolved and checked against the property (W1030 does it for Ref to a parameter)"},
	{"W1035", "not implemented yet: Fn::Select values resolved and checked against the property (W1030 does it for Ref to a parameter)"},
	{"W1036", "not implemented yet: Fn::GetAZs values resolved and checked against the property (W1030 does it for Ref to a parameter)"},
	{"W1040", "not implemented yet: Fn::ToJsonString values resolved and checked against the property (W1030 does it for Ref to a parameter)"},
	{"W1100", "not implemented yet: YAML merge keys, which CloudFormation does not apply"},
	{"W2002", "not implemented yet: SSM parameter types CloudFormation accepts without validating"},
	{"W2030", "a parameter value outside a property's allowed values is reported by W1030, which checks every constraint of the property"},
	{"W2031", "a parameter value outside a property's pattern is reported by W1030, which checks every constraint of the property"},
	{"W2530", "not implemented yet: SnapStart without a Lambda version"},
	{"W3034", "a parameter value outside a property's range is reported by W1030, which checks every constraint of the property"},
}

// NotImplemented returns cfn-lint's rule ids that cfn-lsp does not report, by
// id, each with the reason.
func NotImplemented() []Omission {
	out := slices.Clone(omissions)
	slices.SortFunc(out, func(a, b Omission) int {
		if diag.IDLess(a.ID, b.ID) {
			return -1
		}
		if diag.IDLess(b.ID, a.ID) {
			return 1
		}
		return 0
	})
	return out
}
