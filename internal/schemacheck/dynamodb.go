package schemacheck

import (
	"fmt"
	"slices"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// ruleAttributeMismatch checks that a DynamoDB table defines exactly the
// attributes its key schemas (the table's and its indexes') name: DynamoDB
// rejects a definition no key uses, and a key without a definition.
var ruleAttributeMismatch = resourceRule{
	Rule: diag.Rule{ID: "E3039", ResourceTypes: []string{"AWS::DynamoDB::Table"},
		Summary: "A DynamoDB table's AttributeDefinitions are exactly the attributes its key schemas use"},
	resource: func(r *ruleRun, e *template.Entry) {
		pp := e.Value.GetPair("Properties")
		if pp == nil || pp.Value.Kind != template.Mapping {
			return
		}
		defined, ok := attributeNames(pp.Value.Get("AttributeDefinitions"))
		if !ok {
			return
		}
		keys, ok := attributeNames(pp.Value.Get("KeySchema"))
		for _, idx := range []string{"GlobalSecondaryIndexes", "LocalSecondaryIndexes"} {
			list := pp.Value.Get(idx)
			if list == nil {
				continue
			}
			if list.Kind != template.Sequence {
				ok = false
				break
			}
			for _, it := range list.Items {
				more, fine := attributeNames(it.Get("KeySchema"))
				ok = ok && fine
				keys = append(keys, more...)
			}
		}
		if !ok {
			return // a function stands where names are expected
		}
		defined, keys = sortedSet(defined), sortedSet(keys)
		if !slices.Equal(defined, keys) {
			r.report(pp.Key.Range, e.Name, fmt.Sprintf(
				"The set of attributes in AttributeDefinitions %s and in the key schemas %s must match", pyList(defined), pyList(keys)))
		}
	},
}

// attributeNames returns the AttributeName values of a list of definitions or
// key elements; ok is false when any is not a literal (or the list is not one).
func attributeNames(list *template.Node) (names []string, ok bool) {
	if list == nil {
		return nil, true
	}
	if list.Kind != template.Sequence {
		return nil, false
	}
	for _, it := range list.Items {
		n, isStr := it.Get("AttributeName").Str()
		if !isStr {
			return nil, false
		}
		names = append(names, n)
	}
	return names, true
}

func sortedSet(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

func pyList(s []string) string {
	out := "["
	for i, v := range s {
		if i > 0 {
			out += ", "
		}
		out += jsonschema.PyStr(v)
	}
	return out + "]"
}
