//go:build !unix

package fileio

import "os"

func openFile(path string) (*os.File, error) { return os.Open(path) }
