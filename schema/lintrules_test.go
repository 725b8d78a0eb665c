package schema

import (
	"slices"
	"testing"
)

func TestLintRules(t *testing.T) {
	rules := LintRules()
	if len(rules) < 300 || LintVersion() == "" {
		t.Fatalf("%d rules of cfn-lint %q; the table is missing or damaged (run make spec)", len(rules), LintVersion())
	}
	if !slices.IsSortedFunc(rules, func(a, b LintRule) int {
		if a.ID < b.ID {
			return -1
		}
		return 1
	}) {
		t.Error("rules are not sorted by unique id")
	}
	sev := map[byte]string{'E': "error", 'W': "warning", 'I': "info"}
	for _, r := range rules {
		if r.Severity != sev[r.ID[0]] {
			t.Errorf("%s: severity %q", r.ID, r.Severity)
		}
		if r.Kind == "" {
			t.Errorf("%s: no kind", r.ID)
		}
	}

	rs, ok := LintRuleByID("E3023")
	if !ok || rs.Kind != LintSchema || rs.Schema != "schemas/extensions/aws_route53_recordset/recordset_pattern.json" || !rs.AllMatches ||
		!slices.Contains(rs.Keywords, "Resources/AWS::Route53::RecordSetGroup/Properties/RecordSets/*") {
		t.Errorf("E3023 = %+v", rs)
	}
	if _, ok := LintRuleByID("E9999"); ok {
		t.Error("E9999 found")
	}
	if r, _ := LintRuleByID("E1152"); r.Kind != LintFormat || r.Format != "AWS::EC2::Image.Id" || !slices.Contains(r.Parents, "E1103") {
		t.Errorf("E1152 = %+v", r)
	}
	if r, _ := LintRuleByID("E3025"); r.Kind != LintRegional || r.Schema == "" {
		t.Errorf("E3025 = %+v", r)
	}
	if r, _ := LintRuleByID("E3510"); !slices.Contains(r.Loads, "schemas/other/iam/policy_identity.json") {
		t.Errorf("E3510 loads %v", r.Loads)
	}
	if r, _ := LintRuleByID("W3002"); r.Kind != LintKeyword || len(r.Keywords) == 0 {
		t.Errorf("W3002 = %+v", r)
	}
	if r, _ := LintRuleByID("E3019"); r.Kind != LintCode {
		t.Errorf("E3019 = %+v", r)
	}

	var at []string
	for _, r := range LintRulesAt("Resources/AWS::Route53::RecordSet/Properties") {
		at = append(at, r.ID)
	}
	if !slices.Contains(at, "E3023") || !slices.IsSorted(at) {
		t.Errorf("rules at RecordSet/Properties: %v", at)
	}
	if got := LintRulesAt("Resources/AWS::Example::Nothing/Properties"); len(got) != 0 {
		t.Errorf("rules at an unknown path: %v", got)
	}

	for _, c := range []struct{ parent, keyword, want string }{
		{"E3002", "enum", "E3030"},
		{"E3002", "required", "E3003"},
		{"E1001", "fn_select", "E1017"},
		{"E3002", "nosuchkeyword", ""},
	} {
		if got := LintRuleForKeyword(c.parent, c.keyword); got != c.want {
			t.Errorf("LintRuleForKeyword(%s, %s) = %q, want %q", c.parent, c.keyword, got, c.want)
		}
	}
}

func TestPrimaryIdentifier(t *testing.T) {
	for typ, want := range map[string][]string{
		"AWS::S3::Bucket":            {"BucketName"},
		"AWS::ApiGateway::Stage":     {"RestApiId", "StageName"},
		"AWS::IAM::Role":             {"RoleName"},
		"AWS::EC2::SecurityGroup":    {"Id"},
		"AWS::Lambda::Permission":    {"FunctionName", "Id"},
		"AWS::CloudFormation::Stack": {"StackId"},
	} {
		rt := Default().ResourceType(typ)
		if rt == nil {
			t.Fatalf("%s not found", typ)
		}
		if !slices.Equal(rt.PrimaryIdentifier, want) {
			t.Errorf("%s primary identifier %v, want %v", typ, rt.PrimaryIdentifier, want)
		}
	}
}
