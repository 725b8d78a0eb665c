package security

import (
	"slices"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

func applyFix(tp *template.Template, f diag.Fix) string {
	s, e := tp.Lines.Offset(f.Range.Start), tp.Lines.Offset(f.Range.End)
	return tp.Text[:s] + f.NewText + tp.Text[e:]
}

const bucketYAML = "Resources:\n  Site:\n    Type: AWS::S3::Bucket\n%s    Properties:\n      AccessControl: PublicRead\n  Other:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: PublicRead\n"

func TestSuppressionEdit(t *testing.T) {
	cases := []struct{ name, text string }{
		{"yaml no metadata", strings.Replace(bucketYAML, "%s", "", 1)},
		{"yaml metadata", strings.Replace(bucketYAML, "%s", "    Metadata:\n      Owner: web\n", 1)},
		{"yaml cfn_nag", strings.Replace(bucketYAML, "%s", "    Metadata:\n      cfn_nag:\n        other: 1\n", 1)},
		{"yaml list", strings.Replace(bucketYAML, "%s", "    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - id: W35\n            reason: logs elsewhere\n", 1)},
		{"yaml list unindented dash", strings.Replace(bucketYAML, "%s", "    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n        - id: W35\n", 1)},
		{"yaml flow list", strings.Replace(bucketYAML, "%s", "    Metadata:\n      cfn_nag:\n        rules_to_suppress: [{id: W35}]\n", 1)},
		{"yaml last resource", "Resources:\n  Other:\n    Type: AWS::S3::Bucket\n  Site:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: PublicRead"},
		{"yaml four spaces", "Resources:\n    Site:\n        Type: AWS::S3::Bucket\n        Properties:\n            AccessControl: PublicRead\n"},
		{"json no metadata", `{"Resources": {
  "Site": {
    "Type": "AWS::S3::Bucket",
    "Properties": {"AccessControl": "PublicRead"}
  }
}}`},
		{"json metadata", `{"Resources": {
  "Site": {
    "Type": "AWS::S3::Bucket",
    "Metadata": {"Owner": "web"},
    "Properties": {"AccessControl": "PublicRead"}
  }
}}`},
		{"json list", `{"Resources": {
  "Site": {
    "Type": "AWS::S3::Bucket",
    "Metadata": {"cfn_nag": {"rules_to_suppress": [
      {"id": "W35", "reason": "logs elsewhere"}
    ]}},
    "Properties": {"AccessControl": "PublicRead"}
  }
}}`},
		{"json empty list", `{"Resources": {"Site": {"Type": "AWS::S3::Bucket", "Metadata": {"cfn_nag": {"rules_to_suppress": []}}, "Properties": {"AccessControl": "PublicRead"}}}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			uri := "t.yaml"
			if strings.HasPrefix(c.name, "json") {
				uri = "t.json"
			}
			tp := template.Parse(uri, c.text)
			if tp.Err != nil {
				t.Fatal(tp.Err)
			}
			before := Check(tp, Options{})
			fix, ok := SuppressionEdit(tp, "Site", "W31")
			if !ok {
				t.Fatal("no edit")
			}
			if !strings.Contains(fix.Title, "W31") || !strings.Contains(fix.NewText, ReasonPlaceholder) {
				t.Errorf("fix %+v lacks the rule or the reason placeholder", fix)
			}
			text := applyFix(tp, fix)
			after := template.Parse(uri, text)
			if after.Err != nil || len(after.Duplicates) > 0 {
				t.Fatalf("edited text does not parse (%v):\n%s", after.Err, text)
			}
			got := Check(after, Options{})
			for _, d := range got {
				if d.Code == "W31" && d.Resource == "Site" {
					t.Fatalf("W31 still reported on Site after the edit:\n%s", text)
				}
			}
			if len(got) != len(before)-1 {
				t.Errorf("edit changed other findings: %d before, %d after:\n%s", len(before), len(got), text)
			}
			if _, ok := SuppressionEdit(after, "Site", "W31"); ok {
				t.Error("a second edit was offered for a suppressed rule")
			}
		})
	}
}

func TestSuppressionEditText(t *testing.T) {
	tp := template.Parse("t.yaml", strings.Replace(bucketYAML, "%s", "", 1))
	fix, _ := SuppressionEdit(tp, "Site", "W31")
	want := "Resources:\n  Site:\n    Type: AWS::S3::Bucket\n    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - id: W31\n            reason: \"" + ReasonPlaceholder + "\"\n    Properties:\n"
	if got := applyFix(tp, fix); !strings.HasPrefix(got, want) {
		t.Errorf("got:\n%s\nwant prefix:\n%s", got, want)
	}
	for _, c := range []struct{ resource, rule string }{{"Missing", "W31"}} {
		if _, ok := SuppressionEdit(tp, c.resource, c.rule); ok {
			t.Errorf("edit offered for unknown resource %s", c.resource)
		}
	}
	if got := codesOf(Check(tp, Options{})); !slices.Contains(got, "W31") {
		t.Fatalf("setup: W31 not reported: %v", got)
	}
}
