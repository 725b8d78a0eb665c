package schemacheck_test

import (
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/analysis"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/schemacheck"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// findings returns schemacheck's findings on tpl (default spec) that the
// template's cfn-lint ignore_checks leave, as the analysis reports them.
func findings(tpl *template.Template) []diag.Diagnostic {
	return analysis.Suppress(tpl, schemacheck.Check(tpl, schema.Default(), nil), nil)
}

// TestResolvedIgnoreChecks checks that W1030 findings, though located in the
// Parameters section, are suppressed by ignore_checks of the template and of
// the resource whose property uses the parameter.
func TestResolvedIgnoreChecks(t *testing.T) {
	const params = "Parameters:\n  Env: {Type: String, AllowedValues: [dev, Staging]}\n"
	const bucket = "    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref Env\n"
	const ignore = "{cfn-lint: {config: {ignore_checks: [W1030]}}}"
	// Two findings a bucket, as cfn-lint has them: 'Staging' fails the
	// pattern (placed at the value) and the bucket name format (at the property).
	cases := []struct {
		name, src string
		want      int
	}{
		{"none", params + "Resources:\n  A:\n" + bucket + "  B:\n" + bucket, 4},
		{"template", "Metadata: " + ignore + "\n" + params + "Resources:\n  A:\n" + bucket, 0},
		{"resource", params + "Resources:\n  A:\n    Metadata: " + ignore + "\n" + bucket + "  B:\n" + bucket, 2},
	}
	for _, c := range cases {
		tpl := template.Parse("t.yaml", c.src)
		var ds []diag.Diagnostic
		for _, d := range findings(tpl) {
			if d.Code != "E3019" { // the buckets share a name: not this test's business
				ds = append(ds, d)
			}
		}
		if len(ds) != c.want {
			t.Errorf("%s: got %v, want %d W1030 findings", c.name, ds, c.want)
		}
		for _, d := range ds {
			if d.Code != "W1030" {
				t.Errorf("%s: unexpected %s %s", c.name, d.Code, d.Message)
			}
		}
	}
}
