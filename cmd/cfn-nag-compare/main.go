// Command cfn-nag-compare measures how far cfn-lsp's security rules agree with
// cfn_nag's own test expectations. It reads the cases file (template paths inside
// a cfn_nag checkout, a rule id and the logical ids the rule must flag), runs the
// security pass over each template and prints per-rule agreement, overall and for
// the rules marked top40.
//
//	cfn-nag-compare -nag /path/to/cfn_nag [-cases cfn_nag_cases.json] [-rules cfn_nag_rules.tsv] [-v] [-editor]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/security"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

type evalCase struct {
	RuleID         string   `json:"rule_id"`
	Template       string   `json:"template"`
	ExpectIDs      []string `json:"expect_ids"`
	ParametersJSON string   `json:"parameters_json"`
	ParametersFile string   `json:"parameters_file"`
	ConditionsJSON string   `json:"conditions_json"`
	Context        string   `json:"context"`
}

type casesFile struct {
	Commit string     `json:"commit"`
	Cases  []evalCase `json:"cases"`
	Full   []fullScan `json:"full_scan_cases"`
}

// fullScan is a whole-template expectation: every rule's flagged ids.
type fullScan struct {
	Template       string              `json:"template"`
	Expect         map[string][]string `json:"expect"`
	ParametersJSON string              `json:"parameters_json"`
	FailureCount   *int                `json:"failure_count"`
}

func main() {
	nag := flag.String("nag", "", "cfn_nag checkout (directory holding spec/test_templates)")
	cases := flag.String("cases", "/work/shared/eval/cfn_nag_cases.json", "cases file")
	rules := flag.String("rules", "", "rules table with the top40 column (default: cfn_nag_rules.tsv beside the cases file)")
	verbose := flag.Bool("v", false, "list every disagreeing case")
	flag.BoolVar(&editorMode, "editor", false, "evaluate as the editor does (parameter defaults always substituted) instead of as cfn_nag does")
	flag.Parse()
	if *nag == "" {
		fmt.Fprintln(os.Stderr, "usage: cfn-nag-compare -nag DIR [-cases FILE] [-rules FILE] [-v]")
		os.Exit(2)
	}
	if *rules == "" {
		*rules = filepath.Join(filepath.Dir(*cases), "cfn_nag_rules.tsv")
	}
	if err := run(os.Stdout, *nag, *cases, *rules, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "cfn-nag-compare:", err)
		os.Exit(1)
	}
}

// editorMode drops cfn_nag compatibility: Refs to parameters are judged by
// their defaults even when a case gives no parameter values.
var editorMode bool

// tally counts agreeing cases.
type tally struct{ agree, total int }

func (t tally) String() string {
	if t.total == 0 {
		return "0/0"
	}
	return fmt.Sprintf("%d/%d (%.1f%%)", t.agree, t.total, 100*float64(t.agree)/float64(t.total))
}

func run(w io.Writer, nag, casesPath, rulesPath string, verbose bool) error {
	data, err := os.ReadFile(casesPath)
	if err != nil {
		return err
	}
	var cf casesFile
	if err := json.Unmarshal(data, &cf); err != nil {
		return fmt.Errorf("%s: %v", casesPath, err)
	}
	top := readTop40(rulesPath)
	per := map[string]*tally{}
	var all, top40 tally
	cache := map[string]*template.Template{}
	for _, c := range cf.Cases {
		got, err := flagged(nag, c, cache)
		ok := err == nil && sameSet(got, c.ExpectIDs)
		if per[c.RuleID] == nil {
			per[c.RuleID] = &tally{}
		}
		for _, t := range []*tally{per[c.RuleID], &all} {
			t.total++
			if ok {
				t.agree++
			}
		}
		if top[c.RuleID] {
			top40.total++
			if ok {
				top40.agree++
			}
		}
		if !ok && verbose {
			reason := fmt.Sprintf("got %v, want %v", got, c.ExpectIDs)
			if err != nil {
				reason = err.Error()
			}
			fmt.Fprintf(w, "DIFF %-6s %s: %s\n", c.RuleID, c.Template, reason)
		}
	}
	ids := make([]string, 0, len(per))
	for id := range per {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return diag.IDLess(ids[i], ids[j]) })
	fmt.Fprintf(w, "%-7s %-6s %s\n", "rule", "top40", "agreement")
	for _, id := range ids {
		mark := ""
		if top[id] {
			mark = "yes"
		}
		fmt.Fprintf(w, "%-7s %-6s %s\n", id, mark, per[id])
	}
	var full tally
	for _, fs := range cf.Full {
		full.total++
		diffs, err := compareFull(nag, fs, cache)
		if err == nil && len(diffs) == 0 {
			full.agree++
		} else if verbose {
			if err != nil {
				diffs = []string{err.Error()}
			}
			fmt.Fprintf(w, "FULL   %s: %s\n", fs.Template, strings.Join(diffs, "; "))
		}
	}
	fmt.Fprintf(w, "\nrules implemented: %d\n", len(security.Rules()))
	if full.total > 0 {
		fmt.Fprintf(w, "full-template scans (all rules, failure count): %s\n", full)
	}
	fmt.Fprintf(w, "top40 agreement:   %s\n", top40)
	fmt.Fprintf(w, "overall agreement: %s\n", all)
	return nil
}

// flagged runs the security pass on a case's template and returns the logical ids
// its rule flags.
func flagged(nag string, c evalCase, cache map[string]*template.Template) ([]string, error) {
	t, err := load(nag, c.Template, cache)
	if err != nil {
		return nil, err
	}
	opts := security.Options{NagCompat: !editorMode}
	params := c.ParametersJSON
	if c.ParametersFile != "" {
		b, err := os.ReadFile(filepath.Join(nag, c.ParametersFile))
		if err != nil {
			return nil, err
		}
		params = string(b)
	}
	if params != "" {
		p, err := parseParameters(params)
		if err != nil {
			return nil, err
		}
		opts.Parameters = p
	}
	if c.ConditionsJSON != "" {
		if err := json.Unmarshal([]byte(c.ConditionsJSON), &opts.Conditions); err != nil {
			return nil, fmt.Errorf("conditions: %v", err)
		}
	}
	seen := map[string]bool{}
	var ids []string
	for _, d := range security.Check(t, opts) {
		if d.Code == c.RuleID && !seen[d.Resource] {
			seen[d.Resource] = true
			ids = append(ids, d.Resource)
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// compareFull runs every rule on a template and lists where the flagged ids, or
// the number of failing (F) findings, differ from cfn_nag's.
func compareFull(nag string, fs fullScan, cache map[string]*template.Template) ([]string, error) {
	t, err := load(nag, fs.Template, cache)
	if err != nil {
		return nil, err
	}
	opts := security.Options{NagCompat: !editorMode}
	if fs.ParametersJSON != "" {
		if opts.Parameters, err = parseParameters(fs.ParametersJSON); err != nil {
			return nil, err
		}
	}
	got := map[string][]string{}
	failures := 0
	for _, d := range security.Check(t, opts) {
		if !slices.Contains(got[d.Code], d.Resource) {
			got[d.Code] = append(got[d.Code], d.Resource)
			if security.IsFailure(d.Code) {
				failures++
			}
		}
	}
	var diffs []string
	for _, id := range unionKeys(got, fs.Expect) {
		if !sameSet(got[id], fs.Expect[id]) {
			diffs = append(diffs, fmt.Sprintf("%s got %v want %v", id, got[id], fs.Expect[id]))
		}
	}
	if fs.FailureCount != nil && failures != *fs.FailureCount {
		diffs = append(diffs, fmt.Sprintf("failures %d want %d", failures, *fs.FailureCount))
	}
	return diffs, nil
}

func unionKeys(a, b map[string][]string) []string {
	var ids []string
	for k := range a {
		ids = append(ids, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			ids = append(ids, k)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return diag.IDLess(ids[i], ids[j]) })
	return ids
}

func load(nag, path string, cache map[string]*template.Template) (*template.Template, error) {
	if t := cache[path]; t != nil {
		return t, nil
	}
	text, err := os.ReadFile(filepath.Join(nag, path))
	if err != nil {
		return nil, err
	}
	t := template.Parse(path, string(text))
	cache[path] = t
	return t, nil
}

// parseParameters reads cfn_nag's parameter values: {"Parameters": {k: v}} or a
// list of {"ParameterKey", "ParameterValue"}.
func parseParameters(s string) (map[string]string, error) {
	out := map[string]string{}
	var legacy struct {
		Parameters map[string]any `json:"Parameters"`
	}
	if err := json.Unmarshal([]byte(s), &legacy); err == nil {
		for k, v := range legacy.Parameters {
			out[k] = text(v)
		}
		return out, nil
	}
	var list []struct {
		Key   string `json:"ParameterKey"`
		Value any    `json:"ParameterValue"`
	}
	if err := json.Unmarshal([]byte(s), &list); err != nil {
		return nil, fmt.Errorf("parameters: %v", err)
	}
	for _, p := range list {
		out[p.Key] = text(p.Value)
	}
	return out, nil
}

func text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		if x == float64(int64(x)) {
			return fmt.Sprint(int64(x))
		}
		return fmt.Sprint(x)
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}

func readTop40(path string) map[string]bool {
	top := map[string]bool{}
	data, err := os.ReadFile(path)
	if err != nil {
		return top
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, "\t")
		if len(f) >= 9 && strings.TrimSpace(f[8]) == "yes" {
			top[f[0]] = true
		}
	}
	return top
}

func sameSet(a, b []string) bool {
	set := map[string]bool{}
	for _, x := range a {
		set[x] = true
	}
	want := map[string]bool{}
	for _, x := range b {
		want[x] = true
	}
	if len(set) != len(want) {
		return false
	}
	for x := range want {
		if !set[x] {
			return false
		}
	}
	return true
}
