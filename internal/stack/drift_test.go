package stack

import (
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

func TestDriftDiagnostics(t *testing.T) {
	tm := template.Parse("d.yaml", deployedOrders)
	drifts := []deploy.ResourceDrift{
		{LogicalID: "Bucket", Type: "AWS::S3::Bucket", Status: "MODIFIED", Properties: []deploy.PropertyDrift{
			{Path: "/Tags/0/Value", Expected: "orders", Actual: "sales", Difference: "NOT_EQUAL"},
			{Path: "/VersioningConfiguration", Actual: `{"Status":"Enabled"}`, Difference: "ADD"},
		}},
		{LogicalID: "OrdersTable", Status: "MODIFIED", Properties: []deploy.PropertyDrift{
			{Path: "/KeySchema/0", Expected: `{"AttributeName":"id"}`, Actual: `{"AttributeName":"pk"}`, Difference: "NOT_EQUAL"},
		}},
		{LogicalID: "Topic", Status: "DELETED"},
	}
	var got []string
	for _, d := range DriftDiagnostics(tm, drifts) {
		got = append(got, d.Code+" "+strings.TrimSpace(tm.Lines.Line(d.Range.Start.Line))+" | "+d.Message)
	}
	want := []string{
		"MODIFIED Bucket: | Bucket drifted: VersioningConfiguration was added outside CloudFormation: {\"Status\":\"Enabled\"}",
		"MODIFIED Value: orders | Bucket drifted: Tags/0/Value is sales, expected orders",
		"MODIFIED KeySchema: [{AttributeName: id, KeyType: HASH}] | OrdersTable drifted: KeySchema/0 is {\"AttributeName\":\"pk\"}, expected {\"AttributeName\":\"id\"}",
		"DELETED Topic: | Topic was deleted outside CloudFormation (drift detection)",
	}
	testutil.EqualLines(t, "drift", got, want)
}
