package benchgen

import (
	"encoding/json"
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

func TestGeneratedJSON(t *testing.T) {
	src := JSON(100)
	if !json.Valid([]byte(src)) {
		t.Fatal("JSON(100) is not valid JSON")
	}
	if JSON(100) != src {
		t.Error("generator is not deterministic")
	}
	j, y := template.Parse("bench.json", src), template.Parse("bench.yaml", YAML(100))
	if j.Err != nil || j.Format != template.JSON {
		t.Fatalf("err %v, format %v", j.Err, j.Format)
	}
	if len(j.Resources) != len(y.Resources) || len(j.Outputs) != len(y.Outputs) {
		t.Fatalf("JSON has %d resources and %d outputs, YAML %d and %d",
			len(j.Resources), len(j.Outputs), len(y.Resources), len(y.Outputs))
	}
	// Short forms become the same intrinsics in long form.
	for _, name := range []string{"Role0", "Function0"} {
		var fns []string
		template.Walk(j.Resource(name).Value, func(n *template.Node) bool {
			if n.Kind == template.Intrinsic {
				fns = append(fns, n.Fn)
			}
			return true
		})
		var want []string
		template.Walk(y.Resource(name).Value, func(n *template.Node) bool {
			if n.Kind == template.Intrinsic {
				want = append(want, n.Fn)
			}
			return true
		})
		if strings.Join(fns, ",") != strings.Join(want, ",") {
			t.Errorf("%s: intrinsics %v, want %v", name, fns, want)
		}
	}
}
