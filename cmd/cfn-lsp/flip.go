package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/cfn-lsp/cfn-lsp/internal/convert"
	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// runFlip implements `cfn-lsp flip [-o FILE] [--clean] [--json|--yaml] TEMPLATE`:
// it converts a template between JSON and YAML (the direction follows the input
// unless forced), writing standard output unless -o is given. TEMPLATE "-" reads
// standard input. Comments the output cannot hold are listed on standard error.
func runFlip(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("flip", flag.ContinueOnError)
	fl.SetOutput(stderr)
	out := fl.String("o", "", "write the result to `FILE` instead of standard output")
	clean := fl.Bool("clean", false, "also rewrite Fn::Join of strings and references as Fn::Sub")
	toJSON := fl.Bool("json", false, "convert to JSON whatever the input format")
	toYAML := fl.Bool("yaml", false, "convert to YAML whatever the input format")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: cfn-lsp flip [-o FILE] [--clean] [--json|--yaml] TEMPLATE\n\nConverts JSON to YAML and YAML to JSON. TEMPLATE - reads standard input.")
		fl.PrintDefaults()
	}
	// Flags may come before or after the template.
	var files []string
	for {
		if err := fl.Parse(args); err != nil {
			return exitUsage
		}
		if fl.NArg() == 0 {
			break
		}
		files = append(files, fl.Arg(0))
		args = fl.Args()[1:]
	}
	if len(files) != 1 || (*toJSON && *toYAML) {
		fl.Usage()
		return exitUsage
	}
	var src []byte
	var err error
	name := files[0]
	if name == "-" {
		src, err = fileio.ReadAll(stdin, "standard input", template.MaxSize)
		name = "standard input"
	} else {
		src, err = fileio.ReadFile(name, template.MaxSize)
	}
	if err != nil {
		fmt.Fprintf(stderr, "cfn-lsp flip: %v\n", err)
		return exitUsage
	}
	opts := convert.Options{Clean: *clean}
	conv := convert.Flip
	switch {
	case *toJSON:
		conv = convert.ToJSON
	case *toYAML:
		conv = convert.ToYAML
	}
	res, err := conv(string(src), opts)
	if err != nil {
		fmt.Fprintf(stderr, "cfn-lsp flip: %s: %v\n", name, err)
		return exitFindings
	}
	if len(res.Lost) > 0 {
		fmt.Fprintf(stderr, "cfn-lsp flip: warning: %s cannot hold %d comment(s) of %s; they are not in the output:\n",
			res.Format, len(res.Lost), name)
		for _, c := range res.Lost {
			if c.Line > 0 {
				fmt.Fprintf(stderr, "  line %d: %s\n", c.Line, c.Text)
			} else {
				fmt.Fprintf(stderr, "  %s\n", c.Text)
			}
		}
	}
	if *out == "" {
		if _, err := io.WriteString(stdout, res.Text); err != nil {
			fmt.Fprintf(stderr, "cfn-lsp flip: %v\n", err)
			return exitUsage
		}
		return exitOK
	}
	if err := os.WriteFile(*out, []byte(res.Text), 0o644); err != nil {
		fmt.Fprintf(stderr, "cfn-lsp flip: %v\n", err)
		return exitUsage
	}
	return exitOK
}
