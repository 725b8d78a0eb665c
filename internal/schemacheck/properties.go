package schemacheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// packaged lists, per resource type, the property paths where a string (a local
// path that `aws cloudformation package` uploads) may stand for an object.
var packaged = map[string]string{
	"AWS::ApiGateway::RestApi":                  "BodyS3Location",
	"AWS::Lambda::Function":                     "Code",
	"AWS::Lambda::LayerVersion":                 "Content",
	"AWS::ElasticBeanstalk::ApplicationVersion": "SourceBundle",
	"AWS::StepFunctions::StateMachine":          "DefinitionS3Location",
	"AWS::AppSync::GraphQLSchema":               "DefinitionS3Location",
	"AWS::AppSync::Resolver":                    "RequestMappingTemplateS3Location ResponseMappingTemplateS3Location",
	"AWS::AppSync::FunctionConfiguration":       "RequestMappingTemplateS3Location ResponseMappingTemplateS3Location",
	"AWS::CloudFormation::Stack":                "TemplateURL",
	"AWS::CodeCommit::Repository":               "Code/S3",
}

// props is the context of a property walk within one resource.
type props struct {
	rt *schema.ResourceType
	// sam is set for AWS::Serverless::* types, whose model (from the SAM
	// transform's schema) is approximate below the top level, and whose required
	// properties may come from Globals: only top-level names and values are judged.
	sam bool
}

// checkProperties checks a resource's Properties against its type.
func (c *checker) checkProperties(e *template.Entry, rt *schema.ResourceType) {
	w := props{rt: rt, sam: strings.HasPrefix(rt.Name, "AWS::Serverless::")}
	pair := e.Value.GetPair("Properties")
	if pair == nil {
		if !w.sam {
			for _, name := range rt.RequiredNames() {
				c.report(e.Key.Range, "E3003", pyStr(name)+" is a required property").Data.Missing = name
			}
			if rt.Relations != nil {
				// no properties at all: "exactly one of" and "at least one of" fail
				c.checkRelations(&template.Node{Kind: template.Mapping}, rt.Relations, e.Key.Range)
			}
		}
		return
	}
	if cond, ok := e.Value.Get("Condition").Str(); ok {
		c.conds = append(c.conds, branch{cond: cond, want: true})
		defer func() { c.conds = c.conds[:len(c.conds)-1] }()
	}
	c.checkObject(w, pair.Value, &rt.Object, pair.Key.Range, "")
}

// checkObject checks a value that must be an object with the properties of obj.
// at locates missing-property findings; path is the slash-separated property path.
func (c *checker) checkObject(w props, n *template.Node, obj *schema.Object, at template.Range, path string) {
	if n.Tag != "" {
		return
	}
	switch n.Kind {
	case template.Null:
		return
	case template.Intrinsic:
		c.eachBranch(n, func(b *template.Node) { c.checkObject(w, b, obj, at, path) })
		return
	case template.Mapping:
	default:
		if !packagedPath(w.rt.Name, path) && !w.sam {
			c.report(n.Range, "E3012", repr(n)+" is not of type 'object'")
		}
		return
	}
	if w.sam && path != "" {
		return
	}
	special := false // Fn::Transform, Fn::ForEach and the like: keys we cannot judge
	for _, p := range n.Pairs {
		key := p.Key.Value
		if strings.HasPrefix(key, "Fn::") || key == "Ref" {
			special = true
			continue
		}
		prop := obj.Properties[key]
		if prop == nil {
			if !obj.Open && !(obj == &w.rt.Object && readOnly(w.rt, key)) {
				c.unknownKey(p.Key, "E3002", obj.SortedPropertyNames())
			}
			continue
		}
		c.checkValue(w, p.Value, &prop.Type, p.Key.Range, join(path, key))
	}
	if special || w.sam {
		return
	}
	for _, name := range c.requiredNames(obj) {
		// missing, or set under an Fn::If whose other branch is AWS::NoValue
		s := scenario{ok: true}
		s.without(present(n, name))
		if c.possible(s) {
			c.report(at, "E3003", pyStr(name)+" is a required property"+whenText(s)).Data.Missing = name
		}
	}
	if obj.Relations != nil {
		c.checkRelations(n, obj.Relations, at)
	}
}

// checkValue checks a property value against its value type. at is the range of
// the key (or list item) the value stands under.
func (c *checker) checkValue(w props, n *template.Node, vt *schema.ValueType, at template.Range, path string) {
	if vt == nil || vt.Kind == 0 || n.Tag != "" {
		return // unknown YAML tags belong to macros: their values are not ours to judge
	}
	switch n.Kind {
	case template.Null:
		return
	case template.Intrinsic:
		if n.Fn == "Ref" {
			if !w.sam {
				c.checkResolvedRef(n, vt, path)
			}
			return
		}
		c.eachBranch(n, func(b *template.Node) { c.checkValue(w, b, vt, at, path) })
	case template.Mapping:
		switch {
		case vt.Kind.Has(schema.KindObject):
			if obj := w.rt.Definitions[vt.Object]; obj != nil {
				c.checkObject(w, n, obj, at, path)
			}
		case vt.Kind.Has(schema.KindMap):
			if hasFnKey(n) {
				return
			}
			for _, p := range n.Pairs {
				c.checkValue(w, p.Value, vt.Item, p.Key.Range, path)
			}
		default:
			if !hasFnKey(n) {
				c.typeError(n, vt)
			}
		}
	case template.Sequence:
		if !vt.Kind.Has(schema.KindList) {
			c.typeError(n, vt)
			return
		}
		c.checkItems(n, vt)
		item := vt.Item
		if item == nil && vt.Object != "" {
			item = &schema.ValueType{Kind: schema.KindObject, Object: vt.Object}
		}
		for _, it := range n.Items {
			c.checkValue(w, it, item, itemRange(it), path)
		}
	case template.Scalar:
		if vt.Kind&scalarKinds == 0 && (w.sam || packagedPath(w.rt.Name, path)) {
			return
		}
		if !scalarFits(n, vt.Kind) {
			c.typeError(n, vt)
			return
		}
		c.checkScalar(n, vt)
	}
}

// eachBranch calls fn with the value(s) an intrinsic may produce when they can be
// judged: both branches of Fn::If (AWS::NoValue aside). Other functions are not
// judged: their results are only known at deployment.
func (c *checker) eachBranch(n *template.Node, fn func(*template.Node)) {
	condNode, yes, no, ok := n.IfArgs()
	if !ok {
		return
	}
	cond, _ := condNode.Str()
	for i, b := range []*template.Node{yes, no} {
		if b.IsNoValue() {
			continue
		}
		c.conds = append(c.conds, branch{cond: cond, want: i == 0})
		fn(b)
		c.conds = c.conds[:len(c.conds)-1]
	}
}

// typeError reports a value of the wrong kind (E3012).
func (c *checker) typeError(n *template.Node, vt *schema.ValueType) {
	c.report(n.Range, "E3012", repr(n)+" is not of type "+kindNames(vt.Kind))
}

// itemRange locates findings about a list item: from its start (a JSON `{`)
// to the end of its first key when it is a mapping.
func itemRange(n *template.Node) template.Range {
	if n.Kind == template.Mapping && len(n.Pairs) > 0 {
		return template.Range{Start: n.Range.Start, End: n.Pairs[0].Key.Range.End}
	}
	return n.Range
}

func hasFnKey(n *template.Node) bool {
	for _, p := range n.Pairs {
		if strings.HasPrefix(p.Key.Value, "Fn::") || p.Key.Value == "Ref" {
			return true
		}
	}
	return false
}

func readOnly(rt *schema.ResourceType, key string) bool {
	for _, r := range rt.ReadOnly {
		if r == key {
			return true
		}
	}
	return false
}

func packagedPath(typ, path string) bool {
	for _, p := range strings.Fields(packaged[typ]) {
		if p == path {
			return true
		}
	}
	return false
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "/" + key
}

// requiredNames returns obj.RequiredNames(), computed once per object per check.
func (c *checker) requiredNames(obj *schema.Object) []string {
	names, ok := c.required[obj]
	if !ok {
		names = obj.RequiredNames()
		if c.required == nil {
			c.required = map[*schema.Object][]string{}
		}
		c.required[obj] = names
	}
	return names
}
