package suggest

import "testing"

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
