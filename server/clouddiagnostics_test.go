package server

import (
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
)

// The failures of a launch are placed on the version being analysed, never on a
// newer one that arrived meanwhile (whose resource may have moved).
func TestCloudDiagnosticsFollowTheSnapshot(t *testing.T) {
	s := New(Options{})
	uri := uriOf("file:///tmp/cloud.yaml")
	old := s.setText(uri, 1, "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n", false, nil)
	s.setText(uri, 2, "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n  Queue:\n    Type: AWS::SQS::Queue\n", false, nil)
	s.clouds.set(uri, []deploy.Failure{{LogicalID: "Queue", Type: "AWS::SQS::Queue", Status: "CREATE_FAILED", Reason: "no"}}, true, false)
	ds := s.cloudDiagnostics(old)
	if len(ds) != 1 || ds[0].Range.Start.Line != 1 {
		t.Fatalf("diagnostics of version 1: %+v, want one on line 2 (Queue's line in that version)", ds)
	}
}
