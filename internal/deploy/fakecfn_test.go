package deploy

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy/deploytest"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

func fakeClient(t *testing.T, f *deploytest.FakeCFN) *Client {
	t.Helper()
	fakeURL := testutil.Serve(t, f)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := NewClient(ctx, AWSOptions{Region: "us-east-1", EndpointURL: fakeURL, Credentials: fakeCreds{}})
	if err != nil {
		t.Fatal(err)
	}
	c.Poll = time.Millisecond
	return c
}

type fakeCreds struct{}

func (fakeCreds) Retrieve(context.Context) (aws.Credentials, error) {
	return aws.Credentials{AccessKeyID: "a", SecretAccessKey: "b", Source: "test"}, nil
}

const queueTemplate = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n  Topic:\n    Type: AWS::SNS::Topic\n"

// TestFailureEventsBecomeFailures follows an asynchronous failing creation:
// the root cause is kept, the cancelled sibling dropped.
func TestFailureEventsBecomeFailures(t *testing.T) {
	f := &deploytest.FakeCFN{
		Statuses: []string{"CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS", "ROLLBACK_COMPLETE"},
		Events: [][]string{
			{"e1|slow|AWS::CloudFormation::Stack|CREATE_IN_PROGRESS|User Initiated"},
			{"e2|Queue|AWS::SQS::Queue|CREATE_FAILED|Resource handler returned message: bad queue", "e1|slow|AWS::CloudFormation::Stack|CREATE_IN_PROGRESS|User Initiated"},
			{"e4|slow|AWS::CloudFormation::Stack|ROLLBACK_COMPLETE|", "e3|Topic|AWS::SNS::Topic|CREATE_FAILED|Resource creation cancelled",
				"e2|Queue|AWS::SQS::Queue|CREATE_FAILED|Resource handler returned message: bad queue", "e1|slow|AWS::CloudFormation::Stack|CREATE_IN_PROGRESS|User Initiated"},
		},
	}
	c := fakeClient(t, f)
	rec := &recorder{answer: true}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	tm := template.Parse("q.yaml", queueTemplate)
	res, err := c.Launch(ctx, Request{StackName: "slow", Template: tm}, rec.hooks())
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != Failed || res.Status != "ROLLBACK_COMPLETE" {
		t.Fatalf("outcome %v status %s", res.Outcome, res.Status)
	}
	var seen []string
	for _, e := range rec.events {
		seen = append(seen, e.LogicalID+" "+e.Status)
	}
	if got, want := strings.Join(seen, ", "), "slow CREATE_IN_PROGRESS, Queue CREATE_FAILED, Topic CREATE_FAILED, slow ROLLBACK_COMPLETE"; got != want {
		t.Errorf("events %q, want %q (each once, oldest first)", got, want)
	}
	if len(res.Failures) != 1 || res.Failures[0].LogicalID != "Queue" {
		t.Fatalf("failures %+v", res.Failures)
	}
	ds := Diagnostics(tm, res.Failures)
	if len(ds) != 1 || ds[0].Range.Start.Line != 1 || ds[0].Resource != "Queue" || ds[0].Code != "CREATE_FAILED" {
		t.Errorf("diagnostics %+v", ds)
	}
	if m := res.Message(); !strings.Contains(m, "Queue: Resource handler returned message: bad queue") {
		t.Errorf("message %q", m)
	}
}

// TestCancelStopsWaiting cancels while the stack is still being created: the
// launch returns at once, saying the stack is still in progress.
func TestCancelStopsWaiting(t *testing.T) {
	f := &deploytest.FakeCFN{
		Statuses: []string{"CREATE_IN_PROGRESS"},
		Events:   [][]string{{"e1|slow|AWS::CloudFormation::Stack|CREATE_IN_PROGRESS|User Initiated"}},
	}
	c := fakeClient(t, f)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	hooks := Hooks{
		Confirm: func(context.Context, *ChangeSet) (bool, error) { return true, nil },
		Event:   func(Event) { cancel() }, // the user gives up after the first event
	}
	res, err := c.Launch(ctx, Request{StackName: "slow", Template: template.Parse("q.yaml", queueTemplate)}, hooks)
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != InProgress || !strings.Contains(res.Message(), "still in progress (CREATE_IN_PROGRESS)") {
		t.Fatalf("outcome %v: %q", res.Outcome, res.Message())
	}
	if context.Cause(ctx) != context.Canceled {
		t.Fatalf("stopped for another reason: %v", context.Cause(ctx))
	}
}
