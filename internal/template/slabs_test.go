package template

import (
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
)

// waitPrepared waits until no goroutine is preparing slabs.
func waitPrepared(t *testing.T) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); preparing.Load(); {
		if time.Now().After(deadline) {
			t.Fatal("slabs still being prepared after 10 s")
		}
		time.Sleep(time.Millisecond)
	}
}

func drainPrepared() {
	for {
		select {
		case <-prepared:
		default:
			return
		}
	}
}

// A large parse takes the slabs prepared for it and builds the same tree as
// yaml.v3; a small text prepares nothing.
func TestPreparedSlabs(t *testing.T) {
	waitPrepared(t)
	drainPrepared()
	Prepare(prepareMin - 1)
	waitPrepared(t)
	if n := len(prepared); n != 0 {
		t.Fatalf("a text under %d bytes prepared %d slabs", prepareMin, n)
	}

	src := benchgen.YAML(500)
	Prepare(len(src))
	waitPrepared(t)
	want := (len(src)/bytesPerNode + slabNodes - 1) / slabNodes
	if n := len(prepared); n != want {
		t.Fatalf("prepared %d slabs for %d bytes, want %d", n, len(src), want)
	}
	Prepare(len(src)) // enough are ready: adds nothing
	waitPrepared(t)
	if n := len(prepared); n != want {
		t.Fatalf("a second Prepare left %d slabs, want %d", n, want)
	}
	if !compareFast(t, "yaml 500", src, YAML) {
		t.Fatal("fast path declined the 500-resource template")
	}
	waitPrepared(t) // the parse's own Prepare
	if n := len(prepared); n >= want {
		t.Errorf("the parse took no prepared slab (%d left of %d)", n, want)
	}
	drainPrepared()
}
