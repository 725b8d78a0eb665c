package stack

import (
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
)

// TestFromChangeSet: where CloudFormation's change set differs from the
// prediction, its answer wins and the difference is reported.
func TestFromChangeSet(t *testing.T) {
	d := deployed(t, deployedOrders, map[string]string{"Env": "dev"})
	predicted := preview(t, d, nil, "TableName: orders", "TableName: orders2", "Value: orders", "Value: sales")
	plan, diffs := FromChangeSet(predicted, []deploy.Change{
		// agrees, with CloudFormation's details
		{Action: "Modify", LogicalID: "OrdersTable", Type: "AWS::DynamoDB::Table", Replacement: "True",
			Details: []deploy.ChangeDetail{{Attribute: "Properties", Name: "TableName", RequiresRecreation: "Always", ChangeSource: "DirectModification"}}},
		// differs: the service says the bucket is replaced too
		{Action: "Modify", LogicalID: "Bucket", Type: "AWS::S3::Bucket", Replacement: "Conditional"},
		// an emulator's answer without replacement: the prediction stands
		{Action: "Modify", LogicalID: "Reader", Type: "AWS::SQS::Queue"},
	})
	if got := labels(plan); got != "OrdersTable replaces: TableName changed [data loss]\nBucket may replace: Tags changed [data loss]\nReader modifies" {
		t.Errorf("plan:\n%s", got)
	}
	if oc := plan.Change("OrdersTable"); !oc.FromChangeSet || oc.Properties[0].Before != "orders" || oc.Properties[0].After != "orders2" {
		t.Errorf("OrdersTable %+v", oc)
	}
	want := "Bucket: CloudFormation may replace it, cfn-lsp predicted it modifies\n" +
		"Reader: CloudFormation modifies it, cfn-lsp predicted no change"
	if got := strings.Join(diffs, "\n"); got != want {
		t.Errorf("differences:\n%s\nwant:\n%s", got, want)
	}
}
