package server

import (
	"path/filepath"
	"strings"
	"testing"
)

// The registrySchemas setting adds a private type's schema: its properties
// are then checked in the editor.
func TestRegistrySchemasSetting(t *testing.T) {
	schemas, err := filepath.Abs(filepath.Join("..", "testdata", "types", "schemas"))
	if err != nil {
		t.Fatal(err)
	}
	c := newInitializedClient(t, Options{}, map[string]any{"registrySchemas": []string{schemas}, "security": map[string]any{"enabled": false}})
	uri := "file:///tmp/archive.yaml"
	c.open(uri, "Resources:\n  A:\n    Type: MyOrg::Storage::Archive\n    Properties:\n      Name: x\n      Colour: blue\n")
	var got []string
	for _, d := range c.diagnostics(uri).Diagnostics {
		got = append(got, d.Code+" "+d.Message)
	}
	if len(got) != 2 || !strings.Contains(strings.Join(got, "\n"), "'Colour' was unexpected") {
		t.Errorf("diagnostics %q, want the pattern of Name and the unknown Colour", got)
	}
}
