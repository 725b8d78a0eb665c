package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/analysis"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
)

// report is what every output format reads.
type report struct {
	results []fileResult
	rules   map[string]diag.Rule
	// enabled are the rules the selection ran, in order.
	enabled []diag.Rule
}

func newReport(results []fileResult, rules []diag.Rule, opts analysis.Options) *report {
	rep := &report{results: results, rules: map[string]diag.Rule{}}
	sortRules(rules)
	for _, r := range rules {
		rep.rules[r.ID] = r
		if (opts.Security || r.Source != diag.SourceSecurity) && opts.Selects(diag.Diagnostic{Code: r.ID, Source: r.Source}) {
			rep.enabled = append(rep.enabled, r)
		}
	}
	return rep
}

func writeReport(w io.Writer, format string, results []fileResult, rules []diag.Rule, opts analysis.Options) error {
	rep := newReport(results, rules, opts)
	switch format {
	case "json":
		return writeJSON(w, rep)
	case "sarif":
		return writeSARIF(w, rep)
	case "junit":
		return writeJUnit(w, rep)
	case "parseable":
		return writeParseable(w, rep)
	case "quiet":
		return writeQuiet(w, rep)
	case "pretty":
		return writePretty(w, rep, colorOutput(w))
	}
	return writeText(w, rep)
}

// summary describes a rule for people: its summary, else its id.
func (rep *report) summary(id string) string {
	if s := rep.rules[id].Summary; s != "" {
		return s
	}
	return id
}

// jsonFinding is one element of `check --format json`. Lines and columns are
// 1-based; columns count UTF-16 code units, as editors do.
type jsonFinding struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	Severity  string `json:"severity"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	Resource  string `json:"resource"`
	Source    string `json:"source"`
}

func writeJSON(w io.Writer, rep *report) error {
	out := []jsonFinding{}
	for _, r := range rep.results {
		out = append(out, jsonFindings(r.Path, r.Diags)...)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// jsonFindings are the findings of one file in the JSON format.
func jsonFindings(path string, ds []diag.Diagnostic) []jsonFinding {
	out := make([]jsonFinding, 0, len(ds))
	for _, d := range ds {
		out = append(out, jsonFinding{
			File: path, Line: d.Range.Start.Line + 1, Column: d.Range.Start.Char + 1,
			EndLine: d.Range.End.Line + 1, EndColumn: d.Range.End.Char + 1,
			Severity: d.Severity.String(), Code: d.Code, Message: d.Message,
			Resource: d.Resource, Source: d.Source,
		})
	}
	return out
}

// counts tallies the findings and the files.
type counts struct {
	errors, warnings, info int
	templates, skipped     int
}

func (rep *report) counts() counts {
	var c counts
	for _, r := range rep.results {
		if r.Template {
			c.templates++
		}
		if r.Skipped {
			c.skipped++
		}
		for _, d := range r.Diags {
			switch d.Severity {
			case diag.Error:
				c.errors++
			case diag.Warning:
				c.warnings++
			default:
				c.info++
			}
		}
	}
	return c
}

// writeText is cfn-lsp's own format: one line per finding, then a summary.
func writeText(w io.Writer, rep *report) error {
	for _, r := range rep.results {
		for _, d := range r.Diags {
			if _, err := fmt.Fprintf(w, "%s:%d:%d: %s %s %s\n", r.Path, d.Range.Start.Line+1, d.Range.Start.Char+1,
				d.Severity, d.Code, d.Message); err != nil {
				return err
			}
		}
	}
	c := rep.counts()
	line := fmt.Sprintf("%d %s checked: %d %s, %d %s, %d info", c.templates, plural(c.templates, "template", "templates"),
		c.errors, plural(c.errors, "error", "errors"), c.warnings, plural(c.warnings, "warning", "warnings"), c.info)
	if c.skipped > 0 {
		line += fmt.Sprintf("; %d %s skipped (not templates)", c.skipped, plural(c.skipped, "file", "files"))
	}
	_, err := fmt.Fprintln(w, line)
	return err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

var newlines = regexp.MustCompile(`(\r*\n)+`)

// writeParseable is cfn-lint's parseable format:
// file:line:column:endLine:endColumn:id:message.
func writeParseable(w io.Writer, rep *report) error {
	for _, r := range rep.results {
		for _, d := range r.Diags {
			if _, err := fmt.Fprintf(w, "%s:%d:%d:%d:%d:%s:%s\n", r.Path, d.Range.Start.Line+1, d.Range.Start.Char+1,
				d.Range.End.Line+1, d.Range.End.Char+1, d.Code, newlines.ReplaceAllString(d.Message, " ")); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeQuiet is cfn-lint's quiet format: the rule and where, no message.
func writeQuiet(w io.Writer, rep *report) error {
	for _, r := range rep.results {
		for _, d := range r.Diags {
			if _, err := fmt.Fprintf(w, "%s: %s %s:%d\n", d.Code, rep.summary(d.Code), r.Path, d.Range.Start.Line+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// ANSI colours of the pretty format, as cfn-lint's.
const (
	ansiReset     = "\033[0m"
	ansiUnderline = "\033[4m"
	ansiBold      = "\033[1m"
)

var severityColor = map[diag.Severity]string{diag.Error: "\033[31m", diag.Warning: "\033[33m", diag.Info: "\033[34m", diag.Hint: "\033[34m"}

// colorOutput reports whether w is a terminal that wants colours (NO_COLOR
// unset).
func colorOutput(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// writePretty is cfn-lint's pretty format: findings grouped by file, errors
// first, then a summary line.
func writePretty(w io.Writer, rep *report, color bool) error {
	paint := func(s, c string) string {
		if !color {
			return s
		}
		return c + s + ansiReset
	}
	var b strings.Builder
	for _, r := range rep.results {
		if len(r.Diags) == 0 {
			continue
		}
		b.WriteString(paint(r.Path, ansiUnderline) + "\n")
		for _, sev := range []diag.Severity{diag.Error, diag.Warning, diag.Info, diag.Hint} {
			for _, d := range r.Diags {
				if d.Severity == sev {
					pos := fmt.Sprintf("%d:%d:", d.Range.Start.Line+1, d.Range.Start.Char+1)
					fmt.Fprintf(&b, "%s%s%s\n", paint(fmt.Sprintf("%-20s", pos), ansiReset), paint(fmt.Sprintf("%-10s", d.Code), severityColor[sev]), d.Message)
				}
			}
		}
		b.WriteString("\n")
	}
	c := rep.counts()
	fmt.Fprintf(&b, "cfn-lsp scanned %s templates against %s rules and found %s errors, %s warnings, and %s informational violations\n",
		paint(fmt.Sprint(c.templates), ansiBold), paint(fmt.Sprint(len(rep.enabled)), ansiBold),
		paint(fmt.Sprint(c.errors), severityColor[diag.Error]), paint(fmt.Sprint(c.warnings), severityColor[diag.Warning]),
		paint(fmt.Sprint(c.info), severityColor[diag.Info]))
	_, err := io.WriteString(w, b.String())
	return err
}
