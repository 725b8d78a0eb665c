// Package fileio is the one way cfn-lsp reads a file it did not open itself: a
// template next to the one being edited, a nested stack's child, a rules
// directory, a spec file, a parameters file, a path given on the command line.
//
// Such a path may name anything: a FIFO (opening it blocks until a writer
// comes), a device (/dev/zero never ends), a symlink to either, a directory or a
// file of gigabytes. ReadFile follows symlinks, requires a regular file, never
// blocks on open and never reads more than the limit it is given.
package fileio

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Errors of ReadFile, to test with errors.Is. The returned errors wrap them with
// the path.
var (
	// ErrNotRegular: the path (after symlinks) is a directory, FIFO, device or socket.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge: the file holds more bytes than the limit.
	ErrTooLarge = errors.New("file too large")
)

// Regular reports whether path names a regular file (after symlinks), and its
// size. It does not open the file.
func Regular(path string) (size int64, ok bool) {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return 0, false
	}
	return fi.Size(), true
}

// ReadFile reads the regular file at path, which may hold at most limit bytes.
// It fails with ErrNotRegular for anything else, without opening it, and with
// ErrTooLarge for a larger file (or one that grew past the limit while read).
func ReadFile(path string, limit int64) ([]byte, error) {
	f, size, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if size > limit {
		return nil, tooLarge(path, limit)
	}
	return ReadAll(f, path, limit)
}

// Open opens the regular file at path for reading, for a reader that needs more
// than its bytes in order (a zip's directory), and returns its size. It fails
// with ErrNotRegular for anything else, without blocking.
func Open(path string) (*os.File, int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, 0, err
	}
	if !fi.Mode().IsRegular() {
		return nil, 0, notRegular(path, fi.Mode())
	}
	// The path may have been swapped for a FIFO between Stat and open: openFile
	// never blocks, and the opened file is checked again.
	f, err := openFile(path)
	if err != nil {
		return nil, 0, err
	}
	if fi, err = f.Stat(); err != nil {
		f.Close()
		return nil, 0, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, 0, notRegular(path, fi.Mode())
	}
	return f, fi.Size(), nil
}

// ReadAll reads r to its end, failing with ErrTooLarge past limit bytes; name
// labels the error. It is for streams that are not files (standard input, an
// HTTP body, a zip member).
func ReadAll(r io.Reader, name string, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(name, limit)
	}
	return data, nil
}

func notRegular(path string, m fs.FileMode) error {
	return &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%w (%s)", ErrNotRegular, kind(m))}
}

func tooLarge(path string, limit int64) error {
	return &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%w (more than %d bytes)", ErrTooLarge, limit)}
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}
