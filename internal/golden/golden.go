// Package golden compares test output with golden files. Run a package's tests
// with -update to rewrite its golden files from the current output.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Updating reports whether the tests run with -update.
func Updating() bool { return *update }

// Check compares got with the content of the golden file at path, or rewrites
// the file with -update.
func Check(t testing.TB, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s:\n--- got\n%s--- want\n%s", path, got, want)
	}
}

// Run calls render, in a subtest, for each file matching pattern (not the
// .golden files themselves) and checks what it returns against the file's
// golden file (the file's name with .golden appended). It fails when no file
// matches.
func Run(t *testing.T, pattern string, render func(t *testing.T, path, src string) string) {
	t.Helper()
	Each(t, pattern, func(t *testing.T, path, src string) {
		Check(t, path+".golden", render(t, path, src))
	})
}

// Each calls test, in a subtest, with each file matching pattern (not the
// .golden files themselves) and its text, for golden tests that judge some
// files otherwise; it fails when no file matches and returns how many did.
func Each(t *testing.T, pattern string, test func(t *testing.T, path, src string)) int {
	t.Helper()
	files, _ := filepath.Glob(pattern)
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".golden") {
			continue
		}
		n++
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			test(t, f, string(src))
		})
	}
	if n == 0 {
		t.Fatalf("no files match %s", pattern)
	}
	return n
}
