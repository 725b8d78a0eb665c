package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/cfn-lsp/cfn-lsp/internal/convert"
	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
)

// maxFlipInput bounds what flip reads from a file or standard input.
const maxFlipInput = 64 << 20

// newFlipCmd is `cfn-lsp flip`: it converts a template between JSON and YAML
// (the direction follows the input unless forced), writing standard output
// unless -o is given. TEMPLATE "-" reads standard input. Comments the output
// cannot hold are listed on standard error.
func newFlipCmd(a *app) *cobra.Command {
	var (
		out            string
		clean          bool
		toJSON, toYAML bool
	)
	cmd := &cobra.Command{
		Use:   "flip [-o FILE] [--clean] [--json|--yaml] TEMPLATE",
		Short: "Convert a template between JSON and YAML",
		Long:  "Converts JSON to YAML and YAML to JSON, keeping key order and short forms. TEMPLATE - reads standard input.",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var src []byte
			var err error
			name := args[0]
			if name == "-" {
				src, err = fileio.ReadAll(a.stdin, "standard input", maxFlipInput)
				name = "standard input"
			} else {
				src, err = fileio.ReadFile(name, maxFlipInput)
			}
			if err != nil {
				return a.fail(cmd, err)
			}
			conv := convert.Flip
			switch {
			case toJSON:
				conv = convert.ToJSON
			case toYAML:
				conv = convert.ToYAML
			}
			res, err := conv(string(src), convert.Options{Clean: clean})
			if err != nil {
				return a.fail(cmd, fmt.Errorf("%s: %w", name, err))
			}
			if len(res.Lost) > 0 {
				fmt.Fprintf(a.stderr, "cfn-lsp flip: warning: %s cannot hold %d comment(s) of %s; they are not in the output:\n",
					res.Format, len(res.Lost), name)
				for _, c := range res.Lost {
					if c.Line > 0 {
						fmt.Fprintf(a.stderr, "  line %d: %s\n", c.Line, c.Text)
					} else {
						fmt.Fprintf(a.stderr, "  %s\n", c.Text)
					}
				}
			}
			if out == "" {
				_, err = a.stdout.Write([]byte(res.Text))
			} else {
				err = os.WriteFile(out, []byte(res.Text), 0o644)
			}
			if err != nil {
				return a.fail(cmd, err)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&out, "output", "o", "", "write the result to `FILE` instead of standard output")
	fl.BoolVar(&clean, "clean", false, "also rewrite Fn::Join of strings and references as Fn::Sub")
	fl.BoolVar(&toJSON, "json", false, "convert to JSON whatever the input format")
	fl.BoolVar(&toYAML, "yaml", false, "convert to YAML whatever the input format")
	cmd.MarkFlagsMutuallyExclusive("json", "yaml")
	cmd.ValidArgsFunction = templateArgs
	return cmd
}
