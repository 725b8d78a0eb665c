//go:build !linux

package main

import "os"

// growPipes enlarges pipe buffers where the system allows it (Linux only).
func growPipes(...*os.File) {}
