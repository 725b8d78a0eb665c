package schemacheck

import (
	"reflect"
	"runtime"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// TestParallelResources: the resources of a large template, checked side by
// side, give the findings one checker finds, in the same order, with and
// without the cache.
func TestParallelResources(t *testing.T) {
	if len(parallelSame(t, template.Parse("big.yaml", bigTemplate(300)))) == 0 {
		t.Fatal("no findings: the template no longer exercises the checks")
	}
	parallelSame(t, template.Parse("bench.yaml", benchgen.YAML(300)))
}

func parallelSame(t *testing.T, tmpl *template.Template) []diag.Diagnostic {
	spec := schema.Default()
	prev := runtime.GOMAXPROCS(1)
	want := Check(tmpl, spec, nil)
	runtime.GOMAXPROCS(max(prev, 4))
	defer runtime.GOMAXPROCS(prev)
	if got := Check(tmpl, spec, nil); !reflect.DeepEqual(got, want) {
		t.Errorf("side by side: %d findings, one by one: %d", len(got), len(want))
	}
	var cache Cache
	for range 2 {
		if got := CheckCached(tmpl, spec, nil, &cache); !reflect.DeepEqual(got, want) {
			t.Errorf("side by side through the cache: %d findings, one by one: %d", len(got), len(want))
		}
	}
	return want
}
