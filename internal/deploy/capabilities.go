package deploy

import (
	"sort"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Capabilities CloudFormation asks a template to acknowledge.
const (
	CapabilityIAM        = "CAPABILITY_IAM"
	CapabilityNamedIAM   = "CAPABILITY_NAMED_IAM"
	CapabilityAutoExpand = "CAPABILITY_AUTO_EXPAND"
)

// namedIAM maps IAM resource types to the property that gives them a custom name.
var namedIAM = map[string]string{
	"AWS::IAM::Role":            "RoleName",
	"AWS::IAM::User":            "UserName",
	"AWS::IAM::Group":           "GroupName",
	"AWS::IAM::ManagedPolicy":   "ManagedPolicyName",
	"AWS::IAM::InstanceProfile": "InstanceProfileName",
}

// Capabilities computes the capabilities a template needs: CAPABILITY_IAM for
// IAM resources (and SAM, which creates roles), CAPABILITY_NAMED_IAM when one of
// them has a custom name, CAPABILITY_AUTO_EXPAND for a Transform or a macro
// (Fn::Transform). The result is sorted and never grants more than that.
func Capabilities(t *template.Template) []string {
	set := map[string]bool{}
	if len(t.Transforms()) > 0 {
		set[CapabilityAutoExpand] = true
	}
	if t.HasSAM() {
		set[CapabilityIAM] = true
	}
	for _, r := range t.Resources {
		typ := r.Type()
		if strings.HasPrefix(typ, "AWS::IAM::") {
			set[CapabilityIAM] = true
			if prop, ok := namedIAM[typ]; ok && r.Get("Properties").Get(prop) != nil {
				set[CapabilityNamedIAM] = true
			}
		}
	}
	template.Walk(t.Root, func(n *template.Node) bool {
		if n.IsIntrinsic("Fn::Transform") {
			set[CapabilityAutoExpand] = true
			return false
		}
		return true
	})
	if set[CapabilityNamedIAM] {
		delete(set, CapabilityIAM) // the named capability covers unnamed resources too
	}
	out := make([]string, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// MergeCapabilities adds extra (user-given) capabilities to computed ones,
// without duplicates, sorted.
func MergeCapabilities(computed, extra []string) []string {
	set := map[string]bool{}
	for _, c := range append(append([]string{}, computed...), extra...) {
		if c = strings.TrimSpace(c); c != "" {
			set[strings.ToUpper(c)] = true
		}
	}
	out := make([]string, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}
