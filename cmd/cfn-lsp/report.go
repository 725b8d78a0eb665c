package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
)

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

func findings(results []fileResult) []jsonFinding {
	out := []jsonFinding{}
	for _, r := range results {
		for _, d := range r.Diags {
			out = append(out, jsonFinding{
				File: r.Path, Line: d.Range.Start.Line + 1, Column: d.Range.Start.Char + 1,
				EndLine: d.Range.End.Line + 1, EndColumn: d.Range.End.Char + 1,
				Severity: d.Severity.String(), Code: d.Code, Message: d.Message,
				Resource: d.Resource, Source: d.Source,
			})
		}
	}
	return out
}

func writeJSON(w io.Writer, results []fileResult) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(findings(results))
}

func writeText(w io.Writer, results []fileResult) error {
	counts := map[diag.Severity]int{}
	files := 0
	for _, r := range results {
		if r.Err != nil {
			continue
		}
		files++
		for _, d := range r.Diags {
			counts[d.Severity]++
			if _, err := fmt.Fprintf(w, "%s:%d:%d: %s %s %s\n", r.Path, d.Range.Start.Line+1, d.Range.Start.Char+1,
				d.Severity, d.Code, d.Message); err != nil {
				return err
			}
		}
	}
	_, err := fmt.Fprintf(w, "%d %s checked: %d %s, %d %s, %d info\n", files, plural(files, "template", "templates"),
		counts[diag.Error], plural(counts[diag.Error], "error", "errors"),
		counts[diag.Warning], plural(counts[diag.Warning], "warning", "warnings"), counts[diag.Info]+counts[diag.Hint])
	return err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// writeSARIF writes SARIF 2.1.0 as GitHub code scanning accepts it.
func writeSARIF(w io.Writer, results []fileResult, custom []diag.Rule) error {
	type region struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
	type location struct {
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI string `json:"uri"`
			} `json:"artifactLocation"`
			Region region `json:"region"`
		} `json:"physicalLocation"`
	}
	type message struct {
		Text string `json:"text"`
	}
	type result struct {
		RuleID    string     `json:"ruleId"`
		RuleIndex int        `json:"ruleIndex"`
		Level     string     `json:"level"`
		Message   message    `json:"message"`
		Locations []location `json:"locations"`
	}
	type rule struct {
		ID               string  `json:"id"`
		ShortDescription message `json:"shortDescription"`
		DefaultConfig    struct {
			Level string `json:"level"`
		} `json:"defaultConfiguration"`
	}
	known := map[string]diag.Rule{}
	for _, r := range append(allRules(), custom...) {
		known[r.ID] = r
	}
	level := func(s diag.Severity) string {
		switch s {
		case diag.Error:
			return "error"
		case diag.Warning:
			return "warning"
		}
		return "note"
	}
	var rules []rule
	index := map[string]int{}
	var res []result
	for _, fr := range results {
		for _, d := range fr.Diags {
			i, ok := index[d.Code]
			if !ok {
				i = len(rules)
				index[d.Code] = i
				rl := rule{ID: d.Code}
				rl.ShortDescription.Text = known[d.Code].Summary
				if rl.ShortDescription.Text == "" {
					rl.ShortDescription.Text = d.Code
				}
				rl.DefaultConfig.Level = level(d.Severity)
				rules = append(rules, rl)
			}
			var loc location
			loc.PhysicalLocation.ArtifactLocation.URI = filepath.ToSlash(fr.Path)
			loc.PhysicalLocation.Region = region{d.Range.Start.Line + 1, d.Range.Start.Char + 1, d.Range.End.Line + 1, d.Range.End.Char + 1}
			res = append(res, result{RuleID: d.Code, RuleIndex: i, Level: level(d.Severity),
				Message: message{d.Message}, Locations: []location{loc}})
		}
	}
	if rules == nil {
		rules = []rule{}
	}
	if res == nil {
		res = []result{}
	}
	doc := map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []any{map[string]any{
			"tool": map[string]any{"driver": map[string]any{
				"name": "cfn-lsp", "version": version,
				"informationUri": "https://github.com/cfn-lsp/cfn-lsp",
				"rules":          rules,
			}},
			"columnKind": "utf16CodeUnits",
			"results":    res,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
