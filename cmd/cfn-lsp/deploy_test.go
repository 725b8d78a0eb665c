package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy/deploytest"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

// TestMain pins the lifecycle checks' date for the goldens, gives the tests an
// empty home directory, and stops the moto_server the deploy tests may have
// started.
func TestMain(m *testing.M) {
	clock = func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }
	// no .cfnlintrc of the user's may change what check reports
	home, err := os.MkdirTemp("", "cfn-lsp-home")
	if err != nil {
		panic(err)
	}
	os.Setenv("HOME", home)
	code := m.Run()
	os.RemoveAll(home)
	deploytest.Stop()
	os.Exit(code)
}

// motoEnv points the SDK's default chain at moto with fake credentials and
// returns the endpoint flag.
func motoEnv(t *testing.T) string {
	t.Helper()
	srv := deploytest.Shared(t)
	testutil.AWSEnv(t, "testing")
	t.Setenv("AWS_REGION", deploytest.Region)
	return "--endpoint-url=" + srv.URL
}

func copyTemplate(t *testing.T, name, as string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "deploy", name))
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), as)
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

func runCLI(stdin string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestDeployCLI(t *testing.T) {
	endpoint := motoEnv(t)
	path := copyTemplate(t, "queue.yaml", "cli_orders.yaml")
	os.WriteFile(path+".params.json", []byte(`[{"ParameterKey": "QueueName", "ParameterValue": "cli"}]`), 0o644)

	// Missing parameter: usage error naming it.
	code, _, stderr := runCLI("", "deploy", endpoint, path)
	if code != exitFailure || !strings.Contains(stderr, "ApiKey") {
		t.Fatalf("missing parameter: exit %d, %s", code, stderr)
	}

	// Answering no executes nothing.
	code, stdout, stderr := runCLI("n\n", "deploy", endpoint, "--parameter", "ApiKey=cli-secret", path)
	if code != exitFailure || !strings.Contains(stdout, "1 to add") || !strings.Contains(stdout, "Execute this change set?") || !strings.Contains(stderr, "not executed") {
		t.Fatalf("declined: exit %d\n%s\n%s", code, stdout, stderr)
	}

	// Answering yes creates the stack; flags may follow the template.
	code, stdout, stderr = runCLI("y\n", "deploy", path, endpoint, "--parameter", "ApiKey=cli-secret", "--tag", "team=infra")
	if code != exitOK || !strings.Contains(stdout, "cli-orders") || !strings.Contains(stdout, "CREATE_COMPLETE") {
		t.Fatalf("create: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if strings.Contains(stdout+stderr, "cli-secret") {
		t.Errorf("NoEcho value printed:\n%s", stdout)
	}

	// Same again with --yes: no changes.
	code, stdout, stderr = runCLI("", "deploy", "--yes", endpoint, "--parameter", "ApiKey=cli-secret", path)
	if code != exitOK || !strings.Contains(stdout, "no changes") {
		t.Fatalf("no change: exit %d\n%s\n%s", code, stdout, stderr)
	}

	// A failing template: exit 1 and the failure located on the template.
	bad := copyTemplate(t, "bad-attribute.yaml", "cli-bad.yaml")
	code, _, stderr = runCLI("", "deploy", "--yes", endpoint, bad)
	if code != exitFailure || !strings.Contains(stderr, bad+":8:") || !strings.Contains(stderr, "NoSuchAttribute") {
		t.Fatalf("failing: exit %d\n%s", code, stderr)
	}
}

func TestValidateRemoteCLI(t *testing.T) {
	endpoint := motoEnv(t)
	good := copyTemplate(t, "queue.yaml", "good.yaml")
	if code, stdout, stderr := runCLI("", "validate", "--remote", endpoint, good); code != exitOK || !strings.Contains(stdout, "valid") {
		t.Fatalf("valid: exit %d\n%s\n%s", code, stdout, stderr)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref Nowhere\n"), 0o644)
	code, stdout, _ := runCLI("", "validate", "--remote", endpoint, bad)
	if code != findingError || !strings.Contains(stdout, bad+":5:") || !strings.Contains(stdout, "Nowhere") {
		t.Fatalf("invalid: exit %d\n%s", code, stdout)
	}
}

func TestDeployUsage(t *testing.T) {
	for _, args := range [][]string{
		{"deploy"},
		{"deploy", "a.yaml", "b.yaml"},
		{"deploy", "--parameter", "novalue", "a.yaml"},
		{"deploy", "--no-such-flag", "a.yaml"},
		{"deploy", filepath.Join(t.TempDir(), "missing.yaml")},
		{"validate", "a.yaml"},
	} {
		if code, _, _ := runCLI("", args...); code != exitFailure {
			t.Errorf("%q: exit %d, want %d", args, code, exitFailure)
		}
	}
}

// TestDeployChecksPermissions: --check-permissions warns of the actions the
// caller may not perform (deploytest's fake simulator allows CloudFormation
// only) and deploys all the same.
func TestDeployChecksPermissions(t *testing.T) {
	motoEnv(t)
	fake := &deploytest.FakeSimulator{Allow: []string{"cloudformation"}, Moto: deploytest.Shared(t).URL}
	fakeURL := testutil.Serve(t, fake)
	path := copyTemplate(t, "queue.yaml", "perms_cli.yaml")
	code, stdout, stderr := runCLI("", "deploy", "--yes", "--check-permissions", "--endpoint-url="+fakeURL,
		"--parameter", "QueueName=perms", "--parameter", "ApiKey=k", path)
	if code != exitOK || !strings.Contains(stdout, "CREATE_COMPLETE") {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "cfn-lsp deploy: warning: ") || !strings.Contains(stderr, "may not perform") || !strings.Contains(stderr, "sqs:CreateQueue") {
		t.Errorf("stderr %q", stderr)
	}
}
