package schema

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
)

// maxFileSize bounds what one schema file (or zip member) may take in memory.
const maxFileSize = 64 << 20

// Load reads a spec from path, sniffing its format: a directory of registry
// provider schema JSON files, a zip of such files (the per-region
// CloudformationSchema.zip), a single registry schema file, the classic
// CloudFormationResourceSpecification.json, or a facts file written by schema/gen.
// Registry sources keep their descriptions. A path that is neither a directory
// nor a regular file (a FIFO, a device) is refused without being read.
func Load(path string) (*Spec, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	var l *loaded
	descriptions := true
	if fi.IsDir() {
		l, err = loadRegistryDir(path)
	} else {
		var facts *Spec
		facts, l, descriptions, err = loadFile(path)
		if facts != nil {
			return facts, nil
		}
	}
	if err != nil {
		return nil, err
	}
	if len(l.types) == 0 {
		return nil, fmt.Errorf("%s: no resource types found", path)
	}
	return &Spec{source: path, descriptions: descriptions, types: l.types, registries: l.registries}, nil
}

// loaded are the types of a source read in full, with their registry schemas
// when the source has them.
type loaded struct {
	types      map[string]*ResourceType
	registries map[string]*Registry
}

func newLoaded() *loaded {
	return &loaded{types: map[string]*ResourceType{}, registries: map[string]*Registry{}}
}

// loadFile loads a facts, zip, classic or single registry file. A facts file
// is returned as a whole Spec; for the others it returns the types and whether
// the format carries descriptions (the classic one does not).
func loadFile(path string) (facts *Spec, l *loaded, descriptions bool, err error) {
	f, size, err := fileio.Open(path)
	if err != nil {
		return nil, nil, false, err
	}
	defer f.Close()
	head := make([]byte, 4)
	n, _ := f.ReadAt(head, 0)
	if bytes.Equal(head[:n], []byte("PK\x03\x04")) {
		zr, err := zip.NewReader(f, size)
		if err != nil {
			return nil, nil, false, errorf(path, err)
		}
		l, err := loadRegistryZip(path, zr)
		return nil, l, true, err
	}
	data, err := fileio.ReadAll(f, path, maxFileSize)
	if err != nil {
		return nil, nil, false, err
	}
	if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		facts, err := loadFacts(path, data)
		return facts, nil, false, err
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, nil, false, errorf(path, fmt.Errorf("not a zip or a JSON object: %w", err))
	}
	switch {
	case probe["ResourceTypes"] != nil || probe["PropertyTypes"] != nil:
		types, err := parseClassic(data)
		if err != nil {
			return nil, nil, false, errorf(path, err)
		}
		return nil, &loaded{types: types}, false, nil
	case probe["typeName"] != nil:
		rt, doc, err := parseRegistryBytes(data)
		if err != nil {
			return nil, nil, false, errorf(path, err)
		}
		return nil, &loaded{types: map[string]*ResourceType{rt.Name: rt}, registries: map[string]*Registry{rt.Name: NewRegistry(doc)}}, true, nil
	}
	return nil, nil, false, fmt.Errorf("%s: unrecognised spec format (want registry schemas or the classic resource specification)", path)
}

// loadFacts loads a facts file (the format schema/gen writes and Default embeds).
func loadFacts(path string, data []byte) (*Spec, error) {
	f := &facts{data: data}
	if err := f.index(); err != nil {
		return nil, errorf(path, err)
	}
	if len(f.names) == 0 {
		return nil, fmt.Errorf("%s: no resource types found", path)
	}
	return &Spec{source: path, facts: f}, nil
}

// addRegistry parses one registry schema file into types. Files without a
// typeName are skipped; for duplicates the first (by file name) wins.
func (l *loaded) addRegistry(name string, data []byte) error {
	rt, doc, err := parseRegistryBytes(data)
	if err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		if errors.As(err, &syn) || errors.As(err, &typ) {
			return errorf(name, err)
		}
		return nil // valid JSON but not a resource schema
	}
	if _, dup := l.types[rt.Name]; !dup {
		l.types[rt.Name] = rt
		l.registries[rt.Name] = NewRegistry(doc)
	}
	return nil
}

// loadRegistryDir loads the *.json files of dir; entries that are not regular
// files (a FIFO, a device, a symlink to either) are skipped.
func loadRegistryDir(dir string) (*loaded, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	l := newLoaded()
	for _, file := range files {
		if _, ok := fileio.Regular(file); !ok {
			continue
		}
		data, err := fileio.ReadFile(file, maxFileSize)
		if err != nil {
			return nil, err
		}
		if err := l.addRegistry(file, data); err != nil {
			return nil, err
		}
	}
	return l, nil
}

func loadRegistryZip(path string, zr *zip.Reader) (*loaded, error) {
	members := append([]*zip.File(nil), zr.File...)
	sort.Slice(members, func(i, j int) bool { return members[i].Name < members[j].Name })
	l := newLoaded()
	for _, m := range members {
		if m.FileInfo().IsDir() || !strings.HasSuffix(strings.ToLower(m.Name), ".json") {
			continue
		}
		rc, err := m.Open()
		if err != nil {
			return nil, errorf(path, err)
		}
		data, err := fileio.ReadAll(rc, path+":"+m.Name, maxFileSize)
		rc.Close()
		if err != nil {
			return nil, errorf(path, err)
		}
		if err := l.addRegistry(path+":"+m.Name, data); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// errorf wraps an error with the source it came from.
func errorf(src string, err error) error { return fmt.Errorf("%s: %w", src, err) }
