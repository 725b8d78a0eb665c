package server

import (
	"slices"
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/lifecycle"
	"github.com/cfn-lsp/cfn-lsp/internal/refcheck"
	"github.com/cfn-lsp/cfn-lsp/internal/schemacheck"
)

// Unused things are published as unnecessary (editors fade them), obsolete
// ones as deprecated (struck through); other findings carry no tag.
func TestDiagnosticTags(t *testing.T) {
	c := newInitializedClient(t, Options{Debounce: time.Millisecond}, nil)
	const uri = "file:///tmp/tags.yaml"
	c.open(uri, "Parameters:\n  Unused:\n    Type: String\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n"+
		"    Properties:\n      Runtime: python2.7\n      Handler: x\n      Role: arn:aws:iam::123456789012:role/r\n"+
		"      Code: {ZipFile: x}\n      Timeout: not-a-number\n")
	got := map[string][]int{}
	for _, d := range c.diagnostics(uri).Diagnostics {
		got[d.Code] = d.Tags
	}
	for code, want := range map[string][]int{"W2001": {1}, "E2533": {2}, "E3012": nil} {
		tags, ok := got[code]
		if !ok {
			t.Errorf("no %s published: %v", code, got)
			continue
		}
		if !slices.Equal(tags, want) {
			t.Errorf("%s tags %v, want %v", code, tags, want)
		}
	}
}

// Every tagged code is one the checks report.
func TestTaggedCodesExist(t *testing.T) {
	known := map[string]bool{}
	for _, rules := range [][]diag.Rule{schemacheck.Rules(), refcheck.Rules(), lifecycle.Rules()} {
		for _, r := range rules {
			known[r.ID] = true
		}
	}
	for _, code := range diag.TaggedCodes() {
		if !known[code] {
			t.Errorf("tagged code %s is not a rule", code)
		}
	}
}
