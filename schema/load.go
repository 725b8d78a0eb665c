package schema

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// maxFileSize bounds what one schema file (or zip member) may take in memory.
const maxFileSize = 64 << 20

// Load reads a spec from path, sniffing its format: a directory of registry
// provider schema JSON files, a zip of such files (the per-region
// CloudformationSchema.zip), a single registry schema file, the classic
// CloudFormationResourceSpecification.json, or a facts file written by schema/gen.
// Registry sources keep their descriptions.
func Load(path string) (*Spec, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		if s, ok, err := loadFacts(path); ok {
			return s, err
		}
	}
	var types map[string]*ResourceType
	descriptions := true
	if fi.IsDir() {
		types, err = loadRegistryDir(path)
	} else {
		types, descriptions, err = loadFile(path)
	}
	if err != nil {
		return nil, err
	}
	if len(types) == 0 {
		return nil, fmt.Errorf("%s: no resource types found", path)
	}
	return &Spec{source: path, descriptions: descriptions, types: types}, nil
}

// loadFacts loads a facts file (the format schema/gen writes and Default embeds);
// ok is false when path is not gzip-compressed.
func loadFacts(path string) (s *Spec, ok bool, err error) {
	data, err := readLimited(path)
	if err != nil {
		return nil, true, err
	}
	if !bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		return nil, false, nil
	}
	f := &facts{data: data}
	if err := f.index(); err != nil {
		return nil, true, errorf(path, err)
	}
	if len(f.names) == 0 {
		return nil, true, fmt.Errorf("%s: no resource types found", path)
	}
	return &Spec{source: path, facts: f}, true, nil
}

// loadFile loads a zip, classic or single registry file; it also reports whether
// the format carries descriptions (the classic one does not).
func loadFile(path string) (map[string]*ResourceType, bool, error) {
	head := make([]byte, 4)
	f, err := os.Open(path)
	if err != nil {
		return nil, false, err
	}
	n, _ := io.ReadFull(f, head)
	f.Close()
	if bytes.Equal(head[:n], []byte("PK\x03\x04")) {
		types, err := loadRegistryZip(path)
		return types, true, err
	}
	data, err := readLimited(path)
	if err != nil {
		return nil, false, err
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, false, errorf(path, fmt.Errorf("not a zip or a JSON object: %w", err))
	}
	switch {
	case probe["ResourceTypes"] != nil || probe["PropertyTypes"] != nil:
		types, err := parseClassic(data)
		if err != nil {
			return nil, false, errorf(path, err)
		}
		return types, false, nil
	case probe["typeName"] != nil:
		rt, err := ParseRegistrySchema(data)
		if err != nil {
			return nil, false, errorf(path, err)
		}
		return map[string]*ResourceType{rt.Name: rt}, true, nil
	}
	return nil, false, fmt.Errorf("%s: unrecognised spec format (want registry schemas or the classic resource specification)", path)
}

func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAllLimited(f, path)
}

func readAllLimited(r io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, maxFileSize)
	}
	return data, nil
}

// addRegistry parses one registry schema file into types. Files without a
// typeName are skipped; for duplicates the first (by file name) wins.
func addRegistry(types map[string]*ResourceType, name string, data []byte) error {
	rt, err := ParseRegistrySchema(data)
	if err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		if errors.As(err, &syn) || errors.As(err, &typ) {
			return errorf(name, err)
		}
		return nil // valid JSON but not a resource schema
	}
	if _, dup := types[rt.Name]; !dup {
		types[rt.Name] = rt
	}
	return nil
}

func loadRegistryDir(dir string) (map[string]*ResourceType, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	types := map[string]*ResourceType{}
	for _, file := range files {
		data, err := readLimited(file)
		if err != nil {
			return nil, err
		}
		if err := addRegistry(types, file, data); err != nil {
			return nil, err
		}
	}
	return types, nil
}

func loadRegistryZip(path string) (map[string]*ResourceType, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, errorf(path, err)
	}
	defer zr.Close()
	members := append([]*zip.File(nil), zr.File...)
	sort.Slice(members, func(i, j int) bool { return members[i].Name < members[j].Name })
	types := map[string]*ResourceType{}
	for _, m := range members {
		if m.FileInfo().IsDir() || !strings.HasSuffix(strings.ToLower(m.Name), ".json") {
			continue
		}
		rc, err := m.Open()
		if err != nil {
			return nil, errorf(path, err)
		}
		data, err := readAllLimited(rc, path+":"+m.Name)
		rc.Close()
		if err != nil {
			return nil, errorf(path, err)
		}
		if err := addRegistry(types, path+":"+m.Name, data); err != nil {
			return nil, err
		}
	}
	return types, nil
}

// errorf wraps an error with the source it came from.
func errorf(src string, err error) error { return fmt.Errorf("%s: %w", src, err) }
