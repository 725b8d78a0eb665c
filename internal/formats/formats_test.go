package formats

import (
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/schema"
)

// cases lists, per format, values in it and values out of it. The AWS formats'
// cases were checked against cfn-lint 1.51 (same verdict), except where a comment
// says why we differ.
var cases = []struct {
	format       string
	valid, wrong []string
}{
	{"AWS::EC2::SecurityGroup.Id",
		[]string{"sg-0123abcd", "sg-0123456789abcdef0", "sg-ABCDEF12"},
		[]string{"sg-123", "sg-0123abcg", "sg-0123456789abcdef", "sg-0123456789abcdef01", "sg_0123abcd", "my-group", ""}},
	{"AWS::EC2::SecurityGroup.GroupId", // the older name of the same format
		[]string{"sg-0123abcd"},
		[]string{"sg-123"}},
	{"AWS::EC2::VPC.Id",
		[]string{"vpc-0123abcd", "vpc-0123456789ABCDEF0"},
		[]string{"vpc-123", "vpc-0123abcdx", "subnet-0123abcd", " vpc-0123abcd"}},
	{"AWS::EC2::Image.Id",
		[]string{"ami-12345678", "ami-0123456789abcdef0", "ami-zzzzzzzz"},
		[]string{"ami-1234567", "ami-123456789", "ami-0123456789abcdef", "ami-ABCDEF12", "resolve:ssm:/aws/x", "AMI-12345678"}},
	{"AWS::EC2::SecurityGroup.Name",
		[]string{"web servers", "a_b.c-d:e/f(g)#,@[h]+=&;{i}!$*"},
		[]string{"", "tab\there", "é"}},
	{"AWS::EC2::Subnet.Id",
		[]string{"subnet-0123abcd", "subnet-0123456789abcdef0"},
		[]string{"subnet-123", "subnet-0123abcd!", "sn-0123abcd"}},
	{"AWS::Logs::LogGroup.Name",
		[]string{"/aws/lambda/my-function", "app#1.log_group", strings.Repeat("a", 512)},
		[]string{"", "has space", "colon:name", strings.Repeat("a", 513)}},
	{"AWS::IAM::Role.Arn",
		[]string{"arn:aws:iam::123456789012:role/my-role", "arn:aws-cn:iam::123456789012:role/path/r", "arn:aws-us-gov:iam::123456789012:role/r"},
		[]string{"arn:aws:iam:123456789012:role/r", "arn:aws:iam::12345678901:role/r", "arn:aws:iam::123456789012:user/u", "arn:aws:iam::123456789012:role/", "my-role"}},
	{"AWS::KMS::Key.Arn",
		[]string{"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws:kms:eu-west-1:123456789012:alias/mine"},
		[]string{"arn:aws:kms:us-east-1:123456789012:1234abcd", "1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws:kms::123456789012:key/x"}},
	{"AWS::SNS::Topic.Arn",
		[]string{"arn:aws:sns:us-east-1:123456789012:my-topic"},
		[]string{"arn:aws:sns:us-east-1:123456789012:", "my-topic", "arn:aws:sqs:us-east-1:123456789012:q"}},
	{"AWS::ACM::Certificate.Arn",
		[]string{"arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"},
		[]string{"arn:aws:acm:us-east-1:123456789012:cert/1", "arn:aws:acm:us-east-1:1234:certificate/1"}},
	{"AWS::Lambda::Function.Arn",
		[]string{"arn:aws:lambda:us-east-1:123456789012:function:f", "arn:aws:lambda:us-east-1:123456789012:function:f:prod"},
		[]string{"arn:aws:lambda:us-east-1:123456789012:f", "arn:aws:lambda:us-east-1:123456789012:function:", "f"}},
	{"AWS::S3::Bucket.Name",
		[]string{"my-bucket", "a.b.c", "abc", "123", strings.Repeat("a", 63)},
		[]string{"", "ab", "My-Bucket", "my..bucket", "my.-bucket", "my-.bucket", "-bucket", "bucket-", ".bucket", "bucket.", "my_bucket", strings.Repeat("a", 64)}},
	{"AWS::KMS::Key.Id",
		[]string{"1234abcd-12ab-34cd-56ef-1234567890ab", "mrk-1234abcd12ab34cd56ef1234567890ab", "alias/my/key_1-2"},
		[]string{"1234ABCD-12ab-34cd-56ef-1234567890ab", "mrk-1234", "alias/", "alias/a:b", "arn:aws:kms:us-east-1:123456789012:key/x"}},
	{"AWS::Lambda::Function.Name",
		[]string{"my_function-1", strings.Repeat("f", 140)},
		[]string{"", "my function", "my:function", strings.Repeat("f", 141)}},
	{"AWS::KMS::Alias.AliasName",
		[]string{"alias/my-key", "alias/aws:x/y_z"},
		[]string{"alias/", "my-key", "alias/a b"}},

	{"date",
		[]string{"2024-02-29", "1999-12-31"},
		[]string{"2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-1-01", "24-01-01", "2024-01-01T00:00:00Z", ""}},
	// "+05:00" is an offset RFC 3339 allows; cfn-lint 1.51 rejects it in times and
	// date-times (its expression expects two signs, "+-05:00"), a defect not
	// copied here.
	{"time",
		[]string{"23:59:59Z", "00:00:00.123+05:30", "12:00:00-08:00"},
		[]string{"24:00:00Z", "12:60:00Z", "12:00:00", "12:00Z", "12:00:00+5:00", "12:00:00+-05:00"}},
	{"date-time",
		[]string{"2024-01-01T00:00:00Z", "2024-01-01T00:00:00.5+05:00", "2024-02-29T23:59:59-00:00"},
		// 2024-02-30 passes cfn-lint, which checks only that the day has two digits.
		[]string{"2024-01-01 00:00:00", "2024-01-01T00:00:00", "2024-02-30T00:00:00Z", "2024-01-01t00:00:00z", "2024-01-01", ""}},
	{"email",
		[]string{"a@b", "team@example.com"},
		[]string{"example.com", ""}},
	{"ipv4",
		[]string{"0.0.0.0", "10.0.0.1", "255.255.255.255"},
		[]string{"256.0.0.1", "01.2.3.4", "1.2.3", "1.2.3.4/32", "::1", " 1.2.3.4", ""}},
	{"ipv6",
		[]string{"::", "::1", "2001:db8::1", "::ffff:1.2.3.4", "1:2:3:4:5:6:7:8"},
		[]string{"fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "1.2.3.4", "2001:db8::/64", "gggg::1"}},
	{"ipv4-network",
		[]string{"10.0.0.0/8", "0.0.0.0/0", "10.0.0.0", "1.2.3.4/32", "10.0.0.0/08", "10.0.0.0/255.255.0.0", "10.0.0.0/0.0.255.255"},
		[]string{"10.0.0.1/24", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/255.0.255.0", " 10.0.0.0/8", "10.0.0.0/8\n", "2001:db8::/32"}},
	{"ipv6-network",
		[]string{"::/0", "2001:db8::/32", "2001:db8::/064", "2001:db8::", "::ffff:1.2.3.4/128"},
		[]string{"2001:db8::1/64", "2001:db8::/129", "10.0.0.0/8", "2001:db8::/ff"}},
	{"regex",
		[]string{"^[a-z]+$", `(?=x)y`, `(\w)\1`, `a*+`, `(?<name>x)`, `\Z`},
		[]string{"(abc", "abc)", "[a-z", `abc\`, "*a", "[z-a]"}},
}

func TestCheck(t *testing.T) {
	for _, c := range cases {
		for _, v := range c.valid {
			if ok, known := Check(c.format, v); !ok || !known {
				t.Errorf("Check(%q, %q) = %v, %v; want valid", c.format, v, ok, known)
			}
		}
		for _, v := range c.wrong {
			if ok, known := Check(c.format, v); ok || !known {
				t.Errorf("Check(%q, %q) = %v, %v; want invalid", c.format, v, ok, known)
			}
		}
	}
}

// Every known format has cases, so that none goes untested.
func TestCasesCoverFormats(t *testing.T) {
	tested := map[string]bool{}
	for _, c := range cases {
		f, _ := Lookup(c.format)
		tested[f.Name] = true
	}
	for _, n := range Names() {
		if !tested[n] {
			t.Errorf("format %s has no test cases", n)
		}
	}
}

func TestDynamicReference(t *testing.T) {
	for _, v := range []string{
		"{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}",
		"{{resolve:secretsmanager:db:SecretString:host}}",
		"prefix-{{resolve:ssm:name}}",
	} {
		for _, f := range []string{"AWS::EC2::Image.Id", "AWS::S3::Bucket.Name", "ipv4"} {
			if ok, _ := Check(f, v); !ok {
				t.Errorf("Check(%q, %q): a dynamic reference is resolved at deploy time; want valid", f, v)
			}
		}
	}
}

func TestCheckAt(t *testing.T) {
	const lt = "Resources/AWS::EC2::LaunchTemplate/Properties/LaunchTemplateData/ImageId"
	const bucket = "Resources/AWS::S3::Bucket/Properties/BucketName"
	for _, c := range []struct {
		format, value, path string
		ok                  bool
	}{
		{"AWS::EC2::Image.Id", "resolve:ssm:/golden/ami", lt, true},
		{"AWS::EC2::Image.Id", "resolve:ssm:/golden/ami", "Resources/AWS::EC2::Instance/Properties/ImageId", false},
		{"AWS::EC2::Image.Id", "ami-123", lt, false},
		{"AWS::S3::Bucket.Name", "", bucket, true},
		{"AWS::S3::Bucket.Name", "", "Resources/AWS::S3::BucketPolicy/Properties/Bucket", false},
		{"AWS::S3::Bucket.Name", "Up", bucket, false},
	} {
		if ok, _ := CheckAt(c.format, c.value, c.path); ok != c.ok {
			t.Errorf("CheckAt(%q, %q, %q) = %v, want %v", c.format, c.value, c.path, ok, c.ok)
		}
	}
}

func TestUnknown(t *testing.T) {
	for _, f := range []string{"json", "int64", "uri", "AWS::EC2::Subnet.Ids", "AWS::SQS::Queue.Arn", ""} {
		if ok, known := Check(f, "anything"); !ok || known {
			t.Errorf("Check(%q) = %v, %v; want true, false", f, ok, known)
		}
	}
}

func TestRules(t *testing.T) {
	r := Rules()
	if len(r) != 15 {
		t.Errorf("%d format rules, want 15 (E1150-E1164)", len(r))
	}
	for id, name := range r {
		if f, _ := Lookup(name); f.Rule != id || f.Pattern == "" {
			t.Errorf("rule %s: format %+v", id, f)
		}
	}
	if f, _ := Lookup("ipv4"); f.Rule != "" {
		t.Errorf("ipv4 has rule %q; cfn-lint reports generic formats under the schema's rule", f.Rule)
	}
}

// The format rules agree with the installed cfn-lint's (schema.LintRules): the
// same ids for the same formats, except E1155, which cfn-lint 1.51 files under
// AWS::EC2::Subnet.Id by mistake (see the table).
func TestRulesMatchCfnLint(t *testing.T) {
	ours := Rules()
	n := 0
	for _, r := range schema.LintRules() {
		if r.Kind != schema.LintFormat {
			continue
		}
		n++
		want := r.Format
		if r.ID == "E1155" && want == "AWS::EC2::Subnet.Id" {
			want = "AWS::Logs::LogGroup.Name"
		}
		if ours[r.ID] != want {
			t.Errorf("%s: cfn-lint checks %q, we check %q", r.ID, r.Format, ours[r.ID])
		}
	}
	if n != len(ours) {
		t.Errorf("cfn-lint has %d format rules, we have %d", n, len(ours))
	}
}
