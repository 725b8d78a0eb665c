package schema

import (
	"encoding/json"
	"strings"
)

// The classic CloudFormationResourceSpecification.json.
type classicSpec struct {
	PropertyTypes map[string]classicType `json:"PropertyTypes"`
	ResourceTypes map[string]classicType `json:"ResourceTypes"`
}

type classicType struct {
	Documentation string                     `json:"Documentation"`
	Properties    map[string]classicProperty `json:"Properties"`
	Attributes    map[string]classicProperty `json:"Attributes"`
	classicProperty
}

type classicProperty struct {
	Documentation     string `json:"Documentation"`
	PrimitiveType     string `json:"PrimitiveType"`
	PrimitiveItemType string `json:"PrimitiveItemType"`
	Type              string `json:"Type"`
	ItemType          string `json:"ItemType"`
	Required          bool   `json:"Required"`
	UpdateType        string `json:"UpdateType"`
}

func parseClassic(data []byte) (map[string]*ResourceType, error) {
	var cs classicSpec
	if err := json.Unmarshal(data, &cs); err != nil {
		return nil, err
	}
	types := make(map[string]*ResourceType, len(cs.ResourceTypes))
	for name, ct := range cs.ResourceTypes {
		rt := newResourceType(name)
		rt.DocURL = ct.Documentation
		c := classicConverter{spec: &cs, rt: rt}
		c.fill(&rt.Object, ct)
		for an, a := range ct.Attributes {
			rt.Attributes[an] = &Attribute{Name: an, Type: c.valueType(a)}
		}
		types[name] = rt
	}
	return types, nil
}

type classicConverter struct {
	spec *classicSpec
	rt   *ResourceType
}

func (c classicConverter) fill(obj *Object, ct classicType) {
	for pn, cp := range ct.Properties {
		obj.Properties[pn] = &Property{
			Name:     pn,
			Required: cp.Required,
			Update:   UpdateBehavior(cp.UpdateType),
			Type:     c.valueType(cp),
			DocURL:   cp.Documentation,
		}
	}
}

func primitive(name string) ValueType {
	vt := ValueType{PrimitiveName: name}
	switch name {
	case "String", "Timestamp":
		vt.Kind = KindString
	case "Integer", "Long":
		vt.Kind = KindInteger
	case "Double":
		vt.Kind = KindNumber
	case "Boolean":
		vt.Kind = KindBoolean
	case "Json":
		// Json values are usually objects, but some accept a JSON string too.
		vt.Kind = KindObject | KindString
	default:
		vt.Kind = KindAny
	}
	return vt
}

func (c classicConverter) valueType(cp classicProperty) ValueType {
	if cp.PrimitiveType != "" {
		return primitive(cp.PrimitiveType)
	}
	switch cp.Type {
	case "List", "Map":
		var item ValueType
		if cp.PrimitiveItemType != "" {
			item = primitive(cp.PrimitiveItemType)
		} else {
			item = c.named(cp.ItemType)
		}
		kind := KindList
		if cp.Type == "Map" {
			kind = KindMap
		}
		return ValueType{Kind: kind, Item: &item}
	case "":
		return ValueType{Kind: KindAny}
	}
	return c.named(cp.Type)
}

// named resolves a property type name: "<ResourceType>.<Name>" first, then a
// global one such as "Tag". Unknown names are free-form.
func (c classicConverter) named(name string) ValueType {
	if name == "" {
		return ValueType{Kind: KindAny}
	}
	if _, ok := c.rt.Definitions[name]; ok {
		return ValueType{Kind: KindObject, Object: name}
	}
	full := c.rt.Name + "." + name
	pt, ok := c.spec.PropertyTypes[full]
	if !ok {
		pt, ok = c.spec.PropertyTypes[name]
	}
	if !ok {
		return ValueType{Kind: KindAny}
	}
	if pt.Properties == nil && (pt.PrimitiveType != "" || pt.Type != "") {
		if strings.EqualFold(pt.Type, name) {
			return ValueType{Kind: KindAny}
		}
		return c.valueType(pt.classicProperty) // an alias of a primitive or list
	}
	obj := &Object{Name: name, Properties: map[string]*Property{}, DocURL: pt.Documentation}
	c.rt.Definitions[name] = obj
	c.fill(obj, pt)
	return ValueType{Kind: KindObject, Object: name}
}
