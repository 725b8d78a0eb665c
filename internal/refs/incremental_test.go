package refs

import (
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// TestIncrementalMatchesBuild holds the index a re-parsed version builds from
// its previous version's (see unit) to the one a fresh walk of it builds,
// after each of a sequence of random edits: characters typed, deleted and
// pasted, names renamed (the declared names change, and reuse must stop),
// in YAML and JSON, on the benchmark templates and the repository's test
// templates.
func TestIncrementalMatchesBuild(t *testing.T) {
	docs := map[string]string{"bench.yaml": benchgen.YAML(30), "bench.json": benchgen.JSON(30)}
	files, _ := filepath.Glob("../../testdata/*/*.yaml")
	more, _ := filepath.Glob("../../testdata/*/*.json")
	files = append(files, more...)
	rng := rand.New(rand.NewSource(1))
	rng.Shuffle(len(files), func(i, j int) { files[i], files[j] = files[j], files[i] })
	for _, f := range files[:min(len(files), 50)] {
		if b, err := os.ReadFile(f); err == nil && len(b) < 20000 {
			docs[f] = string(b)
		}
	}
	edits := 25
	if testing.Short() {
		edits = 10
	}
	reused, walked := 0, 0
	for name, src := range docs {
		tm := template.Parse(name, src)
		Of(tm)
		text := src
		for i := 0; i < edits; i++ {
			text = randomEdit(rng, text)
			next := template.Reparse(tm, text)
			got := Of(next)
			want := build(next, false)
			if !reflect.DeepEqual(got.Refs, want.Refs) || !reflect.DeepEqual(got.Decls, want.Decls) ||
				!reflect.DeepEqual(got.Loops, want.Loops) || !reflect.DeepEqual(got.byName, want.byName) {
				t.Fatalf("%s, edit %d: the incremental index differs from a fresh build (%d/%d refs)\n%s", name, i, len(got.Refs), len(want.Refs), text)
			}
			reused += got.reused
			walked += len(got.units) - got.reused
			tm = next
		}
	}
	t.Logf("%d documents; %d entries' references reused, %d walked", len(docs), reused, walked)
	if reused == 0 {
		t.Error("no entry's references were reused")
	}
}

// randomEdit changes text at a random place the way typing does.
func randomEdit(rng *rand.Rand, text string) string {
	if len(text) == 0 {
		return "x"
	}
	at := rng.Intn(len(text))
	switch rng.Intn(7) {
	case 0: // delete a few bytes
		end := min(len(text), at+1+rng.Intn(3))
		return text[:at] + text[end:]
	case 1: // a new line
		return text[:at] + "\n" + text[at:]
	case 2: // rename a name used elsewhere: a declared name may change
		for _, w := range []string{"Bucket", "Queue", "Env", "Role", "IsProd"} {
			if i := strings.Index(text[at:], w); i >= 0 {
				return text[:at+i] + w + "X" + text[at+i+len(w):]
			}
		}
		return text
	case 3: // paste a reference
		return text[:at] + "!Ref Env" + text[at:]
	default: // type a character
		return text[:at] + string("xa1 :${}"[rng.Intn(8)]) + text[at:]
	}
}
