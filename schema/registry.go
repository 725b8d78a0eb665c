package schema

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// ParseRegistrySchema converts one registry provider schema (the JSON document
// describing one resource type, with a typeName) into a ResourceType. Descriptions
// are kept; DocURLs are computed from the type name. Unresolvable references become
// KindAny rather than errors.
func ParseRegistrySchema(data []byte) (*ResourceType, error) {
	rt, _, err := parseRegistryBytes(data)
	return rt, err
}

// parseRegistryBytes decodes a registry schema and converts it, returning the
// decoded document too.
func parseRegistryBytes(data []byte) (*ResourceType, map[string]any, error) {
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		return nil, nil, err
	}
	rt := parseRegistry(root, true)
	if rt == nil {
		return nil, nil, errors.New("registry schema has no typeName")
	}
	setDocURLs(rt)
	return rt, root, nil
}

// parseRegistry converts a decoded registry schema (which it does not modify);
// nil when it has no typeName. keepDesc keeps the descriptions.
func parseRegistry(root map[string]any, keepDesc bool) *ResourceType {
	name, _ := root["typeName"].(string)
	if name == "" {
		return nil
	}
	rt := newResourceType(name)
	c := newConverter(root, rt, "#/definitions/")
	c.keepDesc = keepDesc
	c.fillObject(&rt.Object, root)
	applyRegistryFacts(rt, root, c)
	rt.Lifecycle = registryLifecycle(root)
	rt.Handlers = RegistryHandlers(root)
	return rt
}

// GetAtts are the names cfn-lint lets Fn::GetAtt take on a type beyond its
// read-only properties.
type GetAtts struct {
	// All: every property path is an attribute (paths through lists of objects aside).
	All bool `json:"all,omitempty"`
	// Extra names top-level properties that are attributes too.
	Extra []string `json:"extra,omitempty"`
}

// applyGetAtts adds the attributes g names.
func (rt *ResourceType) applyGetAtts(g *GetAtts) {
	if g == nil {
		return
	}
	if g.All {
		for _, pn := range slices.Sorted(maps.Keys(rt.Properties)) {
			addPropertyAttrs(rt, pn, rt.Properties[pn].Type, map[string]bool{})
		}
	}
	for _, pn := range g.Extra {
		if p := rt.Properties[pn]; p != nil && rt.Attributes[pn] == nil {
			rt.Attributes[pn] = &Attribute{Name: pn, Type: p.Type}
		}
	}
}

// addPropertyAttrs makes path an attribute, or for objects with known properties,
// each of their property paths. Lists of objects or lists are not addressable.
func addPropertyAttrs(rt *ResourceType, path string, vt ValueType, seen map[string]bool) {
	if obj := rt.PropertiesOf(&vt); obj != nil && vt.Kind.Has(KindObject) {
		if seen[vt.Object] {
			return
		}
		seen[vt.Object] = true
		for _, pn := range slices.Sorted(maps.Keys(obj.Properties)) {
			addPropertyAttrs(rt, path+"."+pn, obj.Properties[pn].Type, seen)
		}
		delete(seen, vt.Object)
		return
	}
	if vt.Kind.Has(KindList) && vt.Item != nil && vt.Item.Kind&(KindObject|KindList|KindMap) != 0 {
		return
	}
	if rt.Attributes[path] == nil {
		rt.Attributes[path] = &Attribute{Name: path, Type: vt}
	}
}

func newResourceType(name string) *ResourceType {
	return &ResourceType{
		Name:        name,
		Object:      Object{Name: name, Properties: map[string]*Property{}},
		Definitions: map[string]*Object{},
		Attributes:  map[string]*Attribute{},
	}
}

// applyRegistryFacts applies the resource-level lists of a registry schema:
// update behaviour, read-only properties, attributes and the primary identifier.
func applyRegistryFacts(rt *ResourceType, root map[string]any, c *converter) {
	for _, p := range rt.Properties {
		p.Update = UpdateMutable
	}
	mark := func(key string, u UpdateBehavior) {
		for _, ptr := range StringList(root[key]) {
			parts := pointerParts(ptr)
			if len(parts) == 0 {
				continue
			}
			p := rt.Properties[parts[0]]
			if p == nil {
				continue
			}
			switch {
			case len(parts) == 1:
				p.Update = u
			case p.Update == UpdateMutable:
				// A nested create-only property makes the top-level one conditional.
				p.Update = UpdateConditional
			}
		}
	}
	mark("conditionalCreateOnlyProperties", UpdateConditional)
	mark("createOnlyProperties", UpdateImmutable)

	var readOnly []string
	for _, ptr := range StringList(root["readOnlyProperties"]) {
		parts := pointerParts(ptr)
		if len(parts) == 0 {
			continue
		}
		name := strings.Join(parts, ".")
		readOnly = append(readOnly, name)
		if strings.Contains(name, "*") {
			continue // Fn::GetAtt cannot index into lists
		}
		at := &Attribute{Name: name, Type: ValueType{Kind: KindAny}}
		if node := c.lookupPath(root, parts); node != nil {
			at.Type = c.valueType(node, parts[len(parts)-1])
			if c.keepDesc {
				at.Description, _ = node["description"].(string)
			}
		}
		rt.Attributes[name] = at
	}
	for _, name := range readOnly {
		markReadOnly(rt, strings.Split(name, "."))
	}
	sort.Strings(readOnly)
	rt.ReadOnly = readOnly
	for _, ptr := range StringList(root["primaryIdentifier"]) {
		if parts := pointerParts(ptr); len(parts) > 0 {
			rt.PrimaryIdentifier = append(rt.PrimaryIdentifier, strings.Join(parts, "/"))
		}
	}
	rt.AnyAttribute = rt.Name == "AWS::CloudFormation::CustomResource"
}

// markReadOnly flags the property at path (a "*" steps into list items). Property
// types shared by several paths are flagged for all of them.
func markReadOnly(rt *ResourceType, path []string) {
	obj := &rt.Object
	for i := 0; i < len(path); i++ {
		p := obj.Properties[path[i]]
		if p == nil {
			return
		}
		if i == len(path)-1 {
			p.ReadOnly, p.Required = true, false
			return
		}
		vt := &p.Type
		for i+1 < len(path) && path[i+1] == "*" {
			if vt.Item == nil {
				return
			}
			vt, i = vt.Item, i+1
		}
		if obj = rt.PropertiesOf(vt); obj == nil {
			return
		}
	}
}

// converter turns JSON schema nodes of one document into the model.
type converter struct {
	root      map[string]any
	rt        *ResourceType
	defPrefix string // "#/definitions/" plus, for SAM, the type name and a dot
	keepDesc  bool
	stack     map[string]bool // references being converted (cycle guard)
}

func newConverter(root map[string]any, rt *ResourceType, defPrefix string) *converter {
	return &converter{root: root, rt: rt, defPrefix: defPrefix, keepDesc: true, stack: map[string]bool{}}
}

// defName returns the property type name a reference denotes when it points at a
// definition of the document.
func (c *converter) defName(ref string) (string, bool) {
	if strings.HasPrefix(ref, c.defPrefix) {
		rest := ref[len(c.defPrefix):]
		if rest != "" && !strings.Contains(rest, "/") {
			return rest, true
		}
	}
	if rest, ok := strings.CutPrefix(ref, "#/definitions/"); ok && rest != "" && !strings.Contains(rest, "/") {
		return rest, true
	}
	return "", false
}

// resolve follows a local JSON pointer reference; nil when it cannot.
func (c *converter) resolve(ref string) map[string]any {
	rest, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil
	}
	var cur any = c.root
	for _, part := range pointerParts(rest) {
		switch v := cur.(type) {
		case map[string]any:
			cur = v[part]
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(v) {
				return nil
			}
			cur = v[i]
		default:
			return nil
		}
	}
	m, _ := cur.(map[string]any)
	return m
}

// deref follows $ref chains (with a bound) and returns the target node.
func (c *converter) deref(node map[string]any) map[string]any {
	for range 16 {
		ref, ok := node["$ref"].(string)
		if !ok {
			return node
		}
		node = c.resolve(ref)
		if node == nil {
			return nil
		}
	}
	return nil
}

// lookupPath walks property names from a node (through references, lists and
// object unions), returning the schema of the named property.
func (c *converter) lookupPath(node map[string]any, parts []string) map[string]any {
	for _, part := range parts {
		node = c.deref(node)
		if node == nil {
			return nil
		}
		if part == "*" {
			items, _ := node["items"].(map[string]any)
			node = items
			continue
		}
		next := propsOf(node)[part]
		if next == nil {
			for _, b := range branches(node) {
				if b = c.deref(b); b != nil {
					if n := propsOf(b)[part]; n != nil {
						next = n
						break
					}
				}
			}
		}
		node = next
		if node == nil {
			return nil
		}
	}
	return node
}

// hasObjectProperties reports whether node (or one of its oneOf/anyOf/allOf
// branches) declares properties, making it a property type.
func (c *converter) hasObjectProperties(node map[string]any) bool {
	if _, ok := node["properties"].(map[string]any); ok {
		return true
	}
	for _, b := range branches(node) {
		if _, ok := b["$ref"]; ok {
			continue
		}
		if _, ok := b["properties"].(map[string]any); ok {
			return true
		}
	}
	return false
}

// primitiveKinds maps the JSON Schema type names of scalars to Kind bits.
var primitiveKinds = map[string]Kind{
	"string": KindString, "integer": KindInteger, "number": KindNumber, "boolean": KindBoolean,
}

// valueType converts a schema node. hint names an inline property type if one is needed.
func (c *converter) valueType(node map[string]any, hint string) ValueType {
	if ref, ok := node["$ref"].(string); ok {
		return c.refType(ref, hint)
	}
	var vt ValueType
	types := StringList(node["type"])
	objectish := false
	for _, t := range types {
		vt.Kind |= primitiveKinds[t]
		if t == "array" {
			vt.Kind |= KindList
		}
		if t == "object" {
			objectish = true
		}
	}
	_, hasItems := node["items"]
	if len(types) == 0 {
		if hasItems {
			vt.Kind |= KindList
		}
		if _, ok := node["properties"]; ok {
			objectish = true
		}
		if _, ok := node["patternProperties"]; ok {
			objectish = true
		}
	}
	if vt.Kind.Has(KindList) {
		if items, ok := node["items"].(map[string]any); ok {
			it := c.valueType(items, hint)
			vt.Item = &it
		}
	}
	if objectish || (len(types) == 0 && c.hasObjectProperties(node)) {
		c.objectType(node, hint, &vt)
	}
	// Union with typed oneOf/anyOf/allOf branches that are not folded into an object.
	for _, b := range branches(node) {
		if !contributes(b) {
			continue
		}
		if _, isRef := b["$ref"]; !isRef && vt.Object != "" {
			if _, ok := b["properties"].(map[string]any); ok {
				continue // folded into vt.Object by objectType
			}
		}
		bt := c.valueType(b, hint)
		vt = c.merge(vt, bt, hint)
	}
	c.constraints(node, &vt)
	if vt.Kind == 0 {
		vt.Kind = KindAny
	}
	return vt
}

// objectType sets the object part of vt from node.
func (c *converter) objectType(node map[string]any, hint string, vt *ValueType) {
	if c.hasObjectProperties(node) {
		name := c.uniqueName(hint)
		obj := &Object{Name: name, Properties: map[string]*Property{}}
		c.rt.Definitions[name] = obj
		c.fillObject(obj, node)
		vt.Kind |= KindObject
		vt.Object = name
		return
	}
	var item *ValueType
	addItem := func(s map[string]any) {
		it := c.valueType(s, hint)
		if item == nil {
			item = &it
		} else {
			m := c.merge(*item, it, hint)
			item = &m
		}
	}
	if pp, ok := node["patternProperties"].(map[string]any); ok {
		for _, k := range slices.Sorted(maps.Keys(pp)) {
			if s, ok := pp[k].(map[string]any); ok {
				addItem(s)
			}
		}
	}
	if ap, ok := node["additionalProperties"].(map[string]any); ok {
		addItem(ap)
	}
	if item != nil {
		vt.Kind |= KindMap
		vt.Item = item
		return
	}
	vt.Kind |= KindObject // free-form JSON
}

// fillObject adds the properties of node and of its inline branches to obj.
func (c *converter) fillObject(obj *Object, node map[string]any) {
	if obj.Properties == nil {
		obj.Properties = map[string]*Property{}
	}
	own, hasOwn := node["properties"].(map[string]any)
	open := isOpen(node)
	if _, explicit := node["additionalProperties"]; !hasOwn && !explicit && c.hasObjectProperties(node) {
		open = false // decided by the branches below
	}
	if c.keepDesc && obj.Description == "" {
		obj.Description, _ = node["description"].(string)
	}
	required := map[string]bool{}
	for _, r := range StringList(node["required"]) {
		required[r] = true
	}
	c.addProperties(obj, own, required)
	for _, b := range branches(node) {
		if _, isRef := b["$ref"]; isRef {
			continue
		}
		if bp, ok := b["properties"].(map[string]any); ok {
			c.addProperties(obj, bp, nil)
			open = open || isOpen(b)
		}
	}
	obj.Open = obj.Open || open
	if obj.Relations == nil {
		obj.Relations = relations(obj, node)
	}
}

func (c *converter) addProperties(obj *Object, props map[string]any, required map[string]bool) {
	for _, name := range slices.Sorted(maps.Keys(props)) {
		s, ok := props[name].(map[string]any)
		if !ok {
			continue
		}
		if old := obj.Properties[name]; old != nil {
			old.Type = c.merge(old.Type, c.valueType(s, name), name)
			continue
		}
		p := &Property{Name: name, Required: required[name], Type: c.valueType(s, name)}
		if c.keepDesc {
			p.Description, _ = s["description"].(string)
			if p.Description == "" {
				if t := c.deref(s); t != nil {
					p.Description, _ = t["description"].(string)
				}
			}
		}
		obj.Properties[name] = p
	}
}

// refType converts a $ref.
func (c *converter) refType(ref, hint string) ValueType {
	target := c.resolve(ref)
	if target == nil {
		return ValueType{Kind: KindAny}
	}
	name, isDef := c.defName(ref)
	if isDef && c.hasObjectProperties(c.derefOr(target)) {
		if _, done := c.rt.Definitions[name]; !done {
			obj := &Object{Name: name, Properties: map[string]*Property{}}
			c.rt.Definitions[name] = obj
			c.fillObject(obj, c.derefOr(target))
		}
		vt := ValueType{Kind: KindObject, Object: name}
		// Keep the kinds of non-object branches (e.g. "string or object").
		if ot := c.derefOr(target); len(StringList(ot["type"])) > 1 || len(branches(ot)) > 0 {
			if !c.stack[ref] {
				c.stack[ref] = true
				full := c.valueTypeNoObject(ot, name)
				delete(c.stack, ref)
				full.Kind |= KindObject
				full.Object = name
				full.Kind &^= KindMap
				return full
			}
		}
		return vt
	}
	if c.stack[ref] {
		return ValueType{Kind: KindAny}
	}
	c.stack[ref] = true
	defer delete(c.stack, ref)
	if isDef {
		hint = name
	}
	return c.valueType(target, hint)
}

// valueTypeNoObject converts a node known to be a named property type, ignoring
// its object part (which the caller refers to by name).
func (c *converter) valueTypeNoObject(node map[string]any, name string) ValueType {
	var vt ValueType
	for _, t := range StringList(node["type"]) {
		vt.Kind |= primitiveKinds[t]
		if t == "array" {
			vt.Kind |= KindList
			if items, ok := node["items"].(map[string]any); ok {
				it := c.valueType(items, name)
				vt.Item = &it
			}
		}
	}
	for _, b := range branches(node) {
		if _, ok := b["properties"]; ok || !contributes(b) {
			continue
		}
		bt := c.valueType(b, name)
		bt.Object = ""
		bt.Kind &^= KindObject
		vt = c.merge(vt, bt, name)
	}
	c.constraints(node, &vt)
	return vt
}

func (c *converter) derefOr(node map[string]any) map[string]any {
	if t := c.deref(node); t != nil {
		return t
	}
	return node
}

// constraints copies enum, pattern and bounds from node into vt (only where vt has none).
func (c *converter) constraints(node map[string]any, vt *ValueType) {
	if enum, ok := node["enum"].([]any); ok && vt.Enum == nil {
		for _, e := range enum {
			switch e := e.(type) {
			case string:
				vt.Enum = append(vt.Enum, e)
				if vt.Kind == 0 {
					vt.Kind |= KindString
				}
			case float64:
				vt.Enum = append(vt.Enum, strconv.FormatFloat(e, 'f', -1, 64))
				if vt.Kind == 0 {
					vt.Kind |= KindNumber
				}
			case bool:
				vt.Enum = append(vt.Enum, strconv.FormatBool(e))
				if vt.Kind == 0 {
					vt.Kind |= KindBoolean
				}
			}
		}
	}
	if p, ok := node["pattern"].(string); ok && vt.Pattern == "" {
		vt.Pattern = p
	}
	setFloat := func(key string, dst **float64) {
		if f, ok := node[key].(float64); ok && *dst == nil {
			*dst = &f
		}
	}
	setInt := func(key string, dst **int) {
		if f, ok := node[key].(float64); ok && *dst == nil {
			i := int(f)
			*dst = &i
		}
	}
	setFloat("minimum", &vt.Min)
	setFloat("maximum", &vt.Max)
	setInt("minLength", &vt.MinLength)
	setInt("maxLength", &vt.MaxLength)
	setInt("minItems", &vt.MinItems)
	setInt("maxItems", &vt.MaxItems)
}

// merge returns the permissive union of two value types: every value either
// accepts is accepted.
func (c *converter) merge(a, b ValueType, hint string) ValueType {
	if a.Kind == 0 {
		return b
	}
	if b.Kind == 0 {
		return a
	}
	out := ValueType{Kind: a.Kind | b.Kind}
	switch {
	case a.Object == b.Object || b.Object == "":
		out.Object = a.Object
	case a.Object == "":
		out.Object = b.Object
	default:
		out.Object = c.mergeObjects(a.Object, b.Object, hint)
	}
	if (a.Kind.Has(KindObject) && a.Object == "") || (b.Kind.Has(KindObject) && b.Object == "") {
		out.Object = "" // one side is free JSON
	}
	switch {
	case a.Item == nil && b.Item == nil:
	case a.Item == nil && a.Kind&(KindList|KindMap) == 0:
		out.Item = b.Item
	case b.Item == nil && b.Kind&(KindList|KindMap) == 0:
		out.Item = a.Item
	case a.Item != nil && b.Item != nil:
		it := c.merge(*a.Item, *b.Item, hint)
		out.Item = &it
	}
	if len(a.Enum) > 0 && len(b.Enum) > 0 {
		out.Enum = unionStrings(a.Enum, b.Enum)
	}
	if a.Pattern == b.Pattern {
		out.Pattern = a.Pattern
	}
	out.Min = sameFloat(a.Min, b.Min)
	out.Max = sameFloat(a.Max, b.Max)
	out.MinLength = sameInt(a.MinLength, b.MinLength)
	out.MaxLength = sameInt(a.MaxLength, b.MaxLength)
	out.MinItems = sameInt(a.MinItems, b.MinItems)
	out.MaxItems = sameInt(a.MaxItems, b.MaxItems)
	return out
}

// mergeObjects creates a property type holding the properties of both a and b.
func (c *converter) mergeObjects(a, b, hint string) string {
	oa, ob := c.rt.Definitions[a], c.rt.Definitions[b]
	if oa == nil || ob == nil {
		return ""
	}
	name := c.uniqueName(hint)
	m := &Object{Name: name, Properties: map[string]*Property{}, Open: oa.Open || ob.Open}
	for _, o := range []*Object{oa, ob} {
		for n, p := range o.Properties {
			if old := m.Properties[n]; old != nil {
				old.Type = c.merge(old.Type, p.Type, n)
				old.Required = old.Required && p.Required
				continue
			}
			cp := *p
			m.Properties[n] = &cp
		}
	}
	for n, p := range m.Properties {
		if oa.Properties[n] == nil || ob.Properties[n] == nil {
			p.Required = false
		}
	}
	c.rt.Definitions[name] = m
	return name
}

// uniqueName returns hint, or hint with a numeric suffix, unused by definitions
// converted so far and by the document's own definitions.
func (c *converter) uniqueName(hint string) string {
	if hint == "" {
		hint = "Object"
	}
	taken := func(n string) bool {
		if _, ok := c.rt.Definitions[n]; ok {
			return true
		}
		return c.resolve(c.defPrefix+n) != nil
	}
	if !taken(hint) {
		return hint
	}
	for i := 2; ; i++ {
		if n := hint + strconv.Itoa(i); !taken(n) {
			return n
		}
	}
}

// branches returns the schema nodes of oneOf, anyOf and allOf.
func branches(node map[string]any) []map[string]any {
	var out []map[string]any
	for _, k := range []string{"oneOf", "anyOf", "allOf"} {
		list, _ := node[k].([]any)
		for _, b := range list {
			if m, ok := b.(map[string]any); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

// contributes reports whether a branch says something about the value's type
// (branches with only "required" or "format" merely constrain).
func contributes(b map[string]any) bool {
	for _, k := range []string{"$ref", "type", "properties", "items", "enum", "patternProperties", "oneOf", "anyOf", "allOf"} {
		if _, ok := b[k]; ok {
			return true
		}
	}
	return false
}

func isOpen(node map[string]any) bool {
	if _, ok := node["patternProperties"]; ok {
		return true
	}
	ap, ok := node["additionalProperties"]
	if !ok {
		return true
	}
	b, isBool := ap.(bool)
	return !isBool || b
}

func propsOf(node map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	props, _ := node["properties"].(map[string]any)
	for k, v := range props {
		if m, ok := v.(map[string]any); ok {
			out[k] = m
		}
	}
	return out
}

// pointerParts splits "/properties/A/B" into ["A", "B"] and "/definitions/X" into
// ["definitions", "X"]; the leading "properties" segment is dropped, and "~1"/"~0"
// are unescaped.
func pointerParts(ptr string) []string {
	ptr = strings.TrimPrefix(ptr, "/")
	if ptr == "" {
		return nil
	}
	parts := strings.Split(ptr, "/")
	if parts[0] == "properties" {
		parts = parts[1:]
	}
	for i, p := range parts {
		parts[i] = strings.NewReplacer("~1", "/", "~0", "~").Replace(p)
	}
	return parts
}

// StringList returns the strings a JSON value holds: the string itself, or
// the strings of a list (what "type" and "required" hold in a JSON schema).
func StringList(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func unionStrings(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range append(append([]string{}, a...), b...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func sameFloat(a, b *float64) *float64 {
	if a != nil && b != nil && *a == *b {
		return a
	}
	return nil
}

func sameInt(a, b *int) *int {
	if a != nil && b != nil && *a == *b {
		return a
	}
	return nil
}

// WithGetAtts adds the attributes g names to rt and returns it (for schema/gen,
// which copies attributes to the SAM types).
func WithGetAtts(rt *ResourceType, g *GetAtts) *ResourceType {
	rt.applyGetAtts(g)
	return rt
}
