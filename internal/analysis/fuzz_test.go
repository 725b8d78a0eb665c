package analysis

import (
	"context"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/checktest"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// FuzzAnalyze runs the whole analysis (validation and security) over arbitrary
// text: it must not panic, and every diagnostic's range (and its fix's) must lie
// inside the document.
func FuzzAnalyze(f *testing.F) {
	for _, text := range checktest.Seeds(f, 20000, "*/*.yaml", "*/*.json", "*/*/*.yaml", "*/*/*.json", "*/*.template") {
		f.Add(text)
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
		if checktest.LoneCR(text) {
			return
		}
		for _, d := range ds {
			checktest.InDocument(t, tp.Lines, d.Code+" "+d.Message, d.Range)
			if d.Fix != nil {
				checktest.InDocument(t, tp.Lines, d.Code+" fix", d.Fix.Range)
			}
		}
	})
}
