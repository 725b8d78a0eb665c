package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/golden"
)

// TestCheckWorkspace checks the testdata workspace as CI would: the
// cross-file findings (E6201, I6202, I6203, and E3043 and E1010 against the
// nested child) come from the same index the editor uses.
func TestCheckWorkspace(t *testing.T) {
	out, stderr, code := cli(t, "check", "--no-security", "-c", "I", "../../testdata/workspace")
	if code != findingError|findingWarning|findingInfo {
		t.Errorf("exit code %d, want errors and informational findings; stderr: %s", code, stderr)
	}
	golden.Check(t, filepath.Join("..", "..", "testdata", "check", "workspace.txt"), strings.ReplaceAll(out, "../../", ""))

	// Raised to warnings, and one template alone is no workspace.
	checkOutput(t, []string{"--unresolved-imports", "warning", "../../testdata/workspace"}, findingError|findingWarning,
		[]string{"warning W6202 No template of the workspace exports \"shared-CertificateVpc\""}, nil)
	checkOutput(t, []string{"-c", "I", "../../testdata/workspace/app-api.yaml"}, 0,
		nil, []string{"6202", "6203", "E6201"})
	checkOutput(t, []string{"--unresolved-imports", "loud", "../../testdata/workspace"}, exitFailure, nil, nil)
}
