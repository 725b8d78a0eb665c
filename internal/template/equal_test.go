package template

import "testing"

func TestEqual(t *testing.T) {
	doc := Parse("t.yaml", `A: [1, "1", true, "true", x, !Ref R, {Ref: R}, {a: 1, b: 2}, {b: 2, a: 1}, [1, 2], !Sub "${X}", null, ~]`)
	it := doc.Root.Get("A").Items
	same := [][2]int{{5, 6}, {11, 12}}
	for i := range it {
		for j := range it {
			want := i == j
			for _, s := range same {
				want = want || (s[0] == i && s[1] == j) || (s[1] == i && s[0] == j)
			}
			if got := Equal(it[i], it[j]); got != want {
				t.Errorf("Equal(item %d, item %d) = %v, want %v", i, j, got, want)
			}
		}
	}
	if !Equal(nil, nil) || Equal(it[0], nil) {
		t.Error("nil handling")
	}
}
