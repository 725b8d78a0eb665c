package server

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

// Custom rules from rulesDir run on open documents; a broken rules file is shown
// to the user once while the good files keep working.
func TestCustomRules(t *testing.T) {
	good := "rules:\n  - id: ORG-1\n    resource: AWS::S3::Bucket\n    path: VersioningConfiguration.Status\n    condition: {equals: Enabled}\n    message: Bucket {resource} must enable versioning\n"
	bad := "rules:\n  - id: ORG-2\n    resource: AWS::S3::Bucket\n    path: X\n    condition: {equal: x}\n    message: m\n"
	dir := testutil.Tree(t, map[string]string{"good.yaml": good, "bad.yaml": bad})
	c := newInitializedClient(t, Options{}, map[string]any{"rulesDir": dir, "security": map[string]any{"enabled": false}})
	uri, uri2 := "file:///tmp/custom.yaml", "file:///tmp/custom2.yaml"
	c.open(uri, "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Data:\n    Type: AWS::S3::Bucket\n")
	c.open(uri2, "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  More:\n    Type: AWS::S3::Bucket\n")
	// Read every notification: both documents get the custom finding, and the
	// broken file is reported once however many documents are analysed.
	flagged := map[string]bool{}
	shown := 0
	deadline := time.After(waitTimeout)
	var quiet <-chan time.Time
loop:
	for {
		select {
		case m := <-c.notes:
			switch m.Method {
			case "window/showMessage":
				var p struct {
					Type    int
					Message string
				}
				json.Unmarshal(m.Params, &p)
				if !strings.Contains(p.Message, filepath.Join(dir, "bad.yaml")+":5:") {
					t.Errorf("message does not name the file and line: %q", p.Message)
				}
				shown++
			case "textDocument/publishDiagnostics":
				var p publishedDiagnostics
				json.Unmarshal(m.Params, &p)
				for _, x := range p.Diagnostics {
					if x.Code == "ORG-1" && x.Range.Start.Line == 2 && strings.Contains(x.Message, "must enable versioning") {
						flagged[p.URI] = true
					}
				}
				if flagged[uri] && flagged[uri2] && quiet == nil {
					quiet = time.After(300 * time.Millisecond)
				}
			}
		case <-quiet:
			break loop
		case <-deadline:
			t.Fatalf("custom findings missing: %v", flagged)
		}
	}
	if shown != 1 {
		t.Errorf("showMessage sent %d times, want once", shown)
	}
}
