package stack

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// FuzzPreview resolves, hints, hovers and previews arbitrary text, as the
// deployed template and as the edited one: nothing may panic or hang, and
// every hint lies inside the document.
func FuzzPreview(f *testing.F) {
	seed, err := os.ReadFile(filepath.Join(testdata, "orders.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(hintsTemplate, 16, 22)
	f.Add(resolveTemplate, 30, 10)
	f.Add("Conditions:\n  C: !Equals [!Ref P, x]\nResources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: "+
		strings.Repeat("!If [C, ", 40)+"x"+strings.Repeat(", y]", 40)+"\n", 6, 20)
	spec := schema.Default()
	base := template.Parse("seed.yaml", string(seed))
	stackParams := map[string]string{"Env": "dev", "DbPassword": Masked}
	f.Fuzz(func(t *testing.T, text string, line, char int) {
		tm := template.Parse("fuzz.yaml", text)
		if tm.Root == nil {
			return
		}
		r := NewResolver(tm, NewParameters(tm, map[string]string{"Env": "prod"}, nil, Pseudo{Region: "eu-west-1", StackName: "s"}))
		for _, h := range Hints(r, tm.Range()) {
			if h.Pos.Line < 0 || h.Pos.Line >= tm.Lines.Count() || h.Pos.Char > template.UTF16Len(tm.Lines.Line(h.Pos.Line)) {
				t.Fatalf("hint at %+v outside the document", h.Pos)
			}
		}
		HoverNote(r, "dev", template.Pos{Line: line, Char: char})
		Skips(r)
		edited := NewLive(&deploy.Stack{Name: "s", Region: "us-east-1", Template: base, Parameters: stackParams})
		Diagnostics(tm, edited.Preview(tm, nil, spec), "stack s")
		deployed := NewLive(&deploy.Stack{Name: "s", Region: "us-east-1", Template: tm, Parameters: stackParams})
		p := deployed.Preview(base, map[string]string{"Env": "dev"}, spec)
		Diagnostics(base, p, "stack s")
		p.Lines()
	})
}
