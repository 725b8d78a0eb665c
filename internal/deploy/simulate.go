package deploy

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Denied returns, of actions, those the caller's identity may not perform on
// any resource, as IAM's policy simulator (iam:SimulatePrincipalPolicy)
// evaluates the identity's policies, sorted; and the principal it simulated.
// An assumed role's session is simulated as its role. The root user may do
// everything: nothing is denied it. Service control policies and permission
// boundaries of the account count as the simulator counts them.
func (c *Client) Denied(ctx context.Context, actions []string) (principal string, denied []string, err error) {
	id, err := c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", nil, apiError("GetCallerIdentity", err)
	}
	principal, role := principalOf(aws.ToString(id.Arn))
	if strings.HasSuffix(principal, ":root") {
		return principal, nil, nil
	}
	if role != "" {
		// The role's ARN holds its path, which the session's does not.
		if r, err := c.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(role)}); err == nil && r.Role != nil {
			principal = aws.ToString(r.Role.Arn)
		}
	}
	p := iam.NewSimulatePrincipalPolicyPaginator(c.IAM, &iam.SimulatePrincipalPolicyInput{
		PolicySourceArn: aws.String(principal), ActionNames: actions,
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return principal, nil, apiError("SimulatePrincipalPolicy", err)
		}
		for _, r := range page.EvaluationResults {
			if r.EvalDecision != "allowed" {
				denied = append(denied, aws.ToString(r.EvalActionName))
			}
		}
	}
	slices.Sort(denied)
	return principal, slices.Compact(denied), nil
}

// principalOf returns the principal the simulator takes for a caller's ARN
// (an IAM user or role; for an assumed role's session
// "arn:aws:sts::123456789012:assumed-role/Deployer/me", the role
// arn:aws:iam::123456789012:role/Deployer), and the role's name when the
// caller is a role's session.
func principalOf(caller string) (principal, role string) {
	parts := strings.SplitN(caller, ":", 6)
	if len(parts) != 6 || parts[2] != "sts" || !strings.HasPrefix(parts[5], "assumed-role/") {
		return caller, ""
	}
	role, _, _ = strings.Cut(strings.TrimPrefix(parts[5], "assumed-role/"), "/")
	return "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + role, role
}
