package template

import (
	"testing"
)

// FuzzParse checks that any input parses without panicking and that every node's
// range lies inside the document and is ordered.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '${AWS::StackName}-x'\n",
		"{\"Resources\": {\"A\": {\"Type\": \"AWS::SNS::Topic\", \"Properties\": {\"TopicName\": {\"Fn::Join\": [\"\", [\"a\"]]}}}}}",
		"AWSTemplateFormatVersion: x\nResources:\n  A: [\n",
		"a: !GetAtt [X, Y]\nb: |\n  block é😀\nc: &x {k: v}\nd: *x\n",
		"- !If [C, !Ref A, !Ref AWS::NoValue]\n",
		"\t{\"a\": 1,}",
		"a:\n  - x\n  y: 2\n",
		"key: \"unterminated\n",
		jsonQuirks,
		"Resources:\n  A:\n    Type: AWS::S3::Bucket\n---\nResources: {}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		tp := Parse("fuzz.yaml", src)
		if tp.Err != nil {
			checkRange(t, tp, tp.Err.Range)
		}
		Walk(tp.Root, func(n *Node) bool {
			checkRange(t, tp, n.Range)
			return true
		})
		tp.IsTemplate()
		if tp.Root != nil {
			end := tp.Range().End
			tp.PathAt(Pos{end.Line / 2, 3})
		}
	})
}

func checkRange(t *testing.T, tp *Template, r Range) {
	t.Helper()
	if r.End.Less(r.Start) {
		t.Fatalf("range end before start: %+v", r)
	}
	if r.Start.Line < 0 || r.End.Line >= tp.Lines.Count()+1 {
		t.Fatalf("range outside the document: %+v (%d lines)", r, tp.Lines.Count())
	}
	s, e := tp.Lines.Offset(r.Start), tp.Lines.Offset(r.End)
	if s > e || e > len(tp.Text) {
		t.Fatalf("offsets %d..%d outside text of %d bytes", s, e, len(tp.Text))
	}
}
