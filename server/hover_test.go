package server

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/schema"
)

// TestHoverDescriptionHint: with a spec without descriptions, the first hover
// on a resource type or property says how to get them, and only the first.
func TestHoverDescriptionHint(t *testing.T) {
	t.Setenv(schema.CacheDirEnv, t.TempDir()) // the embedded spec, whatever the user cached
	hoverAt := func(c *testClient, uri string, line, char int) string {
		var h protocol.Hover
		c.result("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
			"position": map[string]any{"line": line, "character": char}}, &h)
		return h.Contents.Value
	}
	const uri = "file:///tmp/t.yaml"
	src := "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref AWS::StackName\n"
	c := newInitializedClient(t, Options{Debounce: time.Hour}, nil)
	c.open(uri, src)
	if h := hoverAt(c, uri, 4, 24); strings.Contains(h, "spec update") || h == "" {
		t.Errorf("a pseudo parameter's hover: %q", h)
	}
	if h := hoverAt(c, uri, 2, 12); !strings.Contains(h, "AWS::SQS::Queue") || !strings.HasSuffix(h, descriptionHint) {
		t.Errorf("first type hover: %q", h)
	}
	if h := hoverAt(c, uri, 4, 8); !strings.Contains(h, "QueueName") || strings.Contains(h, "spec update") {
		t.Errorf("second hover repeats the hint: %q", h)
	}

	// A spec with descriptions: no hint, the description instead.
	c = newTestClient(t, Options{Debounce: time.Hour, SpecPath: filepath.Join("..", "schema", "testdata", "registry")})
	c.initialize(nil)
	c.open(uri, "Resources:\n  W:\n    Type: Example::Shop::Widget\n")
	if h := hoverAt(c, uri, 2, 12); !strings.Contains(h, "A widget made up for tests.") || strings.Contains(h, "spec update") {
		t.Errorf("hover with descriptions: %q", h)
	}
}
