package schemacheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// modelDocs caches the schemas made from models, by type.
var modelDocs memo[*schema.ResourceType, *jsonschema.Document]

// modelDocument returns a JSON schema made from a type's model, for the types
// that have no registry schema: the SAM types and those of the classic
// specification. The SAM transform's schema describes its types' top level
// only as far as a template may rely on it (Globals may supply required
// properties, a local path may stand for an object), so for them only the
// names and scalar values of the top-level properties are judged.
func modelDocument(rt *schema.ResourceType) *jsonschema.Document {
	return modelDocs.get(rt, buildModelDocument)
}

func buildModelDocument(rt *schema.ResourceType) *jsonschema.Document {
	sam := strings.HasPrefix(rt.Name, "AWS::Serverless::")
	root := objectSchema(&rt.Object, sam)
	if !sam {
		defs := map[string]any{}
		for name, obj := range rt.Definitions {
			defs[name] = objectSchema(obj, false)
		}
		root["definitions"] = defs
	}
	return jsonschema.NewDocument(rt.Name, root, nil)
}

// objectSchema describes an object with the properties of obj; its keywords
// apply to objects only, so that a $ref to it may stand beside other types.
func objectSchema(obj *schema.Object, sam bool) map[string]any {
	props := map[string]any{}
	for name, p := range obj.Properties {
		props[name] = valueSchema(&p.Type, sam)
	}
	s := map[string]any{"properties": props}
	if !obj.Open {
		s["additionalProperties"] = false
	}
	if sam {
		return s
	}
	if req := obj.RequiredNames(); len(req) > 0 {
		s["required"] = strs(req)
	}
	if r := obj.Relations; r != nil {
		sets := func(list [][]string) []any {
			out := make([]any, len(list))
			for i, names := range list {
				out[i] = map[string]any{"required": strs(names)}
			}
			return out
		}
		deps := func(m map[string][]string) map[string]any {
			out := map[string]any{}
			for k, v := range m {
				out[k] = strs(v)
			}
			return out
		}
		// Each keyword stands only when it has names.
		put := func(keyword string, n int, v any) {
			if n > 0 {
				s[keyword] = v
			}
		}
		put("oneOf", len(r.OneOf), sets(r.OneOf))
		put("anyOf", len(r.AnyOf), sets(r.AnyOf))
		put("requiredXor", len(r.Xor), strs(r.Xor))
		put("requiredOr", len(r.Or), strs(r.Or))
		put("dependentRequired", len(r.Requires), deps(r.Requires))
		put("dependentExcluded", len(r.Excludes), deps(r.Excludes))
	}
	return s
}

var kindTypes = []struct {
	k    schema.Kind
	name string
}{
	{schema.KindString, "string"}, {schema.KindInteger, "integer"}, {schema.KindNumber, "number"},
	{schema.KindBoolean, "boolean"}, {schema.KindObject | schema.KindMap, "object"}, {schema.KindList, "array"},
}

const scalarKinds = schema.KindString | schema.KindInteger | schema.KindNumber | schema.KindBoolean

// valueSchema describes a value of type vt.
func valueSchema(vt *schema.ValueType, sam bool) map[string]any {
	if vt == nil || vt.Kind == schema.KindAny || vt.Kind == 0 {
		return map[string]any{}
	}
	kind := vt.Kind
	if sam && kind&scalarKinds == 0 {
		kind |= scalarKinds // a local path or a Globals reference may stand for it
	}
	var types []any
	for _, kt := range kindTypes {
		if kind&kt.k != 0 {
			types = append(types, kt.name)
		}
	}
	s := map[string]any{"type": types}
	switch {
	case vt.Kind.Has(schema.KindList):
		item := vt.Item
		if item == nil && vt.Object != "" {
			item = &schema.ValueType{Kind: schema.KindObject, Object: vt.Object}
		}
		if item != nil {
			s["items"] = valueSchema(item, sam)
		}
	case vt.Kind.Has(schema.KindMap) && vt.Item != nil:
		s["additionalProperties"] = valueSchema(vt.Item, sam)
	}
	if vt.Object != "" && vt.Kind.Has(schema.KindObject) && !sam {
		s["$ref"] = "#/definitions/" + vt.Object
	}
	if len(vt.Enum) > 0 {
		s["enum"] = strs(vt.Enum)
	}
	if vt.Pattern != "" {
		s["pattern"] = vt.Pattern
	}
	for key, f := range map[string]*float64{"minimum": vt.Min, "maximum": vt.Max} {
		if f != nil {
			s[key] = *f
		}
	}
	for key, i := range map[string]*int{"minLength": vt.MinLength, "maxLength": vt.MaxLength, "minItems": vt.MinItems, "maxItems": vt.MaxItems} {
		if i != nil {
			s[key] = float64(*i)
		}
	}
	return s
}

func strs(names []string) []any {
	out := make([]any, len(names))
	for i, n := range names {
		out[i] = n
	}
	return out
}
