package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"sort"

	"github.com/cfn-lsp/cfn-lsp/schema"
)

// samScript prints what the installed SAM translator says of its resource
// types: the JSON schema it generates from its models (the schema.json of its
// source, with every property type), the properties Globals may set, the
// resources a template may name through a SAM resource ("MyFunction.Alias"),
// and the properties its resource and event source classes accept, each with
// whether it is required: those are what the translator validates, where
// the schema is sometimes behind (an EventBridgeRule event's State).
const samScript = `import inspect, json
from samtranslator.internal.schema_source.schema import get_schema, SamModel
from samtranslator.plugins.globals.globals import Globals
import samtranslator.model.sam_resources as m
def props(cls):
    return {k: bool(v.required) for k, v in cls.property_types.items() if not k.startswith("__")}
referable, properties, events = {}, {}, {}
for _, c in inspect.getmembers(m, inspect.isclass):
    rt = str(getattr(c, "resource_type", ""))
    if not rt.startswith("AWS::Serverless::"):
        continue
    if getattr(c, "referable_properties", None):
        referable[rt] = c.referable_properties
    properties[rt] = props(c)
    resolver = getattr(c, "event_resolver", None)
    if resolver:
        events[rt] = {t: props(ec) for t, ec in resolver.resource_types.items() if t}
print(json.dumps({"schema": get_schema(SamModel), "globals": Globals.supported_properties, "referable": referable,
                  "properties": properties, "events": events}, sort_keys=True))`

// samSource is samScript's output.
type samSource struct {
	Schema     json.RawMessage                       `json:"schema"`
	Globals    map[string][]string                   `json:"globals"`
	Referable  map[string]map[string]string          `json:"referable"`
	Properties map[string]map[string]bool            `json:"properties"`
	Events     map[string]map[string]map[string]bool `json:"events"`
}

// suppliedBy names the event properties the translator requires but its
// plugins supply before it checks: an Api event without a RestApiId gets the
// implicit ServerlessRestApi.
var suppliedBy = map[string]string{"Api/RestApiId": "the implicit API plugin"}

// readSAMTypes returns the AWS::Serverless::* types of the installed SAM
// translator (through python), or of file when one is named (samScript's
// output saved), with the attributes Fn::GetAtt reaches on each (those of the
// CloudFormation resource the transform makes under the same logical id).
func readSAMTypes(file, python string, cfn map[string]*schema.ResourceType) ([]*schema.ResourceType, error) {
	var data []byte
	var err error
	if file != "" {
		data, err = os.ReadFile(file)
	} else {
		data, err = exec.Command(python, "-c", samScript).Output()
	}
	if err != nil {
		return nil, fmt.Errorf("reading the SAM translator's schema (pip install aws-sam-translator, or -sam FILE): %w", err)
	}
	var src samSource
	if err := json.Unmarshal(data, &src); err != nil {
		return nil, err
	}
	types, err := schema.ParseSAMSchema(src.Schema, cfn)
	if err != nil {
		return nil, err
	}
	for _, rt := range types {
		rt.SAM.Globals = append([]string(nil), src.Globals[rt.Name]...)
		sort.Strings(rt.SAM.Globals)
		if r := src.Referable[rt.Name]; len(r) > 0 {
			rt.SAM.Referable = r
		}
		for name := range src.Properties[rt.Name] {
			if rt.Properties[name] == nil {
				rt.Properties[name] = &schema.Property{Name: name, Type: schema.ValueType{Kind: schema.KindAny}}
			}
		}
		if evs := src.Events[rt.Name]; len(evs) > 0 {
			rt.SAM.Events = eventSources(rt, evs)
		}
		rt.AnyAttribute = true
		if target := cfn[samTargets[rt.Name]]; target != nil {
			rt.SAM.Made = target.Name
			rt.AnyAttribute = false
			for n, a := range target.Attributes {
				if a.Type.Object == "" { // plain attributes: their property types are not copied
					cp := *a
					rt.Attributes[n] = &cp
				}
			}
		}
	}
	return types, nil
}

// samTargets maps SAM types to the CloudFormation type the transform makes
// under the same logical id, whose attributes Fn::GetAtt reaches.
var samTargets = map[string]string{
	"AWS::Serverless::Api":              "AWS::ApiGateway::RestApi",
	"AWS::Serverless::Application":      "AWS::CloudFormation::Stack",
	"AWS::Serverless::CapacityProvider": "AWS::Lambda::CapacityProvider",
	"AWS::Serverless::Function":         "AWS::Lambda::Function",
	"AWS::Serverless::GraphQLApi":       "AWS::AppSync::GraphQLApi",
	"AWS::Serverless::HttpApi":          "AWS::ApiGatewayV2::Api",
	"AWS::Serverless::LayerVersion":     "AWS::Lambda::LayerVersion",
	"AWS::Serverless::SimpleTable":      "AWS::DynamoDB::Table",
	"AWS::Serverless::StateMachine":     "AWS::StepFunctions::StateMachine",
	"AWS::Serverless::WebSocketApi":     "AWS::ApiGatewayV2::Api",
}

// eventSources describes the Properties of each event source type as the
// translator's class for it accepts them (names and required ones), with the
// value types the schema gives them, as property types of rt
// ("SQSEventSource"); it returns the event types' table.
func eventSources(rt *schema.ResourceType, evs map[string]map[string]bool) map[string]string {
	out := make(map[string]string, len(evs))
	for typ, props := range evs {
		from := rt.Definitions[rt.SAM.Events[typ]]
		obj := &schema.Object{Name: typ + "EventSource", Properties: map[string]*schema.Property{}}
		for name, required := range props {
			p := &schema.Property{Name: name, Type: schema.ValueType{Kind: schema.KindAny}}
			if from != nil && from.Properties[name] != nil {
				cp := *from.Properties[name]
				p = &cp
			}
			p.Required = required && suppliedBy[typ+"/"+name] == ""
			obj.Properties[name] = p
		}
		rt.Definitions[obj.Name] = obj
		out[typ] = obj.Name
	}
	return out
}
