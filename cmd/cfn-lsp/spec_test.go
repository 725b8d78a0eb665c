package main

import (
	"archive/zip"
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/hover"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// registryZip is a CloudformationSchema.zip of one made-up type whose
// property carries a description, as the registry's schemas do.
func registryZip(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("example-queue.json")
	w.Write([]byte(`{"typeName": "Example::Test::Queue", "description": "A queue made up for this test.",
		"additionalProperties": false,
		"properties": {"Depth": {"type": "integer", "description": "How many messages the queue holds."}}}`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSpecUpdate: `spec update` downloads the registry schemas into the cache,
// after which every run loads them, and hover shows their descriptions.
func TestSpecUpdate(t *testing.T) {
	body := registryZip(t)
	var requested string
	registryURL := testutil.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requested = r.URL.Path
		w.Write(body)
	}))
	cache := t.TempDir()
	t.Setenv(schema.CacheDirEnv, cache)
	t.Setenv("AWS_REGION", "eu-west-3")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))

	out, errOut, code := cli(t, "spec", "update", "--url", registryURL)
	if code != 0 || requested != "/CloudformationSchema.zip" || !strings.Contains(out, "the eu-west-3 registry schemas") ||
		!strings.Contains(out, "with descriptions") {
		t.Fatalf("exit %d, requested %q\n%s%s", code, requested, out, errOut)
	}
	out, _, _ = cli(t, "version")
	if !strings.Contains(out, filepath.Join(cache, "CloudformationSchema.zip")) {
		t.Errorf("version after the update:\n%s", out)
	}
	sp, err := schema.Resolve("")
	if err != nil || !sp.HasDescriptions() {
		t.Fatalf("cached spec: %v, descriptions %v", err, sp != nil && sp.HasDescriptions())
	}
	src := "Resources:\n  Q:\n    Type: Example::Test::Queue\n    Properties:\n      Depth: 3\n"
	h := hover.Hover(template.Parse("t.yaml", src), template.Pos{Line: 4, Char: 8}, sp)
	if h == nil || !strings.Contains(h.Markdown, "How many messages the queue holds.") {
		t.Errorf("hover on the property: %+v", h)
	}

	// A server error leaves the cache as it was.
	body = []byte("not a zip")
	if _, _, code := cli(t, "spec", "update", "--url", registryURL); code != exitFailure {
		t.Errorf("broken download: exit %d", code)
	}
	if sp, err := schema.Resolve(""); err != nil || sp.ResourceType("Example::Test::Queue") == nil {
		t.Errorf("the cache was damaged: %v", err)
	}
}

// TestConfiguredRegion: --region, else the AWS configuration's, else us-east-1.
func TestConfiguredRegion(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "config")
	os.WriteFile(cfg, []byte("[profile dev]\nregion = ap-southeast-2\n"), 0o644)
	t.Setenv("AWS_CONFIG_FILE", cfg)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_PROFILE", "")
	ctx := t.Context()
	if got := configuredRegion(ctx, ""); got != "us-east-1" {
		t.Errorf("no configuration: %q", got)
	}
	if got := configuredRegion(ctx, "dev"); got != "ap-southeast-2" {
		t.Errorf("profile dev: %q", got)
	}
	t.Setenv("AWS_REGION", "sa-east-1")
	if got := configuredRegion(ctx, ""); got != "sa-east-1" {
		t.Errorf("AWS_REGION: %q", got)
	}
}
