package convert

import (
	"fmt"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"gopkg.in/yaml.v3"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// kind is the kind of a value of the format-neutral data model.
type kind uint8

const (
	kNull kind = iota
	kStr
	kInt
	kFloat
	kBool
	kMap
	kList
)

// value is a template as data: long-form intrinsics, ordered mapping keys.
// Numbers keep their literal text so that nothing is rounded on the way.
type value struct {
	kind  kind
	text  string // scalars: the string, or the literal of a number ("true"/"false" for booleans)
	keys  []string
	vals  []*value // values of keys
	items []*value
}

func str(s string) *value { return &value{kind: kStr, text: s} }

func single(key string, v *value) *value {
	return &value{kind: kMap, keys: []string{key}, vals: []*value{v}}
}

// get returns the value of a key of a map, or nil.
func (v *value) get(key string) *value {
	if v == nil || v.kind != kMap {
		return nil
	}
	for i, k := range v.keys {
		if k == key {
			return v.vals[i]
		}
	}
	return nil
}

// fn returns the function name and argument when v is a single-key mapping
// naming an intrinsic function in long form.
func (v *value) fn() (string, *value, bool) {
	if v == nil || v.kind != kMap || len(v.keys) != 1 {
		return "", nil, false
	}
	k := v.keys[0]
	if lang.IsIntrinsicName(k) || k == "Condition" {
		return k, v.vals[0], true
	}
	return "", nil, false
}

// maxNodes bounds the size of a decoded document, so aliases cannot blow it up.
const maxNodes = 2_000_000

// decoder turns a yaml.v3 tree (YAML or JSON input) into values.
type decoder struct {
	format template.Format // how plain scalars resolve
	nodes  int
}

func (d *decoder) decode(n *yaml.Node, depth int) (*value, error) {
	d.nodes++
	if d.nodes > maxNodes {
		return nil, fmt.Errorf("the document is too large (over %d values once aliases are expanded)", maxNodes)
	}
	if depth > 1000 {
		return nil, fmt.Errorf("line %d: the document is nested too deeply", n.Line)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return &value{}, nil
		}
		return d.decode(n.Content[0], depth+1)
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, fmt.Errorf("line %d: unknown alias", n.Line)
		}
		return d.decode(n.Alias, depth+1)
	}
	if fn, ok := tagFunction(n.Tag); ok {
		return d.intrinsic(fn, n, depth)
	}
	switch n.Kind {
	case yaml.MappingNode:
		return d.mapping(n, depth)
	case yaml.SequenceNode:
		v := &value{kind: kList}
		for _, c := range n.Content {
			it, err := d.decode(c, depth+1)
			if err != nil {
				return nil, err
			}
			v.items = append(v.items, it)
		}
		return v, nil
	}
	return d.scalar(n), nil
}

// tagFunction returns the long function name of a short-form tag: !Ref -> Ref,
// !Condition -> Condition, !X -> Fn::X (as cfn-flip does).
func tagFunction(tag string) (string, bool) {
	if !strings.HasPrefix(tag, "!") || strings.HasPrefix(tag, "!!") || len(tag) < 2 {
		return "", false
	}
	name := tag[1:]
	if name == "Ref" || name == "Condition" {
		return name, true
	}
	return "Fn::" + name, true
}

func (d *decoder) intrinsic(fn string, n *yaml.Node, depth int) (*value, error) {
	var arg *value
	if n.Kind == yaml.ScalarNode {
		// A tagged scalar is a string, whatever it looks like.
		arg = str(n.Value)
		if fn == "Fn::GetAtt" {
			if res, attr, ok := strings.Cut(n.Value, "."); ok {
				arg = &value{kind: kList, items: []*value{str(res), str(attr)}}
			}
		}
	} else {
		inner := *n
		inner.Tag = ""
		var err error
		if arg, err = d.decode(&inner, depth+1); err != nil {
			return nil, err
		}
	}
	return single(fn, arg), nil
}

func (d *decoder) mapping(n *yaml.Node, depth int) (*value, error) {
	v := &value{kind: kMap}
	seen := map[string]int{}
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merges = append(merges, val)
			continue
		}
		key := k.Value
		if k.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("line %d: a mapping key must be a string", k.Line)
		}
		x, err := d.decode(val, depth+1)
		if err != nil {
			return nil, err
		}
		if j, dup := seen[key]; dup { // the last one wins, as in every loader
			v.vals[j] = x
			continue
		}
		seen[key] = len(v.keys)
		v.keys = append(v.keys, key)
		v.vals = append(v.vals, x)
	}
	// Merge keys (<<: *anchor) add the keys the mapping does not set itself.
	for _, m := range merges {
		for m.Kind == yaml.AliasNode && m.Alias != nil {
			m = m.Alias
		}
		srcs := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			srcs = m.Content
		}
		for _, s := range srcs {
			sv, err := d.decode(s, depth+1)
			if err != nil {
				return nil, err
			}
			if sv.kind != kMap {
				return nil, fmt.Errorf("line %d: a merge key must refer to a mapping", s.Line)
			}
			for i, k := range sv.keys {
				if _, ok := seen[k]; !ok {
					seen[k] = len(v.keys)
					v.keys = append(v.keys, k)
					v.vals = append(v.vals, sv.vals[i])
				}
			}
		}
	}
	return v, nil
}

// scalar converts a scalar by the type CloudFormation reads it as (YAML 1.1
// for a plain scalar of a YAML document); a number JSON cannot hold (.inf,
// .nan) and a value its explicit tag cannot read (`!!int x`) stay strings.
func (d *decoder) scalar(n *yaml.Node) *value {
	null, typ := template.ResolveScalar(n.Tag, n.Style, n.Value, d.format)
	if null {
		return &value{kind: kNull}
	}
	data, ok := template.ScalarData(typ, n.Value)
	switch {
	case !ok || (typ == template.Float && !template.IsJSONNumber(data)):
		return str(n.Value)
	case typ == template.Bool:
		return &value{kind: kBool, text: data}
	case typ == template.Int:
		return &value{kind: kInt, text: data}
	case typ == template.Float:
		return &value{kind: kFloat, text: data}
	}
	return str(n.Value)
}
