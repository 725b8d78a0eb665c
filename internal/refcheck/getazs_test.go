package refcheck

import (
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// TestGetAZsArgument checks which arguments of Fn::GetAZs are E1015: a null
// written out is, the short form with nothing after it (the stack's region,
// as "" is) is not.
func TestGetAZsArgument(t *testing.T) {
	for src, want := range map[string]bool{
		"!GetAZs":              false,
		"!GetAZs ''":           false,
		"{Fn::GetAZs: ''}":     false,
		"{Fn::GetAZs: null}":   true,
		"{Fn::GetAZs: }":       true,
		"!GetAZs eu-west-1":    false,
		"!GetAZs eu-middle-1":  true,
		"!GetAZs [eu-west-1]":  true,
		"!GetAZs {Ref: Where}": false,
	} {
		doc := "Parameters:\n  Where: {Type: String}\nResources:\n  G:\n    Type: AWS::AutoScaling::AutoScalingGroup\n    Properties:\n      MaxSize: '1'\n      MinSize: '0'\n      AvailabilityZones: " + src + "\n"
		got := false
		for _, d := range Check(template.Parse("t.yaml", doc), nil) {
			got = got || d.Code == codeGetAZs
		}
		if got != want {
			t.Errorf("AvailabilityZones: %s: E1015 = %v, want %v", src, got, want)
		}
	}
}
