package schemacheck

import (
	"slices"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/refs"
)

// restAPIParts are the API Gateway resources that define part of a REST API
// an OpenAPI Body also defines.
var restAPIParts = []string{
	"AWS::ApiGateway::Method", "AWS::ApiGateway::Model", "AWS::ApiGateway::Resource",
	"AWS::ApiGateway::GatewayResponse", "AWS::ApiGateway::RequestValidator", "AWS::ApiGateway::Authorizer",
}

// ruleRestAPIMixing warns about a REST API defined by an OpenAPI Body (or
// BodyS3Location) that other resources of the template also extend (methods,
// resources, models...): each update of the body replaces the API's definition,
// and the separately declared parts drift or are orphaned.
var ruleRestAPIMixing = resourceRule{
	Rule: diag.Rule{ID: "W3660", ResourceTypes: []string{"AWS::ApiGateway::RestApi"},
		Summary: "A REST API is defined by its OpenAPI body or by separate resources, not both"},
	check: func(r *ruleRun) {
		var index *refs.Index
		r.sites(func(s site) {
			if index == nil {
				index = refs.Of(r.t)
			}
			key := s.value.Parent.GetPair(s.value.KeyOf())
			if key == nil {
				return
			}
			var seen []string
			for i := range index.Refs {
				ref := &index.Refs[i]
				if ref.Name != s.resource.Name || ref.Section != refs.Resources || slices.Contains(seen, ref.Entry) {
					continue
				}
				src := r.t.Resource(ref.Entry)
				if src == nil || !slices.Contains(restAPIParts, src.Type()) {
					continue
				}
				seen = append(seen, ref.Entry)
				r.report(key.Key.Range, s.resource.Name, "Defining "+jsonschema.PyStr(key.Key.Value)+" with a relation to resource "+jsonschema.PyStr(ref.Entry)+
					" of type "+jsonschema.PyStr(src.Type())+" may result in drift and orphaned resources")
			}
		})
	},
}
