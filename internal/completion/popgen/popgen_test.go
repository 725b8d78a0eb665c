package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestGenerated keeps internal/completion/popularity.go current with the
// corpus it was counted from, where that corpus is present (../shared/corpus
// beside the repository).
func TestGenerated(t *testing.T) {
	corpus := filepath.Join("..", "..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("no corpus at %s", corpus)
	}
	got, err := generate(corpus)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "popularity.go"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Error("internal/completion/popularity.go is stale: run make popularity")
	}
}
