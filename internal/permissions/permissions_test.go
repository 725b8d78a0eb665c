package permissions

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/cfn-lsp/cfn-lsp/internal/golden"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// TestGolden renders each testdata template's policy, then its notes.
func TestGolden(t *testing.T) {
	golden.Run(t, "testdata/*.yaml", func(t *testing.T, path, src string) string {
		res := Compute(template.Parse(path, src), nil)
		var b strings.Builder
		b.Write(res.Policy.JSON())
		for _, n := range res.Notes {
			b.WriteString("# " + n.String() + "\n")
		}
		return b.String()
	})
}

// TestPassedRoles: what iam:PassRole is granted on, by how a role is given.
func TestPassedRoles(t *testing.T) {
	const role = "  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: r\n      AssumeRolePolicyDocument: {}\n"
	fn := func(roleValue string) string {
		return "Resources:\n" + role + "  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: " + roleValue + "\n"
	}
	for _, tc := range []struct {
		name, src string
		want      string // the PassRole statement's Resource; "" for none
	}{
		{"literal ARN", fn("arn:aws:iam::123456789012:role/x"), "[arn:aws:iam::123456789012:role/x]"},
		{"GetAtt of a named role", fn("!GetAtt R.Arn"), "[arn:*:iam::*:role/r]"},
		{"GetAtt of an unnamed role", "Resources:\n  R:\n    Type: AWS::IAM::Role\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt R.Arn\n", "*"},
		{"Fn::If of a role and no value", fn("!If [C, !GetAtt R.Arn, !Ref AWS::NoValue]"), "[arn:*:iam::*:role/r]"},
		{"imported", fn("!ImportValue roles-FunctionRole"), "*"},
		{"not a role ARN", "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      KmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/k\n", ""},
		{"a type whose handlers pass no role", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      RedriveAllowPolicy: {Role: x}\n", ""},
	} {
		res := Compute(template.Parse("t.yaml", tc.src), nil)
		got := ""
		for _, st := range res.Policy.Statement {
			if st.Sid == "PassRole" {
				got = fmt.Sprint(st.Resource)
			}
			if st.Sid == "Iam" && slices.Contains(st.Action, "iam:PassRole") {
				t.Errorf("%s: iam:PassRole granted on every resource: %v", tc.name, st.Action)
			}
		}
		if got != tc.want {
			t.Errorf("%s: PassRole on %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestYAML(t *testing.T) {
	res := Compute(template.Parse("t.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"), nil)
	var back Policy
	if err := yaml.Unmarshal(res.Policy.YAML(), &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Statement) != 2 || back.Statement[1].Sid != "Sqs" || back.Statement[1].Resource != "*" ||
		!slices.Contains(back.Statement[1].Action, "sqs:CreateQueue") {
		t.Errorf("YAML policy read back: %+v", back)
	}
	if res.Notes != nil {
		t.Errorf("notes: %v", res.Notes)
	}
}

// simulator is a Simulator that allows the actions of some services.
type simulator struct {
	allow []string
	asked []string
}

func (s *simulator) Denied(_ context.Context, actions []string) (string, []string, error) {
	s.asked = actions
	var denied []string
	for _, a := range actions {
		if svc, _, _ := strings.Cut(a, ":"); !slices.Contains(s.allow, svc) {
			denied = append(denied, a)
		}
	}
	return "arn:aws:iam::123456789012:user/dev", denied, nil
}

func TestMissing(t *testing.T) {
	src := "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: r\n" +
		"  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt R.Arn\n"
	policy := Compute(template.Parse("t.yaml", src), nil).Policy
	sim := &simulator{allow: []string{"cloudformation", "sqs", "iam", "lambda", "ec2", "kms", "s3", "elasticfilesystem"}}
	if denied, warning, err := policy.Missing(context.Background(), sim); err != nil || denied != nil || warning != "" {
		t.Errorf("all allowed: %v %q %v", denied, warning, err)
	}
	if slices.Contains(sim.asked, "iam:PassRole") {
		t.Error("iam:PassRole on the template's role was simulated on any resource")
	}
	sim.allow = []string{"cloudformation", "iam", "lambda", "ec2", "kms", "s3", "elasticfilesystem"}
	denied, warning, err := policy.Missing(context.Background(), sim)
	if err != nil || len(denied) == 0 || !strings.HasPrefix(warning, "arn:aws:iam::123456789012:user/dev may not perform ") ||
		!strings.Contains(warning, "sqs:CreateQueue") {
		t.Errorf("sqs denied: %v %q %v", denied, warning, err)
	}
}
