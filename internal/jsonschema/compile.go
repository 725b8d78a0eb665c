package jsonschema

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/cfn-lsp/cfn-lsp/schema"
)

// Document is one schema document (a registry schema, an extension schema, ...),
// decoded from JSON. Its nodes are compiled when first needed and then shared:
// a Document is safe for concurrent use.
type Document struct {
	// Name identifies the document for references from other documents
	// ("policy" in "policy#/definitions/Action").
	Name   string
	root   any
	loader Loader

	mu    sync.Mutex
	nodes map[string]*Schema // by JSON pointer
}

// Loader returns the document a cross-document reference names, or nil.
type Loader func(name string) *Document

// NewDocument wraps a decoded JSON document (maps, slices, strings, float64,
// bools and nils, as encoding/json decodes into any). loader resolves
// references to other documents; it may be nil.
func NewDocument(name string, root any, loader Loader) *Document {
	return &Document{Name: name, root: root, loader: loader, nodes: map[string]*Schema{}}
}

// Root returns the compiled root schema.
func (d *Document) Root() *Schema { return d.At("") }

// At returns the compiled schema at a JSON pointer ("" for the root,
// "/definitions/Tag"), or nil when the pointer leads nowhere.
func (d *Document) At(ptr string) *Schema {
	d.mu.Lock()
	s, ok := d.nodes[ptr]
	d.mu.Unlock()
	if ok {
		return s
	}
	v, found := lookup(d.root, ptr)
	if !found {
		return nil
	}
	s = compileNode(d, v)
	d.mu.Lock()
	if old, ok := d.nodes[ptr]; ok {
		s = old
	} else {
		d.nodes[ptr] = s
	}
	d.mu.Unlock()
	return s
}

// Raw returns the decoded value at a JSON pointer, or nil.
func (d *Document) Raw(ptr string) any {
	v, _ := lookup(d.root, ptr)
	return v
}

func lookup(root any, ptr string) (any, bool) {
	cur := root
	if ptr == "" || ptr == "/" {
		return cur, true
	}
	for _, part := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		part = strings.NewReplacer("~1", "/", "~0", "~").Replace(part)
		switch v := cur.(type) {
		case map[string]any:
			next, ok := v[part]
			if !ok {
				return nil, false
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(v) {
				return nil, false
			}
			cur = v[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// Schema is one compiled schema node.
type Schema struct {
	doc *Document
	raw map[string]any // nil for the boolean schemas

	always, never bool // true and false schemas

	types    typeSet
	hasType  bool
	enum     []any
	enumCI   []any
	hasEnum  bool
	hasEnumC bool
	constV   any
	hasConst bool

	pattern string
	re      ecmaPattern
	format  string

	minimum, maximum, exclMin, exclMax, multipleOf *float64

	minLength, maxLength, minItems, maxItems, minProps, maxProps, maxUniqueItems *int
	uniqueItems                                                                  bool
	uniqueKeys                                                                   []string

	items       *Schema
	itemsFalse  bool
	prefixItems []*Schema
	contains    *Schema
	minContains *int
	maxContains *int

	properties  []named // sorted by name
	propIndex   map[string]*Schema
	patternProp []patterned
	addProps    *Schema // nil when absent
	propNames   *Schema

	required    []string
	requiredXor []string
	requiredOr  []string
	hasXor      bool
	hasOr       bool
	depRequired []dependency // dependencies (lists), dependentRequired
	depSchemas  []namedSchemaDep
	depExcluded []dependency

	allOf, anyOf, oneOf []*Schema
	not                 *Schema
	ifS, thenS, elseS   *Schema

	ref     string
	refOnce sync.Once
	refTo   *Schema

	constrainsOnce sync.Once
	constrains     bool

	context *cfnContext
	dynamic *dynamicValidation
	gather  *cfnGather
	// taggable is a registry schema's tagging.taggable: the resource type's
	// properties meet the Validator's Tagging schema too.
	taggable bool

	// Extra holds the keywords this package does not evaluate, for the
	// keyword rules of a Validator (cfn-lint's "awsType"...).
	extra []string
}

type named struct {
	name   string
	schema *Schema
}

type patterned struct {
	pattern string
	re      ecmaPattern
	schema  *Schema
}

type dependency struct {
	key   string
	names []string
}

type namedSchemaDep struct {
	key    string
	schema *Schema
}

// cfnContext is cfn-lint's keyword that changes which intrinsic functions may
// stand in the value it validates (and whether resources may be referenced).
type cfnContext struct {
	functions    []string // nil: unchanged
	hasFunctions bool
	schema       *Schema
}

// dynamicValidation is cfn-lint's keyword for checks that depend on the
// template: the names of its conditions (context: conditions), the names a
// Ref may take (context: refs) and whether a transform is declared.
type dynamicValidation struct {
	context   string
	transform string
	pathCheck string
}

// typeSet is a set of JSON Schema type names.
type typeSet uint8

const (
	tString typeSet = 1 << iota
	tInteger
	tNumber
	tBoolean
	tObject
	tArray
	tNull
)

var typeNames = []struct {
	t    typeSet
	name string
}{{tArray, "array"}, {tBoolean, "boolean"}, {tInteger, "integer"}, {tNull, "null"}, {tNumber, "number"}, {tObject, "object"}, {tString, "string"}}

func typeOf(name string) typeSet {
	for _, tn := range typeNames {
		if tn.name == name {
			return tn.t
		}
	}
	if name == "date" { // cfn-lint's name for YAML dates (AWSTemplateFormatVersion)
		return tString
	}
	return 0
}

// known lists the keywords compileNode reads; others land in Schema.extra.
var knownKeywords = map[string]bool{
	"type": true, "enum": true, "enumCaseInsensitive": true, "const": true, "pattern": true, "format": true,
	"minimum": true, "maximum": true, "exclusiveMinimum": true, "exclusiveMaximum": true, "multipleOf": true,
	"minLength": true, "maxLength": true, "minItems": true, "maxItems": true, "minProperties": true,
	"maxProperties": true, "maxUniqueItems": true, "uniqueItems": true, "uniqueKeys": true, "items": true,
	"prefixItems": true, "contains": true, "minContains": true, "maxContains": true, "properties": true,
	"patternProperties": true, "additionalProperties": true, "propertyNames": true, "required": true,
	"requiredXor": true, "requiredOr": true, "dependencies": true, "dependentRequired": true,
	"dependentExcluded": true, "allOf": true, "anyOf": true, "oneOf": true, "not": true, "if": true,
	"then": true, "else": true, "$ref": true, "cfnContext": true, "dynamicValidation": true, "cfnGather": true,
	"definitions": true, "description": true, "title": true, "$schema": true, "$id": true, "$comment": true,
	"default": true, "examples": true, "insertionOrder": true, "arrayType": true, "relationshipRef": true,
	"readOnly": true, "writeOnly": true, "deprecated": true, "message": true, "tagging": true,
}

func compileNode(d *Document, v any) *Schema {
	s := &Schema{doc: d}
	switch v := v.(type) {
	case bool:
		s.always, s.never = v, !v
		return s
	case map[string]any:
		s.raw = v
	default:
		s.always = true // not a schema: accepts everything
		return s
	}
	m := s.raw
	sub := func(x any) *Schema {
		if x == nil {
			return nil
		}
		return compileNode(d, x)
	}
	subs := func(x any) []*Schema {
		list, _ := x.([]any)
		out := make([]*Schema, 0, len(list))
		for _, e := range list {
			out = append(out, compileNode(d, e))
		}
		return out
	}
	for _, t := range schema.StringList(m["type"]) {
		s.types |= typeOf(t)
		s.hasType = true
	}
	if e, ok := m["enum"].([]any); ok {
		s.enum, s.hasEnum = e, true
	}
	if e, ok := m["enumCaseInsensitive"].([]any); ok {
		s.enumCI, s.hasEnumC = e, true
	}
	if c, ok := m["const"]; ok {
		s.constV, s.hasConst = c, true
	}
	if p, ok := m["pattern"].(string); ok {
		s.pattern, s.re = p, compileECMA(p)
	}
	s.format, _ = m["format"].(string)
	s.minimum, s.maximum = num(m["minimum"]), num(m["maximum"])
	s.exclMin, s.exclMax = num(m["exclusiveMinimum"]), num(m["exclusiveMaximum"])
	s.multipleOf = num(m["multipleOf"])
	s.minLength, s.maxLength = count(m["minLength"]), count(m["maxLength"])
	s.minItems, s.maxItems = count(m["minItems"]), count(m["maxItems"])
	s.minProps, s.maxProps = count(m["minProperties"]), count(m["maxProperties"])
	s.maxUniqueItems = count(m["maxUniqueItems"])
	s.uniqueItems, _ = m["uniqueItems"].(bool)
	s.uniqueKeys = schema.StringList(m["uniqueKeys"])
	switch it := m["items"].(type) {
	case bool:
		s.itemsFalse = !it
	case map[string]any:
		s.items = sub(it)
	case []any: // draft-04 tuple form
		s.prefixItems = subs(it)
	}
	if p, ok := m["prefixItems"]; ok {
		s.prefixItems = subs(p)
	}
	s.contains = sub(m["contains"])
	s.minContains, s.maxContains = count(m["minContains"]), count(m["maxContains"])
	if props, ok := m["properties"].(map[string]any); ok {
		s.propIndex = make(map[string]*Schema, len(props))
		for _, k := range slices.Sorted(maps.Keys(props)) {
			ps := compileNode(d, props[k])
			s.properties = append(s.properties, named{k, ps})
			s.propIndex[k] = ps
		}
	}
	if pp, ok := m["patternProperties"].(map[string]any); ok {
		for _, k := range slices.Sorted(maps.Keys(pp)) {
			s.patternProp = append(s.patternProp, patterned{k, compileECMA(k), compileNode(d, pp[k])})
		}
	}
	if ap, ok := m["additionalProperties"]; ok {
		s.addProps = compileNode(d, ap)
	}
	s.propNames = sub(m["propertyNames"])
	s.required = schema.StringList(m["required"])
	if x, ok := m["requiredXor"]; ok {
		s.requiredXor, s.hasXor = schema.StringList(x), true
	}
	if x, ok := m["requiredOr"]; ok {
		s.requiredOr, s.hasOr = schema.StringList(x), true
	}
	for _, key := range []string{"dependencies", "dependentRequired"} {
		deps, _ := m[key].(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(deps)) {
			switch dv := deps[k].(type) {
			case []any:
				s.depRequired = append(s.depRequired, dependency{k, schema.StringList(dv)})
			case map[string]any, bool:
				s.depSchemas = append(s.depSchemas, namedSchemaDep{k, compileNode(d, dv)})
			}
		}
	}
	if deps, ok := m["dependentExcluded"].(map[string]any); ok {
		for _, k := range slices.Sorted(maps.Keys(deps)) {
			s.depExcluded = append(s.depExcluded, dependency{k, schema.StringList(deps[k])})
		}
	}
	s.allOf, s.anyOf, s.oneOf = subs(m["allOf"]), subs(m["anyOf"]), subs(m["oneOf"])
	s.not = sub(m["not"])
	s.ifS, s.thenS, s.elseS = sub(m["if"]), sub(m["then"]), sub(m["else"])
	s.ref, _ = m["$ref"].(string)
	if cc, ok := m["cfnContext"].(map[string]any); ok {
		c := &cfnContext{schema: compileNode(d, cc["schema"])}
		if fns, ok := cc["functions"]; ok {
			c.hasFunctions = true
			c.functions = schema.StringList(fns)
			if fm, ok := fns.(map[string]any); ok {
				if ref, ok := fm["$ref"].(string); ok {
					c.functions = schema.StringList(d.resolveRaw(ref))
				}
			}
		}
		s.context = c
	}
	if dv, ok := m["dynamicValidation"].(map[string]any); ok {
		s.dynamic = &dynamicValidation{}
		s.dynamic.context, _ = dv["context"].(string)
		s.dynamic.transform, _ = dv["transformCheck"].(string)
		s.dynamic.pathCheck, _ = dv["pathCheck"].(string)
	}
	if cg, ok := m["cfnGather"].(map[string]any); ok {
		s.gather = compileGather(cg)
	}
	if tg, ok := m["tagging"].(map[string]any); ok {
		s.taggable, _ = tg["taggable"].(bool)
	}
	for k := range m {
		if !knownKeywords[k] {
			s.extra = append(s.extra, k)
		}
	}
	slices.Sort(s.extra)
	return s
}

// ecmaPattern is a compiled schema pattern. RE2 has no lookarounds; a pattern
// that opens with one negative lookahead, ^(?!X)R, means "does not start with
// X, and matches ^R", and is kept as those two expressions.
type ecmaPattern struct {
	re    *regexp.Regexp // the pattern, or ^X of ^(?!X)R; nil when it cannot be compiled
	not   bool           // re is ^X: a value matches when re does not
	after *regexp.Regexp // ^R of ^(?!X)R; nil when R accepts anything
}

func compileECMA(p string) ecmaPattern {
	inner, rest, ok := negativeLookahead(p)
	if !ok {
		return ecmaPattern{re: schema.CompilePattern(p)}
	}
	c := ecmaPattern{re: schema.CompilePattern("^(?:" + inner + ")"), not: true}
	switch rest {
	case "", ".*", ".*$":
	default:
		c.after = schema.CompilePattern("^(?:" + rest + ")")
	}
	return c
}

// matches reports whether s matches, through match (one of the expressions
// against s); a pattern that could not be compiled matches everything.
func (c ecmaPattern) matches(s string, match func(re *regexp.Regexp, s string) bool) bool {
	if c.re == nil {
		return true
	}
	return match(c.re, s) != c.not && (c.after == nil || match(c.after, s))
}

// negativeLookahead reads a pattern that opens with one negative lookahead,
// ^(?!X)R, which RE2 cannot express: it returns X and R.
func negativeLookahead(p string) (inner, rest string, ok bool) {
	body, ok := strings.CutPrefix(p, "^(?!")
	if !ok {
		return "", "", false
	}
	depth := 1
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '\\':
			i++
		case '[':
			for i++; i < len(body) && body[i] != ']'; i++ {
				if body[i] == '\\' {
					i++
				}
			}
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				if strings.Contains(body[i+1:], "(?") {
					return "", "", false // more lookarounds: left to CompilePattern's leniency
				}
				return body[:i], body[i+1:], true
			}
		}
	}
	return "", "", false
}

// resolveRaw returns the decoded value a local reference points at.
func (d *Document) resolveRaw(ref string) any {
	name, ptr, _ := strings.Cut(ref, "#")
	doc := d
	if name != "" && d.loader != nil {
		if doc = d.loader(name); doc == nil {
			return nil
		}
	}
	return doc.Raw(ptr)
}

// target resolves the schema's $ref (once), nil when it leads nowhere.
func (s *Schema) target() *Schema {
	s.refOnce.Do(func() {
		name, ptr, _ := strings.Cut(s.ref, "#")
		doc := s.doc
		if name != "" {
			if doc.loader == nil {
				return
			}
			if doc = doc.loader(name); doc == nil {
				return
			}
		}
		s.refTo = doc.At(ptr)
	})
	return s.refTo
}

// Constrains reports whether s says more about a value than its type: a
// function's value is only worth working out (a Ref to a parameter through the
// parameter's values) where it does, as cfn-lint decides.
func (s *Schema) Constrains() bool {
	if s == nil {
		return false
	}
	s.constrainsOnce.Do(func() { s.constrains = s.constrainsAt(0) })
	return s.constrains
}

func (s *Schema) constrainsAt(depth int) bool {
	if s == nil || depth > 16 {
		return false
	}
	if s.ref != "" || s.hasEnum || s.hasEnumC || s.hasConst || s.pattern != "" || s.format != "" ||
		s.minLength != nil || s.maxLength != nil || s.minimum != nil || s.maximum != nil || s.exclMin != nil ||
		s.exclMax != nil || s.multipleOf != nil || len(s.allOf) > 0 || len(s.anyOf) > 0 || len(s.oneOf) > 0 ||
		s.not != nil || s.ifS != nil {
		return true
	}
	if s.items.constrainsAt(depth+1) || s.addProps.constrainsAt(depth+1) {
		return true
	}
	for _, p := range s.properties {
		if p.schema.constrainsAt(depth + 1) {
			return true
		}
	}
	for _, p := range s.patternProp {
		if p.schema.constrainsAt(depth + 1) {
			return true
		}
	}
	return false
}

// Format returns the schema's format (through $ref), "" when it has none.
func (s *Schema) Format() string {
	if s = s.resolved(); s == nil {
		return ""
	}
	return s.format
}

// Formats returns the formats a value of the schema may have, as cfn-lint
// compares them (a Ref's value with a property's): the schema's own format
// (through $ref), else those of its anyOf branches; nil when it names none.
func (s *Schema) Formats() []string {
	if s = s.resolved(); s == nil {
		return nil
	}
	if s.format != "" {
		return []string{s.format}
	}
	var out []string
	for _, b := range s.anyOf {
		if f := b.Format(); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// resolved follows s's $ref until a schema that carries a format or no
// $ref; nil when a $ref leads nowhere.
func (s *Schema) resolved() *Schema {
	for i := 0; s != nil && i < 32; i++ {
		if s.format != "" || s.ref == "" {
			return s
		}
		s = s.target()
	}
	return nil
}

// Has reports whether the schema carries the named keyword.
func (s *Schema) Has(keyword string) bool {
	_, ok := s.raw[keyword]
	return ok
}

// Keyword returns the decoded value of a keyword, for keyword rules.
func (s *Schema) Keyword(keyword string) any { return s.raw[keyword] }

// Property returns the schema of a named property, following $ref and looking
// into allOf, anyOf and oneOf branches; nil when the schema has none.
func (s *Schema) Property(name string) *Schema {
	for i := 0; s != nil && i < 32; i++ {
		if ps := s.propIndex[name]; ps != nil {
			return ps
		}
		if s.ref == "" {
			for _, b := range append(append(append([]*Schema{}, s.allOf...), s.anyOf...), s.oneOf...) {
				if ps := b.Property(name); ps != nil {
					return ps
				}
			}
			return nil
		}
		s = s.target()
	}
	return nil
}

// Types returns the type names the schema (through $ref) allows, sorted; nil
// when it says nothing about types.
func (s *Schema) Types() []string {
	for i := 0; s != nil && i < 32; i++ {
		if s.hasType {
			return s.types.names()
		}
		if s.ref == "" {
			return nil
		}
		s = s.target()
	}
	return nil
}

func (t typeSet) names() []string {
	var out []string
	for _, tn := range typeNames {
		if t&tn.t != 0 {
			out = append(out, tn.name)
		}
	}
	return out
}

func num(v any) *float64 {
	if f, ok := v.(float64); ok {
		return &f
	}
	return nil
}

func count(v any) *int {
	if f, ok := v.(float64); ok {
		i := int(f)
		return &i
	}
	return nil
}
