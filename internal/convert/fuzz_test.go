package convert

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// FuzzConvert flips arbitrary text: it must not panic; when the input is a
// clean template (without YAML aliases, which may be refused), both directions
// succeed and the data survives the round trip.
func FuzzConvert(f *testing.F) {
	var files []string
	for _, dir := range []string{"convert", "hover", "navigation", "schemacheck", "refcheck"} {
		more, _ := filepath.Glob("../../testdata/" + dir + "/*.*")
		files = append(files, more...)
	}
	for _, name := range files {
		if strings.HasSuffix(name, ".golden") || !(strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".json")) {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) < 20000 {
			f.Add(strings.ReplaceAll(string(b), "<cursor>", ""), false)
		}
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
