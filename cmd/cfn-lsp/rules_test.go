package main

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/analysis"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// cfnLintIDs are cfn-lint's rule ids: those of the committed rule table
// (schema.LintRules, written by `make spec`) and, when cfn-lint is installed,
// those its --list-rules prints, each with where it was read.
func cfnLintIDs(t *testing.T) map[string]string {
	ids := map[string]string{}
	for _, r := range schema.LintRules() {
		ids[r.ID] = "schema/data/cfnlint-rules.json (cfn-lint " + schema.LintVersion() + ")"
	}
	path, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Log("cfn-lint is not installed: the committed rule table only")
		return ids
	}
	out, err := exec.Command(path, "--list-rules").Output()
	if err != nil {
		t.Logf("cfn-lint --list-rules: %v: the committed rule table only", err)
		return ids
	}
	for _, m := range regexp.MustCompile(`(?m)^([EWI]\d{4}): `).FindAllStringSubmatch(string(out), -1) {
		if _, ok := ids[m[1]]; !ok {
			ids[m[1]] = "the installed cfn-lint's --list-rules"
		}
	}
	return ids
}

// TestRuleIDsAccounted: every cfn-lint rule id is either reported by a check
// (listed by `cfn-lsp rules`) or listed, with a reason, as not implemented
// (analysis.NotImplemented, `cfn-lsp rules --missing`); never both.
func TestRuleIDsAccounted(t *testing.T) {
	implemented := map[string]bool{}
	for _, r := range allRules() {
		if r.Source == diag.SourceValidate {
			implemented[r.ID] = true
		}
	}
	lint := cfnLintIDs(t)
	missing := map[string]bool{}
	for _, o := range analysis.NotImplemented() {
		switch {
		case missing[o.ID]:
			t.Errorf("%s is listed twice as not implemented", o.ID)
		case implemented[o.ID]:
			t.Errorf("%s is implemented and listed as not implemented: drop it from analysis.omissions", o.ID)
		case lint[o.ID] == "":
			t.Errorf("%s is listed as not implemented but is no cfn-lint rule id", o.ID)
		case strings.TrimSpace(o.Reason) == "":
			t.Errorf("%s is listed as not implemented without a reason", o.ID)
		}
		missing[o.ID] = true
	}
	for id, from := range lint {
		if !implemented[id] && !missing[id] {
			t.Errorf("cfn-lint rule %s (from %s) is neither reported by a check nor listed, with its reason, in analysis.omissions", id, from)
		}
	}
	if len(lint) < 300 {
		t.Errorf("%d cfn-lint rule ids, want over 300", len(lint))
	}
}
