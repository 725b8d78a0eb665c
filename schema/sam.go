package schema

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/lang"
)

// SAMFacts are the facts of a SAM type beyond its properties, from the SAM translator.
type SAMFacts struct {
	// Globals names the properties the Globals section may set for the type
	// (Globals.Function for AWS::Serverless::Function), empty when it may set none.
	Globals []string `json:"gl,omitempty"`
	// Events maps each event source type a resource's Events may use ("SQS")
	// to the property type describing its Properties (a key of Definitions).
	Events map[string]string `json:"ev,omitempty"`
	// EntryKeys are the keys a resource entry of the type may hold beyond
	// CloudFormation's resource attributes (IgnoreGlobals, Connectors).
	EntryKeys []string `json:"ek,omitempty"`
	// Referable maps the names a template may refer to through a resource of
	// the type ("Alias" in MyFunction.Alias) to the type of the resource the
	// transform makes for it (AWS::Lambda::Alias).
	Referable map[string]string `json:"ref,omitempty"`
	// Made is the CloudFormation type of the resource the transform makes
	// under the same logical id (AWS::Lambda::Function for a function), whose
	// attributes Fn::GetAtt reaches; empty when it makes none (a connector).
	Made string `json:"made,omitempty"`
}

// samDefPrefix starts the names pydantic gives the models of the SAM
// translator's schema source; the rest ("aws_serverless_function__Properties")
// is unique on its own.
const samDefPrefix = "samtranslator__internal__schema_source__"

// ParseSAMSchema extracts the AWS::Serverless::* resource types from the JSON
// schema the SAM translator generates from its models
// (samtranslator.internal.schema_source, as its schema.json ships it): their
// properties, property types, required properties, resource-level keys and
// event source types. A property the translator passes through to a
// CloudFormation resource under the same name takes the type that resource's
// schema gives it, from cfn (its property types copied under the
// CloudFormation type's name: "AWS::Lambda::Function.Environment"); a
// property SAM renames on the way keeps the SAM schema's own type. Used by
// schema/gen.
func ParseSAMSchema(data []byte, cfn map[string]*ResourceType) ([]*ResourceType, error) {
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	defs, _ := root["definitions"].(map[string]any)
	if defs == nil {
		return nil, errors.New("no definitions in SAM schema")
	}
	root = renameSAMDefs(root)
	defs = root["definitions"].(map[string]any)
	pass := passThroughs(defs)
	var out []*ResourceType
	for _, dn := range slices.Sorted(maps.Keys(defs)) {
		def, _ := defs[dn].(map[string]any)
		props := propsOf(def)
		name := ""
		if enum, _ := props["Type"]["enum"].([]any); len(enum) == 1 {
			name, _ = enum[0].(string)
		}
		if !strings.HasPrefix(name, samPrefix) || props["Properties"] == nil {
			continue
		}
		rt := newResourceType(name)
		rt.SAM = &SAMFacts{}
		c := newConverter(root, rt, "#/definitions/")
		c.keepDesc = false
		propsDef := props["Properties"]
		pname, _ := c.defName(stringOr(propsDef["$ref"]))
		c.fillObject(&rt.Object, c.derefOr(propsDef))
		for _, k := range slices.Sorted(maps.Keys(props)) {
			if k != "Properties" && k != "Type" && !lang.IsResourceAttribute(k) {
				rt.SAM.EntryKeys = append(rt.SAM.EntryKeys, k)
			}
		}
		rt.SAM.Events = samEvents(c, c.derefOr(propsDef))
		for obj, ps := range pass {
			target := rt.Definitions[obj]
			if obj == pname {
				target = &rt.Object
			}
			if target == nil {
				continue
			}
			for pn, to := range ps {
				if p := target.Properties[pn]; p != nil {
					if vt, ok := importProperty(rt, cfn, to); ok {
						p.Type = vt
					}
				}
			}
		}
		out = append(out, rt)
	}
	if len(out) == 0 {
		return nil, errors.New("no AWS::Serverless:: resource types in schema")
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func stringOr(v any) string {
	s, _ := v.(string)
	return s
}

// renameSAMDefs drops samDefPrefix from the names of definitions and from
// the references to them.
func renameSAMDefs(root map[string]any) map[string]any {
	var walk func(v any) any
	walk = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			out := make(map[string]any, len(v))
			for k, x := range v {
				if s, ok := x.(string); ok && k == "$ref" {
					out[k] = strings.Replace(s, "#/definitions/"+samDefPrefix, "#/definitions/", 1)
					continue
				}
				out[k] = walk(x)
			}
			return out
		case []any:
			out := make([]any, len(v))
			for i, x := range v {
				out[i] = walk(x)
			}
			return out
		}
		return v
	}
	out := walk(root).(map[string]any)
	defs := out["definitions"].(map[string]any)
	for k, v := range defs {
		if short, ok := strings.CutPrefix(k, samDefPrefix); ok {
			delete(defs, k)
			defs[short] = v
		}
	}
	return out
}

// passThrough names the CloudFormation property a SAM property is passed to.
type passThrough struct {
	typ, object, property string // "AWS::Lambda::Function", "" or "Code", "ImageUri"
}

// passThroughs finds the properties the translator passes through unchanged,
// by definition and property name, and removes their markers.
func passThroughs(defs map[string]any) map[string]map[string]passThrough {
	out := map[string]map[string]passThrough{}
	for dn, d := range defs {
		def, _ := d.(map[string]any)
		for pn, p := range propsOf(def) {
			m, _ := p["__samPassThrough"].(map[string]any)
			if m == nil {
				continue
			}
			delete(p, "__samPassThrough")
			path := StringList(m["schemaPath"])
			if len(path) < 4 || path[0] != "definitions" || path[len(path)-1] != pn {
				continue // renamed on the way: the SAM schema's own type stands
			}
			typ, obj, _ := strings.Cut(path[1], ".")
			if out[dn] == nil {
				out[dn] = map[string]passThrough{}
			}
			out[dn][pn] = passThrough{typ: typ, object: obj, property: pn}
		}
	}
	return out
}

// importProperty returns the type of a CloudFormation property for a SAM
// type, copying the property types it refers to into rt.
func importProperty(rt *ResourceType, cfn map[string]*ResourceType, to passThrough) (ValueType, bool) {
	src := cfn[to.typ]
	if src == nil {
		return ValueType{}, false
	}
	obj := &src.Object
	if to.object != "" {
		obj = src.Definitions[to.object]
	}
	if obj == nil || obj.Properties[to.property] == nil {
		return ValueType{}, false
	}
	return importType(rt, src, obj.Properties[to.property].Type), true
}

// importType copies vt, naming its property types after src's type and
// copying them (and those they refer to) into rt.
func importType(rt, src *ResourceType, vt ValueType) ValueType {
	if vt.Item != nil {
		it := importType(rt, src, *vt.Item)
		vt.Item = &it
	}
	if vt.Object == "" {
		return vt
	}
	name := src.Name + "." + vt.Object
	obj := src.Definitions[vt.Object]
	vt.Object = name
	if obj == nil || rt.Definitions[name] != nil {
		return vt
	}
	cp := *obj
	cp.Name = name
	cp.Properties = make(map[string]*Property, len(obj.Properties))
	rt.Definitions[name] = &cp
	for pn, p := range obj.Properties {
		pc := *p
		pc.Type = importType(rt, src, p.Type)
		cp.Properties[pn] = &pc
	}
	return vt
}

// samEvents reads the event source types of a SAM type's Events property:
// each branch of its values names a Type and the property type of its
// Properties.
func samEvents(c *converter, props map[string]any) map[string]string {
	ev := propsOf(props)["Events"]
	if ev == nil {
		return nil
	}
	ap, _ := ev["additionalProperties"].(map[string]any)
	if ap == nil {
		return nil
	}
	out := map[string]string{}
	for _, b := range branches(ap) {
		def := c.derefOr(b)
		p := propsOf(def)
		enum, _ := p["Type"]["enum"].([]any)
		if len(enum) != 1 || p["Properties"] == nil {
			continue
		}
		typ, _ := enum[0].(string)
		ref := stringOr(p["Properties"]["$ref"])
		for _, pb := range branches(p["Properties"]) {
			if ref == "" {
				ref = stringOr(pb["$ref"])
			}
		}
		if name, ok := c.defName(ref); ok && c.rt.Definitions[name] != nil {
			out[typ] = name
		}
	}
	return out
}
