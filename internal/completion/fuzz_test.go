package completion

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// fuzzTriggers are the server's trigger characters ("" is an invoked completion).
var fuzzTriggers = []string{"", ":", "!", ".", "$", "{", "\"", " ", "["}

// FuzzComplete asks for completions in arbitrary text at arbitrary positions,
// with the names taken from a parse of the same text or of an older version
// (old), as the server does right after an edit. It must not panic, and every
// edit must lie inside the document.
func FuzzComplete(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/completion/*.*")
	for _, name := range files {
		if strings.HasSuffix(name, ".golden") || strings.HasSuffix(name, ".last") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		text := string(b)
		i := strings.Index(text, marker)
		if i < 0 {
			continue
		}
		text = text[:i] + text[i+len(marker):]
		pos := template.NewLines(text).PosOf(i)
		old, _ := os.ReadFile(name + ".last")
		f.Add(text, string(old), pos.Line, pos.Char, uint8(0))
		f.Add(text[:i], text, pos.Line, pos.Char, uint8(7))
	}
	f.Add("Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      \n", "", 4, 6, uint8(0))
	f.Add("{\"Resources\": {\"A\": {\"Type\": \"\"}}}", "{}", 0, 30, uint8(6))
	f.Add("x: !Sub '${A.", "Resources:\n  A:\n    Type: AWS::SQS::Queue\n", 0, 13, uint8(3))
	spec := schema.Default()
	f.Fuzz(func(t *testing.T, text, old string, line, char int, trig uint8) {
		name := "file:///fuzz.yaml"
		if trig&0x80 != 0 {
			name = "file:///fuzz.json"
		}
		lines := template.NewLines(text)
		pos := fuzzPos(lines, line, char)
		var tmpl *template.Template
		switch {
		case old == "":
			tmpl = template.Parse(name, text)
		case old != "\x00":
			tmpl = template.Parse(name, old)
		}
		req := Request{URI: name, Text: text, Pos: pos, Template: tmpl, Spec: spec,
			Snippets: trig&0x40 != 0, Trigger: fuzzTriggers[int(trig&0x3f)%len(fuzzTriggers)]}
		l := Complete(req)
		if sig, ok := SignatureAt(req); ok {
			for _, p := range sig.Params {
				if p[0] < 0 || p[0] > p[1] || p[1] > len(sig.Label) {
					t.Fatalf("signature %q: argument at %v", sig.Label, p)
				}
			}
			if sig.Active < 0 || sig.Active > len(sig.Params) {
				t.Fatalf("signature %q: active argument %d of %d", sig.Label, sig.Active, len(sig.Params))
			}
		}
		if loneCR(text) {
			return
		}
		for _, it := range l.Items {
			checkEdit(t, lines, it.Label, it.Edit)
			for _, e := range it.AdditionalEdits {
				checkEdit(t, lines, it.Label+" (additional)", e)
			}
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

func checkEdit(t *testing.T, lines *template.Lines, label string, e Edit) {
	t.Helper()
	r := e.Range
	if r.End.Less(r.Start) {
		t.Fatalf("%q: edit range ends before it starts: %+v", label, r)
	}
	for _, p := range []template.Pos{r.Start, r.End} {
		if p.Line < 0 || p.Line >= lines.Count() || p.Char < 0 || p.Char > template.UTF16Len(lines.Line(p.Line)) {
			t.Fatalf("%q: edit range %+v outside the document", label, r)
		}
	}
}

// loneCR reports whether text has a carriage return not followed by a line
// feed: a line break for LSP but not for template.Lines, so positions near it
// are not checked (documents with old Mac line endings are out of scope).
func loneCR(text string) bool {
	return strings.Count(text, "\r") != strings.Count(text, "\r\n")
}

// TestParseLoneCRTag: template.Parse panics (slice bounds out of range in
// scalarEnd) on a short tag after a lone carriage return. Found by FuzzComplete.
func TestParseLoneCRTag(t *testing.T) {
	template.Parse("file:///fuzz.yaml", "\r!GetAtt 0")
}
