package security

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/checktest"
	"github.com/cfn-lsp/cfn-lsp/internal/golden"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

const testdata = "../../testdata/security"

func parseFile(t testing.TB, name string) *template.Template {
	t.Helper()
	return testutil.Parse(t, name, checktest.Read(t, filepath.Join(testdata, name)))
}

func TestGolden(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(testdata, "*.yaml"))
	more, _ := filepath.Glob(filepath.Join(testdata, "*.json"))
	files = append(files, more...)
	if len(files) < 6 {
		t.Fatalf("expected the security testdata, found %v", files)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			got := testutil.Render(Check(parseFile(t, name), Options{}))
			golden.Check(t, f+".golden", got)
		})
	}
}

// codesOf returns the sorted distinct codes of ds.
func codesOf(ds []diag.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		if !slices.Contains(out, d.Code) {
			out = append(out, d.Code)
		}
	}
	slices.Sort(out)
	return out
}

// The Scenario 2 style security groups: W2 and W5 on the world-open standalone
// rules, attributed to the group they open, plus W9 and W36, and no failure.
func TestVPCSecurityGroups(t *testing.T) {
	for _, name := range []string{"vpc-instance-sg.yaml", "vpc-instance-sg.json"} {
		t.Run(name, func(t *testing.T) {
			tp := parseFile(t, name)
			ds := Check(tp, Options{})
			if got, want := codesOf(ds), []string{"W2", "W36", "W5", "W9"}; !slices.Equal(got, want) {
				t.Fatalf("codes = %v, want %v", got, want)
			}
			count := map[string]int{}
			for _, d := range ds {
				count[d.Code]++
				if IsFailure(d.Code) || d.Severity != diag.Warning || d.Source != diag.SourceSecurity {
					t.Errorf("unexpected finding %+v", d)
				}
				line := tp.Lines.Line(d.Range.Start.Line)
				switch d.Code {
				case "W2", "W5", "W9":
					if !strings.Contains(line, "CidrIp") || !strings.Contains(line, "0.0.0.0/0") {
						t.Errorf("%s located on %q, want the CidrIp line", d.Code, line)
					}
					if d.Resource != "WebTierGroup" && d.Resource != "AppTierGroup" {
						t.Errorf("%s attributed to %q, want the security group", d.Code, d.Resource)
					}
					if !strings.Contains(d.Message, "security group "+d.Resource) {
						t.Errorf("%s message does not name the group: %s", d.Code, d.Message)
					}
				}
			}
			want := map[string]int{"W2": 2, "W5": 3, "W9": 2, "W36": 9}
			for code, n := range want {
				if count[code] != n {
					t.Errorf("%s: %d findings, want %d", code, count[code], n)
				}
			}
		})
	}
}

// Each risky pattern is reported on the line that holds it.
func TestRiskyLines(t *testing.T) {
	for _, name := range []string{"risky.yaml", "risky.json"} {
		t.Run(name, func(t *testing.T) {
			tp := parseFile(t, name)
			ds := Check(tp, Options{})
			cases := []struct{ code, resource, onLine string }{
				{"F3", "AdminRole", `"*"`},
				{"W11", "AdminRole", `"*"`},
				{"W2", "BastionGroup", "0.0.0.0/0"},
				{"F23", "Database", "hunter2"},
				{"W31", "WebsiteBucket", "PublicRead"},
			}
			for _, c := range cases {
				found := false
				for _, d := range ds {
					if d.Code != c.code {
						continue
					}
					found = true
					line := tp.Lines.Line(d.Range.Start.Line)
					if d.Resource != c.resource || !strings.Contains(line, c.onLine) {
						t.Errorf("%s: resource %q on line %q, want %q on a line with %q", c.code, d.Resource, line, c.resource, c.onLine)
					}
				}
				if !found {
					t.Errorf("%s not reported; got %v", c.code, codesOf(ds))
				}
			}
		})
	}
}

func TestCleanTemplate(t *testing.T) {
	for _, name := range []string{"clean.yaml", "clean.json"} {
		if ds := Check(parseFile(t, name), Options{}); len(ds) != 0 {
			t.Errorf("%s: unexpected findings:\n%s", name, testutil.Render(ds))
		}
	}
}

func check(t *testing.T, text string, opts Options) []diag.Diagnostic {
	t.Helper()
	return Check(testutil.Parse(t, "t.yaml", text), opts)
}

const openGroup = `Resources:
  Open:
    Type: AWS::EC2::SecurityGroup
%s    Properties:
      GroupDescription: x
      SecurityGroupIngress:
        - CidrIp: 0.0.0.0/0
          IpProtocol: tcp
          FromPort: 80
          ToPort: 80
          Description: web
      SecurityGroupEgress:
        - CidrIp: 10.0.0.1/32
          IpProtocol: tcp
          FromPort: 80
          ToPort: 80
          Description: out
`

func TestSuppression(t *testing.T) {
	cases := []struct {
		name, meta string
		want       []string
	}{
		{"none", "", []string{"W2", "W9"}},
		{"with reason", "    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - id: W2\n            reason: public web server\n", []string{"W9"}},
		{"without reason", "    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - id: W9\n", []string{"W2"}},
		{"entry without id", "    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - reason: forgot the id\n", []string{"W2", "W9"}},
		{"other tool", "    Metadata:\n      cfn-lint:\n        config:\n          ignore_checks: [W2]\n", []string{"W2", "W9"}},
		{"both", "    Metadata:\n      cfn_nag:\n        rules_to_suppress: [{id: W2}, {id: W9, reason: ok}]\n", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := codesOf(check(t, fmt.Sprintf(openGroup, c.meta), Options{}))
			if !slices.Equal(got, c.want) {
				t.Errorf("codes = %v, want %v", got, c.want)
			}
		})
	}
}

func TestSeverity(t *testing.T) {
	text := "Resources:\n  G:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: x\n      SecurityGroupIngress:\n        - {CidrIp: 0.0.0.0/0, IpProtocol: tcp, FromPort: 1, ToPort: 1, Description: d}\n"
	for _, failAsError := range []bool{false, true} {
		ds := check(t, text, Options{FailAsError: failAsError})
		if got := codesOf(ds); !slices.Equal(got, []string{"F1000", "W2", "W9"}) {
			t.Fatalf("codes = %v", got)
		}
		for _, d := range ds {
			want := diag.Warning
			if failAsError && d.Code == "F1000" {
				want = diag.Error
			}
			if d.Severity != want {
				t.Errorf("failAsError=%v: %s severity %v, want %v", failAsError, d.Code, d.Severity, want)
			}
		}
	}
}

func TestIsFailure(t *testing.T) {
	for code, want := range map[string]bool{"F3": true, "F1000": true, "W2": false, "W1200": false, "E3002": false, "F": false, "Foo": false, "": false} {
		if IsFailure(code) != want {
			t.Errorf("IsFailure(%q) = %v", code, !want)
		}
	}
}

// A Ref to a parameter is judged by the parameter's default in the editor; in
// cfn_nag compatibility mode only given parameter values count.
func TestParameterValues(t *testing.T) {
	text := `Parameters:
  Cidr:
    Type: String
    Default: 0.0.0.0/0
Resources:
  G:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      SecurityGroupIngress:
        - {CidrIp: !Ref Cidr, IpProtocol: tcp, FromPort: 1, ToPort: 1, Description: d}
      SecurityGroupEgress:
        - {CidrIp: 10.0.0.1/32, IpProtocol: tcp, FromPort: 1, ToPort: 1, Description: d}
`
	cases := []struct {
		name string
		opts Options
		want []string
	}{
		{"default", Options{}, []string{"W2", "W9"}},
		{"nag without values", Options{NagCompat: true}, nil},
		{"nag with values", Options{NagCompat: true, Parameters: map[string]string{}}, []string{"W2", "W9"}},
		{"given value", Options{Parameters: map[string]string{"Cidr": "10.1.2.3/32"}}, nil},
	}
	for _, c := range cases {
		ds := check(t, text, c.opts)
		if got := codesOf(ds); !slices.Equal(got, c.want) {
			t.Errorf("%s: codes = %v, want %v", c.name, got, c.want)
		}
		for _, d := range ds {
			if d.Range.Start.Line != 10 {
				t.Errorf("%s: %s on line %d, want the Ref's line 11", c.name, d.Code, d.Range.Start.Line+1)
			}
		}
	}
}

func TestConditions(t *testing.T) {
	text := `Conditions:
  Public: !Equals [a, b]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: !If [Public, PublicRead, Private]
      BucketEncryption: {ServerSideEncryptionConfiguration: []}
      LoggingConfiguration: {}
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {AWS: "111122223333"}, Action: "s3:GetObject", Resource: "*"}
`
	if got := codesOf(check(t, text, Options{})); !slices.Equal(got, []string{"W31"}) {
		t.Errorf("condition true by default: codes = %v, want [W31]", got)
	}
	if got := codesOf(check(t, text, Options{Conditions: map[string]bool{"Public": false}})); len(got) != 0 {
		t.Errorf("condition false: codes = %v, want none", got)
	}
}

func TestPolicyForms(t *testing.T) {
	cases := []struct {
		name, statement string
		want            []string
	}{
		{"service wildcard", `{Effect: Allow, Action: "s3:*", Resource: "arn:aws:s3:::b/*"}`, []string{"F4"}},
		{"list with wildcard", `{Effect: Allow, Action: [s3:GetObject, "*"], Resource: ["arn:aws:s3:::b", "*"]}`, []string{"F39", "F4", "W12"}},
		{"deny ignored", `{Effect: Deny, Action: "*", Resource: "*"}`, nil},
		{"not action", `{Effect: Allow, NotAction: iam:*, Resource: "arn:aws:s3:::b"}`, []string{"W16"}},
		{"not resource", `{Effect: Allow, Action: s3:GetObject, NotResource: "arn:aws:s3:::b"}`, []string{"W22"}},
		{"passrole prefix", `{Effect: Allow, Action: "iam:Pass*", Resource: "*"}`, []string{"F39", "W12"}},
		{"passrole infix", `{Effect: Allow, Action: "iam:*ssRo*", Resource: "*"}`, []string{"F39", "W12"}},
		{"no passrole", `{Effect: Allow, Action: "iam:Get*", Resource: "*"}`, []string{"W12"}},
	}
	for _, c := range cases {
		text := "Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: p\n      Groups: [g]\n      PolicyDocument:\n        Statement:\n          - " + c.statement + "\n"
		if got := codesOf(check(t, text, Options{})); !slices.Equal(got, c.want) {
			t.Errorf("%s: codes = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestSecrets(t *testing.T) {
	cases := []struct {
		name, params, value string
		flagged             bool
	}{
		{"literal", "", "secret123", true},
		{"secrets manager", "", "'{{resolve:secretsmanager:db:SecretString:password}}'", false},
		{"ssm secure", "", "'{{resolve:ssm-secure:db-password:1}}'", false},
		{"plain ssm", "", "'{{resolve:ssm:db-password:1}}'", true},
		{"noecho no default", "    NoEcho: true\n", "!Ref Pw", false},
		{"noecho with default", "    NoEcho: true\n    Default: x\n", "!Ref Pw", true},
		{"not noecho", "", "!Ref Pw", true},
		{"no value", "", "!Ref AWS::NoValue", false},
	}
	for _, c := range cases {
		text := "Parameters:\n  Pw:\n    Type: String\n" + c.params + "Resources:\n  C:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      Encrypted: true\n      MasterUserPassword: " + c.value + "\n"
		ds := check(t, text, Options{})
		got := slices.Contains(codesOf(ds), "F35")
		if got != c.flagged {
			t.Errorf("%s: F35 reported = %v, want %v", c.name, got, c.flagged)
		}
	}
}

func TestRules(t *testing.T) {
	rules := Rules()
	if len(rules) < 165 {
		t.Errorf("%d rules, want at least 165", len(rules))
	}
	seen := map[string]bool{}
	for i, r := range rules {
		if r.ID == "" || r.Summary == "" || r.Source != diag.SourceSecurity || seen[r.ID] {
			t.Errorf("bad or duplicate rule %+v", r)
		}
		seen[r.ID] = true
		if i > 0 && !diag.IDLess(rules[i-1].ID, r.ID) {
			t.Errorf("rules not sorted: %s before %s", rules[i-1].ID, r.ID)
		}
	}
	for _, id := range []string{"W2", "W5", "W9", "W36", "F1000", "F3", "F23", "W31"} {
		if !seen[id] {
			t.Errorf("rule %s missing", id)
		}
	}
}

func TestBrokenInput(t *testing.T) {
	for _, text := range []string{
		"", "Resources:", "Resources: [1, 2]", "Resources:\n  X:\n    Type: AWS::EC2::SecurityGroup\n    Properties: 3\n",
		"Resources:\n  X:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies: {PolicyName: p}\n      AssumeRolePolicyDocument: !Ref X\n",
		"Resources:\n  X:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties:\n      GroupId: !GetAtt [X]\n      CidrIp: [1]\n      CidrIpv6: 'zz'\n",
		"Resources:\n  X:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Statement: !If [C, {Effect: Allow, Action: '*'}, !Ref AWS::NoValue]\n",
	} {
		tp := template.Parse("t.yaml", text)
		_ = Check(tp, Options{FailAsError: true}) // must not panic
	}
}

// Like cfn_nag, a suppression takes the resource out of what the rule sees, so
// a rule relating resources does not flag the others because of it.
func TestSuppressionHidesResource(t *testing.T) {
	entry := `  %s:
    Type: AWS::EC2::NetworkAclEntry
%s    Properties:
      NetworkAclId: acl-1
      RuleNumber: %d
      Protocol: 6
      RuleAction: allow
      CidrBlock: 10.0.0.0/8
      PortRange: {From: 80, To: 80}
`
	supp := "    Metadata:\n      cfn_nag:\n        rules_to_suppress: [{id: W72, reason: known}]\n"
	for _, c := range []struct {
		meta string
		want int
	}{{"", 2}, {supp, 0}} {
		text := "Resources:\n" + fmt.Sprintf(entry, "A", c.meta, 100) + fmt.Sprintf(entry, "B", "", 101)
		n := 0
		for _, d := range check(t, text, Options{}) {
			if d.Code == "W72" {
				n++
			}
		}
		if n != c.want {
			t.Errorf("suppressed=%v: %d W72 findings, want %d", c.meta != "", n, c.want)
		}
	}
}

func TestPolicyComplexity(t *testing.T) {
	text := `Resources:
  P:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: p
      Groups: [g]
      PolicyDocument:
        Statement:
          - {Effect: Deny, NotAction: "s3:*", Resource: "*"}
          - Effect: Allow
            Action: [s3:GetObject, sqs:SendMessage, "*"]
            Resource: ["arn:aws:s3:::b", "arn:aws:dynamodb:us-east-1:1:table/t"]
            Condition:
              StringEqualsIfExists: {"aws:x": "${aws:username}"}
              "Null": {"aws:y": "true"}
`
	tp := template.Parse("t.yaml", text)
	ev := newEvaluator(tp, Options{})
	sts := ev.statements(tp.Resource("P").Get("Properties").Get("PolicyDocument"))
	if len(sts) != 2 || sts[0].complexity() != 3 || sts[1].complexity() != 14 {
		t.Fatalf("statement scores: %d statements", len(sts))
	}
	for _, c := range []struct {
		threshold int
		flagged   bool
	}{{0, false}, {17, true}, {18, false}} {
		got := slices.Contains(codesOf(check(t, text, Options{SPCMThreshold: c.threshold})), "W76")
		if got != c.flagged {
			t.Errorf("threshold %d: W76 = %v, want %v", c.threshold, got, c.flagged)
		}
	}
}

// TestSortByPosition checks that the in-place sort orders findings exactly as
// diag.Sort does, ties (same position and code) included, for several shuffles.
func TestSortByPosition(t *testing.T) {
	var base []diag.Diagnostic
	for i := range 40 {
		base = append(base, diag.Diagnostic{
			Range:   template.Range{Start: template.Pos{Line: i % 7, Char: i % 3}},
			Code:    fmt.Sprintf("W%d", i%4),
			Message: fmt.Sprintf("m%d", i%5),
			Source:  fmt.Sprint(i), // tells apart findings that sort equal
		})
	}
	for seed := range 5 {
		in := slices.Clone(base)
		for i := range in { // a fixed shuffle per seed
			j := (i*7 + seed*13) % len(in)
			in[i], in[j] = in[j], in[i]
		}
		want := slices.Clone(in)
		diag.Sort(want)
		if got := sortByPosition(in); !slices.Equal(got, want) {
			t.Errorf("seed %d: sortByPosition differs from diag.Sort", seed)
		}
	}
	if got := sortByPosition(nil); got != nil {
		t.Errorf("sortByPosition(nil) = %v, want nil", got)
	}
}
