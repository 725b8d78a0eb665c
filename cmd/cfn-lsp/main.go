// Command cfn-lsp is a language server for AWS CloudFormation templates and a
// command-line checker that runs the same engine. `cfn-lsp --help` lists the
// commands; each command is one file here, and `commands` below lists them.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"

	"github.com/spf13/cobra"
)

// Exit statuses. `check` exits with cfn-lint's finding bits (see
// check_exit.go); every command exits 1 when it cannot do what was asked (a bad
// flag or argument, a broken configuration, a failed deployment), as cfn-lint
// does for a bad flag. A CI step reading the bits never takes 1 for findings.
const (
	exitOK      = 0
	exitFailure = 1
)

// commands are cfn-lsp's subcommands, in the order `--help` lists them. A new
// subcommand is a file with its constructor, added here.
var commands = []func(*app) *cobra.Command{
	newServeCmd, newCheckCmd, newRulesCmd, newDeployCmd, newValidateCmd,
	newPreviewCmd, newDriftCmd, newPermissionsCmd, newFlipCmd, newGraphCmd, newSpecCmd, newVersionCmd,
}

// app is what the commands share: the process's streams.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// exitStatus ends a command with this status; the command has already said why.
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// fail reports err as cmd's failure and returns the status that ends it.
func (a *app) fail(cmd *cobra.Command, err error) error {
	fmt.Fprintf(a.stderr, "%s: %v\n", cmd.CommandPath(), err)
	return exitStatus(exitFailure)
}

func main() {
	os.Exit(profiled(func() int { return run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr) }))
}

// profiled runs f under a CPU profile written to $CFN_LSP_CPUPROFILE when
// that is set: a developer aid for any command, a whole editor session
// included (go tool pprof).
func profiled(f func() int) int {
	path := os.Getenv("CFN_LSP_CPUPROFILE")
	if path == "" {
		return f()
	}
	out, err := os.Create(path)
	if err != nil {
		return f()
	}
	defer out.Close()
	if pprof.StartCPUProfile(out) != nil {
		return f()
	}
	defer pprof.StopCPUProfile()
	return f()
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	root := a.rootCmd()
	if len(args) > 0 && args[0] == "check" {
		args = append([]string{"check"}, expandListFlags(args[1:])...)
	}
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	var st exitStatus
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &st):
		return int(st)
	}
	// What is left comes from cobra: an unknown command or flag, wrong arguments.
	fmt.Fprintf(stderr, "%s: %v\nRun '%s --help' for usage.\n", cmd.CommandPath(), err, cmd.CommandPath())
	return exitFailure
}

// rootCmd is `cfn-lsp`: with no command it serves LSP, as editors start it.
func (a *app) rootCmd() *cobra.Command {
	var so serveOptions
	root := &cobra.Command{
		Use:   "cfn-lsp",
		Short: "A language server and checker for AWS CloudFormation templates",
		Long: `cfn-lsp is a language server for AWS CloudFormation templates (YAML and JSON)
and a command-line checker that runs the same engine.

With no command it serves the Language Server Protocol on stdin/stdout, as
editors start it.`,
		Version:       buildVersion(),
		Args:          cobra.NoArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE:          func(cmd *cobra.Command, _ []string) error { return a.serve(so) },
	}
	so.register(root.Flags())
	root.SetVersionTemplate("cfn-lsp {{.Version}}\n")
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	for _, c := range commands {
		root.AddCommand(c(a))
	}
	return root
}
