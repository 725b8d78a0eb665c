package schemacheck

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// The rules of this file judge one literal string at the template paths
// cfn-lint runs them at (most as a resourceRule's text, which says what is
// wrong with the string, or nothing).

// The patterns the rules match: a CloudFront alias (a lower-case domain name,
// a wildcard only as its first label), an IAM role's ARN, an SSM parameter
// name (a plain name or a /path/of/names).
var (
	aliasPattern     = regexp.MustCompile(`^(?:[a-z0-9*](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$`)
	roleArn          = regexp.MustCompile(`^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/[a-zA-Z_0-9+=,.@\-_/]+$`)
	ssmParameterName = regexp.MustCompile(`^([\w.-]+|/[\w.-]+(/[\w.-]+)*)$`)
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

// ruleCloudFrontAliases checks that a distribution's aliases are domain names in
// lower case, a wildcard only as the whole first label.
var ruleCloudFrontAliases = resourceRule{
	Rule: diag.Rule{ID: "E3013", ResourceTypes: []string{"AWS::CloudFront::Distribution"},
		Summary: "CloudFront aliases are lower-case domain names, a wildcard only as the first label"},
	text: func(v string) string {
		if strings.Contains(v, "{{resolve:") || !strings.Contains(v, ".*.") && aliasPattern.MatchString(v) {
			return ""
		}
		return jsonschema.PyStr(v) + " is not a valid CloudFront alias (a lower-case domain name, optionally starting with *.)"
	},
}

// ruleRoleArnPattern checks properties that take an IAM role's ARN (and whose
// schemas only say "a string"): a role name or another ARN there fails when
// the service assumes the role.
var ruleRoleArnPattern = resourceRule{
	Rule: diag.Rule{ID: "E3511", Summary: "Properties that take an IAM role ARN are given one"},
	text: func(v string) string {
		if strings.Contains(v, "{{resolve:") || roleArn.MatchString(v) {
			return ""
		}
		return jsonschema.PyStr(v) + " is not an IAM role ARN (arn:PARTITION:iam::ACCOUNT:role/NAME)"
	},
}

// ruleEipDomain warns about an Elastic IP Domain other than vpc or standard:
// EC2 silently treats it as vpc.
var ruleEipDomain = resourceRule{
	Rule: diag.Rule{ID: "W3700", ResourceTypes: []string{"AWS::EC2::EIP"}, Summary: "An Elastic IP's Domain is vpc or standard"},
	text: func(v string) string {
		if strings.EqualFold(v, "vpc") || strings.EqualFold(v, "standard") {
			return ""
		}
		return jsonschema.PyStr(v) + " is not a standard Domain value: EC2 silently converts it to 'vpc'"
	},
}

// ruleLayerArnLength reports a layer ARN longer than Lambda accepts: 176
// characters plus the partition's and the region's names (us-east-1 here;
// checking other regions needs the region list the analysis runs for).
var ruleLayerArnLength = resourceRule{
	Rule: diag.Rule{ID: "E3716", ResourceTypes: []string{"AWS::Lambda::Function"}, Summary: "Lambda layer ARNs are no longer than Lambda accepts"},
	text: func(v string) string {
		const max = 176 + len("aws") + len("us-east-1")
		if len(v) <= max {
			return ""
		}
		return fmt.Sprintf("The layer ARN is %d characters long, over %d in 'us-east-1'", len(v), max)
	},
}

// ruleSSMParameterName warns about an SSM parameter name that begins with aws
// or ssm (in any case), which Systems Manager reserves, or that is not a plain
// name or a /path/of/names.
var ruleSSMParameterName = resourceRule{
	Rule: diag.Rule{ID: "W3701", ResourceTypes: []string{"AWS::SSM::Parameter"}, Summary: "SSM parameter names do not begin with the reserved aws or ssm"},
	text: func(v string) string {
		first := strings.ToLower(strings.TrimPrefix(v, "/"))
		if strings.Contains(v, "{{resolve:") || ssmParameterName.MatchString(v) && !strings.HasPrefix(first, "aws") && !strings.HasPrefix(first, "ssm") {
			return ""
		}
		return jsonschema.PyStr(v) + " does not match the recommended pattern: names beginning with 'aws' or 'ssm' are reserved"
	},
}

// rulePropertiesTemplated warns about a local path where CloudFormation wants an
// S3 location (Lambda Code, a nested stack's TemplateURL, ...): only
// `aws cloudformation package` (or `sam package`) turns the path into one, and
// deploying the template as written fails. SAM templates are packaged by
// definition, so they are left alone.
var rulePropertiesTemplated = resourceRule{
	Rule:   diag.Rule{ID: "W3002", Summary: "Properties that take an S3 location hold one, not a local path that only `package` uploads"},
	unless: hasSAMTransform,
	text: func(v string) string {
		if strings.HasPrefix(v, "s3://") || strings.HasPrefix(v, "https://") || strings.Contains(v, "{{resolve:") {
			return ""
		}
		return "This code may only work with 'package' cli command: " + jsonschema.PyStr(v) + " is not an S3 or HTTPS location"
	},
}

// ruleScheduleExpression checks an EventBridge rule's ScheduleExpression:
// rate(VALUE UNIT) with a positive whole VALUE and a unit in the singular for
// 1, in the plural beyond; or cron() with six fields, of which day-of-month
// or day-of-week is "?". EventBridge rejects anything else.
var ruleScheduleExpression = resourceRule{
	Rule: diag.Rule{ID: "E3027", ResourceTypes: []string{"AWS::Events::Rule"}, Summary: "EventBridge schedule expressions are well-formed rate() or cron() expressions"},
	text: func(v string) string {
		if msg := scheduleProblem(v); msg != "" {
			return jsonschema.PyStr(v) + ": " + msg
		}
		return ""
	},
}

// scheduleProblem says what is wrong with a schedule expression, or "".
func scheduleProblem(v string) string {
	switch {
	case strings.HasPrefix(v, "rate(") && strings.HasSuffix(v, ")"):
		expr := v[len("rate(") : len(v)-1]
		items := strings.Split(expr, " ")
		if len(items) != 2 {
			return "a rate is rate(VALUE UNIT)"
		}
		n, err := strconv.Atoi(items[0])
		if err != nil || strings.Trim(items[0], "0123456789") != "" {
			return jsonschema.PyStr(items[0]) + " is not a whole number"
		}
		if n <= 0 {
			return "the rate must be positive"
		}
		units := []string{"minutes", "hours", "days"}
		if n == 1 {
			units = []string{"minute", "hour", "day"}
		}
		for _, u := range units {
			if items[1] == u {
				return ""
			}
		}
		return jsonschema.PyStr(items[1]) + " is not one of " + pyList(units)
	case strings.HasPrefix(v, "cron(") && strings.HasSuffix(v, ")"):
		items := strings.Split(v[len("cron("):len(v)-1], " ")
		if len(items) != 6 {
			return "a cron expression has six fields (Minutes Hours Day-of-month Month Day-of-week Year)"
		}
		if items[2] != "?" && items[4] != "?" {
			return "a cron expression cannot specify both Day-of-month and Day-of-week: make one of them '?'"
		}
		return ""
	}
	return "it has to be either 'cron()' or 'rate()'"
}

// ruleHardcodedZone warns about an availability zone written as a literal: the
// template then works in one region only (and in accounts that map the zone
// name to a zone that has the capacity). Fn::GetAZs or a parameter of type
// AWS::EC2::AvailabilityZone::Name keeps it portable. Templates the CDK wrote
// are left alone.
var ruleHardcodedZone = resourceRule{
	Rule:   diag.Rule{ID: "W3010", Summary: "Availability zones are not hardcoded"},
	unless: (*template.Template).FromCDK,
	value: func(r *ruleRun, s site) {
		if v, ok := s.value.Str(); ok && v != "all" && !insideIf(s.value) {
			r.report(s.value.Range, s.resource.Name, "Avoid hardcoding availability zone "+jsonschema.PyStr(v)+": use Fn::GetAZs or a parameter")
		}
	},
}

// insideIf reports whether n is a branch of an Fn::If.
func insideIf(n *template.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Kind == template.Intrinsic {
			return true
		}
		if p.Kind == template.Mapping {
			return false
		}
	}
	return false
}
