package hover

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// bigTemplate generates a template of n resources, about 1.4 KB each.
func bigTemplate(n int) string {
	var b strings.Builder
	b.WriteString("Parameters:\n  Env:\n    Type: String\n    Default: dev\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\nResources:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  Bucket%d:\n    Type: AWS::S3::Bucket\n    Condition: IsProd\n    Properties:\n      BucketName: !Sub '${Env}-bucket-%d-${AWS::Region}'\n      VersioningConfiguration:\n        Status: Enabled\n      LifecycleConfiguration:\n        Rules:\n          - Id: expire\n            Status: Enabled\n            ExpirationInDays: 30\n", i, i)
		fmt.Fprintf(&b, "      Tags:\n        - Key: Name\n          Value: !Ref Env\n        - Key: Peer\n          Value: !GetAtt Bucket%d.Arn\n", (i+1)%n)
		b.WriteString("    Metadata:\n      Comment: >-\n        A generated resource with a long folded description that makes the\n        template about as large as the big real ones, for benchmarks only.\n      Notes:\n        - one note that is moderately long to fill space in the document\n        - another note that is moderately long to fill space in the document\n        - a third note that is moderately long to fill space in the document\n        - a fourth note that is moderately long to fill space in the document\n        - a fifth note that is moderately long to fill space in the document\n        - a sixth note that is moderately long to fill space in the document\n        - a seventh note that is moderately long to fill space in the document\n        - an eighth note that is moderately long to fill space in the document\n        - a ninth note that is moderately long to fill space in the document\n")
	}
	return b.String()
}

func BenchmarkHover(b *testing.B) {
	text := bigTemplate(1500)
	b.Logf("template: %d bytes", len(text))
	t := template.Parse("file:///big.yaml", text)
	if t.Err != nil {
		b.Fatal(t.Err)
	}
	spec := schema.Default()
	for _, c := range []struct{ name, at string }{
		{"PropertyKey", "        Status: Enabled\n      LifecycleConfiguration:"},
		{"Type", "Type: AWS::S3::Bu"},
		{"Ref", "Value: !Ref E"},
		{"GetAtt", "Value: !GetAtt Bucket0.A"},
		{"Sub", "${AWS::Reg"},
		{"Condition", "Condition: IsPr"},
	} {
		b.Run(c.name, func(b *testing.B) {
			pos := t.Lines.PosOf(strings.LastIndex(text, c.at) + len(c.at) - 1)
			if Hover(t, pos, spec) == nil {
				b.Fatalf("no hover at %q", c.at)
			}
			b.SetBytes(int64(len(text)))
			benchgen.Latency(b, func() { Hover(t, pos, spec) })
		})
	}
}
