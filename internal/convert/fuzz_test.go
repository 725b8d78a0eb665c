package convert

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/checktest"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// FuzzConvert flips arbitrary text: it must not panic; when the input is a
// clean template (without YAML aliases, which may be refused), both directions
// succeed and the data survives the round trip.
func FuzzConvert(f *testing.F) {
	var patterns []string
	for _, dir := range []string{"convert", "hover", "navigation", "schemacheck", "refcheck"} {
		patterns = append(patterns, dir+"/*.yaml", dir+"/*.json")
	}
	for _, text := range checktest.Seeds(f, 20000, patterns...) {
		f.Add(text, false)
	}
	f.Add("Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: [{Key: 'yes', Value: !Join ['', [a, !Ref B]]}]\n", true)
	// Valid JSON yaml.v3 alone rejects, a "<<" key, two YAML documents.
	f.Add("\ufeff{\"Resources\": {\"<<\": {\"Type\": \"AWS::S3::Bucket\", \"Metadata\": {\"e\": \"\\ud83d\\ude00\\/\x7f\"}}}}", false)
	f.Add("Resources:\n  A:\n    Type: AWS::S3::Bucket\n---\nResources: {}\n", false)
	f.Fuzz(func(t *testing.T, src string, clean bool) {
		there, err := Flip(src, Options{Clean: clean})
		tp := template.Parse("fuzz", src)
		if tp.Err != nil || len(tp.Duplicates) > 0 || !tp.IsTemplate() {
			return
		}
		if tp.Format == template.JSON && !json.Valid([]byte(src)) {
			return // template.Parse accepts text after the JSON document (see TestTrailingTextAfterJSON)
		}
		if err != nil {
			if strings.ContainsAny(src, "&*") {
				return // a refused alias (self-referencing, or expanding too much)
			}
			t.Fatalf("a clean template did not convert: %v", err)
		}
		if clean {
			return // Clean rewrites data on purpose
		}
		roundTrip(t, "fuzz", src)
		_ = there
	})
}

// TestTrailingTextAfterJSON: text after a JSON document's closing brace is a
// syntax error (CloudFormation rejects it; convert refuses it), but
// template.Parse reports none. Found by FuzzConvert.
func TestTrailingTextAfterJSON(t *testing.T) {
	for _, src := range []string{`{"Resources":{}}A`, `{"Resources":{"":{"Type":[] }}}A`, "{\"Resources\": {}}\nx: 1"} {
		if tp := template.Parse("t.json", src); tp.Err == nil {
			t.Errorf("%q: no syntax error", src)
		}
	}
}
