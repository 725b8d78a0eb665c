package security_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/analysis"
	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
	"github.com/cfn-lsp/cfn-lsp/internal/security"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// benchTemplate generates a template of about n resources of the kinds the
// security rules inspect most: buckets and bucket policies, roles with inline
// policies, security groups with inline and standalone rules, functions, queues.
func benchTemplate(n int) string {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  Cidr:\n    Type: String\n    Default: 10.0.0.0/16\nResources:\n")
	for i := 0; i*8 < n; i++ {
		fmt.Fprintf(&b, `  Bucket%[1]d:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "data-${AWS::AccountId}-%[1]d"
      AccessControl: Private
      VersioningConfiguration: {Status: Enabled}
  BucketPolicy%[1]d:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket%[1]d
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {AWS: !GetAtt Role%[1]d.Arn}
            Action: [s3:GetObject, s3:PutObject]
            Resource: !Sub "arn:aws:s3:::${Bucket%[1]d}/*"
  Role%[1]d:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]
      Policies:
        - PolicyName: access
          PolicyDocument:
            Statement:
              - {Effect: Allow, Action: ["s3:*", "logs:CreateLogGroup"], Resource: "*"}
              - {Effect: Allow, Action: sqs:SendMessage, Resource: !GetAtt Queue%[1]d.Arn}
  Group%[1]d:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: app %[1]d
      VpcId: vpc-12345678
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0, Description: https}
        - {IpProtocol: tcp, FromPort: 1024, ToPort: 2048, CidrIp: !Ref Cidr}
  Ingress%[1]d:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !Ref Group%[1]d
      IpProtocol: tcp
      FromPort: 22
      ToPort: 22
      CidrIp: 10.1.2.3/32
  Egress%[1]d:
    Type: AWS::EC2::SecurityGroupEgress
    Properties:
      GroupId: !GetAtt Group%[1]d.GroupId
      IpProtocol: "-1"
      CidrIp: 0.0.0.0/0
  Function%[1]d:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Role%[1]d.Arn
      Code: {ZipFile: "def handler(e, c): return e"}
      Environment:
        Variables: {QUEUE: !Ref Queue%[1]d}
  Queue%[1]d:
    Type: AWS::SQS::Queue
    Properties:
      KmsMasterKeyId: alias/aws/sqs
`, i)
	}
	return b.String()
}

func benchParse(b *testing.B, text string) *template.Template {
	tp := template.Parse("bench.yaml", text)
	if tp.Err != nil || len(tp.Resources) < 1500 {
		b.Fatalf("bad bench template: %v, %d resources", tp.Err, len(tp.Resources))
	}
	return tp
}

// BenchmarkCheck measures the security pass alone on the project's
// 1,500-resource benchmark template (internal/benchgen).
func BenchmarkCheck(b *testing.B) {
	tp := benchParse(b, benchgen.YAML(1500))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		security.Check(tp, security.Options{})
	}
}

// BenchmarkCheckDense runs the security pass on a template where most resources
// have findings (about two each), the worst case for building diagnostics.
func BenchmarkCheckDense(b *testing.B) {
	tp := benchParse(b, benchTemplate(1500))
	if len(security.Check(tp, security.Options{})) < 1500 {
		b.Fatal("too few findings: the template does not exercise the rules")
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		security.Check(tp, security.Options{})
	}
}

// BenchmarkAnalyze measures the whole analysis (schema, references, security) of
// the benchmark template with and without the security pass, for comparing the
// security pass's share.
func BenchmarkAnalyze(b *testing.B) {
	tp := benchParse(b, benchgen.YAML(1500))
	spec := schema.Default()
	for _, sec := range []bool{false, true} {
		b.Run(fmt.Sprintf("security=%v", sec), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := analysis.Analyze(context.Background(), tp, spec, analysis.Options{Security: sec}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
