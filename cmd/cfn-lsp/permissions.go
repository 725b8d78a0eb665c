package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cfn-lsp/cfn-lsp/internal/permissions"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// newPermissionsCmd is `cfn-lsp permissions`: the IAM policy a role needs to
// deploy the template through a change set and to delete its stack, on
// standard output; what the policy leaves out (custom resources, types whose
// handlers' permissions the facts lack) on standard error.
func newPermissionsCmd(a *app) *cobra.Command {
	var format, specPath string
	cmd := &cobra.Command{
		Use:   "permissions [--format json|yaml] [--spec PATH] TEMPLATE",
		Short: "The IAM policy deploying and deleting a template needs",
		Long: `Prints the least IAM policy a role needs to deploy the template through a
change set and to delete its stack: the actions of the create, update and
delete handlers of its resource types (SAM resources as the transform makes
them), one statement per service, CloudFormation's own calls, and iam:PassRole
on the roles its resources pass. What it cannot cover is listed on standard
error.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "json" && format != "yaml" {
				return a.fail(cmd, fmt.Errorf("unknown format %q (want json or yaml)", format))
			}
			t, err := readTemplate(args[0])
			if err != nil {
				return a.fail(cmd, err)
			}
			if !t.IsTemplate() {
				return a.fail(cmd, fmt.Errorf("%s is not a CloudFormation template", args[0]))
			}
			spec, err := schema.Resolve(specPath)
			if err != nil {
				return a.fail(cmd, fmt.Errorf("loading spec: %w", err))
			}
			res := permissions.Compute(t, spec)
			doc := res.Policy.JSON()
			if format == "yaml" {
				doc = res.Policy.YAML()
			}
			if _, err := a.stdout.Write(doc); err != nil {
				return a.fail(cmd, err)
			}
			for _, n := range res.Notes {
				fmt.Fprintf(a.stderr, "%s: not covered: %s\n", args[0], n)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&format, "format", "json", "output format: json or yaml")
	fl.StringVar(&specPath, "spec", "", "resource specification to load (registry schema dir or zip, or classic spec JSON)")
	cmd.ValidArgsFunction = templateArgs
	return cmd
}
