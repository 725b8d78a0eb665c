package hover

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// FuzzHover hovers over arbitrary text at arbitrary positions: it must not
// panic, and a hover's range must lie inside the document.
func FuzzHover(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/hover/*.*")
	for _, name := range files {
		if strings.HasSuffix(name, ".golden") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		text := string(b)
		i := max(strings.Index(text, "<cursor>"), 0)
		text = strings.Replace(text, "<cursor>", "", 1)
		pos := template.NewLines(text).PosOf(i)
		f.Add(text, pos.Line, pos.Char)
	}
	f.Add("Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !GetAtt B.Arn\n", 4, 26)
	spec := schema.Default()
	f.Fuzz(func(t *testing.T, text string, line, char int) {
		name := "file:///fuzz.yaml"
		if strings.HasPrefix(strings.TrimSpace(text), "{") {
			name = "file:///fuzz.json"
		}
		tp := template.Parse(name, text)
		pos := fuzzPos(tp.Lines, line, char)
		r := Hover(tp, pos, spec)
		if r == nil || loneCR(text) {
			return
		}
		if r.Markdown == "" {
			t.Fatalf("empty hover at %+v", pos)
		}
		for _, p := range []template.Pos{r.Range.Start, r.Range.End} {
			if p.Line < 0 || p.Line >= tp.Lines.Count() || p.Char < 0 || p.Char > template.UTF16Len(tp.Lines.Line(p.Line)) {
				t.Fatalf("hover range %+v outside the document", r.Range)
			}
		}
		if r.Range.End.Less(r.Range.Start) {
			t.Fatalf("hover range ends before it starts: %+v", r.Range)
		}
	})
}

// fuzzPos maps fuzzed numbers onto a position of the document, or just past the
// end of a line or of the document as careless clients send.
func fuzzPos(lines *template.Lines, line, char int) template.Pos {
	line = int(uint(line) % uint(lines.Count()+1))
	char = int(uint(char) % uint(template.UTF16Len(lines.Line(line))+2))
	return template.Pos{Line: line, Char: char}
}

// loneCR reports whether text has a carriage return not followed by a line
// feed: a line break for LSP but not for template.Lines, so positions near it
// are not checked (documents with old Mac line endings are out of scope).
func loneCR(text string) bool {
	return strings.Count(text, "\r") != strings.Count(text, "\r\n")
}
