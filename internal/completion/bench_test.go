package completion

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// bigYAML generates a template of n resources (about 1.4 KB each).
func bigYAML(n int) string {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Env:\n    Type: String\n    Default: dev\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\nResources:\n")
	for i := 0; i < n; i++ {
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, "  Bucket%d:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Retain\n    Properties:\n      BucketName: !Sub '${Env}-bucket-%d-${AWS::Region}'\n      VersioningConfiguration:\n        Status: Enabled\n      LifecycleConfiguration:\n        Rules:\n          - Id: expire\n            Status: Enabled\n            ExpirationInDays: 30\n          - Id: transition\n            Status: Enabled\n            Transitions:\n              - StorageClass: GLACIER\n                TransitionInDays: 90\n", i, i)
		case 1:
			fmt.Fprintf(&b, "  Queue%d:\n    Type: AWS::SQS::Queue\n    Condition: IsProd\n    Properties:\n      QueueName: !Join ['-', [!Ref Env, queue, '%d']]\n      VisibilityTimeout: 60\n      RedrivePolicy:\n        deadLetterTargetArn: !GetAtt Bucket%d.Arn\n        maxReceiveCount: 5\n", i, i, i-1)
		default:
			fmt.Fprintf(&b, "  Topic%d:\n    Type: AWS::SNS::Topic\n    DependsOn: [Queue%d]\n    Properties:\n      TopicName: !If [IsProd, !Sub 'topic-%d', !Ref AWS::NoValue]\n", i, i-1, i)
		}
		fmt.Fprintf(&b, "      Tags:\n        - Key: Name\n          Value: !Sub '${AWS::StackName}-%d'\n        - Key: Owner\n          Value: platform-team\n        - Key: CostCenter\n          Value: '%05d'\n", i, i)
		b.WriteString("    Metadata:\n      Comment: >-\n        A generated resource with a long folded description that makes the\n        template about as large as the big real ones, for benchmarks only.\n      Owner: somebody@example.com\n      Review: pending\n      Notes:\n        - one note that is moderately long to fill space in the document\n        - another note that is moderately long to fill space in the document\n        - a third note that is moderately long to fill space in the document\n" +
			"        - a fourth note that is moderately long to fill space in the document\n" +
			"        - a fifth note that is moderately long to fill space in the document\n" +
			"        - a sixth note that is moderately long to fill space in the document\n" +
			"        - a seventh note that is moderately long to fill space in the document\n" +
			"        - an eighth note that is moderately long to fill space in the document\n" +
			"        - a ninth note that is moderately long to fill space in the document\n")
	}
	b.WriteString("Outputs:\n  Name:\n    Value: !Ref Env\n")
	return b.String()
}

type benchCase struct {
	name, at, insert string
	// stale: the template passed is the parse of the text before the edit
	stale bool
}

// p99 runs f b.N times and reports the 99th percentile latency, and the process
// CPU time per call (a steadier measure on a loaded machine).

// cursorAfter returns the text with insert placed after the last occurrence of at.
func cursorAfter(text, at, insert string) (string, template.Pos) {
	i := strings.LastIndex(text, at) + len(at)
	out := text[:i] + insert + text[i:]
	return out, template.NewLines(out).PosOf(i + len(insert))
}

func benchComplete(b *testing.B, json bool, c benchCase) {
	text := bigYAML(1500)
	if json {
		text = toJSON(b, text)
	}
	old := template.Parse("file:///big", text)
	edited, pos := cursorAfter(text, c.at, c.insert)
	tmpl := old
	if !c.stale {
		tmpl = template.Parse("file:///big", edited)
	}
	spec := schema.Default()
	req := Request{URI: "file:///big", Text: edited, Pos: pos, Template: tmpl, Spec: spec, Snippets: true}
	if n := len(Complete(req).Items); n == 0 {
		b.Fatalf("%s: no items", c.name)
	}
	b.SetBytes(int64(len(edited)))
	benchgen.Latency(b, func() { Complete(req) })
}

var yamlCases = []benchCase{
	{"PropertyKey", "          Value: platform-team\n", "      Ver", false},
	{"PropertyKeyAfterEdit", "          Value: platform-team\n", "      Ver", true},
	{"Ref", "      BucketName: !Sub '${Env}-bucket-1497-${AWS::Region}'\n", "      AccessControl: !Ref ", true},
	{"GetAttDot", "      BucketName: !Sub '${Env}-bucket-1497-${AWS::Region}'\n", "      AccessControl: !GetAtt Queue1498.", true},
	{"Enum", "        Status: ", "", false},
	{"Type", "  Topic1499:\n    Type: ", "AWS::S3::", true},
}

// TestBigTemplateSize keeps the benchmark template near 2 MB with 1,500 resources.
func TestBigTemplateSize(t *testing.T) {
	text := bigYAML(1500)
	if n := len(text); n < 1900000 || n > 2300000 {
		t.Fatalf("benchmark template is %d bytes, want about 2 MB", n)
	}
	if tm := template.Parse("big.yaml", text); tm.Err != nil || len(tm.Resources) != 1500 {
		t.Fatalf("benchmark template: err %v, %d resources", tm.Err, len(tm.Resources))
	}
}

func BenchmarkCompleteYAML(b *testing.B) {
	for _, c := range yamlCases {
		b.Run(c.name, func(b *testing.B) { benchComplete(b, false, c) })
	}
}

var jsonCases = []benchCase{
	{"PropertyKey", `"Tags": [`, `{"Key": "a", "Value": "b"}], "Ver`, true},
	{"Ref", `"TopicName": `, `{"Ref": "`, true},
	{"Enum", `"Status": `, ``, false},
}

func BenchmarkCompleteJSON(b *testing.B) {
	for _, c := range jsonCases {
		b.Run(c.name, func(b *testing.B) { benchComplete(b, true, c) })
	}
}

// toJSON converts the generated YAML to indented JSON through the template model.
func toJSON(tb testing.TB, yaml string) string {
	t := template.Parse("x.yaml", yaml)
	if t.Err != nil {
		tb.Fatal(t.Err)
	}
	var b strings.Builder
	writeJSON(&b, t.Root, "")
	return b.String()
}

func writeJSON(b *strings.Builder, n *template.Node, ind string) {
	switch n.Kind {
	case template.Mapping:
		b.WriteString("{")
		for i, p := range n.Pairs {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(b, "\n%s  %q: ", ind, p.Key.Value)
			writeJSON(b, p.Value, ind+"  ")
		}
		b.WriteString("\n" + ind + "}")
	case template.Sequence:
		b.WriteString("[")
		for i, it := range n.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			writeJSON(b, it, ind+"  ")
		}
		b.WriteString("]")
	case template.Intrinsic:
		arg := n.Arg
		if n.Fn == "Fn::GetAtt" && arg.Kind == template.Scalar {
			res, att, _ := strings.Cut(arg.Value, ".")
			fmt.Fprintf(b, "{%q: [%q, %q]}", n.Fn, res, att)
			return
		}
		fmt.Fprintf(b, "{%q: ", n.Fn)
		writeJSON(b, arg, ind)
		b.WriteString("}")
	case template.Scalar:
		if n.Type != template.Str {
			b.WriteString(n.Value)
			return
		}
		fmt.Fprintf(b, "%q", n.Value)
	default:
		b.WriteString("null")
	}
}
