package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/schema"
)

// cfnlintRulesScript introspects the installed cfn-lint's rule classes (see the
// script's header). Python is the only way to read them: which schema a rule
// validates with and where it runs are constructor arguments, not data files.
//
//go:embed cfnlint_rules.py
var cfnlintRulesScript string

// writeLintRules writes cfn-lint's rule table (schema.LintRules) to out: one
// rule a line, so that a cfn-lint upgrade shows as a readable diff.
func writeLintRules(python, out string) error {
	cmd := exec.Command(python, "-c", cfnlintRulesScript)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	data, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
	}
	var table struct {
		Version string            `json:"version"`
		Rules   []schema.LintRule `json:"rules"`
	}
	if err := json.Unmarshal(data, &table); err != nil {
		return err
	}
	if len(table.Rules) == 0 || table.Version == "" {
		return fmt.Errorf("no rules read from cfn-lint")
	}
	slices.SortFunc(table.Rules, func(a, b schema.LintRule) int { return strings.Compare(a.ID, b.ID) })
	var buf bytes.Buffer
	v, _ := json.Marshal(table.Version)
	fmt.Fprintf(&buf, "{\"version\":%s,\"rules\":[\n", v)
	for i, r := range table.Rules {
		line, err := json.Marshal(r)
		if err != nil {
			return err
		}
		buf.Write(line)
		if i < len(table.Rules)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("]}\n")
	if err := os.WriteFile(out+".tmp", buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: %d cfn-lint %s rules -> %s\n", len(table.Rules), table.Version, out)
	return os.Rename(out+".tmp", out)
}
