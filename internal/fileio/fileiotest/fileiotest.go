// Package fileiotest makes, for tests, the files a reader must refuse without
// hanging or filling memory (a FIFO, a symlink to /dev/zero), and bounds how long
// refusing them may take.
package fileiotest

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Deadline is how long a test gives a reader to refuse a hostile file: far more
// than refusing takes, far less than a hang or a read of /dev/zero would.
const Deadline = 10 * time.Second

// DevZero makes dir/name a symlink to /dev/zero (a file that never ends) and
// returns its path; the test is skipped where there is no /dev/zero.
func DevZero(t testing.TB, dir, name string) string {
	t.Helper()
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skipf("no /dev/zero here: %v", err)
	}
	path := filepath.Join(dir, name)
	if err := os.Symlink("/dev/zero", path); err != nil {
		t.Skipf("cannot make a symlink: %v", err)
	}
	return path
}

// FIFO makes dir/name a named pipe nobody writes to (opening it for reading
// blocks) and returns its path; the test is skipped where the OS has no FIFOs.
func FIFO(t testing.TB, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := mkfifo(path); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	return path
}

// Bounded runs f and fails the test when it has not returned within Deadline.
// A hung f is left behind: the test fails rather than hangs. f runs on a
// goroutine of its own, so it reports with t.Error, not t.Fatal.
func Bounded(t testing.TB, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(Deadline):
		t.Fatalf("%s did not finish within %v", what, Deadline)
	}
}
