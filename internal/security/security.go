// Package security implements cfn_nag's security rules in Go: the same rule ids
// (W2, F3, ...), evaluated the way cfn_nag evaluates templates, with findings
// located on the offending value and cfn_nag's Metadata suppressions honoured.
package security

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Options tune the security pass.
type Options struct {
	// FailAsError raises F rules to errors (they are warnings by default).
	FailAsError bool
	// Parameters gives parameter values (as a cfn_nag parameter-values file does);
	// they take precedence over the parameters' defaults.
	Parameters map[string]string
	// Conditions gives condition values; a condition not listed counts as true,
	// which is cfn_nag's convention.
	Conditions map[string]bool
	// NagCompat reproduces cfn_nag exactly where it differs from the editor's
	// default: without Parameters, a Ref to a parameter is not replaced by the
	// parameter's default.
	NagCompat bool
	// SPCMThreshold is the policy complexity score from which W76 reports a
	// policy (cfn_nag's spcm_threshold); 0 means cfn_nag's default, 25.
	SPCMThreshold int
}

// finding is what a rule reports: the resource to attribute it to (cfn_nag's
// logical id), the node to locate it on and a message.
type finding struct {
	resource string
	node     *template.Node
	msg      string
}

// rule is one cfn_nag rule.
type rule struct {
	id    string
	types []string
	text  string
	check func(ev *evaluator) []finding
}

// registry lists every rule: the tables of the rules_*.go files.
var registry = slices.Concat(iamRules, netACLRules, propertyRules, securityGroupRules, spcmRules, credentialRules())

// IsFailure reports whether a rule id is one of cfn_nag's failing (F) rules, on
// which `check` exits 1.
func IsFailure(code string) bool {
	return len(code) > 1 && code[0] == 'F' && code[1] >= '0' && code[1] <= '9'
}

// Rules lists the rules of this package, sorted by id (F before W). Severity is
// the editor default, Warning; IsFailure tells the F rules apart.
func Rules() []diag.Rule {
	out := make([]diag.Rule, 0, len(registry))
	for _, r := range sortedRules() {
		out = append(out, diag.Rule{ID: r.id, Severity: diag.Warning, Source: diag.SourceSecurity,
			ResourceTypes: r.types, Summary: r.text})
	}
	return out
}

func sortedRules() []*rule {
	rs := append([]*rule(nil), registry...)
	sort.Slice(rs, func(i, j int) bool { return diag.IDLess(rs[i].id, rs[j].id) })
	return rs
}

// Check returns the security findings of t, with cfn_nag suppressions applied.
func Check(t *template.Template, opts Options) []diag.Diagnostic {
	if t == nil || t.Root == nil || len(t.Resources) == 0 {
		return nil
	}
	ev := newEvaluator(t, opts)
	ev.spcmThreshold = opts.SPCMThreshold
	if ev.spcmThreshold <= 0 {
		ev.spcmThreshold = defaultSPCMThreshold
	}
	supp := suppressions(t)
	byRule := map[string]map[string]bool{}
	for res, ids := range supp {
		for id := range ids {
			if byRule[id] == nil {
				byRule[id] = map[string]bool{}
			}
			byRule[id][res] = true
		}
	}
	// Gather the findings first so that the diagnostics, which are large, are
	// allocated once at their final size.
	type ruleFindings struct {
		r  *rule
		fs []finding
	}
	all := make([]ruleFindings, 0, len(registry))
	total := 0
	for _, r := range registry {
		runtime.Gosched()
		ev.hidden = byRule[r.id]
		fs := r.check(ev)
		for _, f := range fs {
			if !supp[f.resource][r.id] {
				total++
			}
		}
		all = append(all, ruleFindings{r, fs})
	}
	ds := make([]diag.Diagnostic, 0, total)
	for _, rf := range all {
		for _, f := range rf.fs {
			if !supp[f.resource][rf.r.id] {
				ds = append(ds, ev.diagnostic(rf.r, f, opts))
			}
		}
	}
	return sortByPosition(ds)
}

// sortByPosition orders the findings in place as diag.Sort orders them. It sorts
// indices, not the large diagnostics themselves, which matters with thousands of
// findings, and then moves each diagnostic once.
func sortByPosition(ds []diag.Diagnostic) []diag.Diagnostic {
	if len(ds) == 0 {
		return nil
	}
	idx := make([]int32, len(ds))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortStableFunc(idx, func(i, j int32) int {
		a, b := &ds[i], &ds[j]
		switch {
		case a.Range.Start != b.Range.Start:
			if a.Range.Start.Less(b.Range.Start) {
				return -1
			}
			return 1
		case a.Code != b.Code:
			return strings.Compare(a.Code, b.Code)
		}
		return strings.Compare(a.Message, b.Message)
	})
	// Move each diagnostic to its place along the cycles of the permutation
	// (position k takes ds[idx[k]]), marking places done with idx[k] = k.
	for k := range idx {
		if int(idx[k]) == k {
			continue
		}
		tmp := ds[k]
		j := k
		for {
			next := int(idx[j])
			idx[j] = int32(j)
			if next == k {
				ds[j] = tmp
				break
			}
			ds[j] = ds[next]
			j = next
		}
	}
	return ds
}

// each runs fn over the resources of the given type and collects its findings.
func (ev *evaluator) each(typ string, fn func(r *template.Entry) []finding) []finding {
	var out []finding
	for _, r := range ev.resources(typ) {
		out = append(out, fn(r)...)
	}
	return out
}

// one is a helper for rules that report a resource at most once.
func one(r *template.Entry, n *template.Node, format string, args ...any) []finding {
	return []finding{{resource: r.Name, node: n, msg: fmt.Sprintf(format, args...)}}
}

// locate returns n, or the resource's logical id key for findings about
// something missing.
func locate(r *template.Entry, n *template.Node) *template.Node {
	if n != nil {
		return n
	}
	return r.Key
}

func (ev *evaluator) diagnostic(r *rule, f finding, opts Options) diag.Diagnostic {
	sev := diag.Warning
	if opts.FailAsError && IsFailure(r.id) {
		sev = diag.Error
	}
	rng := template.Range{}
	switch {
	case f.node != nil:
		rng = f.node.Range
	case ev.t.Resource(f.resource) != nil:
		rng = ev.t.Resource(f.resource).Key.Range
	}
	// A multi-line value (a whole mapping) is marked on its first line only.
	if rng.End.Line > rng.Start.Line {
		line := ev.t.Lines.Line(rng.Start.Line)
		rng.End = template.Pos{Line: rng.Start.Line, Char: template.UTF16Len(strings.TrimRight(line, " \t"))}
		if rng.End.Char <= rng.Start.Char {
			rng.End.Char = rng.Start.Char + 1
		}
	}
	return diag.Diagnostic{Range: rng, Severity: sev, Code: r.id, Message: f.msg,
		Source: diag.SourceSecurity, Resource: f.resource}
}
