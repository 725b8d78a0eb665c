package jsonschema

import (
	"testing"
)

// runGather runs schema as a rule over the Properties of resource S of the
// YAML template src, as the rules of cfn-lint's extension schemas run.
func runGather(t *testing.T, schema, src string) string {
	t.Helper()
	doc, tpl := decodeCase(t, schema, src)
	pair := tpl.Resource("S").Value.GetPair("Properties")
	v := &Validator{T: tpl}
	r := &Rule{ID: "E0", Schema: NewDocument("t", doc, nil).Root(), AllMatches: true}
	return render(v.RunRule(r, pair.Value, Place{At: pair.Key.Range, Functions: AllFunctions}))
}

func TestGather(t *testing.T) {
	const minMax = `{"cfnGather": {"gather": {"this": {"properties": {"MaxSize": {"path": "/MaxSize"}, "MinSize": {"path": "/MinSize"}}}},
		"schema": {"properties": {"this": {"properties": {"MaxSize": {"minimum": {"$data": "/this/MinSize"}}}}}}}}`
	const dlq = `{"cfnGather": {"gather": {
		"dlq": {"filter": {"type": "AWS::SQS::Queue"}, "properties": {"fifo": {"default": false, "path": "/FifoQueue"}}, "reference": "/Redrive/Target"},
		"source": {"properties": {"fifo": {"default": false, "path": "/FifoQueue"}}}},
		"schema": {"properties": {"source": {"properties": {"fifo": {"const": {"$data": "/dlq/fifo"}}}}}}}}`
	const sameApi = `{"cfnGather": {"gather": {
		"other": {"properties": {"Api": "/Api"}, "reference": "/Other"},
		"this": {"properties": {"Api": "/Api"}}},
		"schema": {"cfnContext": {"functions": [], "schema": {"properties": {"other": {"properties": {"Api": {"const": {"$data": "/this/Api"}}}}}}}}}}`
	const needs = `{"cfnGather": {"gather": {
		"target": {"filter": {"type": "AWS::ECS::TaskDefinition"}, "properties": {"Mode": "/NetworkMode", "Items": "/Items"}, "reference": "/Task"},
		"this": {"properties": {"Net": "/Net"}}},
		"schema": {"if": {"properties": {"target": {"properties": {"Mode": {"const": "awsvpc"}}, "required": ["Mode"]}}, "required": ["target"]},
		"then": {"properties": {"this": {"required": ["Net"]}, "target": {"properties": {"Items": {"items": {"enum": ["a"]}}}}}}}}}`
	const account = `{"cfnGather": {"gather": {
		"bucket": {"filter": {"type": "AWS::S3::Bucket"}, "properties": {}, "reference": "/SourceArn"},
		"this": {"properties": {"account": "/SourceAccount"}}},
		"schema": {"if": {"required": ["bucket"]}, "then": {"properties": {"this": {"required": ["account"]}}}}}}`
	const principal = `{"cfnGather": {"gather": {
		"target": {"properties": {"type": "$type"}, "reference": "/SourceArn"},
		"this": {"properties": {"principal": "/Principal"}}},
		"schema": {"properties": {"this": {"properties": {"principal": {"pattern": {"$lookup": {"key": {"$data": "/target/type"}, "map": {"AWS::SNS::Topic": "^sns\\.amazonaws\\.com$"}}}}}}}}}}`
	const vpcs = `{"cfnGather": {"gather": {
		"sg": {"properties": {"Vpc": "/VpcId"}, "reference": "/Groups/*"},
		"subnet": {"properties": {"Vpc": "/VpcId"}, "reference": "/Subnets/*/Id"}},
		"schema": {"cfnContext": {"functions": [], "schema": {"properties": {"sg": {"properties": {"Vpc": {"const": {"$data": "/subnet/Vpc"}}}}}}}}}}`
	const timeout = `{"cfnGather": {"gather": {
		"fn": {"properties": {"Timeout": {"default": 3, "path": "/Timeout"}}, "reference": "/Function"},
		"queue": {"properties": {"Visibility": {"default": 30, "path": "/VisibilityTimeout"}}, "reference": "/Queue"}},
		"schema": {"properties": {"queue": {"properties": {"Visibility": {"minimum": {"$data": "/fn/Timeout"}}}}}}}}`
	cases := []struct {
		name, schema, src, want string
	}{
		{"local", minMax, "Resources:\n  S:\n    Type: T\n    Properties:\n      MaxSize: 1\n      MinSize: \"2\"\n",
			`minimum 5:16 1 is less than the minimum of 2`},
		{"local in Fn::If: the first branch", minMax, conds + "Resources:\n  S:\n    Type: T\n    Properties:\n      MaxSize: 1\n      MinSize: !If [IsProd, 2, 1]\n",
			`minimum 10:16 1 is less than the minimum of 2 [IsProd=true]`},
		{"local ok", minMax, "Resources:\n  S:\n    Type: T\n    Properties:\n      MaxSize: 3\n      MinSize: 2\n", ``},
		{"local function: no bound", minMax, "Parameters:\n  P: {Type: Number}\nResources:\n  S:\n    Type: T\n    Properties:\n      MaxSize: 1\n      MinSize: !Ref P\n", ``},
		{"local function value: unknown", minMax, "Parameters:\n  P: {Type: Number}\nResources:\n  S:\n    Type: T\n    Properties:\n      MaxSize: !Ref P\n      MinSize: 2\n", ``},
		{"local missing: no bound", minMax, "Resources:\n  S:\n    Type: T\n    Properties:\n      MaxSize: 1\n", ``},
		{"remote, default placed at Properties", dlq,
			"Resources:\n  D:\n    Type: AWS::SQS::Queue\n    Properties:\n      FifoQueue: true\n  S:\n    Type: AWS::SQS::Queue\n    Properties:\n      Redrive:\n        Target: !GetAtt D.Arn\n",
			`const 8:5 True was expected`},
		{"remote default compared", dlq,
			"Resources:\n  D:\n    Type: AWS::SQS::Queue\n  S:\n    Type: AWS::SQS::Queue\n    Properties:\n      FifoQueue: \"true\"\n      Redrive:\n        Target: !GetAtt [D, Arn]\n",
			`const 7:18 False was expected`},
		{"remote same", dlq,
			"Resources:\n  D:\n    Type: AWS::SQS::Queue\n    Properties: {FifoQueue: true}\n  S:\n    Type: AWS::SQS::Queue\n    Properties:\n      FifoQueue: true\n      Redrive: {Target: !GetAtt D.Arn}\n", ``},
		{"filter", dlq,
			"Resources:\n  D:\n    Type: AWS::SNS::Topic\n    Properties: {FifoQueue: true}\n  S:\n    Type: AWS::SQS::Queue\n    Properties:\n      Redrive: {Target: !Ref D}\n", ``},
		{"reference to a parameter", dlq,
			"Parameters:\n  D: {Type: String}\nResources:\n  S:\n    Type: AWS::SQS::Queue\n    Properties:\n      FifoQueue: true\n      Redrive: {Target: !Ref D}\n", ``},
		{"reference unresolved: keyword dropped", dlq,
			"Resources:\n  S:\n    Type: AWS::SQS::Queue\n    Properties:\n      FifoQueue: true\n      Redrive: {Target: arn:aws:sqs:us-east-1:123456789012:q}\n", ``},
		{"reference in Fn::If branches", dlq,
			conds + "Resources:\n  D:\n    Type: AWS::SQS::Queue\n    Properties: {FifoQueue: true}\n  E:\n    Type: AWS::SQS::Queue\n  S:\n    Type: AWS::SQS::Queue\n    Properties:\n      Redrive: {Target: !If [IsProd, !GetAtt D.Arn, !GetAtt E.Arn]}\n",
			`const 14:5 True was expected [IsProd=true]`},
		{"functions compared as objects", sameApi,
			"Resources:\n  A:\n    Type: X\n  O:\n    Type: T\n    Properties: {Api: !Ref A}\n  S:\n    Type: T\n    Properties:\n      Api: !Ref A\n      Other: !Ref O\n", ``},
		{"functions differ", sameApi,
			"Resources:\n  A:\n    Type: X\n  B:\n    Type: X\n  O:\n    Type: T\n    Properties:\n      Api: !Ref B\n  S:\n    Type: T\n    Properties:\n      Api: !Ref A\n      Other: !Ref O\n",
			`const 9:7 {'Ref': 'A'} was expected`},
		{"required of the value itself, and in the other resource", needs,
			"Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      NetworkMode: awsvpc\n      Items: [a, b]\n  S:\n    Type: T\n    Properties:\n      Task: !Ref T\n",
			"required 9:5 'Net' is a required property\nenum 6:18 'b' is not one of ['a']"},
		{"if fails", needs,
			"Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      NetworkMode: bridge\n      Items: [b]\n  S:\n    Type: T\n    Properties:\n      Task: !Ref T\n", ``},
		{"plain value: local entries", account,
			"Resources:\n  S:\n    Type: T\n    Properties:\n      SourceArn: arn:aws:s3:::b\n", ``},
		{"bucket", account,
			"Resources:\n  B:\n    Type: AWS::S3::Bucket\n  S:\n    Type: T\n    Properties:\n      SourceArn: !GetAtt B.Arn\n",
			`required 6:5 'account' is a required property`},
		{"no reference: nothing", account,
			"Resources:\n  S:\n    Type: T\n    Properties:\n      Other: 1\n", ``},
		{"$type and $lookup", principal,
			"Resources:\n  B:\n    Type: AWS::SNS::Topic\n  S:\n    Type: T\n    Properties:\n      SourceArn: !Ref B\n      Principal: s3.amazonaws.com\n",
			`pattern 8:18 's3.amazonaws.com' does not match '^sns\\.amazonaws\\.com$'`},
		{"$lookup misses: dropped", principal,
			"Resources:\n  B:\n    Type: AWS::SQS::Queue\n  S:\n    Type: T\n    Properties:\n      SourceArn: !Ref B\n      Principal: s3.amazonaws.com\n", ``},
		{"each item, second entry's first", vpcs,
			"Resources:\n  G1:\n    Type: G\n    Properties: {VpcId: v1}\n  G2:\n    Type: G\n    Properties: {VpcId: v2}\n  N:\n    Type: N\n    Properties: {VpcId: v1}\n  S:\n    Type: T\n    Properties:\n      Groups: [!Ref G1, !Ref G2]\n      Subnets:\n        - Id: !Ref N\n",
			`const 7:25 'v1' was expected`},
		{"defaults of two references", timeout,
			"Resources:\n  F:\n    Type: F\n    Properties:\n      Timeout: 60\n  Q:\n    Type: Q\n  S:\n    Type: T\n    Properties:\n      Function: !Ref F\n      Queue: !GetAtt Q.Arn\n",
			`minimum 6:3 30 is less than the minimum of 60`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := runGather(t, c.schema, c.src); got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}
