// Package jsonschema evaluates JSON Schema over the position-aware template
// model, the way CloudFormation reads a template: it is the one validator that
// the registry schemas, cfn-lint's extension schemas and its "other" schemas
// (IAM policies, template sections, intrinsic functions) all run on.
//
// It knows draft-07's keywords (type, enum, const, pattern, format, the numeric
// bounds, lengths, items and prefixItems, properties, patternProperties,
// additionalProperties, propertyNames, required, dependencies, the min/max
// counts, oneOf, anyOf, allOf, not, if/then/else, $ref), the keywords cfn-lint
// adds (requiredXor, requiredOr, dependentRequired, dependentExcluded,
// enumCaseInsensitive, uniqueKeys, maxUniqueItems, cfnContext, cfnGather (a
// resource judged with those it references, gather.go), and tagging: a
// registry schema's taggable type meets the Validator's Tagging schema), and
// CloudFormation's ways:
//
//   - Coercions: a scalar is a fine string, "20" a fine number or integer,
//     "true" a fine boolean (values.go).
//   - Intrinsic functions are not judged as values. Fn::If is judged branch by
//     branch under its condition; Ref AWS::NoValue removes the key it stands
//     under; the keywords that count an object's keys or a list's items
//     (required, minItems, if/then, ...) are judged once per combination of
//     the conditions of the Fn::If values directly inside it, and a finding
//     names the conditions it needs. Every other function's value is unknown,
//     and an unknown value makes oneOf, anyOf, allOf, not and if undecided
//     rather than failed. A Validator's Functions hook judges them further
//     (a Ref to a parameter through the parameter's values, Fn::GetAtt through
//     the attribute's type).
//   - Findings are placed where cfn-lint places them: at the key a value
//     stands under (a list item: at the item), a missing property at the key of
//     the object.
//   - Rules: a Validator maps each keyword to the rule id that reports it, and
//     runs the Rules whose keyword paths ("Resources/AWS::EC2::Instance/Properties")
//     match the place being validated, each with its own schema and ids, as
//     cfn-lint's cfnLint keyword does.
//
// Why not github.com/santhosh-tekuri/jsonschema/v6 (v6.0.3, evaluated on this
// module's proxy): it validates decoded JSON values and reports instance
// locations as JSON pointers, which could be mapped back to nodes, and it is
// fast (about 5µs for a security group ingress rule). But its type, minimum
// and enum keywords are fixed to JSON's types, so "20" fails "integer", and
// they cannot be replaced by a vocabulary; it has only true and false, so a
// Ref or Fn::Sub inside a oneOf branch makes that branch fail instead of
// making the oneOf undecided; and an Fn::If would have to be expanded into
// every combination of branches before validation, over the whole resource,
// where here it is expanded only where a keyword counts keys or items. Each
// of these would need the schemas rewritten to custom keywords, leaving the
// library little but $ref resolution. So this package is written for the
// model, small, compiled once per schema document (lazily: a $ref is
// compiled when first used).
package jsonschema
