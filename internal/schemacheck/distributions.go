package schemacheck

import (
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// ruleTargetOriginID reports a distribution whose default cache behavior
// targets an origin id that none of its origins or origin groups has:
// CloudFront rejects the distribution. Ids written with functions leave the
// question open.
var ruleTargetOriginID = resourceRule{
	Rule: diag.Rule{ID: "E3057", ResourceTypes: []string{"AWS::CloudFront::Distribution"},
		Summary: "A distribution's default cache behavior targets one of its origins or origin groups"},
	value: func(r *ruleRun, s site) {
		target := s.value.Get("DefaultCacheBehavior").Get("TargetOriginId")
		id, ok := target.Str()
		if !ok {
			return
		}
		var ids []string
		for _, list := range []*template.Node{s.value.Get("Origins"), s.value.Get("OriginGroups").Get("Items")} {
			if list == nil {
				continue
			}
			if list.Kind != template.Sequence {
				return
			}
			for _, it := range list.Items {
				v, ok := it.Get("Id").Str()
				if !ok {
					return
				}
				if v == id {
					return
				}
				ids = append(ids, v)
			}
		}
		if len(ids) == 0 {
			return // no origins at all: E3003 says Origins is required
		}
		r.report(target.Range, s.resource.Name, jsonschema.PyStr(id)+" is not one of "+pyList(ids)+", the ids of the distribution's origins")
	},
}
