package main

import (
	"context"
	"flag"
	"io"
	"log"
	"os"
	"runtime/pprof"
	"time"

	"github.com/cfn-lsp/cfn-lsp/server"
)

func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Bool("stdio", true, "serve over stdin/stdout (the only transport; accepted for editor clients)")
	spec := fs.String("spec", "", "resource specification to load (registry schema dir or zip, or classic spec JSON)")
	debounce := fs.Duration("debounce", 200*time.Millisecond, "delay between a change and its analysis")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if path := os.Getenv("CFN_LSP_CPUPROFILE"); path != "" {
		// A developer aid: profile a whole session (go tool pprof).
		if f, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(f)
			defer func() { pprof.StopCPUProfile(); f.Close() }()
		}
	}
	logger := log.New(stderr, "cfn-lsp: ", log.LstdFlags|log.Lmicroseconds)
	if f, ok := stdin.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			logger.Print("serving the Language Server Protocol on stdin/stdout for an editor; run 'cfn-lsp help' for the commands")
		}
	}
	if in, ok := stdin.(*os.File); ok {
		if out, ok := stdout.(*os.File); ok {
			growPipes(in, out)
		}
	}
	s := server.New(server.Options{Logger: logger, SpecPath: *spec, Debounce: *debounce, Version: version})
	var closer io.Closer
	if c, ok := stdin.(io.Closer); ok && stdin != os.Stdin {
		closer = c
	}
	if err := s.Serve(context.Background(), stdin, stdout, closer); err != nil && err != io.EOF {
		logger.Printf("connection ended: %v", err)
	}
	return s.ExitCode()
}
