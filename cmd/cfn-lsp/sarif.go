package main

import (
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
)

// sarifBase is the uriBaseId of every relative location: the repository root
// (GitHub code scanning resolves it to the checkout).
const sarifBase = "%SRCROOT%"

// repoRoot is the nearest directory at or above dir that holds .git (a
// directory, or the file of a worktree); dir itself when there is none.
func repoRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// sarifLocation is the artifact location of p: relative to base with its
// uriBaseId, or an absolute file URI for a path outside it.
func sarifLocation(p, base string) map[string]string {
	abs, err := filepath.Abs(p)
	if err != nil || p == "-" {
		return map[string]string{"uri": filepath.ToSlash(p)}
	}
	rel, err := filepath.Rel(base, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return map[string]string{"uri": (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()}
	}
	return map[string]string{"uri": (&url.URL{Path: filepath.ToSlash(rel)}).String(), "uriBaseId": sarifBase}
}

// helpURI links a built-in rule's entry in docs/rules.md; custom rules have none.
func helpURI(r diag.Rule) string {
	if r.Source == diag.SourceValidate || r.Source == diag.SourceSecurity {
		return rulesDoc + "#" + r.ID
	}
	return ""
}

func sarifLevel(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "error"
	case diag.Warning:
		return "warning"
	}
	return "note"
}

// fullDescription describes a rule from its facts: summary, family, what it
// applies to, its severity.
func fullDescription(r diag.Rule) string {
	s := strings.TrimSuffix(r.Summary, ".") + "."
	switch r.Source {
	case diag.SourceValidate:
		s += " Validation rule (cfn-lint's id where a check matches one)."
	case diag.SourceSecurity:
		s += " Security rule, cfn_nag's " + r.ID + "."
	default:
		s += " Custom rule."
	}
	if len(r.ResourceTypes) > 0 {
		s += " Applies to " + strings.Join(r.ResourceTypes, ", ") + "."
	}
	if r.Severity != 0 {
		s += " Severity: " + r.Severity.String() + "."
	}
	return s
}

// writeSARIF writes SARIF 2.1.0 as GitHub code scanning reads it: locations
// relative to the repository root under a uriBaseId, and for each rule found
// its descriptions and a help link.
func writeSARIF(w io.Writer, rep *report) error {
	type text struct {
		Text string `json:"text"`
	}
	type rule struct {
		ID               string `json:"id"`
		ShortDescription text   `json:"shortDescription"`
		FullDescription  text   `json:"fullDescription"`
		HelpURI          string `json:"helpUri,omitempty"`
		DefaultConfig    struct {
			Level string `json:"level"`
		} `json:"defaultConfiguration"`
	}
	type region struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
	type location struct {
		PhysicalLocation struct {
			ArtifactLocation map[string]string `json:"artifactLocation"`
			Region           region            `json:"region"`
		} `json:"physicalLocation"`
	}
	type result struct {
		RuleID    string     `json:"ruleId"`
		RuleIndex int        `json:"ruleIndex"`
		Level     string     `json:"level"`
		Message   text       `json:"message"`
		Locations []location `json:"locations"`
	}
	cwd, _ := os.Getwd()
	base := repoRoot(cwd)
	rules := []rule{}
	index := map[string]int{}
	res := []result{}
	for _, fr := range rep.results {
		art := sarifLocation(fr.Path, base)
		for _, d := range fr.Diags {
			i, ok := index[d.Code]
			if !ok {
				i = len(rules)
				index[d.Code] = i
				known, isKnown := rep.rules[d.Code]
				if !isKnown {
					known = diag.Rule{ID: d.Code, Severity: d.Severity, Source: d.Source, Summary: d.Code}
				}
				rl := rule{ID: d.Code, ShortDescription: text{rep.summary(d.Code)}, FullDescription: text{fullDescription(known)}}
				rl.HelpURI = helpURI(known)
				rl.DefaultConfig.Level = sarifLevel(known.Severity)
				rules = append(rules, rl)
			}
			var loc location
			loc.PhysicalLocation.ArtifactLocation = art
			loc.PhysicalLocation.Region = region{d.Range.Start.Line + 1, d.Range.Start.Char + 1, d.Range.End.Line + 1, d.Range.End.Char + 1}
			res = append(res, result{RuleID: d.Code, RuleIndex: i, Level: sarifLevel(d.Severity),
				Message: text{d.Message}, Locations: []location{loc}})
		}
	}
	baseURI := (&url.URL{Scheme: "file", Path: filepath.ToSlash(base) + "/"}).String()
	doc := map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []any{map[string]any{
			"tool": map[string]any{"driver": map[string]any{
				"name": "cfn-lsp", "version": buildVersion(),
				"informationUri": "https://github.com/cfn-lsp/cfn-lsp",
				"rules":          rules,
			}},
			"originalUriBaseIds": map[string]any{sarifBase: map[string]any{
				"uri": baseURI, "description": text{"The repository root (or the directory cfn-lsp ran in, outside a repository)."}}},
			"columnKind": "utf16CodeUnits",
			"results":    res,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
