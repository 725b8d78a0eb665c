//go:build unix

package fileio

import (
	"os"
	"syscall"
)

// openFile opens path for reading without blocking when it is a FIFO.
func openFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
