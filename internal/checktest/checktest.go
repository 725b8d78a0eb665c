// Package checktest holds the scaffolding the tests of the checks and the
// features share: testdata templates as fuzz seeds, the cursor marker that
// says where a feature test asks, fuzzed positions, the check that a range
// lies inside its document, and a check run on a template transformed as the
// analysis transforms it. It is imported by tests only.
package checktest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/langext"
	"github.com/cfn-lsp/cfn-lsp/internal/sam"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Testdata is the repository's testdata folder, seen from a package's folder
// (internal/NAME), where its tests run.
const Testdata = "../../testdata"

// Cursor marks the position a feature test (completion, hover, ...) asks at.
const Cursor = "<cursor>"

// File is one input file of the testdata.
type File struct {
	Path, Text string
}

// Files returns the files that match the patterns (relative to Testdata), in
// the patterns' order, leaving out golden files and the older versions
// (.last) some completion tests edit from. It fails when a file cannot be
// read.
func Files(tb testing.TB, patterns ...string) []File {
	tb.Helper()
	var out []File
	for _, pat := range patterns {
		names, _ := filepath.Glob(filepath.Join(Testdata, pat))
		for _, name := range names {
			if strings.HasSuffix(name, ".golden") || strings.HasSuffix(name, ".last") {
				continue
			}
			b, err := os.ReadFile(name)
			if err != nil {
				tb.Fatal(err)
			}
			out = append(out, File{Path: name, Text: string(b)})
		}
	}
	return out
}

// Read returns the text of the file at path, failing the test when it cannot
// be read.
func Read(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// Codes returns the codes of ds, in their order, joined by commas.
func Codes(ds []diag.Diagnostic) string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Code
	}
	return strings.Join(out, ",")
}

// Transformed runs check on t as the analysis gives a template to the checks
// (the AWS::LanguageExtensions loops expanded, then SAM's Globals merged) and
// returns its findings placed back on t, as the analysis reports them.
func Transformed(t *template.Template, check func(*template.Template) []diag.Diagnostic) []diag.Diagnostic {
	x := langext.Of(t)
	return x.Attribute(check(sam.Of(x.Template).Template))
}

// Seeds returns the texts of the Files smaller than max bytes, without their
// cursor markers: the seeds of a fuzz test.
func Seeds(tb testing.TB, max int, patterns ...string) []string {
	tb.Helper()
	var out []string
	for _, f := range Files(tb, patterns...) {
		if len(f.Text) < max {
			out = append(out, strings.ReplaceAll(f.Text, Cursor, ""))
		}
	}
	return out
}

// WithoutCursor returns text without its first cursor marker and the
// marker's position; found is false (and the position the document's start)
// when text has none.
func WithoutCursor(text string) (rest string, at template.Pos, found bool) {
	i := strings.Index(text, Cursor)
	if i < 0 {
		return text, template.Pos{}, false
	}
	rest = text[:i] + text[i+len(Cursor):]
	return rest, template.NewLines(rest).PosOf(i), true
}

// FuzzPos maps fuzzed numbers onto a position of the document, or just past
// the end of a line or of the document as careless clients send.
func FuzzPos(lines *template.Lines, line, char int) template.Pos {
	line = int(uint(line) % uint(lines.Count()+1))
	char = int(uint(char) % uint(template.UTF16Len(lines.Line(line))+2))
	return template.Pos{Line: line, Char: char}
}

// LoneCR reports whether text has a carriage return not followed by a line
// feed: a line break for LSP but not for template.Lines, so positions near it
// are not checked (documents with old Mac line endings are out of scope).
func LoneCR(text string) bool {
	return strings.Count(text, "\r") != strings.Count(text, "\r\n")
}

// InDocument fails the test when r ends before it starts or has an end
// outside the document; what names the range in the failure.
func InDocument(tb testing.TB, lines *template.Lines, what string, r template.Range) {
	tb.Helper()
	if r.End.Less(r.Start) {
		tb.Fatalf("%s: range ends before it starts: %+v", what, r)
	}
	for _, p := range []template.Pos{r.Start, r.End} {
		if p.Line < 0 || p.Line >= lines.Count() || p.Char < 0 || p.Char > template.UTF16Len(lines.Line(p.Line)) {
			tb.Fatalf("%s: range %+v outside the document (%d lines)", what, r, lines.Count())
		}
	}
}
