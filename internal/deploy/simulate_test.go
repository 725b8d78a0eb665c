package deploy

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy/deploytest"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

// TestDenied simulates an IAM user and an assumed role's session (moto
// answers who the caller is and the role's ARN, with its path) against the
// fake simulator.
func TestDenied(t *testing.T) {
	moto, ctx := motoClient(t)
	fake := &deploytest.FakeSimulator{Allow: []string{"cloudformation", "sqs"}, Moto: deploytest.Shared(t).URL}
	fakeURL := testutil.Serve(t, fake)
	client := func(creds aws.CredentialsProvider) *Client {
		c, err := NewClient(ctx, AWSOptions{Region: deploytest.Region, EndpointURL: fakeURL, Credentials: creds})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	actions := []string{"sqs:CreateQueue", "cloudformation:CreateChangeSet", "sns:CreateTopic", "iam:PassRole"}

	who, err := moto.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	principal, denied, err := client(deploytest.Credentials).Denied(ctx, actions)
	if err != nil {
		t.Fatal(err)
	}
	if principal != aws.ToString(who.Arn) || !slices.Equal(denied, []string{"iam:PassRole", "sns:CreateTopic"}) {
		t.Errorf("user: %s denied %v", principal, denied)
	}

	role, err := moto.IAM.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("Deployer"), Path: aws.String("/deploy/"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	session, err := moto.STS.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: role.Role.Arn, RoleSessionName: aws.String("me")})
	if err != nil {
		t.Fatal(err)
	}
	k := session.Credentials
	assumed := credentials.NewStaticCredentialsProvider(aws.ToString(k.AccessKeyId), aws.ToString(k.SecretAccessKey), aws.ToString(k.SessionToken))
	if principal, _, err = client(assumed).Denied(ctx, actions); err != nil {
		t.Fatal(err)
	}
	if want := aws.ToString(role.Role.Arn); principal != want || !strings.Contains(want, ":role/deploy/Deployer") {
		t.Errorf("assumed role simulated as %s, want %s", principal, want)
	}
	if asked := fake.Sources(); len(asked) != 2 || asked[1] != principal {
		t.Errorf("the simulator was asked about %v", asked)
	}
}

func TestPrincipalOf(t *testing.T) {
	for _, tc := range []struct{ caller, principal, role string }{
		{"arn:aws:iam::123456789012:user/dev", "arn:aws:iam::123456789012:user/dev", ""},
		{"arn:aws:sts::123456789012:assumed-role/Deployer/me", "arn:aws:iam::123456789012:role/Deployer", "Deployer"},
		{"arn:aws-cn:sts::123456789012:assumed-role/Deployer/me@example.com", "arn:aws-cn:iam::123456789012:role/Deployer", "Deployer"},
		{"arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:root", ""},
	} {
		if p, r := principalOf(tc.caller); p != tc.principal || r != tc.role {
			t.Errorf("principalOf(%s) = %s, %s; want %s, %s", tc.caller, p, r, tc.principal, tc.role)
		}
	}
}
