package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/lifecycle"
	"github.com/cfn-lsp/cfn-lsp/internal/refcheck"
	"github.com/cfn-lsp/cfn-lsp/internal/schemacheck"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// goldenFindings are the testdata folders whose golden files list findings,
// one `line:col: CODE message` a line (lifecycle's leave the colon after
// col out), with the rules of the checks their
// golden test runs (only those can be seen quiet there) and where a
// template's golden file lies. A template of testdata/types without a golden
// file is a -valid one, which TestTypes requires to have no finding.
var goldenFindings = []struct {
	dir    string
	rules  func() []diag.Rule
	golden func(path string) string
}{
	{"schemacheck", schemacheck.Rules, func(p string) string { return strings.TrimSuffix(p, filepath.Ext(p)) + ".golden" }}, // schemacheck.TestGolden
	{"refcheck", refcheck.Rules, func(p string) string { return p + ".golden" }},                                            // refcheck.TestGolden
	{"lifecycle", lifecycle.Rules, func(p string) string { return p + ".golden" }},                                          // lifecycle.TestGolden
	{"analysis", analysedRules, func(p string) string { return p + ".golden" }},                                             // analysis.TestGolden
	{"types", analysedRules, func(p string) string { return p + ".golden" }},                                                // analysis.TestTypes
}

// analysedRules are the rules of the checks analysis.Analyze runs, and its
// own parse error.
func analysedRules() []diag.Rule {
	return slices.Concat(allRules()[:1], schemacheck.Rules(), refcheck.Rules(), lifecycle.Rules())
}

var findingLine = regexp.MustCompile(`(?m)^\d+:\d+:? ([A-Z]+\d+) `)

// goldenTemplate is one testdata template with the codes of its golden file.
type goldenTemplate struct {
	path  string
	valid bool            // a -valid template
	can   map[string]bool // the codes its golden test could report
	codes map[string]bool // the codes its golden file shows
	tpl   *template.Template
}

func goldenTemplates(t *testing.T) []goldenTemplate {
	var out []goldenTemplate
	for _, g := range goldenFindings {
		can := map[string]bool{}
		for _, r := range g.rules() {
			can[r.ID] = true
		}
		files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", g.dir, "*"))
		for _, f := range files {
			if ext := filepath.Ext(f); ext != ".yaml" && ext != ".json" {
				continue
			}
			valid := strings.Contains(filepath.Base(f), "-valid.")
			golden, err := os.ReadFile(g.golden(f))
			if err != nil && !(g.dir == "types" && valid) {
				t.Errorf("%s: %v", f, err)
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			codes := map[string]bool{}
			for _, m := range findingLine.FindAllStringSubmatch(string(golden), -1) {
				codes[m[1]] = true
			}
			out = append(out, goldenTemplate{f, valid, can, codes, template.Parse(f, string(src))})
		}
	}
	if len(out) < 100 {
		t.Fatalf("%d golden templates, want over 100", len(out))
	}
	return out
}

// subjects are the places a rule inspects (diag.Rule.Applies' spelling): its
// Applies, else its resource types, else the keyword paths cfn-lint runs its
// id at, or those of the rules whose schema reports for it.
func subjects(r diag.Rule) []string {
	if len(r.Applies) > 0 {
		return r.Applies
	}
	var out []string
	for _, rt := range r.ResourceTypes {
		out = append(out, "Resources/"+rt)
	}
	if len(out) > 0 {
		return out
	}
	seen := map[string]bool{}
	var walk func(id string)
	walk = func(id string) {
		lr, ok := schema.LintRuleByID(id)
		if !ok || seen[id] {
			return
		}
		seen[id] = true
		if len(lr.Keywords) > 0 {
			out = append(out, lr.Keywords...)
			return
		}
		for _, rep := range lr.Reports {
			walk(rep.Parent)
		}
	}
	walk(r.ID)
	return out
}

// contains reports whether the template has a value at subject (a template
// path in cfn-lint's spelling, or an intrinsic function's long name).
func contains(t *template.Template, subject string) bool {
	if t.Root == nil {
		return false
	}
	if strings.HasPrefix(subject, "Fn::") || subject == "Ref" || subject == "Condition" ||
		strings.HasPrefix(subject, "{{") || strings.HasPrefix(subject, "${") {
		found := false
		template.Walk(t.Root, func(n *template.Node) bool {
			switch {
			case found:
			case n.IsIntrinsic(subject):
				found = true
			case n.Kind == template.Scalar && strings.HasPrefix(subject, "Fn::ForEach"):
				found = n.IsKey() && strings.HasPrefix(n.Value, subject)
			case n.Kind == template.Scalar && !strings.HasPrefix(subject, "Fn::"):
				found = strings.Contains(n.Value, subject)
			}
			return !found
		})
		return found
	}
	segs := strings.Split(subject, "/")
	if strings.Contains(segs[0], "::") { // a resource type standing for Resources/TYPE
		segs = append([]string{"Resources"}, segs...)
	}
	if segs[0] == "Resources" && len(segs) > 1 && strings.Contains(segs[1], "::") {
		for _, p := range t.Root.Get("Resources").Pairs {
			if typ, _ := p.Value.Get("Type").Str(); typ == segs[1] && at(p.Value, segs[2:]) {
				return true
			}
		}
		return false
	}
	return at(t.Root, segs)
}

// at reports whether n has a value at the path segs ("*": any key or item).
func at(n *template.Node, segs []string) bool {
	if n == nil {
		return false
	}
	if len(segs) == 0 {
		return true
	}
	switch n.Kind {
	case template.Mapping:
		for _, p := range n.Pairs {
			if (segs[0] == "*" || p.Key.Value == segs[0]) && at(p.Value, segs[1:]) {
				return true
			}
		}
	case template.Sequence: // cfn-lint's paths may leave a list's "*" out
		rest := segs
		if segs[0] == "*" {
			rest = segs[1:]
		}
		for _, it := range n.Items {
			if at(it, rest) {
				return true
			}
		}
	}
	return false
}

// TestRuleCoverage: every cfn-lint rule id a check reports (the security
// rules, with cfn_nag's ids, have their own cases) has a testdata template
// whose golden file shows it firing, and a valid template, checked by a golden
// test that could report it, that contains what the rule inspects (see
// subjects) and whose golden file does not show it.
func TestRuleCoverage(t *testing.T) {
	templates := goldenTemplates(t)
	var noFire, noQuiet, noSubject []string
	ids := map[string]bool{}
	for _, r := range allRules() {
		if _, ok := schema.LintRuleByID(r.ID); !ok || r.Source != diag.SourceValidate || ids[r.ID] {
			continue
		}
		ids[r.ID] = true
		fired, quiet := false, false
		var subs []string
		for _, same := range allRules() {
			if same.ID == r.ID {
				subs = append(subs, subjects(same)...)
			}
		}
		if len(subs) == 0 {
			noSubject = append(noSubject, r.ID)
		}
		for _, g := range templates {
			fired = fired || g.codes[r.ID]
			if quiet || !g.valid || !g.can[r.ID] || g.codes[r.ID] {
				continue
			}
			for _, s := range subs {
				if contains(g.tpl, s) {
					quiet = true
					break
				}
			}
		}
		if coverageGaps[r.ID] {
			if fired && quiet {
				t.Errorf("%s fires and stays quiet in testdata: drop it from coverageGaps", r.ID)
			}
			continue
		}
		if !fired {
			noFire = append(noFire, r.ID)
		}
		if !quiet && len(subs) > 0 {
			noQuiet = append(noQuiet, r.ID+" ("+strings.Join(subs, ", ")+")")
		}
	}
	for _, l := range [][]string{noFire, noQuiet, noSubject} {
		sort.Strings(l)
	}
	if len(noSubject) > 0 {
		t.Errorf("%d rules say nothing of what they inspect (set diag.Rule.Applies): %s", len(noSubject), strings.Join(noSubject, " "))
	}
	if len(noFire) > 0 {
		t.Errorf("%d rules fire in no golden file: %s", len(noFire), strings.Join(noFire, " "))
	}
	if len(noQuiet) > 0 {
		t.Errorf("%d rules have no valid template that holds what they inspect:\n%s", len(noQuiet), strings.Join(noQuiet, "\n"))
	}
	t.Logf("%d of %d cfn-lint rule ids fire and stay quiet in testdata", len(ids)-len(coverageGaps), len(ids))
}

// coverageGaps are the rule ids still without a template that fires them or
// a valid one that shows them quiet.
var coverageGaps = map[string]bool{
	"E1162": true, // the KMS key id format stands only in anyOf branches (KmsMasterKeyId, KmsKeyId), whose failures report as E3017; cfn-lint reports the branches' format ids too
	"E3008": true,
	"E3652": true,
	"E8007": true,
}
