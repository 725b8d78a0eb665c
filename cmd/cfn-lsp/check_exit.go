package main

import (
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/security"
)

// cfn-lint's exit status bits (cfnlint/runner/cli.py, Runner._exit), OR-ed:
// errors and warnings give 6.
const (
	findingError   = 2
	findingWarning = 4
	findingInfo    = 8
)

// exitLevels are the values of --non-zero-exit-code, lowest first: the lowest
// severity that sets its bit.
var exitLevels = []string{"informational", "warning", "error", "none"}

// exitCode is check's exit status for results: the bit of every severity found
// at or above level. With nagFailures a cfn_nag failure-class (F) finding, a
// warning by severity, also counts as an error, as cfn_nag fails on it.
func exitCode(results []fileResult, level string, nagFailures bool) int {
	counts := map[int]bool{}
	for _, r := range results {
		for _, d := range r.Diags {
			switch d.Severity {
			case diag.Error:
				counts[findingError] = true
			case diag.Warning:
				counts[findingWarning] = true
			default:
				counts[findingInfo] = true
			}
			if nagFailures && d.Source == diag.SourceSecurity && security.IsFailure(d.Code) {
				counts[findingError] = true
			}
		}
	}
	threshold := map[string]int{"informational": findingInfo, "warning": findingWarning, "error": findingError}[level]
	code := 0
	for _, bit := range []int{findingError, findingWarning, findingInfo} {
		if counts[bit] && threshold != 0 && bit <= threshold {
			code |= bit
		}
	}
	return code
}
