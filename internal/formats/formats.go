// Package formats validates the values that JSON-schema `format` keywords name:
// the generic formats (ipv4, ipv6, their networks, date, time, date-time, email,
// regex) and the AWS identifier formats of cfn-lint's schemas (AWS::EC2::VPC.Id,
// AWS::IAM::Role.Arn, ...), each with the cfn-lint rule id that reports a value
// out of format.
//
// The schema evaluator calls Check (or CheckAt) on literal strings only: an
// intrinsic function's value is not known here, and a value that holds a dynamic
// reference ({{resolve:...}}) is one CloudFormation substitutes at deploy time, so
// it passes every format.
package formats

import (
	"maps"
	"regexp"
	"slices"
	"strings"
)

// Format is one named format.
type Format struct {
	// Name is the format as the schemas spell it ("AWS::EC2::VPC.Id", "ipv4-network").
	Name string
	// Rule is the cfn-lint rule id that reports a value out of this format
	// (E1150-E1164). Empty for the generic formats: cfn-lint reports those under
	// the rule of the schema being evaluated (E3002 for resource properties).
	Rule string
	// Pattern is the regular expression cfn-lint quotes in its message for the AWS
	// formats (Python syntax, for messages only); empty for the generic formats.
	Pattern string

	valid func(string) bool
}

// Valid reports whether value is in the format.
func (f Format) Valid(value string) bool {
	return strings.Contains(value, "{{resolve:") || f.valid(value)
}

// arnPrefix is what every ARN format starts with: any partition (aws, aws-cn,
// aws-us-gov, aws-iso-b...).
const arnPrefix = `^arn:aws[a-zA-Z-]*:`

// aws builds an AWS format that a regular expression decides. pattern is the one
// cfn-lint quotes; re is the same expression in Go syntax where they differ.
func aws(name, rule, pattern string, re ...string) Format {
	expr := pattern
	if len(re) > 0 {
		expr = re[0]
	}
	return Format{Name: name, Rule: rule, Pattern: pattern, valid: regexp.MustCompile(expr).MatchString}
}

var table = func() map[string]Format {
	list := []Format{
		aws("AWS::EC2::SecurityGroup.Id", "E1150", `^sg-([a-fA-F0-9]{8}|[a-fA-F0-9]{17})$`),
		aws("AWS::EC2::VPC.Id", "E1151", `^vpc-(([0-9A-Fa-f]{8})|([0-9A-Fa-f]{17}))$`),
		// AMI ids are cfn-lint's one id format that admits any lower-case letter.
		aws("AWS::EC2::Image.Id", "E1152", `^ami-([0-9a-z]{8}|[0-9a-z]{17})$`),
		aws("AWS::EC2::SecurityGroup.Name", "E1153", `^[a-zA-Z0-9 \._\-:\/()#\,@\[\]+=&;\{\}!\$\*]+$`),
		aws("AWS::EC2::Subnet.Id", "E1154", `^subnet-(([0-9A-Fa-f]{8})|([0-9A-Fa-f]{17}))$`),
		// cfn-lint 1.51 registers E1155 under AWS::EC2::Subnet.Id by mistake, so it
		// never checks log group names and checks subnet ids twice. Here E1155
		// checks what its title says, CloudWatch Logs' own rule for group names.
		aws("AWS::Logs::LogGroup.Name", "E1155", `^[\.\-_\/#A-Za-z0-9]{1,512}\Z`, `^[\.\-_\/#A-Za-z0-9]{1,512}$`),
		aws("AWS::IAM::Role.Arn", "E1156", arnPrefix+`iam::\d{12}:role/.+$`),
		aws("AWS::KMS::Key.Arn", "E1157", arnPrefix+`kms:[a-z0-9-]+:\d{12}:(key|alias)/.+$`),
		aws("AWS::SNS::Topic.Arn", "E1158", arnPrefix+`sns:[a-z0-9-]+:\d{12}:.+$`),
		aws("AWS::ACM::Certificate.Arn", "E1159", arnPrefix+`acm:[a-z0-9-]+:\d{12}:certificate/.+$`),
		aws("AWS::Lambda::Function.Arn", "E1160", arnPrefix+`lambda:[a-z0-9-]+:\d{12}:function:.+(:.+)?$`),
		{Name: "AWS::S3::Bucket.Name", Rule: "E1161",
			Pattern: `^(?![.\-])(?!.*\.\.)(?!.*\-\.)(?!.*\.\-)[a-z0-9.\-]{3,63}(?<![.\-])$`, valid: bucketName},
		aws("AWS::KMS::Key.Id", "E1162",
			`^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|alias/[a-zA-Z0-9/_-]+)$`),
		aws("AWS::Lambda::Function.Name", "E1163", `^[a-zA-Z0-9_-]{1,140}$`),
		aws("AWS::KMS::Alias.AliasName", "E1164", `^alias/[a-zA-Z0-9:/_-]+$`),

		{Name: "date", valid: isDate},
		{Name: "date-time", valid: isDateTime},
		{Name: "time", valid: isTime},
		{Name: "email", valid: func(s string) bool { return strings.Contains(s, "@") }},
		{Name: "ipv4", valid: isIPv4},
		{Name: "ipv6", valid: isIPv6},
		{Name: "ipv4-network", valid: isIPv4Network},
		{Name: "ipv6-network", valid: isIPv6Network},
		{Name: "regex", valid: isRegex},
	}
	m := make(map[string]Format, len(list))
	for _, f := range list {
		m[f.Name] = f
	}
	return m
}()

// aliases are older names schemas still use for a format.
var aliases = map[string]string{
	"AWS::EC2::SecurityGroup.GroupId": "AWS::EC2::SecurityGroup.Id",
}

// Lookup returns the named format. Formats the schemas use only to describe a
// value (json, int64, uri, the list formats such as AWS::EC2::Subnet.Ids...)
// are not known: nothing validates them.
func Lookup(name string) (Format, bool) {
	if a, ok := aliases[name]; ok {
		name = a
	}
	f, ok := table[name]
	return f, ok
}

// Check reports whether value is in the named format; known is false (and ok
// true) for a format this package does not validate.
func Check(format, value string) (ok, known bool) {
	return CheckAt(format, value, "")
}

// CheckAt is Check for a value at path, cfn-lint's path of the property in the
// schema: "Resources/AWS::S3::Bucket/Properties/BucketName", "*" for a list item.
// Two properties accept more than their format says: an empty BucketName (the
// bucket gets a generated name) and a launch template's ImageId written as
// "resolve:ssm:NAME" (EC2 resolves the parameter when it launches an instance).
func CheckAt(format, value, path string) (ok, known bool) {
	f, known := Lookup(format)
	if !known {
		return true, false
	}
	if ex, ok := exempt[exemption{f.Name, path}]; ok && ex(value) {
		return true, true
	}
	return f.Valid(value), true
}

type exemption struct{ format, path string }

var exempt = map[exemption]func(string) bool{
	{"AWS::S3::Bucket.Name", "Resources/AWS::S3::Bucket/Properties/BucketName"}: func(v string) bool { return v == "" },
	{"AWS::EC2::Image.Id", "Resources/AWS::EC2::LaunchTemplate/Properties/LaunchTemplateData/ImageId"}: func(v string) bool {
		return strings.HasPrefix(v, "resolve:ssm:")
	},
}

// Names lists the known formats, sorted.
func Names() []string {
	return slices.Sorted(maps.Keys(table))
}

// Rules maps each cfn-lint rule id of the AWS formats to its format name.
func Rules() map[string]string {
	out := map[string]string{}
	for _, f := range table {
		if f.Rule != "" {
			out[f.Rule] = f.Name
		}
	}
	return out
}
