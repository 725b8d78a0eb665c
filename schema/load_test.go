package schema

import (
	"archive/zip"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
	"github.com/cfn-lsp/cfn-lsp/internal/fileio/fileiotest"
)

// writeFixtureZip zips the registry fixtures into dir and returns the zip's path.
func writeFixtureZip(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "schemas.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	files, _ := filepath.Glob(filepath.Join("testdata", "registry", "*.json"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(filepath.Base(file))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadRegistrySources(t *testing.T) {
	zipPath := writeFixtureZip(t, t.TempDir())
	for _, path := range []string{filepath.Join("testdata", "registry"), zipPath} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			s, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.TypeNames(); !slices.Equal(got, []string{"Example::Shop::Gadget", "Example::Shop::Widget"}) {
				t.Errorf("TypeNames = %v", got)
			}
			if s.Len() != 2 || s.Source() != path || !s.HasDescriptions() {
				t.Errorf("Len=%d Source=%q HasDescriptions=%v", s.Len(), s.Source(), s.HasDescriptions())
			}
			w := s.ResourceType("Example::Shop::Widget")
			if w == nil || w.Description != "A widget made up for tests." || w.Definitions["Color"].Description != "Widget paint." {
				t.Errorf("widget = %+v", w)
			}
			if s.ResourceType("Example::Shop::Nothing") != nil {
				t.Error("unknown type should be nil")
			}
			if s.ResourceType("AWS::Serverless::Function") != nil || s.WithSAM().ResourceType("AWS::Serverless::Function") == nil {
				t.Error("SAM types must come only with WithSAM")
			}
			if s.WithSAM().ResourceType("Example::Shop::Widget") != w {
				t.Error("WithSAM must keep the loaded types")
			}
		})
	}
}

func TestLoadSingleRegistryFile(t *testing.T) {
	s, err := Load(filepath.Join("testdata", "registry", "gadget.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.TypeNames(), []string{"Example::Shop::Gadget"}) {
		t.Errorf("TypeNames = %v", s.TypeNames())
	}
}

func TestLoadClassic(t *testing.T) {
	s, err := Load(filepath.Join("testdata", "classic.json"))
	if err != nil {
		t.Fatal(err)
	}
	if s.HasDescriptions() || s.Len() != 1 {
		t.Errorf("HasDescriptions=%v Len=%d", s.HasDescriptions(), s.Len())
	}
	w := s.ResourceType("Example::Shop::Widget")
	if w == nil {
		t.Fatal("no widget")
	}
	if w.DocURL != "https://example.com/docs/widget.html" {
		t.Errorf("DocURL = %q", w.DocURL)
	}
	tests := []struct {
		prop     string
		kind     Kind
		prim     string
		required bool
		update   UpdateBehavior
		object   string
	}{
		{"Name", KindString, "String", true, UpdateImmutable, ""},
		{"Color", KindObject, "", false, UpdateConditional, "Color"},
		{"Tags", KindList, "", false, UpdateMutable, ""},
		{"Labels", KindMap, "", false, UpdateMutable, ""},
		{"Policy", KindObject | KindString, "Json", false, UpdateMutable, ""},
		{"Count", KindInteger, "Long", false, UpdateMutable, ""},
		{"Ratio", KindNumber, "Double", false, UpdateMutable, ""},
		{"Ghost", KindAny, "", false, UpdateMutable, ""},
	}
	for _, tt := range tests {
		p := w.Properties[tt.prop]
		if p == nil {
			t.Errorf("no %s", tt.prop)
			continue
		}
		if p.Type.Kind != tt.kind || p.Type.PrimitiveName != tt.prim || p.Required != tt.required || p.Update != tt.update || p.Type.Object != tt.object {
			t.Errorf("%s = %+v", tt.prop, p)
		}
	}
	if p := w.Properties["Name"]; p.DocURL != "https://example.com/docs/widget.html#name" {
		t.Errorf("Name DocURL = %q", p.DocURL)
	}
	if it := w.Properties["Tags"].Type.Item; it == nil || it.Object != "Tag" || w.Definitions["Tag"] == nil || len(w.Definitions["Tag"].RequiredNames()) != 2 {
		t.Errorf("Tags item = %+v (global Tag property type)", it)
	}
	if c := w.Definitions["Color"]; c == nil || c.Open || c.DocURL != "https://example.com/docs/widget-color.html" || !c.Properties["Shade"].Required {
		t.Errorf("Color = %+v", c)
	}
	if a := w.Attributes["Ports"]; a == nil || a.Type.Kind != KindList || a.Type.Item.Kind != KindInteger {
		t.Errorf("Ports attribute = %+v", a)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	badDir := filepath.Join(dir, "baddir")
	if err := os.Mkdir(badDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(badDir, "x.json"), []byte(`{"typeName": "A::B::C", `), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{
		"missing":       filepath.Join(dir, "nope"),
		"empty dir":     t.TempDir(),
		"broken json":   badDir,
		"text file":     write("a.txt", "hello"),
		"other json":    write("b.json", `{"hello": 1}`),
		"truncated zip": write("c.zip", "PK\x03\x04 not really"),
	} {
		if s, err := Load(path); err == nil {
			t.Errorf("%s: no error, got %d types", name, s.Len())
		}
	}
}

// A spec path naming a FIFO or a symlink to /dev/zero is refused at once, and
// such entries of a schema directory are skipped.
func TestLoadRefusesHostileFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := fileiotest.FIFO(t, dir, "pipe.json")
	zero := fileiotest.DevZero(t, dir, "zero.json")
	for _, path := range []string{fifo, zero} {
		fileiotest.Bounded(t, "Load("+path+")", func() {
			if _, err := Load(path); !errors.Is(err, fileio.ErrNotRegular) {
				t.Errorf("Load(%s) error = %v, want ErrNotRegular", path, err)
			}
		})
	}
	schemas, _ := filepath.Glob(filepath.Join("testdata", "registry", "*.json"))
	for _, f := range schemas {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fileiotest.Bounded(t, "Load(a directory holding them)", func() {
		if s, err := Load(dir); err != nil || s.Len() == 0 {
			t.Errorf("Load(dir) = %v, %v; want the directory's schemas", s, err)
		}
	})
}
