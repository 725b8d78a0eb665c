package stack

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/checktest"
	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/deploy/deploytest"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil/mototest"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

func TestMain(m *testing.M) { deploytest.Main(m) }

const testdata = "../../testdata/stack"

// launchOrders deploys testdata/stack/orders.yaml to moto_server as stack name
// with the dev parameter file, and returns the client and the template.
func launchOrders(t *testing.T, name string) (*deploy.Client, context.Context, *template.Template, map[string]string) {
	t.Helper()
	deploytest.Shared(t) // skips before any file is read where there is no moto_server
	tm := template.Parse("orders.yaml", checktest.Read(t, filepath.Join(testdata, "orders.yaml")))
	given, err := deploy.ReadParamsFile(filepath.Join(testdata, "orders.dev.json"))
	if err != nil {
		t.Fatal(err)
	}
	c, ctx := mototest.Launch(t, name, tm, given)
	return c, ctx, tm, given
}

// TestMotoPreview deploys a stack, edits its template and previews the
// edits against what moto_server holds.
func TestMotoPreview(t *testing.T) {
	c, ctx, tm, given := launchOrders(t, "preview-orders")
	live, err := Fetch(ctx, c, "preview-orders")
	if err != nil {
		t.Fatal(err)
	}
	if live.Stack.Status != "CREATE_COMPLETE" || len(live.Stack.Resources) != 3 || live.Stack.Resources["Bucket"].PhysicalID != "preview-orders-dev-data" {
		t.Fatalf("deployed stack %+v", live.Stack)
	}
	if p := live.Preview(tm, given, schema.Default()); len(p.Changes) != 0 {
		t.Fatalf("the deployed template previews changes: %s", labels(p))
	}
	for _, tc := range []struct {
		name     string
		old, new string
		given    map[string]string
		want     string
	}{
		{"bucket name", `"${AWS::StackName}-${Env}-data"`, `"${AWS::StackName}-${Env}-files"`, nil, "Bucket replaces: BucketName changed [data loss]"},
		{"tags", "Value: orders", "Value: sales", nil, "Bucket modifies: Tags changed"},
		{"add", "Outputs:", "  Queue:\n    Type: AWS::SQS::Queue\nOutputs:", nil, "Queue adds"},
		{"table", `TableName: !Sub "${AWS::StackName}-${Env}"`, `TableName: !Sub "${AWS::StackName}-${Env}-v2"`, nil, "OrdersTable replaces: TableName changed [data loss]"},
		{"prod", "", "", map[string]string{"Env": "prod"},
			"Bucket replaces: BucketName changed [data loss]\nOrdersTable replaces: TableName changed [data loss]\nAlarms adds"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			edited := template.Parse("orders.yaml", strings.Replace(tm.Text, tc.old, tc.new, 1))
			g := given
			if tc.given != nil {
				g = tc.given
			}
			if got := labels(live.Preview(edited, g, schema.Default())); got != tc.want {
				t.Errorf("plan:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}

	if _, err := Fetch(ctx, c, "no-such-stack"); !errors.Is(err, deploy.ErrNoStack) {
		t.Errorf("missing stack: %v", err)
	}
}

// TestMotoDrift runs drift detection on a stack deployed to moto_server,
// through a fake of the drift detection calls moto lacks, and places the
// drift on the template.
func TestMotoDrift(t *testing.T) {
	_, _, tm, _ := launchOrders(t, "drift-orders")
	fake := &deploytest.FakeDriftDetection{Moto: deploytest.Shared(t).URL, Drifts: []string{
		"Bucket|AWS::S3::Bucket|MODIFIED|/Tags/0/Value|\"orders\"|\"sales\"|NOT_EQUAL",
	}}
	fakeURL := testutil.Serve(t, fake)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := deploy.NewClient(ctx, deploy.AWSOptions{Region: deploytest.Region, EndpointURL: fakeURL, Credentials: deploytest.Credentials})
	if err != nil {
		t.Fatal(err)
	}
	c.Poll = 10 * time.Millisecond
	if _, err := c.Stack(ctx, "drift-orders"); err != nil {
		t.Fatalf("reading the stack through the fake: %v", err)
	}
	drifts, err := c.DetectDrift(ctx, "drift-orders")
	if err != nil {
		t.Fatal(err)
	}
	ds := DriftDiagnostics(tm, drifts)
	if len(ds) != 1 || fake.Detections() != 1 {
		t.Fatalf("drift diagnostics %+v after %d detections", ds, fake.Detections())
	}
	if line := strings.TrimSpace(tm.Lines.Line(ds[0].Range.Start.Line)); line != "Value: orders" || ds[0].Message != `Bucket drifted: Tags/0/Value is "sales", expected "orders"` {
		t.Errorf("drift on %q: %s", line, ds[0].Message)
	}
}
