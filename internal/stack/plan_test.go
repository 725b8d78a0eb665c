package stack

import (
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// deployedOrders is the stack the preview tests start from.
const deployedOrders = `Parameters:
  Env:
    Type: String
    Default: dev
  Password:
    Type: String
    NoEcho: true
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "orders-${Env}"
      Tags:
        - Key: team
          Value: orders
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: orders
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Ref Bucket
  Reader:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "${Bucket.Arn}-reader"
      Tags:
        - Key: pw
          Value: !Ref Password
  ProdOnly:
    Type: AWS::SQS::Queue
    Condition: IsProd
`

func deployed(t *testing.T, text string, params map[string]string) *deploy.Stack {
	t.Helper()
	tm := template.Parse("deployed.yaml", text)
	if tm.Err != nil {
		t.Fatal(tm.Err)
	}
	d := &deploy.Stack{Name: "orders", ID: "arn:aws:cloudformation:eu-west-1:123456789012:stack/orders/x",
		Template: tm, Parameters: params, Resources: map[string]deploy.StackResource{}}
	r := NewResolver(tm, StackParameters(tm, params, StackPseudo(d)))
	for _, e := range tm.Resources {
		if c, ok := e.Get("Condition").Str(); ok {
			if v, _ := r.Condition(c); !v {
				continue
			}
		}
		d.Resources[e.Name] = deploy.StackResource{LogicalID: e.Name, PhysicalID: strings.ToLower(e.Name) + "-1", Type: e.Type()}
	}
	return d
}

// preview edits the deployed template (each pair replaces old with new text)
// and previews the edit with the given parameter values.
func preview(t *testing.T, d *deploy.Stack, given map[string]string, edits ...string) *Plan {
	t.Helper()
	text := d.Template.Text
	for i := 0; i+1 < len(edits); i += 2 {
		if !strings.Contains(text, edits[i]) {
			t.Fatalf("edit %q: not in the template", edits[i])
		}
		text = strings.Replace(text, edits[i], edits[i+1], 1)
	}
	tm := template.Parse("edited.yaml", text)
	if tm.Err != nil {
		t.Fatal(tm.Err)
	}
	return NewBaseline(d).Preview(tm, NewParameters(tm, given, d.Parameters, StackPseudo(d)), schema.Default())
}

func labels(p *Plan) string {
	var out []string
	for _, c := range p.Changes {
		s := c.LogicalID + " " + c.Label()
		if c.DataLoss() {
			s += " [data loss]"
		}
		out = append(out, s)
	}
	return strings.Join(out, "\n")
}

func TestPreview(t *testing.T) {
	stackParams := map[string]string{"Env": "dev", "Password": Masked}
	for _, tc := range []struct {
		name  string
		given map[string]string
		edits []string
		want  string
	}{
		{name: "unchanged", want: ""},
		{name: "bucket name", edits: []string{`"orders-${Env}"`, `"orders-v2-${Env}"`},
			// Topic's name is the bucket's Ref: a new bucket, a new topic;
			// Reader reads an attribute, which may change.
			want: "Bucket replaces: BucketName changed [data loss]\n" +
				"Topic replaces: TopicName read Bucket (replaced)\n" +
				"Reader may replace: QueueName read Bucket (replaced) [data loss]"},
		{name: "parameter value", given: map[string]string{"Env": "test"},
			want: "Bucket replaces: BucketName changed [data loss]\n" +
				"Topic replaces: TopicName read Bucket (replaced)\n" +
				"Reader may replace: QueueName read Bucket (replaced) [data loss]"},
		{name: "tags", edits: []string{"Value: orders", "Value: sales"},
			want: "Bucket modifies: Tags changed"},
		{name: "add", edits: []string{"  ProdOnly:", "  Extra:\n    Type: AWS::SNS::Topic\n  ProdOnly:"},
			want: "Extra adds"},
		{name: "table replaced", edits: []string{"TableName: orders", "TableName: orders2"},
			want: "OrdersTable replaces: TableName changed [data loss]"},
		{name: "table replaced, retained", edits: []string{"TableName: orders", "TableName: orders2",
			"Type: AWS::DynamoDB::Table", "Type: AWS::DynamoDB::Table\n    UpdateReplacePolicy: Retain"},
			want: "OrdersTable replaces: TableName changed"},
		{name: "table removed", edits: []string{"  OrdersTable:\n    Type: AWS::DynamoDB::Table", "  Other:\n    Type: AWS::SNS::Topic"},
			want: "Other adds\nOrdersTable removes [data loss]"},
		{name: "key schema", edits: []string{"{AttributeName: id, KeyType: HASH}", "{AttributeName: pk, KeyType: HASH}"},
			want: "OrdersTable may replace: KeySchema changed [data loss]"},
		{name: "mutable property", edits: []string{"PAY_PER_REQUEST", "PROVISIONED"},
			want: "OrdersTable modifies: BillingMode changed"},
		{name: "condition turns true", given: map[string]string{"Env": "prod"},
			want: "Bucket replaces: BucketName changed [data loss]\n" +
				"Topic replaces: TopicName read Bucket (replaced)\n" +
				"Reader may replace: QueueName read Bucket (replaced) [data loss]\n" +
				"ProdOnly adds"},
		{name: "NoEcho kept", given: map[string]string{}, want: ""},
		{name: "NoEcho given", given: map[string]string{"Password": "hunter2"}, want: ""},
		{name: "metadata", edits: []string{"  Topic:\n    Type: AWS::SNS::Topic\n", "  Topic:\n    Type: AWS::SNS::Topic\n    Metadata: {a: b}\n"},
			want: "Topic modifies: Metadata changed"},
		{name: "type", edits: []string{"  Topic:\n    Type: AWS::SNS::Topic\n", "  Topic:\n    Type: AWS::SQS::Queue\n"},
			want: "Topic replaces: Type changed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := deployed(t, deployedOrders, stackParams)
			got := labels(preview(t, d, tc.given, tc.edits...))
			if got != tc.want {
				t.Errorf("plan:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// TestPreviewConditionRemoves: a resource whose condition turns false is removed.
func TestPreviewConditionRemoves(t *testing.T) {
	d := deployed(t, deployedOrders, map[string]string{"Env": "prod"})
	p := preview(t, d, map[string]string{"Env": "prod"}, "IsProd: !Equals [!Ref Env, prod]", "IsProd: !Equals [!Ref Env, never]")
	c := p.Change("ProdOnly")
	if c == nil || c.Action != Remove || c.Reason() != "condition IsProd is false" || !c.DataLoss() {
		t.Fatalf("ProdOnly: %+v\n%s", c, labels(p))
	}
	if len(p.NotCreated) != 1 || p.NotCreated[0] != (Skipped{"Resources", "ProdOnly", "IsProd"}) {
		t.Errorf("not created %+v", p.NotCreated)
	}
}

func TestPlanSummary(t *testing.T) {
	d := deployed(t, deployedOrders, map[string]string{"Env": "dev"})
	p := preview(t, d, nil, `"orders-${Env}"`, `"orders-v2-${Env}"`, "  ProdOnly:", "  Extra:\n    Type: AWS::SNS::Topic\n  ProdOnly:")
	if got, want := p.Summary(), "1 to add, 0 to modify, 2 to replace (1 more may be replaced), 0 to remove"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	if !p.Replaces() {
		t.Error("Replaces() false")
	}
	b := p.Change("Bucket")
	if len(b.Properties) != 1 || b.Properties[0].Before != "orders-dev" || b.Properties[0].After != "orders-v2-dev" || b.Properties[0].Recreation != Always {
		t.Errorf("bucket properties %+v", b.Properties)
	}
}
