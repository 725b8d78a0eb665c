package server

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/checktest"
	"github.com/cfn-lsp/cfn-lsp/internal/deploy/deploytest"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil/mototest"
)

// stackSecret is the NoEcho value of testdata/stack/orders.dev.json.
const stackSecret = "not-a-real-password"

// deployOrders deploys testdata/stack/orders.yaml to moto_server as stack
// name, with values for Env and DbPassword, and writes it beside a workspace
// file linking its dev and prod deployments (prod to a stack never deployed).
func deployOrders(t *testing.T, name string) (dir, path string) {
	t.Helper()
	src := filepath.Join("..", "testdata", "stack")
	text := checktest.Read(t, filepath.Join(src, "orders.yaml"))
	dir = testutil.Tree(t, map[string]string{
		"orders.yaml":   text,
		"dev.json":      checktest.Read(t, filepath.Join(src, "orders.dev.json")),
		"prod.json":     `{"Env": "prod"}`,
		".cfn-lsp.yaml": fmt.Sprintf("templates:\n  orders.yaml:\n    - {name: dev, stackName: %s, parameterFiles: [dev.json]}\n    - {name: prod, stackName: %s-prod, parameterFiles: [prod.json]}\n", name, name),
	})
	path = filepath.Join(dir, "orders.yaml")
	mototest.Launch(t, name, template.Parse(path, text), map[string]string{"Env": "dev", "DbPassword": stackSecret})
	return dir, path
}

func (p *lspPeer) open(uri, text string) {
	p.t.Helper()
	if err := p.conn.Notify(context.Background(), "textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "yaml", "version": 1, "text": text}}); err != nil {
		p.t.Fatal(err)
	}
}

func (p *lspPeer) change(uri string, version int, text string) {
	p.t.Helper()
	if err := p.conn.Notify(context.Background(), "textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": []any{map[string]any{"text": text}}}); err != nil {
		p.t.Fatal(err)
	}
}

type lens struct {
	Range   struct{ Start struct{ Line int } }
	Command struct{ Title, Command string }
}

// lenses returns the code lenses "line: title" of uri, the top ones first.
func (p *lspPeer) lenses(uri string) []string {
	p.t.Helper()
	var ls []lens
	if err := p.call("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": uri}}, &ls); err != nil {
		p.t.Fatal(err)
	}
	var out []string
	for _, l := range ls {
		out = append(out, fmt.Sprintf("%d: %s", l.Range.Start.Line+1, l.Command.Title))
	}
	return out
}

// resourceLenses are the lenses below the first line.
func resourceLenses(ls []string) string {
	var out []string
	for _, l := range ls {
		if !strings.HasPrefix(l, "1: ") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func (p *lspPeer) hints(uri string) []inlayHint {
	p.t.Helper()
	var hs []inlayHint
	if err := p.call("textDocument/inlayHint", map[string]any{"textDocument": map[string]any{"uri": uri},
		"range": map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 1000, "character": 0}}}, &hs); err != nil {
		p.t.Fatal(err)
	}
	return hs
}

// diagnosticsOf waits (bounded) until the newest diagnostics published for
// uri with the given source satisfy ok.
func (p *lspPeer) diagnosticsOf(uri, source string, ok func([]publishedDiag) bool) []publishedDiag {
	p.t.Helper()
	return p.diagnosticsAt(uri, source, 0, ok)
}

// diagnosticsAt is diagnosticsOf for the publishes of one version of the
// document (0: any), so that a late publish of an earlier edit cannot pass
// for the answer to the latest one.
func (p *lspPeer) diagnosticsAt(uri, source string, version int, ok func([]publishedDiag) bool) []publishedDiag {
	p.t.Helper()
	deadline := time.After(waitTimeout)
	for {
		var last []publishedDiag
		for _, raw := range p.notifications("textDocument/publishDiagnostics") {
			var pd struct {
				URI         string
				Version     int
				Diagnostics []publishedDiag
			}
			json.Unmarshal(raw, &pd)
			if pd.URI == uri && (version == 0 || pd.Version == version) {
				last = nil
				for _, d := range pd.Diagnostics {
					if d.Source == source {
						last = append(last, d)
					}
				}
			}
		}
		if ok(last) {
			return last
		}
		select {
		case <-p.changed:
		case <-deadline:
			p.t.Fatalf("%s diagnostics for %s never matched; last %+v", source, uri, last)
		}
	}
}

// TestStackPreviewOverLSP: a template linked to a deployed stack shows, as
// it is edited, what the edit does to each resource (code lenses), a warning
// when it deletes data, the deployment's values (inlay hints, hover), and
// follows a switch of deployment.
func TestStackPreviewOverLSP(t *testing.T) {
	settings := motoSettings(t)
	p := newLSPPeer(t, settings)
	_, path := deployOrders(t, "lsp-preview")
	uri := string(fileURI(path))
	text := checktest.Read(t, path)
	p.open(uri, text)

	var pr previewResult
	if err := p.command(CmdRefreshStack, map[string]any{"uri": uri}, &pr); err != nil {
		t.Fatal(err)
	}
	if pr.Status != "CREATE_COMPLETE" || pr.Deployment != "dev" || len(pr.Changes) != 0 {
		t.Fatalf("the deployed template previews %+v", pr)
	}
	if ls := p.lenses(uri); len(ls) != 5 || ls[2] != "1: Stack lsp-preview (CREATE_COMPLETE) · deployment dev" || ls[3] != "1: No changes" || ls[4] != "1: Detect drift" {
		t.Fatalf("lenses %q", ls)
	}

	// Inlay hints: the parameter file's values, the NoEcho one masked.
	var labels []string
	for _, h := range p.hints(uri) {
		labels = append(labels, fmt.Sprintf("%d%s", h.Position.Line+1, h.Label))
		if strings.Contains(h.Label+h.Tooltip, stackSecret) {
			t.Errorf("NoEcho value in a hint: %+v", h)
		}
	}
	if got := strings.Join(labels, " "); !strings.Contains(got, "11= dev") || !strings.Contains(got, "11= false") ||
		!strings.Contains(got, "16= lsp-preview-dev-data") || !strings.Contains(got, "44= lsp-preview-dev-data") || !strings.Contains(got, "41= ****") {
		t.Errorf("hints %s", got)
	}

	// Alarms is only created in prod: faded, and hover says why.
	faded := func(ds []publishedDiag) bool {
		for _, d := range ds {
			if d.Range.Start.Line == 30 && strings.Contains(d.Message, "condition IsProd is false") {
				return true
			}
		}
		return false
	}
	p.diagnosticsOf(uri, "cfn-lsp stack", faded)
	var fh struct{ Contents struct{ Value string } }
	if err := p.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": map[string]any{"line": 30, "character": 4}}, &fh); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(fh.Contents.Value, "Not in deployment **dev**: condition `IsProd` is false") {
		t.Errorf("hover on Alarms %q", fh.Contents.Value)
	}

	version := 1
	edit := func(pairs ...string) {
		t.Helper()
		edited := text
		for i := 0; i < len(pairs); i += 2 {
			edited = strings.Replace(edited, pairs[i], pairs[i+1], 1)
		}
		version++
		p.change(uri, version, edited)
	}
	for _, tc := range []struct {
		name  string
		edits []string
		want  string
	}{
		{"bucket name", []string{`-data"`, `-files"`}, "13: replaces: BucketName changed"},
		{"tags", []string{"Value: orders", "Value: sales"}, "13: modifies: Tags changed"},
		{"add", []string{"Outputs:", "  Queue:\n    Type: AWS::SQS::Queue\nOutputs:"}, "42: adds"},
	} {
		edit(tc.edits...)
		if got := resourceLenses(p.lenses(uri)); got != tc.want {
			t.Errorf("%s: lenses %q, want %q", tc.name, got, tc.want)
		}
	}

	// Replacing the table deletes its data: a warning on TableName.
	edit(`TableName: !Sub "${AWS::StackName}-${Env}"`, `TableName: !Sub "${AWS::StackName}-${Env}-v2"`)
	dataLoss := func(ds []publishedDiag) (out []publishedDiag) {
		for _, d := range ds {
			if strings.HasPrefix(d.Message, "This edit") {
				out = append(out, d)
			}
		}
		return out
	}
	ds := dataLoss(p.diagnosticsAt(uri, "cfn-lsp stack", version, func(ds []publishedDiag) bool { return len(dataLoss(ds)) > 0 }))
	if len(ds) != 1 || ds[0].Range.Start.Line != 22 || !strings.HasPrefix(ds[0].Message, "This edit replaces OrdersTable; its data is deleted") {
		t.Fatalf("stack diagnostics %+v", ds)
	}
	// ... and none once it is retained.
	edit(`TableName: !Sub "${AWS::StackName}-${Env}"`, `TableName: !Sub "${AWS::StackName}-${Env}-v2"`,
		"Type: AWS::DynamoDB::Table", "Type: AWS::DynamoDB::Table\n    UpdateReplacePolicy: Retain\n    DeletionPolicy: Retain")
	p.diagnosticsAt(uri, "cfn-lsp stack", version, func(ds []publishedDiag) bool { return len(ds) > 0 && len(dataLoss(ds)) == 0 })

	// Hover on an intrinsic: its value in the deployment.
	var h struct{ Contents struct{ Value string } }
	if err := p.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": map[string]any{"line": 15, "character": 28}}, &h); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.Contents.Value, "In deployment **dev**: `lsp-preview-dev-data`") {
		t.Errorf("hover %q", h.Contents.Value)
	}

	// Switching to prod (never deployed): its values, its faded-out nothing.
	edit()
	var sel map[string]string
	if err := p.command(CmdSelectDeployment, map[string]any{"uri": uri, "name": "prod"}, &sel); err != nil || sel["deployment"] != "prod" {
		t.Fatalf("select prod: %v %v", sel, err)
	}
	if err := p.command(CmdRefreshStack, map[string]any{"uri": uri}, &pr); err != nil || pr.Status != statusNotDeployed {
		t.Fatalf("prod preview %+v %v", pr, err)
	}
	labels = nil
	for _, h := range p.hints(uri) {
		labels = append(labels, fmt.Sprintf("%d%s", h.Position.Line+1, h.Label))
	}
	if got := strings.Join(labels, " "); !strings.Contains(got, "11= prod") || !strings.Contains(got, "11= true") {
		t.Errorf("prod hints %s", got)
	}
	if ls := p.lenses(uri); len(ls) != 3 || ls[2] != "1: Stack lsp-preview-prod (not deployed) · deployment prod" {
		t.Errorf("prod lenses %q", ls)
	}
	p.diagnosticsOf(uri, "cfn-lsp stack", func(ds []publishedDiag) bool { return !faded(ds) })
	if err := p.command(CmdSelectDeployment, map[string]any{"uri": uri, "name": "qa"}, nil); err == nil {
		t.Error("selected a deployment that does not exist")
	}
}

// TestDriftOverLSP detects drift through a fake of the drift detection calls
// (moto_server has none) in front of moto: each drifted property is a
// diagnostic on its line, cleared by the next detection.
func TestDriftOverLSP(t *testing.T) {
	settings := motoSettings(t)
	_, path := deployOrders(t, "lsp-drift")
	fake := &deploytest.FakeDriftDetection{Moto: deploytest.Shared(t).URL,
		Drifts: []string{"Bucket|AWS::S3::Bucket|MODIFIED|/Tags/0/Value|orders|sales|NOT_EQUAL"}}
	fakeURL := testutil.Serve(t, fake)
	settings["aws"].(map[string]any)["endpointUrl"] = fakeURL
	p := newLSPPeer(t, settings)
	uri := string(fileURI(path))
	p.open(uri, checktest.Read(t, path))

	var res struct{ Drifted []string }
	if err := p.command(CmdDetectDrift, map[string]any{"uri": uri}, &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Drifted) != 1 || res.Drifted[0] != "Bucket" {
		t.Fatalf("drifted %+v", res)
	}
	ds := p.diagnosticsOf(uri, "cloudformation", func(ds []publishedDiag) bool { return len(ds) > 0 })
	if len(ds) != 1 || ds[0].Range.Start.Line != 18 || ds[0].Message != "Bucket drifted: Tags/0/Value is sales, expected orders" {
		t.Fatalf("drift diagnostics %+v", ds)
	}
	fake.SetDrifts() // in sync again
	if err := p.command(CmdDetectDrift, map[string]any{"uri": uri}, &res); err != nil {
		t.Fatal(err)
	}
	p.diagnosticsOf(uri, "cloudformation", func(ds []publishedDiag) bool { return len(ds) == 0 })
	if fake.Detections() != 2 {
		t.Errorf("%d detections", fake.Detections())
	}
}

// TestLaunchLinksTheTemplate: the first launch of a template records its
// deployment in .cfn-lsp.yaml (no parameter value in it); the next launch's
// change set is shown as the preview is, on the lenses too.
func TestLaunchLinksTheTemplate(t *testing.T) {
	settings := motoSettings(t)
	p := newLSPPeer(t, settings)
	src := checktest.Read(t, filepath.Join("..", "testdata", "stack", "orders.yaml"))
	dir := testutil.Tree(t, map[string]string{
		"lsp-linked.yaml":             src,
		"lsp-linked.yaml.params.json": checktest.Read(t, filepath.Join("..", "testdata", "stack", "orders.dev.json")),
	})
	path := filepath.Join(dir, "lsp-linked.yaml")
	uri := string(fileURI(path))
	p.open(uri, src)

	var res launchResult
	if err := p.command(CmdLaunchStack, map[string]any{"uri": uri, "yes": true, "tags": map[string]string{"team": "orders"}}, &res); err != nil {
		t.Fatal(err)
	}
	if res.Status != "CREATE_COMPLETE" {
		t.Fatalf("launch %+v", res)
	}
	cfg := checktest.Read(t, filepath.Join(dir, ".cfn-lsp.yaml"))
	testutil.Contains(t, "the workspace file", cfg, "lsp-linked.yaml:", "name: default", "stackName: lsp-linked", "region: us-east-1", "- lsp-linked.yaml.params.json", "team: orders")
	if strings.Contains(cfg, stackSecret) || strings.Contains(cfg, "testing") {
		t.Errorf("a secret in the workspace file:\n%s", cfg)
	}

	var pr previewResult
	if err := p.command(CmdRefreshStack, map[string]any{"uri": uri}, &pr); err != nil || pr.Status != "CREATE_COMPLETE" || pr.Deployment != "default" {
		t.Fatalf("linked preview %+v %v", pr, err)
	}

	// An edit, launched and declined: the change set's answer on the lens.
	edited := strings.Replace(src, `-data"`, `-files"`, 1)
	testutil.WriteFile(t, path, edited)
	p.change(uri, 2, edited)
	p.answer = "Cancel"
	if err := p.command(CmdLaunchStack, map[string]any{"uri": uri}, &res); err != nil || res.Status != "DECLINED" {
		t.Fatalf("declined launch %+v %v", res, err)
	}
	p.mu.Lock()
	asked := strings.Join(p.asked, "\n")
	p.mu.Unlock()
	if !strings.Contains(asked, "± Bucket (AWS::S3::Bucket) replaces: BucketName changed [deletes data]") {
		t.Errorf("confirmation %q", asked)
	}
	if got := resourceLenses(p.lenses(uri)); got != "13: replaces: BucketName changed (change set)" {
		t.Errorf("lenses %q", got)
	}
	for _, raw := range p.notifications("window/logMessage") {
		if strings.Contains(string(raw), stackSecret) {
			t.Errorf("NoEcho value logged: %s", raw)
		}
	}
}
