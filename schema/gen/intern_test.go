package main

import (
	"encoding/json"
	"testing"
)

func TestShare(t *testing.T) {
	big := `{"enum": ["` + string(make([]byte, 0)) + `db.m5.large", "db.m5.xlarge", "db.m5.2xlarge", "db.m5.4xlarge", "db.r5.large", "db.r5.xlarge", "db.r5.2xlarge", "db.r5.4xlarge", "db.t3.micro", "db.t3.small", "db.t3.medium", "db.t3.large", "db.t3.xlarge", "db.t3.2xlarge"]}`
	src := `{"allOf": [
		{"if": {"properties": {"Engine": {"const": "a"}}}, "then": {"properties": {"Class": ` + big + `}}},
		{"if": {"properties": {"Engine": {"const": "b"}}}, "then": {"properties": {"Class": ` + big + `}}},
		{"properties": {"Small": {"type": "string"}}}, {"properties": {"Small": {"type": "string"}}}]}`
	var doc map[string]any
	if err := json.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	got := canonical(share(doc, false))
	want := `{"allOf":[{"if":{"properties":{"Engine":{"const":"a"}}},"then":{"$ref":"#/definitions/cfnlsp0"}},` +
		`{"if":{"properties":{"Engine":{"const":"b"}}},"then":{"$ref":"#/definitions/cfnlsp0"}},` +
		`{"properties":{"Small":{"type":"string"}}},{"properties":{"Small":{"type":"string"}}}],` +
		`"definitions":{"cfnlsp0":{"properties":{"Class":` + canonical(mustJSON(t, big)) + `}}}}`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	var regional map[string]any
	json.Unmarshal([]byte(`{"us-east-1": `+big+`, "eu-west-1": `+big+`, "cn-north-1": {"enum": ["x"]}}`), &regional)
	got = canonical(share(regional, true))
	want = `{"cn-north-1":{"enum":["x"]},"definitions":{"cfnlsp0":` + canonical(mustJSON(t, big)) + `},` +
		`"eu-west-1":{"$ref":"#/definitions/cfnlsp0"},"us-east-1":{"$ref":"#/definitions/cfnlsp0"}}`
	if got != want {
		t.Errorf("regional: got\n%s\nwant\n%s", got, want)
	}
}

func mustJSON(t *testing.T, s string) any {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}
