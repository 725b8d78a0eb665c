//go:build unix

package fileio

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A FIFO must be refused at once: opening one for reading blocks until a writer
// comes, which would hang the caller forever.
func TestReadFileFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	done := make(chan error, 1)
	go func() { _, err := ReadFile(fifo, 100); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotRegular) {
			t.Fatalf("ReadFile(FIFO) error = %v; want ErrNotRegular", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ReadFile(FIFO) blocked")
	}
	if f, _, err := Open(fifo); !errors.Is(err, ErrNotRegular) {
		if f != nil {
			f.Close()
		}
		t.Fatalf("Open(FIFO) error = %v; want ErrNotRegular", err)
	}
	if _, ok := Regular(fifo); ok {
		t.Error("Regular(FIFO) = true")
	}
}
