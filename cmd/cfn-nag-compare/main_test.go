package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

// A miniature cfn_nag checkout: one template, cases that agree and one that does not.
func TestRun(t *testing.T) {
	dir := testutil.Tree(t, map[string]string{"nag/t/sg.yaml": `Parameters:
  Cidr: {Type: String, Default: 0.0.0.0/0}
Resources:
  Open:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      SecurityGroupIngress:
        - {CidrIp: !Ref Cidr, IpProtocol: tcp, FromPort: 80, ToPort: 80}
`,
		"cases.json": `{"cases": [
  {"rule_id": "F1000", "template": "t/sg.yaml", "expect_ids": ["Open"]},
  {"rule_id": "W2", "template": "t/sg.yaml", "expect_ids": []},
  {"rule_id": "W2", "template": "t/sg.yaml", "parameters_json": "{\"Parameters\": {}}", "expect_ids": ["Open"]},
  {"rule_id": "W2", "template": "t/sg.yaml", "parameters_json": "[{\"ParameterKey\": \"Cidr\", \"ParameterValue\": \"10.0.0.1/32\"}]", "expect_ids": []},
  {"rule_id": "W36", "template": "t/sg.yaml", "expect_ids": []}
]}`,
		"cfn_nag_rules.tsv": "rule_id\ttype\tr\td\ts\tc\tn\tf\ttop40\nW2\tWARN\t\t\t\t\t\t\tyes\n",
	})
	nag := filepath.Join(dir, "nag")
	var out bytes.Buffer
	if err := run(&out, nag, filepath.Join(dir, "cases.json"), filepath.Join(dir, "cfn_nag_rules.tsv"), true); err != nil {
		t.Fatal(err)
	}
	testutil.Contains(t, "output", out.String(),
		"DIFF W36    t/sg.yaml: got [Open], want []",
		"W2      yes    3/3 (100.0%)",
		"top40 agreement:   3/3 (100.0%)",
		"overall agreement: 4/5 (80.0%)",
	)
	if err := run(&out, nag, filepath.Join(dir, "missing.json"), "", false); err == nil {
		t.Error("no error for a missing cases file")
	}
}

func TestParseParameters(t *testing.T) {
	for _, c := range []struct {
		in   string
		want map[string]string
	}{
		{`{"Parameters": {"A": "x", "N": 80, "B": false}}`, map[string]string{"A": "x", "N": "80", "B": "false"}},
		{`[{"ParameterKey": "A", "ParameterValue": "y"}]`, map[string]string{"A": "y"}},
		{`[]`, map[string]string{}},
	} {
		got, err := parseParameters(c.in)
		if err != nil || len(got) != len(c.want) {
			t.Errorf("%s: %v %v", c.in, got, err)
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("%s: %s = %q, want %q", c.in, k, got[k], v)
			}
		}
	}
	if _, err := parseParameters(`"nope"`); err == nil {
		t.Error("no error for a bad parameter file")
	}
}
