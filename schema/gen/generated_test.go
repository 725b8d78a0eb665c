package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGenerated checks that the committed facts file is what `make spec` makes
// from the cfn-lint and botocore installed here, as gopls's TestGenerated does
// for its generated files: it runs the make target itself, writing elsewhere,
// so that whatever the target does is what is compared.
func TestGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerates the facts file")
	}
	if err := exec.Command("python3", "-c", "import cfnlint, botocore, samtranslator").Run(); err != nil {
		t.Skip("cfn-lint, botocore and aws-sam-translator, the inputs of make spec, are not installed")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "spec.json.gz")
	cmd := exec.Command("make", "-s", "-C", root, "spec", "SPEC_OUT="+out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make spec: %v\n%s", err, b)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	committed := filepath.Join(root, "schema", "data", "spec.json.gz")
	want, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	// make spec writes cfn-lint's rule table beside the facts file.
	rules, err := os.ReadFile(filepath.Join(filepath.Dir(out), "cfnlint-rules.json"))
	if err != nil {
		t.Fatal(err)
	}
	committedRules := filepath.Join(root, "schema", "data", "cfnlint-rules.json")
	if want, err := os.ReadFile(committedRules); err != nil || !bytes.Equal(rules, want) {
		t.Errorf("%s is not what make spec reads from the installed cfn-lint (%v): run `make spec` and commit the result", committedRules, err)
	}
	if bytes.Equal(got, want) {
		return
	}
	what := "its content differs"
	if a, b := gunzip(t, got), gunzip(t, want); bytes.Equal(a, b) {
		what = "the same content, compressed otherwise"
	}
	t.Errorf("%s is not what make spec makes from the installed cfn-lint, botocore and SAM translator (%s): run `make spec` and commit the result", committed, what)
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return b
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return b
	}
	return out
}
