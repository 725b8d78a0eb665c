package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/cfn-lsp/cfn-lsp/schema"
)

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	specPath := fs.String("spec", "", "resource specification to report on instead of the default choice")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	fmt.Fprintf(stdout, "cfn-lsp %s\n", version)
	sp, err := schema.Resolve(*specPath)
	if err != nil {
		fmt.Fprintf(stderr, "cfn-lsp: loading spec: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "spec: %s (%d resource types)\n", sp.Source(), sp.Len())
	return exitOK
}
