package suggest

import (
	"strings"
	"testing"
)

func TestClosest(t *testing.T) {
	names := []string{"BucketName", "BucketEncryption", "Tags", "VersioningConfiguration"}
	for in, want := range map[string]string{
		"BucketNmae": "BucketName", "bucketname": "BucketName", "Tag": "Tags",
		"VersioningConfig": "", "Zzz": "", "VersoningConfiguration": "VersioningConfiguration",
	} {
		if got := Closest(in, names); got != want {
			t.Errorf("Closest(%q) = %q, want %q", in, got, want)
		}
	}
	if d := Distance("ab", "ba"); d != 1 {
		t.Errorf("transposition distance = %d", d)
	}
}

// Closest gives what the full distance table gives: the nearest candidate
// within the limit, the first in sort order among equals.
func TestClosestAgreesWithDistance(t *testing.T) {
	names := []string{"AWS::S3::Bucket", "AWS::S3::BucketPolicy", "AWS::SQS::Queue", "AWS::SNS::Topic", "AWS::SQS::QueuePolicy",
		"ab", "ba", "abc", "acb", "bca", "x", "Tags", "Tag", "TagS", "éa", "aé", "a"}
	inputs := []string{"AWS::S3::Bucke", "AWS::QS::Queue", "aws::sns::topik", "ab", "bac", "cab", "y", "xx", "Taggs", "ea", "é", "", "AWS::S3::BucketPolicyy"}
	for _, in := range inputs {
		want, wantD := "", -1
		for _, c := range names {
			if strings.EqualFold(c, in) {
				want, wantD = c, 0
				break
			}
			d := Distance(strings.ToLower(in), strings.ToLower(c))
			if wantD < 0 || d < wantD || (d == wantD && c < want) {
				want, wantD = c, d
			}
		}
		if wantD > min(max(len([]rune(in))/3, 1), 4) {
			want = ""
		}
		if got := Closest(in, names); got != want {
			t.Errorf("Closest(%q) = %q, want %q", in, got, want)
		}
	}
	for _, p := range [][2]string{{"kitten", "sitting"}, {"", "abc"}, {"abcdef", "badcfe"}, {"ca", "abc"}} {
		if d, want := Distance(p[0], p[1]), map[string]int{"kitten": 3, "": 3, "abcdef": 3, "ca": 3}[p[0]]; d != want {
			t.Errorf("Distance(%q, %q) = %d, want %d", p[0], p[1], d, want)
		}
	}
}
