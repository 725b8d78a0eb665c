// Package mototest deploys templates to the shared moto_server of deploytest
// for the end-to-end tests of the packages that read deployed stacks.
package mototest

import (
	"context"
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/deploy/deploytest"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Launch deploys tm to the shared moto_server as stack with the parameter
// values given, executing its change set without asking, and fails the test
// unless the launch succeeds. It returns the client, which polls every 50ms,
// and a context that ends with the test (or after two minutes). The test is
// skipped where moto_server is not installed (see deploytest.Shared).
func Launch(t testing.TB, stack string, tm *template.Template, given map[string]string) (*deploy.Client, context.Context) {
	t.Helper()
	srv := deploytest.Shared(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	c, err := deploy.NewClient(ctx, deploy.AWSOptions{Region: deploytest.Region, EndpointURL: srv.URL, Credentials: deploytest.Credentials})
	if err != nil {
		t.Fatal(err)
	}
	c.Poll = 50 * time.Millisecond
	res, err := c.Launch(ctx, deploy.Request{StackName: stack, Template: tm, Parameters: given},
		deploy.Hooks{Confirm: func(context.Context, *deploy.ChangeSet) (bool, error) { return true, nil }})
	if err != nil || res.Outcome != deploy.Succeeded {
		t.Fatalf("launching %s: %v %+v", stack, err, res)
	}
	return c, ctx
}
