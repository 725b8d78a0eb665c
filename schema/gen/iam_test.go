package main

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

// IAM actions take botocore's case when an operation has the name, else are
// spelled from the words operation names use, unknown chunks capitalised.
func TestReadIAM(t *testing.T) {
	dir := testutil.Tree(t, map[string]string{"Policies.json": `{"s3": {"Actions": {"getobject": {}, "putobjectretention": {}, "bypassgovernanceretention": {}, "listallmybuckets": {}},
		"Resources": {}}, "SQS": {"Actions": {"sendmessage": {}}}}`,
		"botocore/s3/2006-03-01/service-2.json": `{"metadata": {"signingName": "s3"},
		"operations": {"GetObject": {}, "PutObjectRetention": {}, "GetBucketGovernanceSettings": {}, "ListBuckets": {}}}`,
	})
	policies, boto := filepath.Join(dir, "Policies.json"), filepath.Join(dir, "botocore")

	got, err := readIAM(policies, boto)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		// "allmy" and "sendmessage" hold no word the operations use: one chunk each
		"s3":  {"BypassGovernanceRetention", "GetObject", "ListAllmyBuckets", "PutObjectRetention"},
		"sqs": {"Sendmessage"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	lower, err := readIAM(policies, "")
	if err != nil {
		t.Fatal(err)
	}
	if w := []string{"bypassgovernanceretention", "getobject", "listallmybuckets", "putobjectretention"}; !reflect.DeepEqual(lower["s3"], w) {
		t.Errorf("without botocore: %v", lower["s3"])
	}
	if _, err := readIAM(filepath.Join(dir, "missing.json"), ""); err == nil {
		t.Error("a missing Policies.json is not an error")
	}
}
