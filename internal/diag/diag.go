// Package diag defines the protocol-free diagnostic that every check produces and
// that the LSP server and the CLI render.
package diag

import (
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Severity of a finding.
type Severity int

const (
	Error Severity = iota + 1
	Warning
	Info
	Hint
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	default:
		return "hint"
	}
}

// Sources name the family a diagnostic comes from.
const (
	SourceValidate = "cfn-lsp"
	SourceSecurity = "cfn-lsp security"
	SourceCloud    = "cloudformation"
)

// Diagnostic is one finding on a template.
type Diagnostic struct {
	Range    template.Range
	Severity Severity
	Code     string // rule id: cfn-lint's (E3002) or cfn_nag's (W2) where one matches
	Message  string
	Source   string
	Resource string // logical id of the resource the finding is about, if any
	// Fix optionally describes an edit that resolves the finding (quick fixes).
	Fix *Fix
}

// Fix is a suggested edit: replace Range with NewText.
type Fix struct {
	Title   string
	Range   template.Range
	NewText string
}

// Sort orders diagnostics by position, then code, then message.
func Sort(ds []Diagnostic) {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		if a.Range.Start != b.Range.Start {
			if a.Range.Start.Less(b.Range.Start) {
				return -1
			}
			return 1
		}
		if c := strings.Compare(a.Code, b.Code); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
}

// Rule describes one check, for `cfn-lsp rules` and documentation.
type Rule struct {
	ID            string
	Severity      Severity
	Source        string
	ResourceTypes []string // empty: any
	Summary       string
}
