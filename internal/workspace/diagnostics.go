package workspace

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Rule codes of the findings that need the whole workspace. cfn-lint has no
// such rules (it reads one template at a time); the numbers sit beside its
// output rules (E6xxx) in a range it does not use.
const (
	CodeDuplicateExport  = "E6201"
	CodeUnresolvedImport = "I6202" // W6202 with DiagnosticOptions.ImportsAsWarnings
	CodeUnusedExport     = "I6203"
)

// Rules lists the workspace rules.
func Rules() []diag.Rule {
	return diag.WithSource([]diag.Rule{
		{ID: CodeDuplicateExport, Severity: diag.Error, Summary: "No other template of the workspace exports the same name to the same region"},
		{ID: CodeUnresolvedImport, Severity: diag.Info, Summary: "A template of the workspace exports every name Fn::ImportValue imports (W6202 when set to warn)"},
		{ID: "W6202", Severity: diag.Warning, Summary: "I6202 raised to a warning (the workspace.unresolvedImports setting, check's --unresolved-imports)"},
		{ID: CodeUnusedExport, Severity: diag.Info, Summary: "Some template of the workspace imports every export"},
	}, diag.SourceValidate)
}

// DiagnosticOptions tune Diagnostics.
type DiagnosticOptions struct {
	// ImportsAsWarnings reports an import with no exporter as a warning
	// (W6202) rather than information (I6202): for a workspace that holds
	// every stack it deploys.
	ImportsAsWarnings bool
}

// Diagnostics returns the findings about t (the current parse of the file at
// path) that need the other templates: an export another template exports
// too (E6201), an import no template exports (I6202) and an export no
// template imports (I6203). The last two wait until the index is Ready: a
// file not read yet could hold the other side.
//
// Two templates exporting one name collide only when they are deployed to
// the same account and region: CloudFormation refuses the second stack's
// export there. The index knows a template's region when its deployment
// (.cfn-lsp.yaml) names one, and takes templates without one to go to the
// same default region, as one `cfn-lsp deploy` without --region would send
// them; templates whose deployments name different regions are not reported.
// Names known only in part (a Sub of the stack name, which only a deployment
// fixes) are never reported as duplicates: a guess must not make an error.
func (ix *Index) Diagnostics(path string, t *template.Template, opts DiagnosticOptions) []diag.Diagnostic {
	if path == "" || t == nil || !t.IsTemplate() {
		return nil
	}
	f := ix.fileOf(path, t)
	all := ix.files(f)
	ready := ix.Ready()
	var ds []diag.Diagnostic
	report := func(r template.Range, sev diag.Severity, code, msg string) {
		ds = append(ds, diag.Diagnostic{Range: r, Severity: sev, Code: code, Source: diag.SourceValidate, Message: msg})
	}
	for _, e := range f.Exports {
		if !e.Name.Partial {
			var others []string
			for _, o := range all {
				if o.Path == f.Path || !sameRegion(o.Region, f.Region) {
					continue
				}
				for _, oe := range o.Exports {
					if !oe.Name.Partial && oe.Name.Text == e.Name.Text {
						others = append(others, fmt.Sprintf("%s (output %s)", rel(f.Path, o.Path), oe.Output))
					}
				}
			}
			if len(others) > 0 {
				slices.Sort(others)
				report(e.Range, diag.Error, CodeDuplicateExport, fmt.Sprintf(
					"Export name %q is also exported by %s: CloudFormation refuses an export name that another stack of the account and region exports",
					e.Name.Text, strings.Join(others, ", ")))
			}
		}
		if ready && !imported(all, e.Name) {
			report(e.Range, diag.Info, CodeUnusedExport, fmt.Sprintf("No template of the workspace imports export %q", e.Name.Text))
		}
	}
	if !ready {
		return ds
	}
	for _, im := range f.Imports {
		if exported(all, im.Name) {
			continue
		}
		sev, code := diag.Info, CodeUnresolvedImport
		if opts.ImportsAsWarnings {
			sev, code = diag.Warning, "W6202"
		}
		report(im.Range, sev, code, fmt.Sprintf("No template of the workspace exports %q; the stack that exports it must be deployed first, in the same region", im.Name.Text))
	}
	diag.Sort(ds)
	return ds
}

func sameRegion(a, b string) bool { return a == "" || b == "" || a == b }

// imported reports whether a file of all imports name.
func imported(all []*File, name Name) bool {
	return slices.ContainsFunc(all, func(o *File) bool {
		return slices.ContainsFunc(o.Imports, func(im Import) bool { return Matches(im.Name, name) })
	})
}

// exported reports whether a file of all exports name.
func exported(all []*File, name Name) bool {
	return slices.ContainsFunc(all, func(o *File) bool {
		return slices.ContainsFunc(o.Exports, func(e Export) bool { return Matches(e.Name, name) })
	})
}
