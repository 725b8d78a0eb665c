package schemacheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// The rules of this file judge each resource of their types (a resourceRule's
// resource) for what it needs to be created: an image, a handler and a
// runtime, a role its service can find.

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

// ruleZipPackage warns about a Lambda function deployed from a .zip package
// (PackageType Zip, inline ZipFile or an S3Key) without Handler or Runtime:
// Lambda needs both to run a .zip package and refuses to create the function.
var ruleZipPackage = resourceRule{
	Rule: diag.Rule{ID: "W2533", ResourceTypes: []string{"AWS::Lambda::Function"},
		Summary: "A Lambda function deployed from a .zip package has Handler and Runtime"},
	resource: func(r *ruleRun, e *template.Entry) {
		props := e.Get("Properties")
		if props == nil || props.Kind != template.Mapping {
			return
		}
		var at *template.Pair
		if pt := props.GetPair("PackageType"); pt != nil {
			if v, _ := pt.Value.Str(); v == "Zip" {
				at = pt
			}
		}
		if code := props.GetPair("Code"); at == nil && code != nil && props.Get("PackageType") == nil &&
			(code.Value.Get("ZipFile") != nil || code.Value.Get("S3Key") != nil) {
			at = code
		}
		if at == nil {
			return
		}
		var missing []string
		for _, name := range []string{"Handler", "Runtime"} {
			if props.Get(name) == nil {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			r.report(at.Key.Range, e.Name, "A .zip deployment package needs "+pyList(missing))
		}
	},
}

// ruleRefWithPath reports a CodeBuild project whose ServiceRole is a Ref to a
// role of the template with a Path other than "/": Ref gives the role's name,
// and CodeBuild looks a name up without its path, so it finds no role. GetAtt
// Role.Arn works.
var ruleRefWithPath = resourceRule{
	Rule: diag.Rule{ID: "E3050", ResourceTypes: []string{"AWS::CodeBuild::Project"},
		Summary: "A CodeBuild project names a role with a path by its ARN, not by Ref"},
	resource: func(r *ruleRun, e *template.Entry) {
		v := e.Get("Properties").Get("ServiceRole")
		if !v.IsIntrinsic("Ref") {
			return
		}
		name, _ := v.Arg.Str()
		role := r.t.Resource(name)
		if role == nil {
			return
		}
		if path, ok := role.Get("Properties").Get("Path").Str(); ok && path != "/" {
			r.report(v.Range, e.Name, "When using a Ref to IAM resource the Path must be '/': switch to Fn::GetAtt "+name+".Arn, since the Path is "+jsonschema.PyStr(path))
		}
	},
}
