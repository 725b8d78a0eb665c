package permissions

import (
	"context"
	"fmt"
	"strings"
)

// Simulator says which of some actions the current principal may not
// perform on any resource (deploy.Client, with IAM's policy simulator).
type Simulator interface {
	Denied(ctx context.Context, actions []string) (principal string, denied []string, err error)
}

// Missing simulates the current principal against the policy: the actions it
// may not perform, and a warning saying so ("" when it may perform them all).
// The statements on named resources (iam:PassRole on the template's roles)
// are left out: the simulator judges actions on any resource, which a
// principal allowed to pass those roles only would fail.
func (p Policy) Missing(ctx context.Context, sim Simulator) (denied []string, warning string, err error) {
	var actions []string
	for _, st := range p.Statement {
		if st.Resource == "*" {
			actions = append(actions, st.Action...)
		}
	}
	principal, denied, err := sim.Denied(ctx, actions)
	if err != nil || len(denied) == 0 {
		return nil, "", err
	}
	shown := denied
	more := ""
	if len(shown) > 10 {
		shown, more = shown[:10], fmt.Sprintf(" and %d more", len(denied)-10)
	}
	return denied, fmt.Sprintf("%s may not perform %d of the %d actions deploying this template needs (IAM policy simulator): %s%s; the launch may fail (`cfn-lsp permissions` prints the whole policy)",
		principal, len(denied), len(actions), strings.Join(shown, ", "), more), nil
}
