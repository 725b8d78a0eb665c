package analysis

import (
	"context"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/checktest"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

func TestSyntaxDuplicatesAndSize(t *testing.T) {
	ctx := context.Background()
	spec := schema.Default()
	ds, _ := Analyze(ctx, template.Parse("x.yaml", "Resources:\n  A:\n    Type: AWS::SNS::Topic\n  A:\n    Type: AWS::SNS::Topic\n"), spec, Options{})
	if len(ds) == 0 || ds[0].Code != "E0000" || ds[0].Range.Start.Line != 3 || !strings.Contains(ds[0].Message, "line 2") {
		t.Errorf("duplicate key: %+v", ds)
	}
	big := "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + strings.Repeat("# padding\n", template.MaxSize/10+1)
	ds, _ = Analyze(ctx, template.Parse("big.yaml", big), spec, Options{})
	if len(ds) != 1 || ds[0].Code != "E0000" || !strings.Contains(ds[0].Message, "at most") {
		t.Errorf("oversized template: %+v", ds)
	}
	ds, _ = Analyze(ctx, template.Parse("big.yaml", strings.Repeat("x: 1\n", template.MaxSize/4)), spec, Options{})
	if len(ds) != 0 {
		t.Errorf("oversized non-template got diagnostics: %+v", ds)
	}
	ds, _ = Analyze(ctx, template.Parse("bin", "\x00\x01\x02Resources"), spec, Options{})
	if len(ds) != 0 {
		t.Errorf("binary file got diagnostics: %+v", ds)
	}
}

func TestCancelledAnalysisReturnsNothing(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ds, err := Analyze(ctx, template.Parse("x.yaml", "Resources:\n  A:\n    Type: AWS::SNS::Topic\n"), schema.Default(), Options{})
	if err == nil || ds != nil {
		t.Errorf("cancelled analysis returned %v, %v", ds, err)
	}
}

func TestSuppressions(t *testing.T) {
	src := `Metadata:
  cfn-lint:
    config:
      ignore_checks: [E30]
Resources:
  A:
    Type: AWS::SNS::Topic
    Metadata:
      cfn-lint:
        config:
          ignore_checks:
            - W9
  B:
    Type: AWS::SNS::Topic
`
	tp := template.Parse("x.yaml", src)
	ds := []diag.Diagnostic{
		{Code: "E3002", Resource: "A"},                           // template-level prefix E30
		{Code: "W9001", Resource: "A"},                           // resource-level prefix W9
		{Code: "W9001", Resource: "B"},                           // not suppressed on B
		{Code: "W9", Resource: "A", Source: diag.SourceSecurity}, // cfn_nag id: cfn-lint lists do not apply
		{Code: "W2", Resource: "B", Source: diag.SourceSecurity}, // global ignore, exact
		{Code: "W2001", Resource: "B"},                           // cfn-lint id: W2 is a prefix
		{Code: "W3005", Resource: "B"},                           // not matched
	}
	got := checktest.Codes(Suppress(tp, ds, []string{" W2"}))
	if got != "W9001,W9,W3005" {
		t.Errorf("after suppression: %s", got)
	}
}

// TestRuleSelection follows cfn-lint's rule selection (cfnlint/rules/_rule.py,
// _rule_is_enabled): include filters first, mandatory rules then win over every
// ignore, including a template's Metadata.
func TestRuleSelection(t *testing.T) {
	tp := template.Parse("x.yaml", "Metadata:\n  cfn-lint:\n    config:\n      ignore_checks: [E3002]\nResources:\n  A:\n    Type: AWS::SNS::Topic\n")
	all := []diag.Diagnostic{
		{Code: "E3002", Source: diag.SourceValidate},
		{Code: "W2001", Source: diag.SourceValidate},
		{Code: "I1002", Source: diag.SourceValidate},
		{Code: "W2", Source: diag.SourceSecurity},
		{Code: "F1000", Source: diag.SourceSecurity},
		{Code: "ORG-1", Source: "custom"},
	}
	for _, tc := range []struct {
		name string
		opts Options
		want string
	}{
		{"editor: everything but the template's own ignore", Options{}, "W2001,I1002,W2,F1000,ORG-1"},
		{"CLI default: informational rules are opt-in", Options{Include: []string{"W", "E"}}, "W2001,W2,F1000,ORG-1"},
		{"-c I", Options{Include: []string{"W", "E", "I"}}, "W2001,I1002,W2,F1000,ORG-1"},
		{"-i W: every validation warning, not cfn_nag's", Options{Ignore: []string{"W"}}, "I1002,W2,F1000,ORG-1"},
		{"-i W2: cfn_nag's W2 exactly, cfn-lint's W2xxx", Options{Ignore: []string{"W2"}}, "I1002,F1000,ORG-1"},
		{"-i F: cfn_nag ids never match a prefix", Options{Ignore: []string{"F"}}, "W2001,I1002,W2,F1000,ORG-1"},
		{"-i ORG: custom ids are prefixes", Options{Ignore: []string{"ORG"}}, "W2001,I1002,W2,F1000"},
		{"-m E3002 beats the template's Metadata", Options{Mandatory: []string{"E3002"}}, "E3002,W2001,I1002,W2,F1000,ORG-1"},
		{"-m W -i W2001: mandatory wins", Options{Mandatory: []string{"W"}, Ignore: []string{"W2001"}}, "W2001,I1002,W2,F1000,ORG-1"},
		{"-m does not override include", Options{Include: []string{"W", "E"}, Mandatory: []string{"I"}}, "W2001,W2,F1000,ORG-1"},
	} {
		ds := suppress(tp, append([]diag.Diagnostic(nil), all...), tc.opts)
		if got := checktest.Codes(ds); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
}
