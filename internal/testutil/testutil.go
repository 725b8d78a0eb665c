// Package testutil holds the scaffolding that the tests of several packages
// share: files and directory trees written for a test, a fake server and an
// isolated AWS environment for the test's duration, parsing and rendering of
// templates and findings, a golden test over a testdata directory, and
// comparisons that show both sides.
//
// It imports only the standard library, golden, diag and template (with its
// lang), so that the tests of most packages, fileio's among them, may use it.
package testutil

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/golden"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// WriteFile writes text to path, making its directories first, and returns
// path; it fails the test when it cannot.
func WriteFile(tb testing.TB, path, text string) string {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// TempFile writes text to a file called name in a new temporary directory of
// the test and returns its path.
func TempFile(tb testing.TB, name, text string) string {
	tb.Helper()
	return WriteFile(tb, filepath.Join(tb.TempDir(), name), text)
}

// Tree writes files, each named by its slash-separated path, into a new
// temporary directory of the test and returns the directory.
func Tree(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := tb.TempDir()
	WriteFiles(tb, dir, files)
	return dir
}

// WriteFiles writes files, each named by its slash-separated path below dir.
func WriteFiles(tb testing.TB, dir string, files map[string]string) {
	tb.Helper()
	for name, text := range files {
		WriteFile(tb, filepath.Join(dir, filepath.FromSlash(name)), text)
	}
}

// RangeText returns the source text r covers in tp.
func RangeText(tp *template.Template, r template.Range) string {
	return tp.Text[tp.Lines.Offset(r.Start):tp.Lines.Offset(r.End)]
}

// Render writes diagnostics one a line as "line:col: code message", 1-based
// like cfn-lint, for golden files.
func Render(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%d:%d: %s %s\n", d.Range.Start.Line+1, d.Range.Start.Char+1, d.Code, d.Message)
	}
	return b.String()
}

// Parse parses text as the template at uri and fails the test when the text
// is not well-formed YAML or JSON.
func Parse(tb testing.TB, uri, text string) *template.Template {
	tb.Helper()
	tp := template.Parse(uri, text)
	if tp.Err != nil {
		tb.Fatalf("%s: %v", uri, tp.Err)
	}
	return tp
}

// AWSEnv gives the test an AWS environment of its own, so that nothing of the
// user's AWS setup is read: key as access key id and secret (none when it is
// empty), no session token or profile, and configuration and credentials
// files that do not exist.
func AWSEnv(tb testing.TB, key string) {
	tb.Helper()
	tb.Setenv("AWS_ACCESS_KEY_ID", key)
	tb.Setenv("AWS_SECRET_ACCESS_KEY", key)
	tb.Setenv("AWS_SESSION_TOKEN", "")
	tb.Setenv("AWS_PROFILE", "")
	tb.Setenv("AWS_CONFIG_FILE", filepath.Join(tb.TempDir(), "config"))
	tb.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(tb.TempDir(), "credentials"))
}

// Serve serves h over HTTP until the test ends and returns its URL.
func Serve(tb testing.TB, h http.Handler) string {
	tb.Helper()
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return srv.URL
}

// EqualLines fails the test, showing both, when got and want differ; what
// names them in the message.
func EqualLines(tb testing.TB, what string, got, want []string) {
	tb.Helper()
	if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
		tb.Errorf("%s:\n%s\nwant:\n%s", what, g, w)
	}
}

// Contains fails the test for each of wants that got lacks, showing got;
// what names got in the message.
func Contains(tb testing.TB, what, got string, wants ...string) {
	tb.Helper()
	for _, want := range wants {
		if !strings.Contains(got, want) {
			tb.Errorf("%s lacks %q:\n%s", what, want, got)
		}
	}
}

// Testdata is the repository's testdata directory, seen from a package two
// levels below the root (internal/x).
const Testdata = "../../testdata"

// GoldenTemplates parses each YAML template of testdata/dir, with its path as
// URI, and checks what render makes of it against the template's golden file
// (see golden.Run).
func GoldenTemplates(t *testing.T, dir string, render func(t *testing.T, tm *template.Template) string) {
	t.Helper()
	golden.Run(t, filepath.Join(Testdata, dir, "*.yaml"), func(t *testing.T, path, src string) string {
		return render(t, template.Parse(path, src))
	})
}
