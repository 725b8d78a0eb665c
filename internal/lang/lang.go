// Package lang holds the facts of the CloudFormation template language that
// more than one feature needs: the intrinsic functions (names, short tags,
// where they may stand, signatures and one-line summaries), the pseudo
// parameters, the resource attributes, the keys of rules, and the scanner of
// Fn::Sub variables. It is tables and string functions only and imports
// nothing of cfn-lsp, so that the parser and every feature can share it.
package lang

import "strings"

// Function describes an intrinsic function.
type Function struct {
	Name      string // long name: "Ref", "Fn::GetAtt"
	Signature string // short-form signature
	Summary   string // one line, written for cfn-lsp
	// Condition is set for the functions that may stand in a Conditions entry.
	Condition bool
	// Rule is set for the functions that may stand in a rule of the Rules section
	// (RuleCondition, Assert); RuleOnly for those that may stand nowhere else.
	Rule, RuleOnly bool
}

// Short returns the YAML short tag ("!GetAtt").
func (f Function) Short() string { return ShortTag(f.Name) }

// Functions lists the intrinsic functions, most used first.
var Functions = []Function{
	{Name: "Ref", Signature: "!Ref LogicalNameOrParameter", Summary: "The value of a parameter, or the physical id (usually) of a resource.", Rule: true},
	{Name: "Fn::GetAtt", Signature: "!GetAtt Resource.Attribute", Summary: "The value of an attribute of a resource in this template."},
	{Name: "Fn::Sub", Signature: "!Sub 'text with ${Name} and ${Resource.Attribute}'", Summary: "Substitutes ${...} names, attributes and pseudo parameters in a string."},
	{Name: "Fn::Join", Signature: "!Join [delimiter, [value, ...]]", Summary: "Concatenates a list of values with a delimiter between them."},
	{Name: "Fn::If", Signature: "!If [ConditionName, valueIfTrue, valueIfFalse]", Summary: "Picks one of two values depending on a condition."},
	{Name: "Fn::Select", Signature: "!Select [index, list]", Summary: "The item of a list at a zero-based index."},
	{Name: "Fn::Split", Signature: "!Split [delimiter, string]", Summary: "Cuts a string into a list at each delimiter."},
	{Name: "Fn::FindInMap", Signature: "!FindInMap [MapName, TopLevelKey, SecondLevelKey]", Summary: "Looks a value up in a two-level map of the Mappings section."},
	{Name: "Fn::ImportValue", Signature: "!ImportValue ExportName", Summary: "The value another stack exported under a name."},
	{Name: "Fn::Base64", Signature: "!Base64 string", Summary: "The Base64 encoding of a string, typically for EC2 user data."},
	{Name: "Fn::GetAZs", Signature: "!GetAZs region", Summary: "The availability zones of a region (the stack's region when empty)."},
	{Name: "Fn::Cidr", Signature: "!Cidr [ipBlock, count, cidrBits]", Summary: "Splits a CIDR block into a list of smaller CIDR blocks."},
	{Name: "Fn::Equals", Signature: "!Equals [value1, value2]", Summary: "True when two values are equal.", Condition: true, Rule: true},
	{Name: "Fn::And", Signature: "!And [condition, ...]", Summary: "True when every condition (2 to 10) is true.", Condition: true, Rule: true},
	{Name: "Fn::Or", Signature: "!Or [condition, ...]", Summary: "True when at least one condition (2 to 10) is true.", Condition: true, Rule: true},
	{Name: "Fn::Not", Signature: "!Not [condition]", Summary: "The negation of a condition.", Condition: true, Rule: true},
	{Name: "Condition", Signature: "!Condition ConditionName", Summary: "The value of a named condition, inside other conditions.", Condition: true},
	{Name: "Fn::Transform", Signature: "{Fn::Transform: {Name: macro, Parameters: {...}}}", Summary: "Runs a macro over part of the template."},
	{Name: "Fn::ToJsonString", Signature: "!ToJsonString object", Summary: "Serialises an object or list to a JSON string (AWS::LanguageExtensions)."},
	{Name: "Fn::Length", Signature: "!Length list", Summary: "The number of items of a list (AWS::LanguageExtensions)."},
	{Name: "Fn::Contains", Signature: "!Contains [[value, ...], value]", Summary: "Rules only: true when the string is one of the list.", Rule: true, RuleOnly: true},
	{Name: "Fn::EachMemberEquals", Signature: "!EachMemberEquals [[value, ...], value]", Summary: "Rules only: true when every item of the list is that string.", Rule: true, RuleOnly: true},
	{Name: "Fn::EachMemberIn", Signature: "!EachMemberIn [[value, ...], [allowed, ...]]", Summary: "Rules only: true when every item of the first list is also in the second.", Rule: true, RuleOnly: true},
	{Name: "Fn::RefAll", Signature: "!RefAll ParameterType", Summary: "Rules only: every value of an AWS-specific parameter type that exists in the account and region (a list).", Rule: true, RuleOnly: true},
	{Name: "Fn::ValueOf", Signature: "!ValueOf [ParameterName, Attribute]", Summary: "Rules only: an attribute (VpcId, Tags.Name, ...) of the resource a parameter's value names.", Rule: true, RuleOnly: true},
	{Name: "Fn::ValueOfAll", Signature: "!ValueOfAll [ParameterType, Attribute]", Summary: "Rules only: that attribute for every value of the parameters of a type in the stack (a list).", Rule: true, RuleOnly: true},
}

// longNames maps the short tags ("!GetAtt") to the long names ("Fn::GetAtt").
var longNames = func() map[string]string {
	m := make(map[string]string, len(Functions))
	for _, f := range Functions {
		m[f.Short()] = f.Name
	}
	return m
}()

// LongName returns the long name of the function a YAML short tag stands for
// ("!GetAtt" -> "Fn::GetAtt"), and false for any other tag.
func LongName(tag string) (string, bool) {
	fn, ok := longNames[tag]
	return fn, ok
}

// ShortTag returns the YAML short tag of a long function name ("Fn::GetAtt" -> "!GetAtt").
func ShortTag(fn string) string { return "!" + strings.TrimPrefix(fn, "Fn::") }

// FunctionByName returns the function with a long name ("Fn::Sub") or short tag ("!Sub").
func FunctionByName(name string) (Function, bool) {
	if long, ok := longNames[name]; ok {
		name = long
	}
	return named(Functions, name, func(f Function) string { return f.Name })
}

// namesOf returns the names of list's items, in order.
func namesOf[T any](list []T, nameOf func(T) string) []string {
	out := make([]string, len(list))
	for i, it := range list {
		out[i] = nameOf(it)
	}
	return out
}

// named returns the item of list called name.
func named[T any](list []T, name string, nameOf func(T) string) (T, bool) {
	for _, it := range list {
		if nameOf(it) == name {
			return it, true
		}
	}
	var none T
	return none, false
}

// IsIntrinsicName reports whether a mapping key names an intrinsic function in
// long form, which makes a single-key mapping that call. Fn::ForEach keys name
// loops, not calls.
func IsIntrinsicName(key string) bool {
	return key == "Ref" || (strings.HasPrefix(key, "Fn::") && !strings.HasPrefix(key, "Fn::ForEach"))
}

// TakesConditions reports whether the arguments of fn are conditions, so that a
// {"Condition": name} mapping among them is the Condition function: Fn::And,
// Fn::Or, Fn::Not and Fn::If (whose first argument names a condition).
func TakesConditions(fn string) bool {
	switch fn {
	case "Fn::And", "Fn::Or", "Fn::Not", "Fn::If":
		return true
	}
	return false
}

// PseudoParameter is an AWS:: name Ref and Sub can use without declaring it.
type PseudoParameter struct {
	Name    string
	Summary string
}

// PseudoParameters lists the pseudo parameters.
var PseudoParameters = []PseudoParameter{
	{"AWS::AccountId", "The id of the account the stack is created in."},
	{"AWS::NotificationARNs", "The notification topic ARNs of the stack (a list)."},
	{"AWS::NoValue", "Removes the property it is given to; use it with Fn::If."},
	{"AWS::Partition", "The partition of the region: aws, aws-cn, aws-us-gov, ..."},
	{"AWS::Region", "The region the stack is created in."},
	{"AWS::StackId", "The ARN of the stack."},
	{"AWS::StackName", "The name of the stack."},
	{"AWS::URLSuffix", "The domain suffix of the region, usually amazonaws.com."},
}

// Pseudo returns the pseudo parameter of that name.
func Pseudo(name string) (PseudoParameter, bool) {
	return named(PseudoParameters, name, func(p PseudoParameter) string { return p.Name })
}

// IsPseudo reports whether name is a pseudo parameter.
func IsPseudo(name string) bool {
	_, ok := Pseudo(name)
	return ok
}

// PseudoNames returns the names of the pseudo parameters, in PseudoParameters' order.
func PseudoNames() []string {
	return namesOf(PseudoParameters, func(p PseudoParameter) string { return p.Name })
}

// ResourceAttribute is a key CloudFormation itself reads on a resource entry.
type ResourceAttribute struct {
	Name string
	// Object is set when the value is a mapping (written on the lines below the key).
	Object bool
	// Legacy is set for an attribute CloudFormation still accepts but that no
	// new template needs (Version, of early custom resources): not offered.
	Legacy bool
}

// ResourceAttributes lists the resource attributes in the order a resource is written.
var ResourceAttributes = []ResourceAttribute{
	{Name: "Type"}, {Name: "Properties", Object: true}, {Name: "DependsOn"}, {Name: "Condition"},
	{Name: "DeletionPolicy"}, {Name: "UpdateReplacePolicy"}, {Name: "Metadata", Object: true},
	{Name: "CreationPolicy", Object: true}, {Name: "UpdatePolicy", Object: true}, {Name: "Version", Legacy: true},
}

// IsResourceAttribute reports whether key is a resource attribute.
func IsResourceAttribute(key string) bool {
	_, ok := named(ResourceAttributes, key, func(a ResourceAttribute) string { return a.Name })
	return ok
}

// ResourceAttributeNames returns the names of ResourceAttributes, in order.
func ResourceAttributeNames() []string {
	return namesOf(ResourceAttributes, func(a ResourceAttribute) string { return a.Name })
}

// RuleKey describes a key of a rule ("RuleCondition", "Assertions") or of an
// assertion ("Assert", "AssertDescription").
type RuleKey struct {
	Name      string
	Assertion bool // a key of an item of Assertions
	Summary   string
}

// RuleKeys lists the keys of the Rules section's entries, in the order they are written.
var RuleKeys = []RuleKey{
	{"RuleCondition", false, "When this rule applies: a rule function that is true or false. Without it the assertions always apply."},
	{"Assertions", false, "The checks of the rule: a list of items, each with an Assert and, optionally, an AssertDescription. Stack operations fail when one is false."},
	{"Assert", true, "A rule function that must be true for the parameter values given to the stack."},
	{"AssertDescription", true, "The message shown when the assertion fails."},
}

// RuleKeyByName returns the rule key of that name.
func RuleKeyByName(name string) (RuleKey, bool) {
	return named(RuleKeys, name, func(k RuleKey) string { return k.Name })
}

// Alphanumeric keeps the ASCII letters and digits of s: what a logical id may
// hold, as Fn::ForEach's &{Id} and the SAM transform make names of values.
func Alphanumeric(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
