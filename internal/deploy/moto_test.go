package deploy

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy/deploytest"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

// recorder collects what a launch reports and confirms with a fixed answer.
type recorder struct {
	answer    bool
	confirmed []*ChangeSet
	events    []Event
	logs      []string
}

func (r *recorder) hooks() Hooks {
	return Hooks{
		Confirm: func(_ context.Context, cs *ChangeSet) (bool, error) {
			r.confirmed = append(r.confirmed, cs)
			return r.answer, nil
		},
		Event: func(e Event) { r.events = append(r.events, e) },
		Log:   func(s string) { r.logs = append(r.logs, s) },
	}
}

// request builds a launch request for a testdata template, resolving its
// parameters from its parameters file.
func request(t *testing.T, stack, file string, given map[string]string) Request {
	t.Helper()
	tm := parseFile(t, file)
	fromFile, _ := ReadParamsFile(ParamsFileFor(filepath.Join(testdata, file)))
	res := Resolve(Parameters(tm), given, fromFile)
	if len(res.Missing) > 0 {
		t.Fatalf("missing parameters %v", res.Missing)
	}
	return Request{StackName: stack, Template: tm, Parameters: res.Values}
}

func stackResources(t *testing.T, ctx context.Context, c *Client, stack string) []string {
	t.Helper()
	out, err := c.CFN.DescribeStackResources(ctx, &cloudformation.DescribeStackResourcesInput{StackName: aws.String(stack)})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range out.StackResources {
		ids = append(ids, aws.ToString(r.LogicalResourceId)+"="+string(r.ResourceStatus))
	}
	sort.Strings(ids)
	return ids
}

func TestMotoCreateUpdateNoChange(t *testing.T) {
	c, ctx := motoClient(t)
	const stack = "cud-queue"

	// Create, with parameters from the file beside the template.
	rec := &recorder{answer: true}
	res, err := c.Launch(ctx, request(t, stack, "queue.yaml", nil), rec.hooks())
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != Succeeded || res.Status != "CREATE_COMPLETE" {
		t.Fatalf("create: outcome %v status %s: %s", res.Outcome, res.Status, res.Message())
	}
	if len(rec.confirmed) != 1 || rec.confirmed[0].Type != "CREATE" || rec.confirmed[0].Summary() != "1 to add, 0 to modify, 0 to remove" {
		t.Fatalf("confirmed %+v", rec.confirmed)
	}
	if len(rec.events) == 0 || rec.events[len(rec.events)-1].Status != "CREATE_COMPLETE" {
		t.Errorf("events %v", rec.events)
	}
	if got := fmt.Sprint(stackResources(t, ctx, c, stack)); got != "[Queue=CREATE_COMPLETE]" {
		t.Errorf("resources %s", got)
	}
	stacks, err := c.CFN.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(stack)})
	if err != nil {
		t.Fatal(err)
	}
	params := map[string]string{}
	for _, p := range stacks.Stacks[0].Parameters {
		params[aws.ToString(p.ParameterKey)] = aws.ToString(p.ParameterValue)
	}
	if params["QueueName"] != "orders" {
		t.Errorf("stack parameters %v: QueueName not taken from the parameters file", params)
	}
	for _, l := range append(rec.logs, fmt.Sprint(rec.events)) {
		if strings.Contains(l, "s3cr3t-value") {
			t.Errorf("NoEcho value logged: %q", l)
		}
	}

	// Update through a change set that adds a topic.
	rec = &recorder{answer: true}
	req := request(t, stack, "queue-v2.yaml", map[string]string{"QueueName": "orders", "ApiKey": "s3cr3t-value"})
	res, err = c.Launch(ctx, req, rec.hooks())
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != Succeeded || res.Status != "UPDATE_COMPLETE" {
		t.Fatalf("update: %s", res.Message())
	}
	if len(rec.confirmed) != 1 || rec.confirmed[0].Type != "UPDATE" {
		t.Fatalf("update confirmed %+v", rec.confirmed)
	}
	adds := 0
	for _, ch := range rec.confirmed[0].Changes {
		if ch.Action == "Add" && ch.LogicalID == "Topic" {
			adds++
		}
	}
	if adds != 1 {
		t.Errorf("update change set %+v lacks the added Topic", rec.confirmed[0].Changes)
	}
	if got := fmt.Sprint(stackResources(t, ctx, c, stack)); !strings.Contains(got, "Topic=") {
		t.Errorf("resources after update %s", got)
	}

	// The same template and parameters again: nothing to do, nothing asked.
	rec = &recorder{answer: true}
	res, err = c.Launch(ctx, req, rec.hooks())
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != NoChanges || len(rec.confirmed) != 0 || !strings.Contains(res.Message(), "no changes") {
		t.Fatalf("no-change update: outcome %v, confirmed %d, %q", res.Outcome, len(rec.confirmed), res.Message())
	}
}

func TestMotoDeclinedChangeSetChangesNothing(t *testing.T) {
	c, ctx := motoClient(t)
	const stack = "declined-queue"
	rec := &recorder{answer: false}
	res, err := c.Launch(ctx, request(t, stack, "queue.yaml", nil), rec.hooks())
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != Declined || len(rec.confirmed) != 1 {
		t.Fatalf("outcome %v confirmed %d", res.Outcome, len(rec.confirmed))
	}
	// No confirmation hook at all never executes either.
	res, err = c.Launch(ctx, request(t, stack, "queue.yaml", nil), Hooks{})
	if err != nil || res.Outcome != Declined {
		t.Fatalf("nil Confirm: %v %v", res, err)
	}
	st, err := c.describeStack(ctx, stack)
	if err != nil {
		t.Fatal(err)
	}
	if st != nil && string(st.StackStatus) != "REVIEW_IN_PROGRESS" && string(st.StackStatus) != "DELETE_COMPLETE" {
		t.Errorf("declined stack is %s", st.StackStatus)
	}
}

func TestMotoFailingTemplate(t *testing.T) {
	c, ctx := motoClient(t)
	req := Request{StackName: "failing-topic", Template: parseFile(t, "bad-attribute.yaml")}
	res, err := c.Launch(ctx, req, (&recorder{answer: true}).hooks())
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != Failed || len(res.Failures) == 0 {
		t.Fatalf("outcome %v failures %v", res.Outcome, res.Failures)
	}
	if !strings.Contains(res.Message(), "NoSuchAttribute") {
		t.Errorf("message %q does not carry the error", res.Message())
	}
	ds := Diagnostics(req.Template, res.Failures)
	if len(ds) != 1 || ds[0].Resource != "Topic" || ds[0].Range.Start.Line != 7 {
		t.Fatalf("diagnostics %+v", ds)
	}
}

func TestMotoLargeTemplateThroughS3(t *testing.T) {
	c, ctx := motoClient(t)
	var b strings.Builder
	b.WriteString("Metadata:\n  Padding:\n")
	for i := 0; b.Len() <= MaxTemplateBody; i++ {
		fmt.Fprintf(&b, "    Line%05d: %s\n", i, strings.Repeat("x", 60))
	}
	b.WriteString("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n")
	tm := template.Parse("large.yaml", b.String())
	req := Request{StackName: "large-template", Template: tm}

	// Without a bucket: a clear error, nothing created.
	_, err := c.Launch(ctx, req, (&recorder{answer: true}).hooks())
	if err == nil || !strings.Contains(err.Error(), "S3 bucket") || !strings.Contains(err.Error(), "--s3-bucket") {
		t.Fatalf("no bucket: %v", err)
	}
	if err := c.ValidateTemplate(ctx, tm, "", "large-template"); err == nil || !strings.Contains(err.Error(), "S3 bucket") {
		t.Fatalf("validate without bucket: %v", err)
	}

	if _, err := c.S3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("cfn-lsp-templates")}); err != nil {
		t.Fatal(err)
	}
	req.S3Bucket = "cfn-lsp-templates"
	res, err := c.Launch(ctx, req, (&recorder{answer: true}).hooks())
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != Succeeded {
		t.Fatalf("large: %s", res.Message())
	}
	objs, err := c.S3.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("cfn-lsp-templates")})
	if err != nil || len(objs.Contents) != 1 || !strings.HasPrefix(aws.ToString(objs.Contents[0].Key), "cfn-lsp/large-template/") {
		t.Fatalf("uploaded objects %v, %v", objs, err)
	}
	if got := fmt.Sprint(stackResources(t, ctx, c, "large-template")); got != "[Topic=CREATE_COMPLETE]" {
		t.Errorf("resources %s", got)
	}
	if err := c.ValidateTemplate(ctx, tm, req.S3Bucket, "large-template"); err != nil {
		t.Errorf("validate large: %v", err)
	}
}

func TestMotoValidateTemplate(t *testing.T) {
	c, ctx := motoClient(t)
	if err := c.ValidateTemplate(ctx, parseFile(t, "queue.yaml"), "", ""); err != nil {
		t.Fatalf("valid template: %v", err)
	}
	bad := template.Parse("bad.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref Nowhere\n")
	err := c.ValidateTemplate(ctx, bad, "", "")
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != "ValidationError" || !strings.Contains(ae.Message, "Nowhere") {
		t.Fatalf("invalid template: %v", err)
	}
	ds := Diagnostics(bad, []Failure{{Reason: ae.Message}})
	if len(ds) != 1 || ds[0].Range.Start.Line != 4 || ds[0].Resource != "Q" {
		t.Errorf("diagnostics %+v", ds)
	}
}

func TestMotoParametersAndStackNameChecks(t *testing.T) {
	c, ctx := motoClient(t)
	_, err := c.Launch(ctx, Request{StackName: "9bad", Template: parseFile(t, "queue.yaml")}, Hooks{})
	if err == nil || !strings.Contains(err.Error(), "invalid stack name") {
		t.Errorf("bad stack name: %v", err)
	}
}

func TestMissingCredentials(t *testing.T) {
	testutil.AWSEnv(t, "")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "")
	t.Setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "")
	t.Setenv("AWS_WEB_IDENTITY_TOKEN_FILE", "")
	ctx := context.Background()
	_, err := NewClient(ctx, AWSOptions{Region: "us-east-1"})
	if !errors.Is(err, ErrNoCredentials) || !strings.Contains(err.Error(), "AWS_ACCESS_KEY_ID") {
		t.Errorf("no credentials: %v", err)
	}
	_, err = NewClient(ctx, AWSOptions{Region: "us-east-1", Profile: "nosuchprofile"})
	if !errors.Is(err, ErrNoCredentials) || !strings.Contains(err.Error(), `"nosuchprofile"`) {
		t.Errorf("unknown profile: %v", err)
	}
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	_, err = NewClient(ctx, AWSOptions{})
	if !errors.Is(err, ErrNoRegion) {
		t.Errorf("no region: %v", err)
	}
}

// TestEndpointFromEnvironment relies on the SDK's own AWS_ENDPOINT_URL handling.
func TestEndpointFromEnvironment(t *testing.T) {
	srv := deploytest.Shared(t)
	t.Setenv("AWS_ENDPOINT_URL", srv.URL)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := NewClient(ctx, AWSOptions{Region: deploytest.Region, Credentials: deploytest.Credentials})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.ValidateTemplate(ctx, parseFile(t, "queue.yaml"), "", ""); err != nil {
		t.Fatalf("through AWS_ENDPOINT_URL: %v", err)
	}
}
