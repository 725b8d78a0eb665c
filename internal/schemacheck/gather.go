package schemacheck

import (
	"sort"
	"strconv"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// A few of cfn-lint's extension schemas judge a resource together with the
// resources it refers to (an ECS service and its task definition, a queue and
// its dead-letter queue, an event source mapping, its function and its
// queue). Their root is a single cfnGather keyword:
//
//	{"cfnGather": {"gather": {NAME: {"reference": PTR, "filter": {"type": T},
//	                                 "properties": {KEY: PTR | {"path": PTR, "default": V}}}},
//	               "schema": S}}
//
// Each NAME gathers, from the resource's own properties or, with a reference,
// from those of the template's resource of type T that the value at PTR
// names (Ref or Fn::GetAtt), the values at the properties' pointers (or their
// defaults) into an object {NAME: {KEY: value}}; S judges that object, its
// {"$data": PTR} values standing for the gathered value PTR points to (a
// keyword whose value was not gathered, or is not a literal, is left out).
// The gathered values are the template's own nodes, so that findings fall on
// the values they are about.

// gatherCheck returns the check of a rule whose schema root is raw, when that
// is a cfnGather schema; nil otherwise.
func gatherCheck(id string, allMatches bool, raw any) func(v *jsonschema.Validator, n *template.Node, p jsonschema.Place) []*jsonschema.Error {
	root, _ := raw.(map[string]any)
	g, _ := root["cfnGather"].(map[string]any)
	if g == nil {
		return nil
	}
	gather, _ := g["gather"].(map[string]any)
	sch := g["schema"]
	return func(v *jsonschema.Validator, n *template.Node, p jsonschema.Place) []*jsonschema.Error {
		if n == nil || n.Kind != template.Mapping {
			return nil
		}
		inst := gathered(v.T, n, p.At, gather)
		doc := jsonschema.NewDocument(id+"#gather", withData(sch, inst), nil)
		r := &jsonschema.Rule{ID: id, Schema: doc.Root(), AllMatches: allMatches}
		errs := v.RunRule(r, inst, p)
		if say := gatherMessages[id]; say != "" {
			for _, e := range errs {
				e.Message = say + " (" + e.Message + ")"
			}
		}
		return errs
	}
}

// gatherMessages say what the findings of the cfnGather rules mean, where
// the failed keyword about the gathered object alone would not.
var gatherMessages = map[string]string{
	"E3052": "A service whose task definition uses the awsvpc network mode needs a NetworkConfiguration",
	"E3054": "A FARGATE service's task definition, unless in awsvpc mode, must list FARGATE in RequiresCompatibilities",
	"E3502": "A queue and its dead-letter queue must both be FIFO queues or both standard ones",
	"E3505": "The queue's VisibilityTimeout must be at least the function's Timeout",
}

// gathered builds the object the gather part of a cfnGather schema describes,
// for the resource whose properties are props (found under the key at at).
func gathered(t *template.Template, props *template.Node, at template.Range, gather map[string]any) *template.Node {
	inst := &template.Node{Kind: template.Mapping, Range: props.Range}
	for _, name := range sortedKeys(gather) {
		spec, _ := gather[name].(map[string]any)
		src, srcAt := props, at
		if ref, ok := spec["reference"].(string); ok {
			val := pointer(props, ref)
			typ := ""
			if f, ok := spec["filter"].(map[string]any); ok {
				typ, _ = f["type"].(string)
			}
			e := referenced(t, val)
			if e == nil || (typ != "" && e.Type() != typ) {
				continue // not a resource of this template: nothing to judge
			}
			src, srcAt = e.Get("Properties"), val.Range
			if src == nil {
				src = &template.Node{Kind: template.Mapping, Range: e.Value.Range}
			}
		}
		obj := &template.Node{Kind: template.Mapping, Range: src.Range}
		wanted, _ := spec["properties"].(map[string]any)
		for _, key := range sortedKeys(wanted) {
			ptr, _ := wanted[key].(string)
			def, hasDef := any(nil), false
			if m, ok := wanted[key].(map[string]any); ok {
				ptr, _ = m["path"].(string)
				def, hasDef = m["default"]
			}
			k := &template.Node{Kind: template.Scalar, Type: template.Str, Value: key, Range: srcAt}
			if val, kr := pointerPair(src, ptr); val != nil {
				k.Range = kr
				obj.Pairs = append(obj.Pairs, &template.Pair{Key: k, Value: val})
			} else if d := literal(def, srcAt); hasDef && d != nil {
				obj.Pairs = append(obj.Pairs, &template.Pair{Key: k, Value: d})
			}
		}
		key := &template.Node{Kind: template.Scalar, Type: template.Str, Value: name, Range: srcAt}
		inst.Pairs = append(inst.Pairs, &template.Pair{Key: key, Value: obj})
	}
	return inst
}

// referenced returns the template's resource that a Ref or an Fn::GetAtt
// names, or nil.
func referenced(t *template.Template, n *template.Node) *template.Entry {
	if n == nil || n.Kind != template.Intrinsic || n.Arg == nil || t == nil {
		return nil
	}
	var name string
	switch {
	case n.IsIntrinsic("Ref"):
		name, _ = n.Arg.Str()
	case n.IsIntrinsic("Fn::GetAtt"):
		if s, ok := n.Arg.Str(); ok {
			name, _, _ = strings.Cut(s, ".")
		} else if n.Arg.Kind == template.Sequence && len(n.Arg.Items) > 0 {
			name, _ = n.Arg.Items[0].Str()
		}
	}
	if name == "" {
		return nil
	}
	return t.Resource(name)
}

// pointer returns the value at a JSON pointer below n, or nil.
func pointer(n *template.Node, ptr string) *template.Node {
	v, _ := pointerPair(n, ptr)
	return v
}

// pointerPair returns the value at a JSON pointer of mapping keys below n and
// the range of the key it stands under; nil when there is none.
func pointerPair(n *template.Node, ptr string) (*template.Node, template.Range) {
	var at template.Range
	for _, seg := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if n == nil || n.Kind != template.Mapping {
			return nil, at
		}
		pr := n.GetPair(seg)
		if pr == nil {
			return nil, at
		}
		n, at = pr.Value, pr.Key.Range
	}
	if n != nil && n.Kind == template.Null {
		return nil, at
	}
	return n, at
}

// literal makes a scalar node of a default value (placed at at); nil for
// null and other values.
func literal(v any, at template.Range) *template.Node {
	switch w := v.(type) {
	case bool:
		return &template.Node{Kind: template.Scalar, Type: template.Bool, Value: strconv.FormatBool(w), Range: at}
	case float64:
		t := template.Float
		if w == float64(int64(w)) {
			t = template.Int
		}
		return &template.Node{Kind: template.Scalar, Type: t, Value: strconv.FormatFloat(w, 'f', -1, 64), Range: at}
	case string:
		return &template.Node{Kind: template.Scalar, Type: template.Str, Value: w, Range: at}
	}
	return nil
}

// withData returns a copy of schema s whose {"$data": PTR} values are the
// literal values PTR points to in inst; keywords whose value cannot be had
// are left out.
func withData(s any, inst *template.Node) any {
	switch w := s.(type) {
	case map[string]any:
		out := make(map[string]any, len(w))
		for k, v := range w {
			if m, ok := v.(map[string]any); ok && len(m) == 1 && k != "properties" {
				if ptr, ok := m["$data"].(string); ok {
					if d, ok := dataValue(pointer(inst, ptr)); ok {
						out[k] = d
					}
					continue
				}
			}
			out[k] = withData(v, inst)
		}
		return out
	case []any:
		out := make([]any, len(w))
		for i, v := range w {
			out[i] = withData(v, inst)
		}
		return out
	}
	return s
}

// dataValue is the JSON value of a literal scalar: a boolean, a number (also
// when written as a string) or a string.
func dataValue(n *template.Node) (any, bool) {
	if n == nil || n.Kind != template.Scalar {
		return nil, false
	}
	switch n.Type {
	case template.Bool:
		return n.Text() == "true", true
	case template.Int, template.Float:
		f, ok := n.Number()
		return f, ok
	}
	if f, ok := jsonschema.ParseFloat(n.Value); ok {
		return f, true
	}
	return n.Value, true
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
