package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

func TestFlip(t *testing.T) {
	in := testutil.TempFile(t, "t.yaml", "# note\nResources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref P\n")
	dir := filepath.Dir(in)
	outFile := filepath.Join(dir, "t.json")

	var stdout, stderr bytes.Buffer
	if code := run([]string{"flip", "-o", outFile, in}, strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	got, _ := os.ReadFile(outFile)
	if !strings.Contains(string(got), `"Ref": "P"`) || stdout.Len() != 0 {
		t.Errorf("output file:\n%s\nstdout: %q", got, stdout.String())
	}
	if !strings.Contains(stderr.String(), "line 1: # note") {
		t.Errorf("lost comment not reported: %q", stderr.String())
	}

	// Back to YAML from standard input, flags after the file name.
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"flip", "-", "--clean"}, bytes.NewReader(got), &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "QueueName: !Ref P") || stderr.Len() != 0 {
		t.Errorf("stdout %q stderr %q", stdout.String(), stderr.String())
	}

	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"flip"}, exitFailure},
		{[]string{"flip", "a", "b"}, exitFailure},
		{[]string{"flip", filepath.Join(dir, "missing.yaml")}, exitFailure},
		{[]string{"flip", "--json", "--yaml", in}, exitFailure},
		{[]string{"flip", "-"}, exitFailure}, // empty input
	} {
		stderr.Reset()
		if code := run(tc.args, strings.NewReader(""), &stdout, &stderr); code != tc.code || stderr.Len() == 0 {
			t.Errorf("%v: exit %d (%q), want %d", tc.args, code, stderr.String(), tc.code)
		}
	}
}
