package template

import (
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
)

// FileExtensions are the file name endings cfn-lsp takes for a template's.
var FileExtensions = []string{".yaml", ".yml", ".json", ".template"}

// IsTemplateFile reports whether a file's name ends like a template's.
func IsTemplateFile(name string) bool {
	return slices.Contains(FileExtensions, strings.ToLower(filepath.Ext(name)))
}

// FindFiles returns the files below root (or root itself) whose names end
// like a template's, in lexical order. It stops at the first folder it
// cannot read and returns what it found before, with the error.
func FindFiles(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && IsTemplateFile(path) {
			out = append(out, path)
		}
		return nil
	})
	return out, err
}
