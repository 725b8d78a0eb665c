// Package benchgen generates large, valid, deterministic CloudFormation templates
// for benchmarks: S3 buckets, IAM roles with policies, security groups with rules,
// Lambda functions, DynamoDB tables and SQS queues, wired together with Ref,
// GetAtt and Sub, plus parameters, conditions and outputs.
package benchgen

import (
	"encoding/json"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// kinds is the cycle of resource groups; each group adds len(kinds) resources.
var kinds = []string{"Bucket", "Role", "Group", "Queue", "Table", "Function"}

// YAML returns a template with about n resources in YAML.
func YAML(n int) string {
	var b strings.Builder
	groups := (n + len(kinds) - 1) / len(kinds)
	b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nDescription: Generated benchmark template\n")
	b.WriteString("Parameters:\n  Env:\n    Type: String\n    Default: dev\n    AllowedValues: [dev, prod]\n")
	b.WriteString("  VpcId:\n    Type: AWS::EC2::VPC::Id\n  Retention:\n    Type: Number\n    Default: 14\n")
	b.WriteString("Conditions:\n  IsProd: !Equals [!Ref Env, prod]\n  NotProd: !Not [!Condition IsProd]\n")
	b.WriteString("Mappings:\n  Sizes:\n    dev:\n      Memory: 128\n    prod:\n      Memory: 1024\n")
	b.WriteString("Resources:\n")
	for i := 0; i < groups; i++ {
		fmt.Fprintf(&b, `  Bucket%[1]d:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${AWS::StackName}-data-%[1]d-${Env}"
      VersioningConfiguration:
        Status: Enabled
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: AES256
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
%[2]s  Role%[1]d:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: access-%[1]d
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [s3:GetObject, s3:PutObject]
                Resource: !Sub "${Bucket%[1]d.Arn}/*"
              - Effect: Allow
                Action: [sqs:SendMessage]
                Resource: !GetAtt Queue%[1]d.Arn
              - Effect: Allow
                Action: [dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query]
                Resource: !Sub "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/t-%[1]d"
              - Effect: Allow
                Action: [logs:CreateLogStream, logs:PutLogEvents]
                Resource: !Sub "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/fn-%[1]d:*"
%[2]s  Group%[1]d:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Sub "Group %[1]d for ${Env}"
      VpcId: !Ref VpcId
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          CidrIp: 10.0.0.0/16
          Description: https from the vpc
        - IpProtocol: tcp
          FromPort: 8080
          ToPort: 8081
          CidrIp: 10.1.0.0/16
          Description: app ports from the peer vpc
      SecurityGroupEgress:
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          CidrIp: 10.0.0.0/16
          Description: https to the vpc
%[2]s  Queue%[1]d:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "queue-%[1]d-${Env}"
      VisibilityTimeout: 60
      KmsMasterKeyId: alias/aws/sqs
%[2]s  Table%[1]d:
    Type: AWS::DynamoDB::Table
    Condition: IsProd
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: id
          AttributeType: S
      KeySchema:
        - AttributeName: id
          KeyType: HASH
      SSESpecification:
        SSEEnabled: true
%[2]s  Function%[1]d:
    Type: AWS::Lambda::Function
    DependsOn: Role%[1]d
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Role%[1]d.Arn
      MemorySize: !FindInMap [Sizes, !Ref Env, Memory]
      Timeout: 30
      Environment:
        Variables:
          BUCKET: !Ref Bucket%[1]d
          QUEUE: !GetAtt Queue%[1]d.QueueName
          TABLE: !If [IsProd, !Ref Table%[1]d, !Ref AWS::NoValue]
      Code:
        ZipFile: |
          import json, os
          def handler(event, context):
              print(json.dumps(event))
              return {"index": %[1]d, "bucket": os.environ["BUCKET"]}
%[2]s`, i, tags(i))
	}
	b.WriteString("Outputs:\n")
	for i := 0; i < groups && i < 100; i++ {
		fmt.Fprintf(&b, "  Function%[1]dArn:\n    Value: !GetAtt Function%[1]d.Arn\n    Export:\n      Name: !Sub \"${AWS::StackName}-fn-%[1]d\"\n", i)
	}
	return b.String()
}

// tags is the Tags property every generated resource carries.
func tags(i int) string {
	return fmt.Sprintf(`      Tags:
        - Key: Project
          Value: !Sub "${AWS::StackName}-project"
        - Key: Owner
          Value: platform-team@example.com
        - Key: CostCenter
          Value: !If [IsProd, cc-1000, cc-2000]
        - Key: Environment
          Value: !Ref Env
        - Key: Index
          Value: "%d"
`, i)
}

// Sizes are the resource counts the benchmarks compare side by side.
var Sizes = []int{100, 500, 1500}

// JSON returns the template of YAML(n) written in JSON, short-form tags in their
// long Fn:: form, indented by two spaces as editors write it.
func JSON(n int) string {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(YAML(n)), &doc); err != nil {
		panic(err) // the generator's own output always parses
	}
	var b strings.Builder
	writeJSON(&b, doc.Content[0], 0)
	b.WriteByte('\n')
	return b.String()
}

func writeJSON(b *strings.Builder, y *yaml.Node, depth int) {
	if strings.HasPrefix(y.Tag, "!") && !strings.HasPrefix(y.Tag, "!!") {
		fn := "Fn::" + y.Tag[1:]
		if y.Tag == "!Ref" || y.Tag == "!Condition" {
			fn = y.Tag[1:]
		}
		inner := *y
		inner.Tag = ""
		if y.Tag == "!GetAtt" && y.Kind == yaml.ScalarNode {
			if i := strings.IndexByte(y.Value, '.'); i > 0 {
				inner = yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{
					{Kind: yaml.ScalarNode, Value: y.Value[:i], Style: yaml.DoubleQuotedStyle},
					{Kind: yaml.ScalarNode, Value: y.Value[i+1:], Style: yaml.DoubleQuotedStyle}}}
			}
		}
		b.WriteString("{")
		writeString(b, fn)
		b.WriteString(": ")
		writeJSON(b, &inner, depth)
		b.WriteString("}")
		return
	}
	indent := func(d int) { b.WriteByte('\n'); b.WriteString(strings.Repeat("  ", d)) }
	switch y.Kind {
	case yaml.MappingNode:
		b.WriteString("{")
		for i := 0; i+1 < len(y.Content); i += 2 {
			if i > 0 {
				b.WriteString(",")
			}
			indent(depth + 1)
			writeString(b, y.Content[i].Value)
			b.WriteString(": ")
			writeJSON(b, y.Content[i+1], depth+1)
		}
		indent(depth)
		b.WriteString("}")
	case yaml.SequenceNode:
		b.WriteString("[")
		for i, it := range y.Content {
			if i > 0 {
				b.WriteString(", ")
			}
			writeJSON(b, it, depth+1)
		}
		b.WriteString("]")
	default:
		switch {
		case y.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0,
			y.Tag != "!!int" && y.Tag != "!!float" && y.Tag != "!!bool":
			writeString(b, y.Value)
		default:
			b.WriteString(y.Value)
		}
	}
}

func writeString(b *strings.Builder, s string) {
	q, _ := json.Marshal(s)
	b.Write(q)
}
