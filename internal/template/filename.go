package template

import (
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
