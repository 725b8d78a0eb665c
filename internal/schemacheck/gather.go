package schemacheck

import (
	"sort"
	"strconv"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// cfn-lint's cfnGather keyword judges a resource's properties together with
// those of the resources it references: each entry of "gather" collects
// properties of the resource itself (no "reference") or of the resource a
// reference property names (Ref or Fn::GetAtt, of the type "filter" names),
// and "schema" judges the object of the entries, its "$data" pointers
// replaced by the gathered values. A finding lands on the gathered value.
//
// Judged conservatively: a reference written through another function
// (Fn::If...) is not followed, and a gathered value holding a function is
// not compared with another value, except where the schema's cfnContext
// admits no functions, when both are compared as written (Ref to the same
// resource is the same value).

// gatherSpec is one cfnGather keyword.
type gatherSpec struct {
	local, remote []gatherEntry // remote in name order: the first drives
	schema        any
	literal       bool // cfnContext without functions: functions are values
}

type gatherEntry struct {
	name   string
	ref    []string // the reference property's path; nil: local
	filter string   // the referenced resource's type, "" any
	props  []gatherProp
}

type gatherProp struct {
	key    string
	path   []string
	def    any
	hasDef bool
}

// parseGather reads a schema's cfnGather keyword, nil when it has none.
func parseGather(raw any) *gatherSpec {
	m, _ := raw.(map[string]any)
	g, _ := m["cfnGather"].(map[string]any)
	if g == nil {
		return nil
	}
	out := &gatherSpec{schema: g["schema"]}
	if s, ok := out.schema.(map[string]any); ok {
		if c, ok := s["cfnContext"].(map[string]any); ok {
			fns, ok := c["functions"].([]any)
			out.literal = ok && len(fns) == 0
		}
	}
	entries, _ := g["gather"].(map[string]any)
	names := make([]string, 0, len(entries))
	for name := range entries {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		spec, _ := entries[name].(map[string]any)
		e := gatherEntry{name: name}
		if f, ok := spec["filter"].(map[string]any); ok {
			e.filter, _ = f["type"].(string)
		}
		props, _ := spec["properties"].(map[string]any)
		keys := make([]string, 0, len(props))
		for k := range props {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			gp := gatherProp{key: k}
			switch p := props[k].(type) {
			case string:
				gp.path = splitPath(p)
			case map[string]any:
				s, _ := p["path"].(string)
				gp.path = splitPath(s)
				gp.def, gp.hasDef = p["default"]
			}
			e.props = append(e.props, gp)
		}
		if r, ok := spec["reference"].(string); ok {
			e.ref = splitPath(r)
			out.remote = append(out.remote, e)
		} else {
			out.local = append(out.local, e)
		}
	}
	return out
}

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// gatherCheck is the check of a rule whose schema is a cfnGather keyword.
func gatherCheck(id string, allMatches bool, g *gatherSpec) func(v *jsonschema.Validator, n *template.Node, p jsonschema.Place) []*jsonschema.Error {
	return func(v *jsonschema.Validator, n *template.Node, p jsonschema.Place) []*jsonschema.Error {
		if n == nil || n.Kind != template.Mapping || v.T == nil {
			return nil
		}
		if len(g.remote) == 0 {
			return g.judge(v, id, allMatches, n, nil, p)
		}
		var out []*jsonschema.Error
		for _, ref := range nodesAt(n, g.remote[0].ref) {
			if ref.Kind == template.Scalar {
				out = append(out, g.judge(v, id, allMatches, n, nil, p)...) // no resource to gather
				continue
			}
			target := g.resource(v.T, ref, g.remote[0].filter)
			if target == nil {
				continue
			}
			v.ReadOthers = true // the findings depend on the target's properties
			remotes := map[string]*template.Entry{g.remote[0].name: target}
			for _, e := range g.remote[1:] {
				for _, r := range nodesAt(n, e.ref) {
					if t := g.resource(v.T, r, e.filter); t != nil {
						remotes[e.name] = t
						break
					}
				}
			}
			out = append(out, g.judge(v, id, allMatches, n, remotes, p)...)
		}
		return out
	}
}

// resource is the resource of the type filter names (any, when "") that a
// Ref or Fn::GetAtt node names, nil for another value.
func (g *gatherSpec) resource(t *template.Template, ref *template.Node, filter string) *template.Entry {
	var name string
	switch {
	case ref.IsIntrinsic("Ref"):
		name, _ = ref.Arg.Str()
	case ref.IsIntrinsic("Fn::GetAtt"):
		if a := ref.Arg; a != nil && a.Kind == template.Sequence && len(a.Items) > 0 {
			name, _ = a.Items[0].Str()
		} else if s, ok := a.Str(); ok {
			name, _, _ = strings.Cut(s, ".")
		}
	}
	if name == "" {
		return nil
	}
	r := t.Resource(name)
	if r == nil || (filter != "" && r.Type() != filter) {
		return nil
	}
	return r
}

// judge builds the gathered object of properties n and the remote resources
// and validates it with the schema, its $data pointers resolved.
func (g *gatherSpec) judge(v *jsonschema.Validator, id string, allMatches bool, n *template.Node, remotes map[string]*template.Entry, p jsonschema.Place) []*jsonschema.Error {
	root := &template.Node{Kind: template.Mapping, Range: n.Range}
	add := func(e gatherEntry, props *template.Node, at template.Range) bool {
		obj := &template.Node{Kind: template.Mapping, Range: props.Range}
		for _, gp := range e.props {
			val := firstAt(props, gp.path)
			if val == nil {
				if !gp.hasDef {
					continue
				}
				val = nodeOf(gp.def, at) // as cfn-lint: where the entry is
			}
			if g.literal {
				if hasFunction(val, "Fn::If") {
					return false // a choice this check does not follow
				}
				val = literal(val)
			}
			obj.Pairs = append(obj.Pairs, &template.Pair{Key: keyNode(gp.key, keyRange(props, gp.path, val.Range)), Value: val})
		}
		root.Pairs = append(root.Pairs, &template.Pair{Key: keyNode(e.name, at), Value: obj})
		return true
	}
	for _, e := range g.local {
		if !add(e, n, p.At) { // as cfn-lint: at the key of the value judged
			return nil
		}
	}
	for _, e := range g.remote {
		r := remotes[e.name]
		if r == nil {
			continue
		}
		props, at := r.Get("Properties"), r.Key.Range
		if pp := r.Value.GetPair("Properties"); pp != nil {
			at = pp.Key.Range
		}
		if props == nil || props.Kind != template.Mapping {
			props = &template.Node{Kind: template.Mapping, Range: r.Key.Range}
		}
		if !add(e, props, at) {
			return nil
		}
	}
	s, ok := resolveData(g.schema, root)
	if !ok {
		return nil
	}
	doc := jsonschema.NewDocument("cfnGather:"+id, s, nil)
	msg := gatherMessage(id)
	errs := v.RunRule(&jsonschema.Rule{ID: id, Schema: doc.Root(), AllMatches: allMatches, Message: msg}, root, p)
	if allMatches && msg != nil { // RunRule words only a best match
		for _, e := range errs {
			e.Message = msg(root, e)
		}
	}
	return errs
}

// dataKeywords are the keywords whose value may be a {"$data": pointer}.
var dataKeywords = map[string]bool{"minimum": true, "maximum": true, "exclusiveMinimum": true, "exclusiveMaximum": true,
	"minLength": true, "maxLength": true, "minItems": true, "maxItems": true, "const": true, "enum": true, "pattern": true}

// resolveData copies schema s with its $data pointers replaced by the values
// of the gathered object root; a keyword whose pointer leads nowhere, or to a
// value that holds a function (unless functions are values here), is left
// out, as is a bound that is not a number.
func resolveData(s any, root *template.Node) (any, bool) {
	switch s := s.(type) {
	case map[string]any:
		out := make(map[string]any, len(s))
		for k, v := range s {
			if d, ok := v.(map[string]any); ok && dataKeywords[k] && len(d) == 1 {
				if ptr, ok := d["$data"].(string); ok {
					n := firstAt(root, splitPath(ptr))
					if n == nil {
						continue
					}
					val, fn := anyOf(n)
					if fn {
						continue
					}
					switch k {
					case "const", "enum":
					case "pattern":
						if _, ok := val.(string); !ok {
							continue
						}
					default:
						f, ok := number(val)
						if !ok {
							continue
						}
						val = f
					}
					out[k] = val
					continue
				}
			}
			r, ok := resolveData(v, root)
			if !ok {
				return nil, false
			}
			out[k] = r
		}
		return out, true
	case []any:
		out := make([]any, len(s))
		for i, v := range s {
			r, ok := resolveData(v, root)
			if !ok {
				return nil, false
			}
			out[i] = r
		}
		return out, true
	}
	return s, true
}

func number(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case string:
		return jsonschema.ParseFloat(v)
	}
	return 0, false
}

// nodesAt are the values at path below n ("*": each item of a list); a
// function on the way is not looked into.
func nodesAt(n *template.Node, path []string) []*template.Node {
	if n == nil {
		return nil
	}
	if len(path) == 0 {
		return []*template.Node{n}
	}
	switch n.Kind {
	case template.Mapping:
		return nodesAt(n.Get(path[0]), path[1:])
	case template.Sequence:
		if path[0] == "*" {
			var out []*template.Node
			for _, it := range n.Items {
				out = append(out, nodesAt(it, path[1:])...)
			}
			return out
		}
		if i, err := strconv.Atoi(path[0]); err == nil && i >= 0 && i < len(n.Items) {
			return nodesAt(n.Items[i], path[1:])
		}
	}
	return nil
}

// keyRange is the range of the key a gathered property stands under (as
// cfn-lint places its findings), def for a default value.
func keyRange(props *template.Node, path []string, def template.Range) template.Range {
	if len(path) == 0 {
		return def
	}
	for _, parent := range nodesAt(props, path[:len(path)-1]) {
		if pp := parent.GetPair(path[len(path)-1]); pp != nil {
			return pp.Key.Range
		}
	}
	return def
}

// firstAt is the first value at path that is not Ref AWS::NoValue, or nil.
func firstAt(n *template.Node, path []string) *template.Node {
	for _, v := range nodesAt(n, path) {
		if v.IsIntrinsic("Ref") {
			if s, _ := v.Arg.Str(); s == "AWS::NoValue" {
				continue
			}
		}
		return v
	}
	return nil
}

// anyOf is the JSON value of a node (a function as the object {Fn: argument}),
// and whether it holds a function.
func anyOf(n *template.Node) (any, bool) {
	switch n.Kind {
	case template.Scalar:
		switch n.Type {
		case template.Bool:
			return n.Text() == "true", false
		case template.Int, template.Float:
			if f, ok := n.Number(); ok {
				return f, false
			}
		}
		return n.Value, false
	case template.Mapping:
		m := make(map[string]any, len(n.Pairs))
		fn := false
		for _, p := range n.Pairs {
			v, f := anyOf(p.Value)
			m[p.Key.Value], fn = v, fn || f
		}
		return m, fn
	case template.Sequence:
		l := make([]any, len(n.Items))
		fn := false
		for i, it := range n.Items {
			v, f := anyOf(it)
			l[i], fn = v, fn || f
		}
		return l, fn
	case template.Intrinsic:
		var arg any
		if n.Arg != nil {
			arg, _ = anyOf(n.Arg)
		}
		return map[string]any{n.Fn: arg}, true
	}
	return nil, false
}

// literal is a copy of n with its functions written as the objects they are
// spelled as ({"Ref": "Api"}), for comparing values as written.
func literal(n *template.Node) *template.Node {
	if n == nil || !hasFunction(n, "") {
		return n
	}
	cp := *n
	switch n.Kind {
	case template.Mapping:
		cp.Pairs = make([]*template.Pair, len(n.Pairs))
		for i, p := range n.Pairs {
			cp.Pairs[i] = &template.Pair{Key: p.Key, Value: literal(p.Value)}
		}
	case template.Sequence:
		cp.Items = make([]*template.Node, len(n.Items))
		for i, it := range n.Items {
			cp.Items[i] = literal(it)
		}
	case template.Intrinsic:
		arg := n.Arg
		if arg == nil {
			arg = &template.Node{Kind: template.Null, Range: n.Range}
		}
		cp = template.Node{Kind: template.Mapping, Range: n.Range, Parent: n.Parent,
			Pairs: []*template.Pair{{Key: keyNode(n.Fn, n.Range), Value: literal(arg)}}}
	}
	return &cp
}

// hasFunction reports whether n holds the function fn ("": any function).
func hasFunction(n *template.Node, fn string) bool {
	found := false
	template.Walk(n, func(m *template.Node) bool {
		if m.Kind == template.Intrinsic && (fn == "" || m.Fn == fn) {
			found = true
		}
		return !found
	})
	return found
}

func keyNode(s string, at template.Range) *template.Node {
	return &template.Node{Kind: template.Scalar, Type: template.Str, Value: s, Range: at}
}

// nodeOf is a node for a default value of the gather (a scalar or null).
func nodeOf(v any, at template.Range) *template.Node {
	switch v := v.(type) {
	case bool:
		return &template.Node{Kind: template.Scalar, Type: template.Bool, Value: strconv.FormatBool(v), Range: at}
	case float64:
		return &template.Node{Kind: template.Scalar, Type: template.Float, Value: strconv.FormatFloat(v, 'g', -1, 64), Range: at}
	case string:
		return &template.Node{Kind: template.Scalar, Type: template.Str, Value: v, Range: at}
	}
	return &template.Node{Kind: template.Null, Range: at}
}

// gatherMessages say what the rules of cfnGather schemas compare, before the
// failed keyword's own words.
var gatherMessages = map[string]string{
	"E3052": "A service whose task definition uses the awsvpc network mode needs a NetworkConfiguration",
	"E3054": "A FARGATE service's task definition, unless in awsvpc mode, lists FARGATE in RequiresCompatibilities",
	"E3502": "A queue and its dead-letter queue are both FIFO queues or both standard ones",
	"E3505": "The queue's VisibilityTimeout is at least the function's Timeout",
	"E3698": "A stage deploys a deployment of its own REST API",
	"E3699": "A method's authorizer belongs to the method's REST API",
	"E3705": "Lambda reads at most 10 messages a batch from a FIFO queue",
	"E3706": "MaxSize is at least MinSize",
	"E3707": "An instance of a DB cluster runs the cluster's engine",
	"E3708": "The authorizer's Type does not suit the method's AuthorizationType",
	"E3709": "An instance of a DB cluster has the cluster's StorageEncrypted",
	"E3711": "A listener rule cannot forward to a GENEVE target group (a Gateway Load Balancer's)",
	"E3712": "Target tracking scaling needs the group's MaxSize above its MinSize",
	"E3713": "Fargate tasks log with awslogs, splunk or awsfirelens",
	"E3714": "The security groups of a launch template's network interface are of its subnet's VPC",
	"W3663": "A permission for a service whose source ARN names no account sets SourceAccount",
}

// gatherMessage words the finding of a cfnGather rule, nil to keep the
// keyword's message.
func gatherMessage(id string) func(n *template.Node, e *jsonschema.Error) string {
	what, ok := gatherMessages[id]
	if !ok {
		return nil
	}
	return func(n *template.Node, e *jsonschema.Error) string {
		if id == "E3711" {
			return what
		}
		return what + ": " + e.Message
	}
}
