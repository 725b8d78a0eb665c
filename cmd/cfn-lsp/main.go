// Command cfn-lsp is a language server for AWS CloudFormation templates and a
// command-line checker that runs the same engine.
//
//	cfn-lsp [serve] [--stdio]           serve LSP over stdin/stdout
//	cfn-lsp check [flags] PATH...       validate templates
//	cfn-lsp rules                       list every rule
//	cfn-lsp deploy [flags] TEMPLATE     create or update a stack
//	cfn-lsp validate --remote TEMPLATE  validate with the CloudFormation API
//	cfn-lsp preview [flags] TEMPLATE    what an update of the deployed stack would do
//	cfn-lsp drift [flags] TEMPLATE      drift of the deployed stack, on the template
//	cfn-lsp flip [-o FILE] TEMPLATE     convert JSON <-> YAML (--clean, --json, --yaml)
//	cfn-lsp spec update [--region R]    download the latest registry schemas
//	cfn-lsp version                     print version and loaded spec
package main

import (
	"fmt"
	"io"
	"os"
)

// version is set with -ldflags "-X main.version=...".
var version = "dev"

const usage = `usage: cfn-lsp <command> [arguments]

commands:
  serve [--stdio]            serve LSP over stdin/stdout (the default)
  check [flags] PATH...      validate templates (files or directories)
  rules                      list every rule
  deploy [flags] TEMPLATE    create or update a stack through a change set
  validate --remote TEMPLATE validate a template with the CloudFormation API
  preview [flags] TEMPLATE   what updating the deployed stack would do, resource by resource
  drift [flags] TEMPLATE     detect the deployed stack's drift and place it on the template
  flip [-o FILE] [--clean] [--json|--yaml] TEMPLATE
                             convert a template between JSON and YAML
  spec update [--region R]   download the latest resource schemas into the cache
  version                    print the version and the loaded spec

Run 'cfn-lsp <command> -h' for a command's flags.
`

// exit codes shared by the commands.
const (
	exitOK       = 0
	exitFindings = 1 // check found errors; a command failed
	exitUsage    = 2 // usage or I/O error
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return runServe(args, stdin, stdout, stderr)
	case "check":
		return runCheck(args, stdout, stderr)
	case "rules":
		return runRules(args, stdout, stderr)
	case "deploy":
		return runDeploy(args, stdin, stdout, stderr)
	case "validate":
		return runValidate(args, stdout, stderr)
	case "preview":
		return runPreview(args, stdout, stderr)
	case "drift":
		return runDrift(args, stdout, stderr)
	case "flip":
		return runFlip(args, stdin, stdout, stderr)
	case "spec":
		return runSpec(args, stdout, stderr)
	case "version", "--version":
		return runVersion(args, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "cfn-lsp: unknown command %q\n\n%s", cmd, usage)
	return exitUsage
}
