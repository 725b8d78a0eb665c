package schemacheck

import (
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// This file implements E1041: a Ref to a resource stands where a property
// of a format (AWS::IAM::Role.Arn...) is expected, and the value Ref
// returns (the resource's primary identifier) is of another format or of
// none, as cfn-lint's format facts say: a role's Ref is its name where the
// property wants its ARN.

// refFormat judges Ref name, a resource of the template, against the
// property's schema s.
func (c *checker) refFormat(v *jsonschema.Validator, n *template.Node, name string, s *jsonschema.Schema, p jsonschema.Place) *jsonschema.Error {
	want := s.Format()
	if want == "" {
		return nil
	}
	r := c.t.Resource(name)
	if r == nil {
		return nil
	}
	typ := r.Type()
	if typ == "AWS::CloudFormation::CustomResource" || strings.HasPrefix(typ, "Custom::") {
		return nil // a custom resource chooses its physical id
	}
	var got []string
	switch typ {
	case "AWS::EC2::SecurityGroup": // in a VPC its Ref is the group's id, else its name
		got = []string{"AWS::EC2::SecurityGroup.Name"}
		v.ReadOthers = true
		if r.Get("Properties").Get("VpcId") != nil {
			got = []string{"AWS::EC2::SecurityGroup.Id"}
		}
	default:
		var ok bool
		if got, ok = c.refFormats(typ); !ok {
			return nil
		}
	}
	if slices.Contains(got, want) {
		return nil
	}
	msg := jsonschema.Repr(n) + " does not match destination format of '" + want + "'"
	if len(got) > 0 {
		msg = jsonschema.Repr(n) + " with formats ['" + strings.Join(got, "', '") + "'] does not match destination format of '" + want + "'"
	}
	return &jsonschema.Error{Rule: "E1041", Keyword: "ref", Range: p.At, Node: n, Message: msg}
}

// refFormats are the formats of the value a Ref to a resource of the type
// returns: those of its one primary identifier property (see
// jsonschema.Schema.Formats); ok is false when that is not known (no
// registry schema, or a compound identifier, whose Ref is a plain string).
func (c *checker) refFormats(typ string) (formats []string, ok bool) {
	rt := c.spec.ResourceType(typ)
	if rt == nil || c.spec.Registry(typ) == nil || len(c.regions) == 0 {
		return nil, false
	}
	doc := c.documents(rt, c.regions[:1])[0]
	ids, _ := doc.Raw("/primaryIdentifier").([]any)
	if len(ids) != 1 {
		return nil, false
	}
	id, _ := ids[0].(string)
	prop := doc.At(id)
	if prop == nil {
		return nil, false
	}
	return prop.Formats(), true
}
