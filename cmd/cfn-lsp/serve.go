package main

import (
	"context"
	"io"
	"log"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cfn-lsp/cfn-lsp/server"
)

// serveOptions are the flags of `serve`, which `cfn-lsp` alone also takes.
type serveOptions struct {
	spec     string
	registry []string
	debounce time.Duration
}

func (o *serveOptions) register(fs *pflag.FlagSet) {
	fs.Bool("stdio", true, "serve over stdin/stdout (the only transport; accepted for editor clients)")
	fs.StringVar(&o.spec, "spec", "", "resource specification to load (registry schema dir or zip, or classic spec JSON)")
	fs.StringArrayVar(&o.registry, "registry-schemas", nil, "directory, zip or file of registry schemas for private and third-party types, added to the spec (repeatable)")
	fs.DurationVar(&o.debounce, "debounce", 200*time.Millisecond, "delay between a change and its analysis")
}

func newServeCmd(a *app) *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:   "serve [--stdio]",
		Short: "Serve the Language Server Protocol on stdin/stdout (the default)",
		Args:  cobra.NoArgs,
		RunE:  func(*cobra.Command, []string) error { return a.serve(o) },
	}
	o.register(cmd.Flags())
	return cmd
}

func (a *app) serve(o serveOptions) error {
	logger := log.New(a.stderr, "cfn-lsp: ", log.LstdFlags|log.Lmicroseconds)
	if f, ok := a.stdin.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			logger.Print("serving the Language Server Protocol on stdin/stdout for an editor; run 'cfn-lsp --help' for the commands")
		}
	}
	if in, ok := a.stdin.(*os.File); ok {
		if out, ok := a.stdout.(*os.File); ok {
			growPipes(in, out)
		}
	}
	s := server.New(server.Options{Logger: logger, SpecPath: o.spec, RegistrySchemas: o.registry, Debounce: o.debounce, Version: buildVersion()})
	var closer io.Closer
	if c, ok := a.stdin.(io.Closer); ok && a.stdin != os.Stdin {
		closer = c
	}
	if err := s.Serve(context.Background(), a.stdin, a.stdout, closer); err != nil && err != io.EOF {
		logger.Printf("connection ended: %v", err)
	}
	if code := s.ExitCode(); code != 0 {
		return exitStatus(code)
	}
	return nil
}
