package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/lifecycle"
	"github.com/cfn-lsp/cfn-lsp/internal/refcheck"
	"github.com/cfn-lsp/cfn-lsp/internal/schemacheck"
	"github.com/cfn-lsp/cfn-lsp/internal/security"
)

// allRules lists the built-in rules of every checker.
func allRules() []diag.Rule {
	var rs []diag.Rule
	rs = append(rs, diag.Rule{ID: "E0000", Severity: diag.Error, Source: diag.SourceValidate,
		Summary: "Template does not parse (syntax error, duplicate key, binary or oversized file)"})
	rs = append(rs, schemacheck.Rules()...)
	rs = append(rs, refcheck.Rules()...)
	rs = append(rs, lifecycle.Rules()...)
	rs = append(rs, security.Rules()...)
	return rs
}

func runRules(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text or json")
	rulesDir := fs.String("rules", "", "also list the custom rules of this directory")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	rs := allRules()
	if *rulesDir != "" {
		if _, err := loadCustomRules(*rulesDir); err != nil {
			fmt.Fprintf(stderr, "cfn-lsp rules: %v\n", err)
			return exitUsage
		}
		rs = append(rs, customRuleList(*rulesDir)...)
	}
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].Source != rs[j].Source {
			return rs[i].Source < rs[j].Source
		}
		return diag.IDLess(rs[i].ID, rs[j].ID)
	})
	if *format == "json" {
		type jr struct {
			ID            string   `json:"id"`
			Severity      string   `json:"severity"`
			Source        string   `json:"source"`
			ResourceTypes []string `json:"resourceTypes"`
			Summary       string   `json:"summary"`
		}
		out := make([]jr, 0, len(rs))
		for _, r := range rs {
			out = append(out, jr{r.ID, r.Severity.String(), r.Source, r.ResourceTypes, r.Summary})
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return exitUsage
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tSOURCE\tRESOURCE TYPES\tSUMMARY")
	for _, r := range rs {
		types := strings.Join(r.ResourceTypes, ",")
		switch n := len(r.ResourceTypes); {
		case n == 0:
			types = "*"
		case n > 2:
			types = fmt.Sprintf("%s,%s (+%d)", r.ResourceTypes[0], r.ResourceTypes[1], n-2)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Source, types, r.Summary)
	}
	tw.Flush()
	fmt.Fprintf(stdout, "%d rules\n", len(rs))
	return exitOK
}
