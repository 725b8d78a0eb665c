package completion

import (
	"sort"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// ordered returns the labels of a list in the order a client shows them:
// by sort text, then label.
func ordered(l List) []string {
	items := append([]Item(nil), l.Items...)
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].SortText != items[j].SortText {
			return items[i].SortText < items[j].SortText
		}
		return items[i].Label < items[j].Label
	})
	var out []string
	for _, it := range items {
		out = append(out, it.Label)
	}
	return out
}

// TestRanking: the items an author expects first. Exact and prefix matches
// lead, then the types and properties the corpus uses most (popularity.go),
// required properties before optional ones.
func TestRanking(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		first      []string
	}{
		{"a service's types, the most used first", "Resources:\n  B:\n    Type: AWS::S3::<cursor>\n",
			[]string{"AWS::S3::Bucket", "AWS::S3::BucketPolicy"}},
		{"an exact match first", "Resources:\n  B:\n    Type: AWS::SQS::Queue<cursor>\n",
			[]string{"AWS::SQS::Queue", "AWS::SQS::QueueInlinePolicy"}},
		{"EC2 types by use", "Resources:\n  B:\n    Type: AWS::EC2::<cursor>\n", byUse("AWS::EC2::", 4)},
		{"prefix matches before the rest", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Ver<cursor>\n",
			[]string{"VersioningConfiguration"}},
		{"required properties first, then the most used", "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      <cursor>\n",
			byUse("AWS::IAM::Role ", 3)}, // AssumeRolePolicyDocument, required, is also the most used
		{"a JSON key", "{\n  \"Resources\": {\n    \"B\": {\n      \"Type\": \"AWS::S3::Bucket\",\n      \"Properties\": {\n        \"Bucket<cursor>\"\n      }\n    }\n  }\n}\n",
			[]string{"BucketName", "BucketEncryption"}},
	} {
		text, pos := loadString(t, tc.text)
		got := ordered(Complete(Request{URI: "file:///t", Text: text, Pos: pos, Template: template.Parse("file:///t", text),
			Spec: schema.Default(), Snippets: true}))
		if len(got) < len(tc.first) || strings.Join(got[:len(tc.first)], ",") != strings.Join(tc.first, ",") {
			t.Errorf("%s: got %v, want %v first", tc.name, got[:min(len(got), 8)], tc.first)
		}
	}
}

// byUse returns the n names of the popularity tables starting with prefix,
// the most used first (ties by name), without the resource type of a
// property key.
func byUse(prefix string, n int) []string {
	uses := typeUses
	if strings.Contains(prefix, " ") {
		uses = propertyUses
	}
	var names []string
	for k := range uses {
		if strings.HasPrefix(k, prefix) && !strings.Contains(strings.TrimPrefix(k, prefix), ".") {
			names = append(names, k)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		if uses[names[i]] != uses[names[j]] {
			return uses[names[i]] > uses[names[j]]
		}
		return names[i] < names[j]
	})
	for i, k := range names {
		if _, p, ok := strings.Cut(k, " "); ok {
			names[i] = p
		}
	}
	return names[:min(n, len(names))]
}

// TestRankTiers: the first character of a sort text says how the item matches
// the typed word, whatever the group behind it.
func TestRankTiers(t *testing.T) {
	items := []Item{{Label: "Bucket", SortText: "9"}, {Label: "BucketName", SortText: "0"}, {Label: "bucketx", SortText: "0"},
		{Label: "MyBucket", SortText: "0"}, {Label: "x", FilterText: `"Bucket"`, SortText: "5"}}
	rank(items, "Bucket")
	want := []string{"09", "10", "20", "30", "05"}
	for i, it := range items {
		if it.SortText != want[i] {
			t.Errorf("%s: sort text %q, want %q", it.Label, it.SortText, want[i])
		}
	}
	if items[0].FilterText != "Bucket" {
		t.Errorf("filter text not set: %+v", items[0])
	}
}
