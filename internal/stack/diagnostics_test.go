package stack

import (
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

func TestDiagnostics(t *testing.T) {
	d := deployed(t, deployedOrders, map[string]string{"Env": "dev"})
	text := strings.Replace(deployedOrders, "TableName: orders", "TableName: orders2", 1)
	text = strings.Replace(text, "  Topic:\n    Type: AWS::SNS::Topic\n", "  Topic:\n    Type: AWS::SNS::Topic\n    Condition: IsProd\n", 1)
	tm := template.Parse("edited.yaml", text)
	plan := NewBaseline(d).Preview(tm, NewParameters(tm, nil, d.Parameters, StackPseudo(d)), schema.Default())
	var got []string
	for _, dg := range Diagnostics(tm, plan, "stack orders") {
		got = append(got, dg.Code+" "+dg.Severity.String()+" "+tm.Lines.Line(dg.Range.Start.Line)+" | "+dg.Message)
		if dg.Code == CodeNotCreated && diag.TagOf(dg) != diag.Unnecessary {
			t.Errorf("%s is not faded", dg.Message)
		}
	}
	want := []string{
		"DataLoss warning       TableName: orders2 | This edit replaces OrdersTable; its data is deleted (stack orders: TableName changed). UpdateReplacePolicy: Retain keeps the old one.",
		"NotCreated hint   Topic: | Not in stack orders: this resource's condition IsProd is false",
		"NotCreated hint   ProdOnly: | Not in stack orders: this resource's condition IsProd is false",
	}
	testutil.EqualLines(t, "diagnostics", got, want)
}
