package hover

import (
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/checktest"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// FuzzHover hovers over arbitrary text at arbitrary positions: it must not
// panic, and a hover's range must lie inside the document.
func FuzzHover(f *testing.F) {
	for _, file := range checktest.Files(f, "hover/*.*") {
		text, pos, _ := checktest.WithoutCursor(file.Text)
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
		pos := checktest.FuzzPos(tp.Lines, line, char)
		r := Hover(tp, pos, spec)
		if r == nil || checktest.LoneCR(text) {
			return
		}
		if r.Markdown == "" {
			t.Fatalf("empty hover at %+v", pos)
		}
		checktest.InDocument(t, tp.Lines, "hover", r.Range)
	})
}
