package schemacheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// ruleInstanceImageID reports an EC2 instance with no image: no ImageId and no
// launch template, or a launch template of this template that sets none
// either. EC2 cannot launch it. A launch template named by a parameter or a
// literal id is not known here and passes.
var ruleInstanceImageID = resourceRule{
	Rule: diag.Rule{ID: "E3673", ResourceTypes: []string{"AWS::EC2::Instance"},
		Summary: "An EC2 instance has an ImageId, itself or through its launch template"},
	resource: func(r *ruleRun, e *template.Entry) {
		pp := e.Value.GetPair("Properties")
		if pp == nil || pp.Value.Kind != template.Mapping || pp.Value.Get("ImageId") != nil {
			return
		}
		lt := pp.Value.Get("LaunchTemplate")
		if lt != nil && !r.launchTemplateWithoutImage(lt) {
			return
		}
		r.report(pp.Key.Range, e.Name, "'ImageId' is a required property: neither the instance nor its launch template sets one")
	},
}

// launchTemplateWithoutImage reports whether an instance's LaunchTemplate
// names a launch template of this template whose data sets no ImageId.
func (r *ruleRun) launchTemplateWithoutImage(lt *template.Node) bool {
	ref := lt.Get("LaunchTemplateId")
	if ref == nil {
		ref = lt.Get("LaunchTemplateName")
	}
	var name string
	switch {
	case ref.IsIntrinsic("Ref"):
		name, _ = ref.Arg.Str()
	case ref.IsIntrinsic("Fn::GetAtt"):
		if s, ok := ref.Arg.Str(); ok {
			name, _, _ = strings.Cut(s, ".")
		} else if ref.Arg != nil && ref.Arg.Kind == template.Sequence && len(ref.Arg.Items) > 0 {
			name, _ = ref.Arg.Items[0].Str()
		}
	default:
		return false
	}
	e := r.t.Resource(name)
	if e == nil || e.Type() != "AWS::EC2::LaunchTemplate" {
		return false
	}
	data := e.Get("Properties").Get("LaunchTemplateData")
	return data != nil && data.Kind == template.Mapping && data.Get("ImageId") == nil
}
