package lang

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVSCodeCustomTags: the VS Code extension tells Red Hat's YAML extension
// about every short-form tag of the language (yaml.customTags), so that it
// reports none of them as unresolved.
func TestVSCodeCustomTags(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "editors", "vscode", "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Contributes struct {
			Defaults map[string][]string `json:"configurationDefaults"`
		} `json:"contributes"`
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, ct := range pkg.Contributes.Defaults["yaml.customTags"] {
		listed[strings.Fields(ct)[0]] = true
	}
	for _, f := range Functions {
		if !listed[f.Short()] {
			t.Errorf("editors/vscode/package.json: yaml.customTags lacks %s", f.Short())
		}
	}
	for tag := range listed {
		if _, ok := LongName(tag); !ok {
			t.Errorf("editors/vscode/package.json: yaml.customTags lists %s, which is no CloudFormation tag", tag)
		}
	}
}
