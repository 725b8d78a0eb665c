// Package diag defines the protocol-free diagnostic that every check produces and
// that the LSP server and the CLI render.
package diag

import (
	"maps"
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
	// SourceStack: what an edit does to the deployed stack (internal/stack).
	SourceStack = "cfn-lsp stack"
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
	// Data is what the check knows about the finding beyond its words, for
	// quick fixes to act on instead of reading Message.
	Data Data
}

// Data are the facts of a finding that quick fixes need. The zero value says
// nothing. (Scalars only: a Diagnostic stays comparable.)
type Data struct {
	// Missing names the required property absent from the mapping the
	// finding is about.
	Missing string `json:"missing,omitempty"`
	// Offending names the key at the finding's range that is the problem: not
	// allowed where it stands, or set with one it cannot go with.
	Offending string `json:"offending,omitempty"`
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
	// Applies names what the check inspects, when ResourceTypes and cfn-lint's
	// keyword paths for the id (schema.LintRule.Keywords) do not: template paths
	// in cfn-lint's spelling ("Parameters/*", "Resources/*/DependsOn",
	// "Outputs/*/Export"; a resource type stands for a logical id) or intrinsic
	// functions by their long name ("Fn::GetAtt"). A template contains the
	// subject when it has a value at one of them. The rule coverage test
	// (cmd/cfn-lsp) reads it to accept a valid template as proof that the check
	// stays quiet where it looks.
	Applies []string
}

// IDLess orders rule ids by letters, then number: W2 < W10 < F1000 and
// E1001 < E3002 (cfn-lint's, cfn_nag's and custom ids alike).
func IDLess(a, b string) bool {
	na, nb := strings.TrimLeft(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), strings.TrimLeft(b, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	pa, pb := a[:len(a)-len(na)], b[:len(b)-len(nb)]
	if pa != pb {
		return pa < pb
	}
	if len(na) != len(nb) {
		return len(na) < len(nb)
	}
	return na < nb
}

// WithSource returns a copy of rules with Source set on each.
func WithSource(rules []Rule, source string) []Rule {
	out := slices.Clone(rules)
	for i := range out {
		out[i].Source = source
	}
	return out
}

// Tag says how an editor may render the text a finding covers.
type Tag int

const (
	// Unnecessary marks what can go: unused, redundant or never used (rendered faded).
	Unnecessary Tag = iota + 1
	// Deprecated marks what is obsolete (rendered struck through).
	Deprecated
)

// tags are the validation codes whose text is unnecessary or deprecated.
var tags = map[string]Tag{
	"W2001": Unnecessary, // unused parameter
	"W7001": Unnecessary, // unused mapping
	"W8001": Unnecessary, // unused condition
	"W3005": Unnecessary, // DependsOn already implied
	"W1020": Unnecessary, // Fn::Sub without variables
	"W1028": Unnecessary, // Fn::If branch never taken
	"W2531": Deprecated,  // Lambda runtime past its deprecation date
	"E2531": Deprecated,  // ... past its create-block date
	"E2533": Deprecated,  // ... past its update-block date
	"E3710": Deprecated,  // resource type of a service that shut down
	"W3696": Deprecated,  // ... that is retiring
	"W3697": Deprecated,  // ... in maintenance
	"W3045": Deprecated,  // legacy S3 AccessControl
	"W2511": Deprecated,  // IAM policy version 2008-10-17
}

// TaggedCodes returns the codes that carry a tag (for tests).
func TaggedCodes() []string {
	return slices.Sorted(maps.Keys(tags))
}

// stackTags are the stack findings' codes whose text is unnecessary.
var stackTags = map[string]Tag{
	"NotCreated": Unnecessary, // a resource or output whose condition is false for the deployment
}

// TagOf returns the tag of a finding, 0 when it has none. Only validation and
// stack findings have tags (cfn_nag's ids are another numbering).
func TagOf(d Diagnostic) Tag {
	switch d.Source {
	case SourceValidate:
		return tags[d.Code]
	case SourceStack:
		return stackTags[d.Code]
	}
	return 0
}
