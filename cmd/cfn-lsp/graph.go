package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cfn-lsp/cfn-lsp/internal/graph"
	"github.com/cfn-lsp/cfn-lsp/internal/workspace"
)

// graphFormats are graph's output formats.
var graphFormats = graph.Formats

func newGraphCmd(a *app) *cobra.Command {
	var format, renderer, output string
	cmd := &cobra.Command{
		Use:   "graph TEMPLATE|DIR [--format dot|mermaid|svg|json]",
		Short: "Draw a template's resources and references, or a directory's stacks",
		Long: `Draws a template: its resources as nodes grouped by service and coloured by
kind, edges for Ref (plain), Fn::GetAtt (bold), Fn::Sub (dashed) and DependsOn
(dotted), the conditions on the entries they guard, parameters above and
outputs below. For a directory, its templates as stacks, joined by the exports
they import and the templates they nest.

SVG is rendered by Graphviz built into cfn-lsp (--renderer go, the default), or
by an installed Graphviz's dot (--renderer dot).`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: templateArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(graphFormats, format) {
				return a.fail(cmd, fmt.Errorf("unknown format %q (%s)", format, strings.Join(graphFormats, ", ")))
			}
			g, err := graphOf(args[0])
			if err != nil {
				return a.fail(cmd, err)
			}
			var out bytes.Buffer
			err = g.Write(cmd.Context(), &out, format, renderer)
			if err != nil {
				return a.fail(cmd, err)
			}
			if output != "" {
				return a.report(cmd, os.WriteFile(output, out.Bytes(), 0o644))
			}
			_, err = a.stdout.Write(out.Bytes())
			return a.report(cmd, err)
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "dot", "output format: "+strings.Join(graphFormats, ", "))
	cmd.Flags().StringVar(&renderer, "renderer", graph.RendererGo, "what renders SVG: go (built in) or dot (Graphviz, when installed)")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of standard output")
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(graphFormats, cobra.ShellCompDirectiveNoFileComp))
	cmd.RegisterFlagCompletionFunc("renderer", cobra.FixedCompletions([]string{graph.RendererGo, graph.RendererDot}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// graphOf draws a template, or the stacks of a directory.
func graphOf(path string) (*graph.Graph, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, err
		}
		ix := workspace.Build([]string{abs}, workspace.Options{})
		defer ix.Stop()
		if ix.Len() == 0 {
			return nil, fmt.Errorf("%s holds no template", path)
		}
		return graph.Stacks(ix, abs), nil
	}
	t, err := readTemplate(path)
	if err != nil {
		return nil, err
	}
	if !t.IsTemplate() {
		return nil, fmt.Errorf("%s is not a CloudFormation template", path)
	}
	return graph.Of(t), nil
}
