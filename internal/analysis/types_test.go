package analysis

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/golden"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

const typesDir = "../../testdata/types"

// TestTypes checks the custom resource, module and registry type templates of
// testdata/types with the registry schemas beside them: a *-valid template
// has no finding (cfn-lint agrees: cfn-lint -s testdata/types/schemas FILE),
// the others match their golden file. Without the schemas, a registry type
// the spec lacks is no error: it may be an account's private type.
func TestTypes(t *testing.T) {
	withSchemas, err := schema.Default().WithRegistrySchemas([]string{filepath.Join(typesDir, "schemas")})
	if err != nil {
		t.Fatal(err)
	}
	n := golden.Each(t, filepath.Join(typesDir, "*.*"), func(t *testing.T, f, src string) {
		tp := template.Parse(f, src)
		ds, _ := Analyze(context.Background(), tp, withSchemas, Options{})
		if strings.Contains(f, "-valid.") {
			if len(ds) > 0 {
				t.Errorf("a valid template has findings:\n%s", testutil.Render(ds))
			}
		} else {
			golden.Check(t, f+".golden", testutil.Render(ds))
		}
		plain, _ := Analyze(context.Background(), tp, schema.Default(), Options{})
		for _, d := range plain {
			if d.Code == "E3006" && !strings.Contains(d.Message, "'AWS::") && !strings.Contains(d.Message, "'aws::") {
				t.Errorf("without its schema: %s", d.Message)
			}
		}
	})
	if n < 12 {
		t.Errorf("%d templates in %s, want a dozen", n, typesDir)
	}
}
