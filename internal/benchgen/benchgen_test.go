package benchgen

import (
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

func TestGeneratedTemplatesParse(t *testing.T) {
	for _, n := range []int{6, 100} {
		src := YAML(n)
		tp := template.Parse("bench.yaml", src)
		if tp.Err != nil {
			t.Fatalf("n=%d: %v", n, tp.Err)
		}
		if got := len(tp.Resources); got < n || got > n+len(kinds) {
			t.Errorf("n=%d: %d resources", n, got)
		}
		if YAML(n) != src {
			t.Error("generator is not deterministic")
		}
	}
	if l := len(YAML(1500)); l < 1<<20 {
		t.Errorf("1500-resource template is only %d bytes", l)
	}
	if !strings.Contains(YAML(6), "Function0") {
		t.Error("missing function")
	}
}
