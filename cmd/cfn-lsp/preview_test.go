package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy/deploytest"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

// deployedOrders deploys testdata/stack/orders.yaml with `cfn-lsp deploy` as
// stack name (its parameters from TEMPLATE.params.json) and returns the path.
func deployedOrders(t *testing.T, endpoint, name string) string {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", "stack")
	text, err := os.ReadFile(filepath.Join(src, "orders.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name+".yaml")
	os.WriteFile(path, text, 0o644)
	params, _ := os.ReadFile(filepath.Join(src, "orders.dev.json"))
	os.WriteFile(path+".params.json", params, 0o644)
	if code, out, errs := runCLI("", "deploy", endpoint, "--yes", path); code != 0 {
		t.Fatalf("deploy: %d\n%s%s", code, out, errs)
	}
	return path
}

func editFile(t *testing.T, path, old, new string) {
	t.Helper()
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), old) {
		t.Fatalf("%q not in %s", old, path)
	}
	os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644)
}

func TestPreviewCLI(t *testing.T) {
	endpoint := motoEnv(t)
	path := deployedOrders(t, endpoint, "cli-preview")

	code, out, errs := runCLI("", "preview", endpoint, path)
	if code != 0 || !strings.Contains(out, "Stack cli-preview (CREATE_COMPLETE), deployment default: 0 to add, 0 to modify, 0 to replace, 0 to remove") {
		t.Fatalf("unchanged: %d\n%s%s", code, out, errs)
	}

	editFile(t, path, `-data"`, `-files"`)
	editFile(t, path, "Value: orders", "Value: sales")
	editFile(t, path, "Outputs:", "  Queue:\n    Type: AWS::SQS::Queue\nOutputs:")
	code, out, errs = runCLI("", "preview", endpoint, "--stack-name", "cli-preview", path)
	for _, want := range []string{
		"± Bucket (AWS::S3::Bucket) replaces: BucketName changed [deletes data]",
		"BucketName: cli-preview-dev-data -> cli-preview-dev-files",
		"+ Queue (AWS::SQS::Queue) adds",
		":16:7: warning This edit replaces Bucket; its data is deleted",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("preview lacks %q:\n%s%s", want, out, errs)
		}
	}
	if code != 0 {
		t.Errorf("exit %d without --fail-on-replace", code)
	}
	if code, _, _ := runCLI("", "preview", endpoint, "--fail-on-replace", path); code != 1 {
		t.Errorf("--fail-on-replace: exit %d", code)
	}

	// Tags only: modify, and --fail-on-replace passes.
	editFile(t, path, `-files"`, `-data"`)
	code, out, _ = runCLI("", "preview", endpoint, "--fail-on-replace", "--format", "json", path)
	var res previewOutput
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	var got []string
	for _, c := range res.Changes {
		got = append(got, c.LogicalID+" "+string(c.Action))
	}
	if code != 0 || strings.Join(got, ",") != "Bucket Modify,Queue Add" || res.Changes[0].Properties[0].Name != "Tags" {
		t.Errorf("json preview (exit %d): %s", code, out)
	}
	if strings.Contains(out, "not-a-real-password") {
		t.Errorf("NoEcho value in the preview:\n%s", out)
	}

	// Another parameter value: --parameter wins over the file.
	editFile(t, path, "Value: sales", "Value: orders")
	_, out, _ = runCLI("", "preview", endpoint, "--parameter", "Env=prod", path)
	if !strings.Contains(out, "+ Alarms (AWS::SNS::Topic) adds") || !strings.Contains(out, "OrdersTable (AWS::DynamoDB::Table) replaces: TableName changed") {
		t.Errorf("prod preview:\n%s", out)
	}

	if code, _, errs := runCLI("", "preview", endpoint, "--deployment", "qa", path); code != exitFailure || !strings.Contains(errs, "qa") {
		t.Errorf("unknown deployment: %d %s", code, errs)
	}
	code, out, _ = runCLI("", "preview", endpoint, "--stack-name", "cli-never-deployed", path)
	if code != 0 || !strings.Contains(out, "Stack cli-never-deployed does not exist") {
		t.Errorf("missing stack: %d %s", code, out)
	}
}

// TestDriftCLI runs `cfn-lsp drift` through a fake of the drift detection
// calls moto_server lacks.
func TestDriftCLI(t *testing.T) {
	endpoint := motoEnv(t)
	path := deployedOrders(t, endpoint, "cli-drift")
	fake := &deploytest.FakeDriftDetection{Moto: deploytest.Shared(t).URL,
		Drifts: []string{"Bucket|AWS::S3::Bucket|MODIFIED|/Tags/0/Value|orders|sales|NOT_EQUAL", "OrdersTable|AWS::DynamoDB::Table|DELETED"}}
	fakeURL := testutil.Serve(t, fake)
	code, out, errs := runCLI("", "drift", "--endpoint-url", fakeURL, "--stack-name", "cli-drift", path)
	if code != 1 || !strings.Contains(out, ":19:18: warning Bucket drifted: Tags/0/Value is sales, expected orders") ||
		!strings.Contains(out, ":20:3: warning OrdersTable was deleted outside CloudFormation") || !strings.Contains(out, "2 resources drifted") {
		t.Errorf("drift: %d\n%s%s", code, out, errs)
	}
	fake.SetDrifts()
	if code, out, _ := runCLI("", "drift", "--endpoint-url", fakeURL, "--stack-name", "cli-drift", path); code != 0 || !strings.Contains(out, "0 resources drifted") {
		t.Errorf("no drift: %d %s", code, out)
	}
}
