package schema

import (
	_ "embed"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"sync"
)

// The cfn-lint rule table: how the installed cfn-lint implements each of its
// rules, written by `make spec` (schema/gen) into its own file beside the facts
// file. It says where a rule runs and what it validates with, so that the schema
// evaluator can report each finding under cfn-lint's id; it holds no titles or
// descriptions.
//
//go:embed data/cfnlint-rules.json
var lintRulesData []byte

// LintRuleKind says how cfn-lint implements a rule.
type LintRuleKind string

const (
	// LintSchema validates the value at each of Keywords with a JSON schema: the
	// file Schema names, or, without one, a schema cfn-lint builds in code (the
	// intrinsic functions, Outputs, resource attributes...) from Loads if any.
	LintSchema LintRuleKind = "schema"
	// LintRegional is LintSchema with one schema per region: Schema is an object
	// keyed by region name.
	LintRegional LintRuleKind = "regional"
	// LintKeyword runs hand-written logic on the value at each of Keywords.
	LintKeyword LintRuleKind = "keyword"
	// LintKeywordRule reports what a JSON-schema keyword finds (Reports names the
	// keyword and the rule whose schema holds it).
	LintKeywordRule LintRuleKind = "keyword-rule"
	// LintFormat validates the values of one `format` (Format); its parent is E1103.
	LintFormat LintRuleKind = "format"
	// LintBase is a rule that evaluates a schema of its own over a whole section.
	LintBase LintRuleKind = "base"
	// LintCode is a rule written in code that no keyword or schema triggers.
	LintCode LintRuleKind = "code"
)

// LintRule is one cfn-lint rule.
type LintRule struct {
	ID       string       `json:"id"`
	Severity string       `json:"severity"` // "error", "warning" or "info"
	Kind     LintRuleKind `json:"kind"`
	// Keywords are the template paths the rule runs at, in cfn-lint's spelling:
	// sections, resource types in place of logical ids, "*" for a list item or a
	// name ("Resources/AWS::Route53::RecordSet/Properties",
	// "Resources/AWS::IAM::Role/Properties/Policies/*/PolicyDocument",
	// "Outputs/*"). cfn-lint runs the rule where the path of a value equals one.
	Keywords []string `json:"keywords,omitempty"`
	// Schema is the JSON schema a LintSchema or LintRegional rule validates with,
	// relative to cfn-lint's data directory
	// ("schemas/extensions/aws_route53_recordset/recordset_pattern.json").
	Schema string `json:"schema,omitempty"`
	// Loads are the other data files the rule reads, relative to cfn-lint's data
	// directory ("schemas/other/iam/policy.json", "AdditionalSpecs/Policies.json").
	Loads []string `json:"loads,omitempty"`
	// AllMatches is true when the rule reports every error its schema finds;
	// otherwise cfn-lint reports only the best match, worded as the rule's title.
	AllMatches bool `json:"allMatches,omitempty"`
	// Format is the `format` value a LintFormat rule checks.
	Format string `json:"format,omitempty"`
	// Reports lists the schema keywords whose findings cfn-lint files under this
	// rule, with the rule whose schema evaluation meets them: E3030 reports
	// {E3002, enum}, E1017 reports {E1001, fn_select}.
	Reports []LintKeywordReport `json:"reports,omitempty"`
	// Parents are the rules that run this one; Children those this one runs
	// (E3030's child W2030 reports enum failures of parameter defaults).
	Parents  []string `json:"parents,omitempty"`
	Children []string `json:"children,omitempty"`
}

// LintKeywordReport is one schema keyword that a rule reports for its parent.
type LintKeywordReport struct {
	Parent  string `json:"parent"`
	Keyword string `json:"keyword"`
}

type lintRuleTable struct {
	Version string     `json:"version"` // of the cfn-lint the table was read from
	Rules   []LintRule `json:"rules"`   // sorted by id
}

var lintRules = sync.OnceValue(func() *lintRuleTable {
	var t lintRuleTable
	if err := json.Unmarshal(lintRulesData, &t); err != nil {
		panic("schema: embedded cfnlint-rules.json: " + err.Error()) // ruled out by TestLintRules
	}
	return &t
})

// LintRules returns cfn-lint's rules, sorted by id. The slice is shared: do not
// modify it.
func LintRules() []LintRule { return lintRules().Rules }

// LintVersion is the version of the cfn-lint the rule table was read from.
func LintVersion() string { return lintRules().Version }

// LintRuleByID returns the rule with the given id.
func LintRuleByID(id string) (LintRule, bool) {
	rules := LintRules()
	i, ok := slices.BinarySearchFunc(rules, id, func(r LintRule, id string) int { return strings.Compare(r.ID, id) })
	if !ok {
		return LintRule{}, false
	}
	return rules[i], true
}

// LintRulesAt returns the rules cfn-lint runs at a template path (see
// LintRule.Keywords for its spelling), sorted by id.
func LintRulesAt(path string) []LintRule {
	var out []LintRule
	for _, id := range lintKeywordIndex()[path] {
		r, _ := LintRuleByID(id)
		out = append(out, r)
	}
	return out
}

// LintRuleForKeyword returns the id of the rule that cfn-lint files a finding of
// keyword under while evaluating parent's schema ("E3030" for E3002 and "enum"),
// or "" when the finding stays parent's.
func LintRuleForKeyword(parent, keyword string) string {
	return lintReportIndex()[LintKeywordReport{Parent: parent, Keyword: keyword}]
}

var lintKeywordIndex = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for _, r := range LintRules() {
		for _, k := range r.Keywords {
			m[k] = append(m[k], r.ID)
		}
	}
	for _, ids := range m {
		sort.Strings(ids)
	}
	return m
})

var lintReportIndex = sync.OnceValue(func() map[LintKeywordReport]string {
	m := map[LintKeywordReport]string{}
	for _, r := range LintRules() {
		for _, k := range r.Reports {
			m[k] = r.ID
		}
	}
	return m
})
