// Package schema is cfn-lsp's model of the CloudFormation resource specification:
// resource types, their properties at any depth, attributes and constraints.
//
// A Spec is loaded from one of several sources (see load.go): the embedded default
// facts file, a directory or zip of registry provider schemas, or the classic
// CloudFormationResourceSpecification.json. It is read-only after loading and safe
// for concurrent use.
package schema

import (
	"sort"
	"strings"
)

// Kind is a bit set of the JSON value kinds a value may take. A property whose
// registry schema says `"type": ["string", "object"]` has KindString|KindObject.
type Kind uint16

const (
	KindString Kind = 1 << iota
	KindInteger
	KindNumber
	KindBoolean
	KindObject // an object with known properties (ValueType.Object names it) or free JSON
	KindList
	KindMap // an object whose keys are free and whose values are of ValueType.Item

	// KindAny accepts every value (free-form JSON, or a schema the loader could not read).
	KindAny = KindString | KindInteger | KindNumber | KindBoolean | KindObject | KindList | KindMap
)

// Has reports whether every bit of o is in k.
func (k Kind) Has(o Kind) bool { return k&o == o && o != 0 }

// ValueType describes what a property value may be.
type ValueType struct {
	Kind Kind `json:"k"`
	// Item is the element type of a list or the value type of a map.
	Item *ValueType `json:"i,omitempty"`
	// Object names the property type (a key of ResourceType.Definitions) when Kind has
	// KindObject and the object's properties are known. Empty means free-form JSON.
	Object string `json:"o,omitempty"`
	// PrimitiveName is the classic spec's primitive name when the source had one
	// ("String", "Integer", "Long", "Double", "Boolean", "Timestamp", "Json").
	PrimitiveName string `json:"pn,omitempty"`

	Enum      []string `json:"e,omitempty"`
	Pattern   string   `json:"p,omitempty"`
	Min       *float64 `json:"mn,omitempty"`
	Max       *float64 `json:"mx,omitempty"`
	MinLength *int     `json:"mnl,omitempty"`
	MaxLength *int     `json:"mxl,omitempty"`
	MinItems  *int     `json:"mni,omitempty"`
	MaxItems  *int     `json:"mxi,omitempty"`
}

// UpdateBehavior says what an update of a property does to the resource.
type UpdateBehavior string

const (
	UpdateUnknown     UpdateBehavior = ""
	UpdateMutable     UpdateBehavior = "Mutable"     // no interruption
	UpdateImmutable   UpdateBehavior = "Immutable"   // replacement
	UpdateConditional UpdateBehavior = "Conditional" // replacement in some cases
)

// Property is one property of a resource type or of a property type.
type Property struct {
	Name     string         `json:"n"`
	Required bool           `json:"r,omitempty"`
	Update   UpdateBehavior `json:"u,omitempty"`
	// ReadOnly marks a value the resource reports rather than one a template sets
	// (registry readOnlyProperties, usually also an attribute). Templates may still
	// contain it (cfn-lint accepts it silently), so validators must not reject it,
	// but completion should not offer it. Read-only properties are never Required.
	ReadOnly bool      `json:"ro,omitempty"`
	Type     ValueType `json:"t"`
	// DocURL links the property's documentation, when known.
	DocURL string `json:"d,omitempty"`
	// Description is only present when the loaded source carries one (never embedded).
	Description string `json:"desc,omitempty"`
}

// Object is a set of properties: the root properties of a resource type, or a property type.
type Object struct {
	Name       string               `json:"n,omitempty"`
	Properties map[string]*Property `json:"p,omitempty"`
	// Open is true when keys beyond Properties are allowed (additionalProperties not false,
	// patternProperties, or a schema the loader could not read precisely).
	Open        bool   `json:"op,omitempty"`
	DocURL      string `json:"d,omitempty"`
	Description string `json:"desc,omitempty"`
	// Relations between the properties (exactly one of, at least one of, ...), if any.
	Relations *Relations `json:"rel,omitempty"`
}

// Attribute is a value that Fn::GetAtt may name on a resource type.
// Nested attributes use dotted names ("Endpoint.Address").
type Attribute struct {
	Name        string    `json:"n"`
	Type        ValueType `json:"t"`
	Description string    `json:"desc,omitempty"`
}

// ResourceType is one resource type such as AWS::S3::Bucket.
type ResourceType struct {
	Name string `json:"n"`
	// Object holds the resource's own Properties.
	Object
	// Definitions are the property types referenced by ValueType.Object.
	Definitions map[string]*Object    `json:"defs,omitempty"`
	Attributes  map[string]*Attribute `json:"a,omitempty"`
	// ReadOnly lists the dotted paths of read-only properties ("Arn", "Endpoint.Address"),
	// sorted. Such properties are also marked Property.ReadOnly.
	ReadOnly []string `json:"ro,omitempty"`
	// AnyAttribute is true when Fn::GetAtt may name any attribute, as on
	// AWS::CloudFormation::CustomResource and the SAM types (Attributes then only
	// lists the known ones).
	AnyAttribute bool `json:"aa,omitempty"`
	// Lifecycle is the status of the type's service when the source records one
	// (nil: active or unknown).
	Lifecycle *Lifecycle `json:"lc,omitempty"`
	// PrimaryIdentifier lists the properties that identify a resource of the type
	// in its account and region (registry primaryIdentifier), as property paths
	// with "/" between levels ("Name", "RestApiId"), in the schema's order.
	PrimaryIdentifier []string `json:"pid,omitempty"`
	// SAM holds what the SAM transform knows of an AWS::Serverless::* type
	// beyond its properties (nil for other types).
	SAM *SAMFacts `json:"sam,omitempty"`
	// Handlers are the IAM actions the type's create, update and delete
	// handlers need; nil when the source does not say.
	Handlers *Handlers `json:"h,omitempty"`
}

// Attribute returns the attribute Fn::GetAtt may name, or nil when the type has
// none of that name. Types with AnyAttribute, and AWS::CloudFormation::Stack for
// "Outputs.<Name>", yield a free-form attribute for names they do not list.
func (rt *ResourceType) Attribute(name string) *Attribute {
	if rt == nil {
		return nil
	}
	if a := rt.Attributes[name]; a != nil {
		return a
	}
	if rt.AnyAttribute || (rt.Name == "AWS::CloudFormation::Stack" && strings.HasPrefix(name, "Outputs.") && len(name) > len("Outputs.")) {
		return &Attribute{Name: name, Type: ValueType{Kind: KindAny}}
	}
	return nil
}

// PropertiesOf returns the object a value type refers to, or nil when the value is
// not an object with known properties.
func (rt *ResourceType) PropertiesOf(vt *ValueType) *Object {
	if rt == nil || vt == nil {
		return nil
	}
	if vt.Kind.Has(KindList) && vt.Item != nil && !vt.Kind.Has(KindObject) {
		return nil
	}
	if vt.Object == "" {
		return nil
	}
	return rt.Definitions[vt.Object]
}

// RequiredNames returns the names of the required properties of o, sorted.
func (o *Object) RequiredNames() []string {
	var out []string
	for n, p := range o.Properties {
		if p.Required {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// SortedPropertyNames returns the property names of o, sorted.
func (o *Object) SortedPropertyNames() []string {
	out := make([]string, 0, len(o.Properties))
	for n := range o.Properties {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
