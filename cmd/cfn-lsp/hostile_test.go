package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/fileio/fileiotest"
)

// Paths named on the command line, and files a directory walk finds, may be a
// FIFO or a device: each is refused or skipped at once.
func TestCheckHostileFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := fileiotest.FIFO(t, dir, "pipe.yaml")
	zero := fileiotest.DevZero(t, dir, "zero.yaml")
	if err := os.WriteFile(filepath.Join(dir, "clean.yaml"), []byte("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"check", "/dev/zero"}, {"check", fifo}, {"check", zero}, {"flip", fifo}, {"flip", "/dev/zero"}} {
		fileiotest.Bounded(t, strings.Join(args, " "), func() {
			if stdout, stderr, code := cli(t, args...); code == exitOK || !strings.Contains(stdout+stderr, "not a regular file") {
				t.Errorf("%s: exit %d, stdout %q, stderr %q; want a failure naming a file that is not regular", args, code, stdout, stderr)
			}
		})
	}
	fileiotest.Bounded(t, "check DIR", func() {
		if out, stderr, code := cli(t, "check", "--no-security", dir); code != exitOK || !strings.Contains(out, "1 template checked") {
			t.Errorf("directory holding a FIFO and a /dev/zero symlink: exit %d\n%s%s", code, out, stderr)
		}
	})
}
