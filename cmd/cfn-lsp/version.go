package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cfn-lsp/cfn-lsp/schema"
)

// version, when set with -ldflags "-X main.version=...", replaces the module
// version of the build information (release builds name their tag this way).
var version = ""

// buildVersion describes this binary: the module version ("(devel)" for a
// build from a checkout), then the VCS revision, its time and whether the tree
// had local changes, when the build recorded them (go build does, in a git
// checkout, unless -buildvcs=false).
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return describeBuild(version, nil)
	}
	return describeBuild(version, info)
}

func describeBuild(override string, info *debug.BuildInfo) string {
	v := override
	if v == "" && info != nil {
		v = info.Main.Version
	}
	if v == "" {
		v = "(devel)"
	}
	if info == nil {
		return v
	}
	var rev, when string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return v
	}
	details := []string{"commit " + rev[:min(len(rev), 12)]}
	if when != "" {
		details = append(details, when)
	}
	if modified {
		details = append(details, "modified")
	}
	return v + " (" + strings.Join(details, ", ") + ")"
}

func newVersionCmd(a *app) *cobra.Command {
	var specPath string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version and the loaded resource specification",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(a.stdout, "cfn-lsp %s\n", buildVersion())
			sp, err := schema.Resolve(specPath)
			if err != nil {
				return a.fail(cmd, fmt.Errorf("loading spec: %w", err))
			}
			fmt.Fprintf(a.stdout, "spec: %s (%d resource types)\n", sp.Source(), sp.Len())
			return nil
		},
	}
	cmd.Flags().StringVar(&specPath, "spec", "", "resource specification to report on instead of the default choice")
	return cmd
}
