package schema

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"sort"
	"strings"
)

// ParseSAMSchema extracts the AWS::Serverless::* resource types (properties,
// property types, required) from a JSON schema of SAM templates such as
// goformation's sam.schema.json, whose definitions are named "AWS::Serverless::Function"
// (the resource, with its Properties) and "AWS::Serverless::Function.S3Location"
// (its property types). Used by schema/gen.
func ParseSAMSchema(data []byte) ([]*ResourceType, error) {
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	defs, _ := root["definitions"].(map[string]any)
	var out []*ResourceType
	for _, name := range slices.Sorted(maps.Keys(defs)) {
		if !strings.HasPrefix(name, samPrefix) || strings.Contains(name, ".") {
			continue
		}
		def, _ := defs[name].(map[string]any)
		props, _ := propsOf(def)["Properties"]
		if props == nil {
			continue
		}
		rt := newResourceType(name)
		c := newConverter(root, rt, "#/definitions/"+name+".")
		c.keepDesc = false
		c.fillObject(&rt.Object, c.derefOr(props))
		rt.AnyAttribute = true // the transform decides what exists
		out = append(out, rt)
	}
	if len(out) == 0 {
		return nil, errors.New("no AWS::Serverless:: resource types in schema")
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
