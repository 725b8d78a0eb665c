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
// source, with every property type), the properties Globals may set, and the
// resources a template may name through a SAM resource ("MyFunction.Alias").
const samScript = `import inspect, json
from samtranslator.internal.schema_source.schema import get_schema, SamModel
from samtranslator.plugins.globals.globals import Globals
import samtranslator.model.sam_resources as m
referable = {c.resource_type: c.referable_properties for _, c in inspect.getmembers(m, inspect.isclass)
             if str(getattr(c, "resource_type", "")).startswith("AWS::Serverless::") and getattr(c, "referable_properties", None)}
print(json.dumps({"schema": get_schema(SamModel), "globals": Globals.supported_properties, "referable": referable}, sort_keys=True))`

// samSource is samScript's output.
type samSource struct {
	Schema    json.RawMessage              `json:"schema"`
	Globals   map[string][]string          `json:"globals"`
	Referable map[string]map[string]string `json:"referable"`
}

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
		rt.AnyAttribute = true
		if target := cfn[samTargets[rt.Name]]; target != nil {
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
