package completion

import (
	"os"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/checktest"
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
	for _, file := range checktest.Files(f, "completion/*.*") {
		text, pos, ok := checktest.WithoutCursor(file.Text)
		if !ok {
			continue
		}
		old, _ := os.ReadFile(file.Path + ".last")
		f.Add(text, string(old), pos.Line, pos.Char, uint8(0))
		f.Add(text[:template.NewLines(text).Offset(pos)], text, pos.Line, pos.Char, uint8(7))
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
		pos := checktest.FuzzPos(lines, line, char)
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
		if checktest.LoneCR(text) {
			return
		}
		for _, it := range l.Items {
			checktest.InDocument(t, lines, it.Label, it.Edit.Range)
			for _, e := range it.AdditionalEdits {
				checktest.InDocument(t, lines, it.Label+" (additional)", e.Range)
			}
		}
	})
}

// TestParseLoneCRTag: template.Parse panics (slice bounds out of range in
// scalarEnd) on a short tag after a lone carriage return. Found by FuzzComplete.
func TestParseLoneCRTag(t *testing.T) {
	template.Parse("file:///fuzz.yaml", "\r!GetAtt 0")
}
