package analysis

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// FuzzAnalyze runs the whole analysis (validation and security) over arbitrary
// text: it must not panic, and every diagnostic's range (and its fix's) must lie
// inside the document.
func FuzzAnalyze(f *testing.F) {
	var files []string
	for _, pat := range []string{"*/*.yaml", "*/*.json", "*/*/*.yaml", "*/*/*.json", "*/*.template"} {
		more, _ := filepath.Glob(filepath.Join("../../testdata", pat))
		files = append(files, more...)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) < 20000 {
			f.Add(strings.ReplaceAll(string(b), "<cursor>", ""))
		}
	}
	f.Add("Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '${AWS::StackName}-${B.Arn}'\n")
	f.Add("{\"Resources\": {\"A\": {\"Type\": \"AWS::EC2::SecurityGroupIngress\", \"Properties\": {\"CidrIp\": \"0.0.0.0/0\"}}}}")
	spec := schema.Default()
	f.Fuzz(func(t *testing.T, text string) {
		tp := template.Parse("file:///fuzz.yaml", text)
		ds, err := Analyze(context.Background(), tp, spec, Options{Security: true})
		if err != nil {
			t.Fatalf("Analyze: %v", err)
		}
		if loneCR(text) {
			return
		}
		for _, d := range ds {
			checkRange(t, tp, d.Code+" "+d.Message, d.Range)
			if d.Fix != nil {
				checkRange(t, tp, d.Code+" fix", d.Fix.Range)
			}
		}
	})
}

func checkRange(t *testing.T, tp *template.Template, what string, r template.Range) {
	t.Helper()
	if r.End.Less(r.Start) {
		t.Fatalf("%s: range ends before it starts: %+v", what, r)
	}
	for _, p := range []template.Pos{r.Start, r.End} {
		if p.Line < 0 || p.Line >= tp.Lines.Count() || p.Char < 0 || p.Char > template.UTF16Len(tp.Lines.Line(p.Line)) {
			t.Fatalf("%s: range %+v outside the document (%d lines)", what, r, tp.Lines.Count())
		}
	}
}

// loneCR reports whether text has a carriage return not followed by a line
// feed: a line break for LSP but not for template.Lines, so positions near it
// are not checked (documents with old Mac line endings are out of scope).
func loneCR(text string) bool {
	return strings.Count(text, "\r") != strings.Count(text, "\r\n")
}
