package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cfn-lsp/cfn-lsp/internal/analysis"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/lifecycle"
	"github.com/cfn-lsp/cfn-lsp/internal/refcheck"
	"github.com/cfn-lsp/cfn-lsp/internal/schemacheck"
	"github.com/cfn-lsp/cfn-lsp/internal/security"
	"github.com/cfn-lsp/cfn-lsp/internal/workspace"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// allRules lists the built-in rules of every checker.
func allRules() []diag.Rule {
	var rs []diag.Rule
	rs = append(rs, diag.Rule{ID: "E0000", Severity: diag.Error, Source: diag.SourceValidate,
		Applies: []string{"Resources"}, Summary: "Template does not parse (syntax error, duplicate key, binary or oversized file)"})
	rs = append(rs, schemacheck.Rules()...)
	rs = append(rs, refcheck.Rules()...)
	rs = append(rs, workspace.Rules()...)
	rs = append(rs, lifecycle.Rules()...)
	rs = append(rs, security.Rules()...)
	return rs
}

func newRulesCmd(a *app) *cobra.Command {
	var format, rulesDir string
	var missing bool
	cmd := &cobra.Command{
		Use:   "rules [--format text|json|markdown] [--missing]",
		Short: "List every rule (validation, security, custom), or the cfn-lint rules not implemented",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if missing {
				if err := writeMissing(a.stdout, format, analysis.NotImplemented()); err != nil {
					return a.fail(cmd, err)
				}
				return nil
			}
			rs := allRules()
			if rulesDir != "" {
				if _, err := loadCustomRules(rulesDir); err != nil {
					return a.fail(cmd, err)
				}
				rs = append(rs, customRuleList(rulesDir)...)
			}
			sortRules(rs)
			var err error
			switch format {
			case "json":
				err = writeRulesJSON(a.stdout, rs)
			case "markdown":
				err = writeRulesMarkdown(a.stdout, rs)
			case "text":
				err = writeRulesText(a.stdout, rs)
			default:
				return a.fail(cmd, fmt.Errorf("unknown format %q (text, json or markdown)", format))
			}
			if err != nil {
				return a.fail(cmd, err)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: text, json or markdown (docs/rules.md)")
	cmd.Flags().StringVar(&rulesDir, "rules", "", "also list the custom rules of this directory")
	cmd.Flags().BoolVar(&missing, "missing", false, "list cfn-lint's rule ids that cfn-lsp does not report, with the reason")
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json", "markdown"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// sortRules orders rules by source, then id.
func sortRules(rs []diag.Rule) {
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].Source != rs[j].Source {
			return rs[i].Source < rs[j].Source
		}
		return diag.IDLess(rs[i].ID, rs[j].ID)
	})
}

func writeRulesJSON(w io.Writer, rs []diag.Rule) error {
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
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeRulesText(w io.Writer, rs []diag.Rule) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
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
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d rules; %d of cfn-lint's rule ids are not implemented (cfn-lsp rules --missing)\n", len(rs), len(analysis.NotImplemented()))
	return err
}

// writeMissing lists cfn-lint's rule ids that no check reports, with why.
func writeMissing(w io.Writer, format string, oms []analysis.Omission) error {
	switch format {
	case "json":
		type jo struct {
			ID       string `json:"id"`
			Severity string `json:"severity"`
			Reason   string `json:"reason"`
		}
		out := make([]jo, 0, len(oms))
		for _, o := range oms {
			out = append(out, jo{o.ID, lintSeverity(o.ID), o.Reason})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case "markdown":
		var b strings.Builder
		writeMissingMarkdown(&b, oms)
		_, err := io.WriteString(w, b.String())
		return err
	case "text":
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSEVERITY\tREASON")
		for _, o := range oms {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", o.ID, lintSeverity(o.ID), o.Reason)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		_, err := fmt.Fprintf(w, "%d of cfn-lint %s's rule ids are not implemented\n", len(oms), schema.LintVersion())
		return err
	}
	return fmt.Errorf("unknown format %q (text, json or markdown)", format)
}

// lintSeverity is the severity cfn-lint gives a rule id.
func lintSeverity(id string) string {
	lr, _ := schema.LintRuleByID(id)
	return lr.Severity
}

// writeMissingMarkdown writes the section of docs/rules.md that lists
// cfn-lint's rule ids no check reports.
func writeMissingMarkdown(b *strings.Builder, oms []analysis.Omission) {
	fmt.Fprintf(b, "\n## cfn-lint rules not implemented\n\n%d of the %d rule ids of cfn-lint %s (`cfn-lsp rules --missing`).\n\n| id | severity | reason |\n| --- | --- | --- |\n",
		len(oms), len(schema.LintRules()), schema.LintVersion())
	for _, o := range oms {
		fmt.Fprintf(b, "| <a id=\"%s\"></a>%s | %s | %s |\n", o.ID, o.ID, lintSeverity(o.ID), strings.ReplaceAll(o.Reason, "|", "\\|"))
	}
}

// rulesDoc is where docs/rules.md is published: SARIF's helpUri links a rule's
// anchor there.
const rulesDoc = "https://github.com/cfn-lsp/cfn-lsp/blob/main/docs/rules.md"

// writeRulesMarkdown writes docs/rules.md: one table per source, an anchor per
// rule id.
func writeRulesMarkdown(w io.Writer, rs []diag.Rule) error {
	var b strings.Builder
	b.WriteString("# cfn-lsp rules\n\nGenerated by `cfn-lsp rules --format markdown` (`go test ./cmd/cfn-lsp -run RulesDoc -update`).\n")
	source := ""
	for _, r := range rs {
		if r.Source != source {
			source = r.Source
			fmt.Fprintf(&b, "\n## %s\n\n| id | severity | resource types | summary |\n| --- | --- | --- | --- |\n", ruleFamily(source))
		}
		types := "any"
		if len(r.ResourceTypes) > 0 {
			types = "`" + strings.Join(r.ResourceTypes, "`, `") + "`"
		}
		fmt.Fprintf(&b, "| <a id=\"%s\"></a>%s | %s | %s | %s |\n", r.ID, r.ID, r.Severity, types, strings.ReplaceAll(r.Summary, "|", "\\|"))
	}
	writeMissingMarkdown(&b, analysis.NotImplemented())
	_, err := io.WriteString(w, b.String())
	return err
}

// ruleFamily names a rule source for people.
func ruleFamily(source string) string {
	switch source {
	case diag.SourceValidate:
		return "Validation (cfn-lint's ids where a check matches one)"
	case diag.SourceSecurity:
		return "Security (cfn_nag's ids)"
	}
	return "Custom rules"
}
