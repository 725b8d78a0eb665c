package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os/signal"
	"syscall"

	"github.com/cfn-lsp/cfn-lsp/schema"
)

func runSpec(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "update" {
		fmt.Fprintln(stderr, "usage: cfn-lsp spec update [--region R] [--url BASE] [--cache DIR]")
		return exitUsage
	}
	fs := flag.NewFlagSet("spec update", flag.ContinueOnError)
	fs.SetOutput(stderr)
	region := fs.String("region", "us-east-1", "AWS region whose resource schemas to download")
	base := fs.String("url", "", "download from this base URL instead of AWS (mirrors, tests)")
	cache := fs.String("cache", "", "cache directory (default: the user cache directory's cfn-lsp folder)")
	if err := fs.Parse(args[1:]); err != nil {
		return exitUsage
	}
	dir := *cache
	if dir == "" {
		d, err := schema.CacheDir()
		if err != nil {
			fmt.Fprintf(stderr, "cfn-lsp: %v\n", err)
			return exitUsage
		}
		dir = d
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	path, err := schema.Update(ctx, *region, *base, dir)
	if err != nil {
		fmt.Fprintf(stderr, "cfn-lsp: spec update: %v\n", err)
		return exitFindings
	}
	sp, err := schema.Load(path)
	if err != nil {
		fmt.Fprintf(stderr, "cfn-lsp: the downloaded spec does not load: %v\n", err)
		return exitFindings
	}
	fmt.Fprintf(stdout, "saved %s (%d resource types); cfn-lsp now uses it by default\n", path, sp.Len())
	return exitOK
}
