// Package analysis runs every check over a template and applies suppressions.
// The LSP server and the `check` command both call Analyze.
package analysis

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/langext"
	"github.com/cfn-lsp/cfn-lsp/internal/lifecycle"
	"github.com/cfn-lsp/cfn-lsp/internal/refcheck"
	"github.com/cfn-lsp/cfn-lsp/internal/sam"
	"github.com/cfn-lsp/cfn-lsp/internal/schemacheck"
	"github.com/cfn-lsp/cfn-lsp/internal/security"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// Options select what Analyze runs.
type Options struct {
	// Security enables the cfn_nag rules.
	Security bool
	// FailAsError raises cfn_nag F rules to errors.
	FailAsError bool
	// Ignore lists rules never to report. Validation and custom rule ids match
	// as prefixes, as cfn-lint's --ignore-checks does ("W" drops every warning,
	// "W3" the W3xxx rules); cfn_nag's ids match exactly, since they share
	// letters with cfn-lint's (cfn_nag's W2 is one rule, not W2001).
	Ignore []string
	// Include, when not nil, is cfn-lint's --include-checks: a validation
	// finding is kept only when its id starts with one of these. The CLI passes
	// "W", "E" and the user's list, so informational (I) rules are opt-in as
	// in cfn-lint; the editor passes nil and sees them all.
	Include []string
	// Mandatory ids or prefixes are reported even when Ignore or a template's
	// Metadata would silence them (cfn-lint's --mandatory-checks).
	Mandatory []string
	// Extra checks run after the built-in ones (custom rules).
	Extra []func(*template.Template) []diag.Diagnostic
	// Late checks run, one after the other, once the others are done: the
	// server's workspace findings, which read an index that is built while
	// the other checks run.
	Late []func(*template.Template) []diag.Diagnostic
	// Regions are the AWS regions the template is checked for (cfn-lint's
	// --regions); checks whose facts differ by region report a value for each
	// region that lacks it. Empty means us-east-1.
	Regions []string
	// Explicit analyses a document that does not look like a template (no
	// format version, transform or typed resource): the user named it.
	Explicit bool
	// Now is the clock the lifecycle checks (runtime and service retirement
	// dates) compare against; nil means time.Now.
	Now func() time.Time
	// Children, when set, returns the current text of a nested stack's local
	// child template when the editor has it open (refcheck reads the disk
	// otherwise).
	Children func(path string) *template.Template
	// Cache, when set, carries what one analysis of a document can lend the
	// next: the findings of the resources whose text and context did not
	// change (see NewCache). One per document.
	Cache *Cache
}

// Cache is what Analyze keeps between the analyses of one document.
type Cache struct {
	resources schemacheck.Cache
}

// NewCache returns an empty cache, for one document.
func NewCache() *Cache { return &Cache{} }

// Analyze returns the diagnostics of t, sorted. It returns nil and ctx.Err() when
// ctx is cancelled between stages. A document that is not a template yields nothing.
func Analyze(ctx context.Context, t *template.Template, spec *schema.Spec, opts Options) ([]diag.Diagnostic, error) {
	if t.TooLarge {
		head := t.Text[:min(len(t.Text), 200000)]
		if !template.LooksLikeTemplate([]byte(head)) {
			return nil, nil
		}
		return []diag.Diagnostic{{Severity: diag.Error, Code: "E0000", Source: diag.SourceValidate,
			Message: fmt.Sprintf("Template is %d bytes; cfn-lsp analyses templates of at most %d bytes (CloudFormation accepts at most 1 MB)",
				len(t.Text), template.MaxSize)}}, nil
	}
	if !t.IsTemplate() && !opts.Explicit {
		return nil, nil
	}
	if t.HasSAM() {
		spec = spec.WithSAM()
	}
	ds := syntax(t)
	// The checks read the template as CloudFormation reads it once its
	// language extensions are applied and SAM's Globals merged; what they
	// find is mapped back.
	expanded := langext.Of(t)
	src := t
	t = sam.Of(expanded.Template).Template
	ds = append(ds, transformProblems(expanded)...)
	var cache *schemacheck.Cache
	if opts.Cache != nil && t == src {
		// Only a template checked as written: the findings are keyed by its text.
		cache = &opts.Cache.resources
	}
	stages := []func() []diag.Diagnostic{
		func() []diag.Diagnostic { return schemacheck.CheckCached(t, spec, opts.Regions, cache) },
		func() []diag.Diagnostic {
			return refcheck.CheckWith(t, spec, refcheck.Options{Children: opts.Children})
		},
		func() []diag.Diagnostic {
			now := time.Now
			if opts.Now != nil {
				now = opts.Now
			}
			return lifecycle.Check(t, spec, now())
		},
	}
	if opts.Security {
		stages = append(stages, func() []diag.Diagnostic {
			return security.Check(t, security.Options{FailAsError: opts.FailAsError})
		})
	}
	for _, x := range opts.Extra {
		stages = append(stages, func() []diag.Diagnostic { return x(t) })
	}
	if t.Root != nil {
		// The checks only read the template and the spec: run them side by side.
		results := make([][]diag.Diagnostic, len(stages))
		var wg sync.WaitGroup
		for i, st := range stages {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if ctx.Err() == nil {
					results[i] = st()
				}
			}()
		}
		wg.Wait()
		for _, x := range opts.Late {
			if ctx.Err() == nil {
				results = append(results, x(t))
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for _, r := range results {
			ds = append(ds, r...)
		}
	}
	ds = suppress(t, ds, opts)
	if t != src {
		ds = expanded.Attribute(ds)
	}
	diag.Sort(ds)
	return ds, nil
}

// transformProblems reports what CloudFormation's transforms would refuse
// (cfn-lint's E0001, which it reports at the start of the template).
func transformProblems(x *langext.Expansion) []diag.Diagnostic {
	var ds []diag.Diagnostic
	for _, p := range x.Problems {
		ds = append(ds, diag.Diagnostic{Range: p.Range, Severity: diag.Error, Code: "E0001", Source: diag.SourceValidate,
			Message: "Transform " + langext.Transform + " fails: " + p.Message})
	}
	return ds
}

// syntax reports a document that does not parse, is binary or too large, and keys
// written twice.
func syntax(t *template.Template) []diag.Diagnostic {
	var ds []diag.Diagnostic
	if t.Err != nil {
		ds = append(ds, diag.Diagnostic{Range: t.Err.Range, Severity: diag.Error, Code: "E0000",
			Source: diag.SourceValidate, Message: "Syntax error: " + t.Err.Message})
	}
	for _, d := range t.Duplicates {
		ds = append(ds, diag.Diagnostic{Range: d.Range, Severity: diag.Error, Code: "E0000",
			Source:  diag.SourceValidate,
			Message: fmt.Sprintf("Duplicate key %q (first defined on line %d)", d.Key, d.First.Start.Line+1)})
	}
	return ds
}

// Suppress drops diagnostics silenced by the ignore list (see Options.Ignore),
// by a template-level `Metadata: cfn-lint: config: ignore_checks`, or by the same
// on the resource a diagnostic is about. The Metadata lists match id prefixes, as
// cfn-lint's do, and apply to validation findings only: cfn_nag's ids (W2, F3)
// would otherwise collide with cfn-lint's (W2001, F3...).
func Suppress(t *template.Template, ds []diag.Diagnostic, ignore []string) []diag.Diagnostic {
	return suppress(t, ds, Options{Ignore: ignore})
}

func suppress(t *template.Template, ds []diag.Diagnostic, opts Options) []diag.Diagnostic {
	global := ignoreChecks(t.Root.Get("Metadata"))
	perResource := map[string][]string{}
	for _, r := range t.Resources {
		if ids := ignoreChecks(r.Get("Metadata")); len(ids) > 0 {
			perResource[r.Name] = ids
		}
	}
	out := ds[:0]
	for _, d := range ds {
		if !opts.Selects(d) {
			continue
		}
		if d.Source != diag.SourceSecurity && !hasPrefix(d.Code, opts.Mandatory) &&
			(hasPrefix(d.Code, global) || (d.Resource != "" && hasPrefix(d.Code, perResource[d.Resource]))) {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Selects reports whether the rule selection of opts (Ignore, Include,
// Mandatory) lets d through. It does not read a template's Metadata; the CLI
// uses it for findings about files that are not templates.
func (opts Options) Selects(d diag.Diagnostic) bool {
	if d.Source == diag.SourceSecurity {
		return !slices.ContainsFunc(opts.Ignore, func(id string) bool { return strings.TrimSpace(id) == d.Code })
	}
	if opts.Include != nil && d.Source == diag.SourceValidate && !hasPrefix(d.Code, opts.Include) {
		return false
	}
	return hasPrefix(d.Code, opts.Mandatory) || !hasPrefix(d.Code, opts.Ignore)
}

func ignoreChecks(meta *template.Node) []string {
	n := meta.Get("cfn-lint").Get("config").Get("ignore_checks")
	var ids []string
	switch {
	case n == nil:
	case n.Kind == template.Sequence:
		for _, it := range n.Items {
			if s, ok := it.Str(); ok {
				ids = append(ids, s)
			}
		}
	case n.Kind == template.Scalar:
		ids = append(ids, n.Value)
	}
	return ids
}

func hasPrefix(code string, ids []string) bool {
	for _, id := range ids {
		if id = strings.TrimSpace(id); id != "" && strings.HasPrefix(code, id) {
			return true
		}
	}
	return false
}
