package server

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy/deploytest"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

// TestMain stops the moto_server the launch tests may have started.
func TestMain(m *testing.M) { deploytest.Main(m) }

// lspPeer is an editor speaking JSON-RPC (go.lsp.dev/jsonrpc2) to an
// in-process server over net.Pipe. It answers the server's requests and keeps
// every notification.
type lspPeer struct {
	t       *testing.T
	dir     string // the workspace folder
	conn    jsonrpc2.Conn
	answer  string // the title chosen in window/showMessageRequest
	mu      sync.Mutex
	asked   []string // showMessageRequest messages
	notes   []jsonrpc2.Request
	created int // workDoneProgress/create requests
	changed chan struct{}
	// onNotify, if set, sees each notification (without the lock held).
	onNotify func(method string, params json.RawMessage)
}

func newLSPPeer(t *testing.T, settings map[string]any) *lspPeer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cs, ss := net.Pipe()
	srv := New(Options{Debounce: time.Millisecond})
	served := make(chan struct{})
	go func() {
		srv.Serve(ctx, ss, ss, ss)
		close(served)
	}()
	p := &lspPeer{t: t, dir: t.TempDir(), conn: jsonrpc2.NewConn(jsonrpc2.NewStream(cs)), answer: "Execute", changed: make(chan struct{}, 1)}
	p.conn.Go(ctx, p.handle)
	t.Cleanup(func() {
		cancel()
		p.conn.Close()
		cs.Close()
		select {
		case <-served:
		case <-time.After(waitTimeout):
			t.Error("server did not stop")
		}
	})
	var res json.RawMessage
	p.call("initialize", map[string]any{
		"capabilities":          map[string]any{"window": map[string]any{"workDoneProgress": true}},
		"initializationOptions": settings,
		"workspaceFolders":      []any{map[string]any{"uri": fileURI(p.dir), "name": "test"}},
	}, &res)
	if err := p.conn.Notify(ctx, "initialized", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	return p
}

func (p *lspPeer) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	p.mu.Lock()
	defer func() {
		p.mu.Unlock()
		select {
		case p.changed <- struct{}{}:
		default:
		}
	}()
	switch req.Method() {
	case "window/workDoneProgress/create":
		p.created++
		return reply(ctx, nil, nil)
	case "window/showMessageRequest":
		var params struct{ Message string }
		json.Unmarshal(req.Params(), &params)
		p.asked = append(p.asked, params.Message)
		return reply(ctx, map[string]string{"title": p.answer}, nil)
	case "workspace/configuration":
		return reply(ctx, []any{nil}, nil)
	}
	if _, isCall := req.(*jsonrpc2.Call); isCall {
		return reply(ctx, nil, &jsonrpc2.Error{Code: jsonrpc2.MethodNotFound, Message: req.Method()})
	}
	p.notes = append(p.notes, req)
	if p.onNotify != nil {
		go p.onNotify(req.Method(), req.Params())
	}
	return nil
}

// call runs a request with a bounded wait; it returns the error the server answered.
func (p *lspPeer) call(method string, params, result any) error {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, err := p.conn.Call(ctx, method, params, result)
	if ctx.Err() != nil {
		p.t.Fatalf("%s: no answer: %v", method, err)
	}
	return err
}

func (p *lspPeer) command(name string, arg, result any) error {
	p.t.Helper()
	return p.call("workspace/executeCommand", map[string]any{"command": name, "arguments": []any{arg}}, result)
}

// notifications returns the params of the notifications received with method.
func (p *lspPeer) notifications(method string) []json.RawMessage {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []json.RawMessage
	for _, n := range p.notes {
		if n.Method() == method {
			out = append(out, n.Params())
		}
	}
	return out
}

type publishedDiag struct {
	Range struct {
		Start struct{ Line, Character int }
	}
	Source  string
	Message string
}

// waitCloudDiagnostics waits (bounded) until the newest CloudFormation
// diagnostics published for uri satisfy ok.
func (p *lspPeer) waitCloudDiagnostics(uri string, ok func([]publishedDiag) bool) []publishedDiag {
	p.t.Helper()
	return p.diagnosticsOf(uri, "cloudformation", ok)
}

func motoSettings(t *testing.T) map[string]any {
	t.Helper()
	srv := deploytest.Shared(t)
	testutil.AWSEnv(t, "testing")
	return map[string]any{"aws": map[string]any{"region": deploytest.Region, "endpointUrl": srv.URL}}
}

func copyTestdata(t *testing.T, dir, name, as string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "deploy", name))
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, as)
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestLaunchStackOverLSP(t *testing.T) {
	p := newLSPPeer(t, motoSettings(t))
	path := copyTestdata(t, p.dir, "queue.yaml", "lsp_orders.yaml")
	os.WriteFile(path+".params.json", []byte(`{"QueueName": "lsp-orders"}`), 0o644)
	uri := string(fileURI(path))

	// The parameters the client should prompt for.
	var params stackParamsResult
	if err := p.command(CmdStackParameters, map[string]any{"uri": uri}, &params); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, sp := range params.Parameters {
		v := "-"
		if sp.Default != nil {
			v = *sp.Default
		}
		got[sp.Name] = v
	}
	if params.StackName != "lsp-orders" || len(params.Parameters) != 3 || got["QueueName"] != "lsp-orders" || got["Stage"] != "dev" || got["ApiKey"] != "-" {
		t.Fatalf("stackParameters = %+v", params)
	}

	// Missing values are an error naming them.
	err := p.command(CmdLaunchStack, map[string]any{"uri": uri, "yes": true}, nil)
	if err == nil || !strings.Contains(err.Error(), "ApiKey") || strings.Contains(err.Error(), "QueueName") {
		t.Fatalf("missing parameter: %v", err)
	}

	// Launch with the missing value given, skipping the question.
	const secret = "lsp-secret-value"
	var res launchResult
	if err := p.command(CmdLaunchStack, map[string]any{"uri": uri, "parameters": map[string]any{"ApiKey": secret}, "yes": true}, &res); err != nil {
		t.Fatal(err)
	}
	if res.StackName != "lsp-orders" || res.Status != "CREATE_COMPLETE" {
		t.Fatalf("launch result %+v", res)
	}
	p.mu.Lock()
	asked, created := len(p.asked), p.created
	p.mu.Unlock()
	if asked != 0 || created != 1 {
		t.Errorf("yes:true asked %d questions, created %d progress tokens", asked, created)
	}
	kinds := []string{}
	for _, raw := range p.notifications("$/progress") {
		var pr struct {
			Token string
			Value struct{ Kind, Message string }
		}
		json.Unmarshal(raw, &pr)
		kinds = append(kinds, pr.Value.Kind)
	}
	if len(kinds) < 3 || kinds[0] != "begin" || kinds[len(kinds)-1] != "end" || !strings.Contains(strings.Join(kinds, ","), "report") {
		t.Errorf("progress kinds %v", kinds)
	}
	logs := p.notifications("window/logMessage")
	if len(logs) == 0 {
		t.Error("no window/logMessage")
	}
	for _, raw := range append(logs, p.notifications("$/progress")...) {
		if strings.Contains(string(raw), secret) {
			t.Errorf("NoEcho value echoed: %s", raw)
		}
	}

	// An update asks first; Cancel changes nothing.
	text, _ := os.ReadFile(filepath.Join("..", "testdata", "deploy", "queue-v2.yaml"))
	os.WriteFile(path, text, 0o644)
	p.answer = "Cancel"
	if err := p.command(CmdLaunchStack, map[string]any{"uri": uri, "parameters": map[string]any{"ApiKey": secret}}, &res); err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	asked1 := append([]string{}, p.asked...)
	p.mu.Unlock()
	if res.Status != "DECLINED" || len(asked1) != 1 || !strings.Contains(asked1[0], "1 to add") || !strings.Contains(asked1[0], "Topic") {
		t.Fatalf("cancelled update: %+v, asked %q", res, asked1)
	}
	p.answer = "Execute"
	if err := p.command(CmdLaunchStack, map[string]any{"uri": uri, "parameters": map[string]any{"ApiKey": secret}}, &res); err != nil {
		t.Fatal(err)
	}
	if res.Status != "UPDATE_COMPLETE" {
		t.Fatalf("confirmed update: %+v", res)
	}
}

func TestLaunchFailureBecomesDiagnostic(t *testing.T) {
	p := newLSPPeer(t, motoSettings(t))
	path := copyTestdata(t, p.dir, "bad-attribute.yaml", "lsp-failing.yaml")
	uri := string(fileURI(path))
	text, _ := os.ReadFile(path)
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	p.conn.Notify(ctx, "textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "yaml", "version": 1, "text": string(text)}})

	var res launchResult
	if err := p.command(CmdLaunchStack, map[string]any{"uri": uri, "yes": true}, &res); err != nil {
		t.Fatal(err)
	}
	if res.Status != "FAILED" || !strings.Contains(res.Message, "NoSuchAttribute") {
		t.Fatalf("failing launch: %+v", res)
	}
	ds := p.waitCloudDiagnostics(uri, func(ds []publishedDiag) bool { return len(ds) > 0 })
	if len(ds) != 1 || ds[0].Range.Start.Line != 7 || !strings.Contains(ds[0].Message, "NoSuchAttribute") {
		t.Fatalf("cloud diagnostics %+v", ds)
	}

	// Remote validation of a broken template: invalid, and a diagnostic too.
	broken := "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref Nowhere\n"
	p.conn.Notify(ctx, "textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"text": broken}},
	})
	var vr validateResult
	if err := p.command(CmdValidateTemplate, map[string]any{"uri": uri}, &vr); err != nil {
		t.Fatal(err)
	}
	if vr.Valid || !strings.Contains(vr.Message, "Nowhere") {
		t.Fatalf("validate: %+v", vr)
	}
	p.waitCloudDiagnostics(uri, func(ds []publishedDiag) bool {
		for _, d := range ds {
			if d.Range.Start.Line == 4 && strings.Contains(d.Message, "Nowhere") {
				return true
			}
		}
		return false
	})

	// A successful launch clears them all.
	fixed := "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"
	p.conn.Notify(ctx, "textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 3},
		"contentChanges": []any{map[string]any{"text": fixed}},
	})
	if err := p.command(CmdLaunchStack, map[string]any{"uri": uri, "stackName": "lsp-fixed", "yes": true}, &res); err != nil {
		t.Fatal(err)
	}
	if res.Status != "CREATE_COMPLETE" {
		t.Fatalf("fixed launch: %+v", res)
	}
	p.waitCloudDiagnostics(uri, func(ds []publishedDiag) bool { return len(ds) == 0 })
}

// TestCancelledLaunchSaysStillInProgress cancels the launch request while the
// stack is still being created (against a fake service: moto finishes at once).
func TestCancelledLaunchSaysStillInProgress(t *testing.T) {
	fakeURL := testutil.Serve(t, &deploytest.FakeCFN{
		Statuses: []string{"CREATE_IN_PROGRESS"},
		Events:   [][]string{{"e1|slow|AWS::CloudFormation::Stack|CREATE_IN_PROGRESS|User Initiated"}},
	})
	t.Setenv("AWS_ACCESS_KEY_ID", "testing")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "testing")
	p := newLSPPeer(t, map[string]any{"aws": map[string]any{"region": "us-east-1", "endpointUrl": fakeURL}})
	path := filepath.Join(p.dir, "slow.yaml")
	os.WriteFile(path, []byte("Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n"), 0o644)
	var once sync.Once
	p.onNotify = func(method string, params json.RawMessage) {
		if method == "$/progress" && strings.Contains(string(params), "CREATE_IN_PROGRESS") {
			// The launch is the second request of the session (after initialize).
			once.Do(func() { p.conn.Notify(context.Background(), "$/cancelRequest", map[string]any{"id": 2}) })
		}
	}
	var res launchResult
	if err := p.command(CmdLaunchStack, map[string]any{"uri": string(fileURI(path)), "yes": true}, &res); err != nil {
		t.Fatal(err)
	}
	if res.Status != "CREATE_IN_PROGRESS" || !strings.Contains(res.Message, "still in progress") {
		t.Fatalf("cancelled launch: %+v", res)
	}
	shown := p.notifications("window/showMessage")
	if len(shown) != 1 || !strings.Contains(string(shown[0]), "still in progress") {
		t.Errorf("window/showMessage %s", shown)
	}
}

func TestLaunchWithoutCredentials(t *testing.T) {
	testutil.AWSEnv(t, "")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	p := newLSPPeer(t, map[string]any{"aws": map[string]any{"region": "us-east-1"}})
	path := copyTestdata(t, p.dir, "bad-attribute.yaml", "nocreds.yaml")
	err := p.command(CmdLaunchStack, map[string]any{"uri": string(fileURI(path)), "yes": true}, nil)
	if err == nil || !strings.Contains(err.Error(), "AWS_ACCESS_KEY_ID") || !strings.Contains(err.Error(), "profile") {
		t.Fatalf("no credentials: %v", err)
	}
}
