package schemacheck

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// bigTemplate generates a template with n resources of a few common types,
// nested properties and lists included, with a typo every 50 resources.
func bigTemplate(n int) string {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  Env:\n    Type: String\n    Default: dev\n")
	b.WriteString("Conditions:\n  IsProd: !Equals [!Ref Env, prod]\nResources:\n")
	for i := 0; i < n; i++ {
		typo := ""
		if i%50 == 0 {
			typo = "x"
		}
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, `  Bucket%d:
    Type: AWS::S3::Bucket
    Properties:
      BucketName%s: !Sub "${AWS::StackName}-%d"
      VersioningConfiguration:
        Status: Enabled
      LifecycleConfiguration:
        Rules:
          - Id: expire
            Status: Enabled
            ExpirationInDays: 30
      Tags:
        - Key: n
          Value: "%d"
`, i, typo, i, i)
		case 1:
			fmt.Fprintf(&b, `  Queue%d:
    Type: AWS::SQS::Queue
    Properties:
      DelaySeconds%s: 5
      VisibilityTimeout: !If [IsProd, 60, "30"]
      MessageRetentionPeriod: 345600
`, i, typo)
		default:
			fmt.Fprintf(&b, `  Group%d:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: group %d
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 443
          ToPort%s: 443
          CidrIp: 10.0.0.0/8
`, i, i, typo)
		}
	}
	return b.String()
}

func BenchmarkCheck(b *testing.B) { benchCheck(b, bigTemplate(1500), 30) }

// benchCheck measures Check over text, after checking that it finds want
// findings there.
func benchCheck(b *testing.B, text string, want int) {
	tpl := template.Parse("bench.yaml", text)
	if tpl.Err != nil {
		b.Fatal(tpl.Err)
	}
	spec := schema.Default()
	if n := len(Check(tpl, spec, nil)); n != want {
		b.Fatalf("got %d findings, want %d", n, want)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Check(tpl, spec, nil)
	}
}

// refTemplate generates a template with n resources whose properties Ref
// parameters with known values, one of which breaks a property's pattern.
func refTemplate(n int) string {
	var b strings.Builder
	b.WriteString("Parameters:\n  Stage:\n    Type: String\n    AllowedValues: [dev, test, prod, Staging]\n")
	b.WriteString("  Delay:\n    Type: Number\n    Default: 5\n    MinValue: 0\n    MaxValue: 900\n")
	b.WriteString("  Archs:\n    Type: CommaDelimitedList\n    Default: arm64\n")
	b.WriteString("Conditions:\n  IsProd: !Equals [!Ref Stage, prod]\nResources:\n")
	for i := 0; i < n; i++ {
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, "  Bucket%d:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref Stage\n", i)
		case 1:
			fmt.Fprintf(&b, "  Queue%d:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: !Ref Delay\n"+
				"      KmsMasterKeyId: !If [IsProd, !Ref Stage, !Ref AWS::NoValue]\n", i)
		default:
			fmt.Fprintf(&b, "  Function%d:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: arn:aws:iam::123456789012:role/r\n"+
				"      Runtime: python3.12\n      Handler: index.handler\n      Code: {ZipFile: x}\n      Architectures: !Ref Archs\n", i)
		}
	}
	return b.String()
}

// BenchmarkCheckRefs: one finding per bucket, BucketName's pattern rejecting
// Staging's capital.
func BenchmarkCheckRefs(b *testing.B) { benchCheck(b, refTemplate(1500), 500) }
