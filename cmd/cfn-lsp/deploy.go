package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
	"github.com/cfn-lsp/cfn-lsp/internal/permissions"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// keyValues is a repeatable K=V flag.
type keyValues map[string]string

func (kv keyValues) String() string { return "" }
func (kv keyValues) Type() string   { return "KEY=VALUE" }

func (kv keyValues) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want KEY=VALUE, got %q", s)
	}
	kv[k] = v
	return nil
}

// awsFlags are the connection flags of the commands that call AWS.
type awsFlags struct {
	region, profile, endpoint, bucket string
}

func (a *awsFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&a.region, "region", "", "AWS region (default: the SDK's chain)")
	fs.StringVar(&a.profile, "profile", "", "AWS shared-config profile")
	fs.StringVar(&a.endpoint, "endpoint-url", "", "CloudFormation/S3 endpoint, for emulators (AWS_ENDPOINT_URL also works)")
	fs.StringVar(&a.bucket, "s3-bucket", "", "S3 bucket for templates over 51,200 bytes")
}

func (a *awsFlags) client(ctx context.Context) (*deploy.Client, error) {
	return deploy.NewClient(ctx, deploy.AWSOptions{Region: a.region, Profile: a.profile, EndpointURL: a.endpoint})
}

// newDeployCmd is `cfn-lsp deploy`: create or update a stack through a change
// set, asking on the terminal before executing it unless --yes.
func newDeployCmd(a *app) *cobra.Command {
	var (
		aws        awsFlags
		stackName  string
		paramsFile string
		yes        bool
		params     = keyValues{}
		tags       = keyValues{}
		caps       []string
		checkPerms bool
	)
	cmd := &cobra.Command{
		Use:   "deploy [flags] TEMPLATE",
		Short: "Create or update a stack through a reviewed change set",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := args[0]
			t, err := readTemplate(path)
			if err != nil {
				return a.fail(cmd, err)
			}
			fromFile := map[string]string{}
			pf := paramsFile
			if pf == "" {
				pf = deploy.ParamsFileFor(path)
			}
			if m, err := deploy.ReadParamsFile(pf); err == nil {
				fromFile = m
			} else if paramsFile != "" || !errors.Is(err, os.ErrNotExist) {
				return a.fail(cmd, err)
			}
			res := deploy.Resolve(deploy.Parameters(t), params, fromFile)
			if len(res.Unknown) > 0 {
				return a.fail(cmd, fmt.Errorf("the template has no parameter named %s", strings.Join(res.Unknown, ", ")))
			}
			if len(res.Missing) > 0 {
				return a.fail(cmd, fmt.Errorf("missing values for parameters: %s (use --parameter KEY=VALUE or %s)",
					strings.Join(res.Missing, ", "), deploy.ParamsFileFor(path)))
			}
			name := stackName
			if name == "" {
				name = deploy.StackName(path)
			}

			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			client, err := aws.client(ctx)
			if err != nil {
				return a.fail(cmd, err)
			}
			if checkPerms {
				// A warning, not a stop: CloudFormation has the last word.
				_, warning, err := permissions.Compute(t, nil).Policy.Missing(ctx, client)
				switch {
				case err != nil:
					fmt.Fprintf(a.stderr, "%s: warning: cannot check the permissions: %v\n", cmd.CommandPath(), err)
				case warning != "":
					fmt.Fprintf(a.stderr, "%s: warning: %s\n", cmd.CommandPath(), warning)
				}
			}
			in := bufio.NewReader(a.stdin)
			hooks := deploy.Hooks{
				Log: func(s string) { fmt.Fprintln(a.stdout, s) },
				Event: func(e deploy.Event) {
					fmt.Fprintf(a.stdout, "%s  %s\n", e.Time.Local().Format("15:04:05"), e)
				},
				Confirm: func(ctx context.Context, cs *deploy.ChangeSet) (bool, error) {
					fmt.Fprintf(a.stdout, "Change set for stack %s (%s): %s\n", cs.StackName, strings.ToLower(cs.Type), cs.Summary())
					for _, l := range cs.Lines() {
						fmt.Fprintln(a.stdout, "  "+l)
					}
					if yes {
						return true, nil
					}
					fmt.Fprint(a.stdout, "Execute this change set? [y/N] ")
					answer, _ := in.ReadString('\n')
					answer = strings.ToLower(strings.TrimSpace(answer))
					return answer == "y" || answer == "yes", nil
				},
			}
			result, err := client.Launch(ctx, deploy.Request{
				StackName: name, Template: t, Parameters: res.Values,
				Capabilities: caps, Tags: tags, S3Bucket: aws.bucket,
			}, hooks)
			if err != nil {
				return a.fail(cmd, err)
			}
			for _, o := range result.Outputs {
				fmt.Fprintf(a.stdout, "Output %s = %s\n", o.Key, o.Value)
			}
			switch result.Outcome {
			case deploy.Succeeded, deploy.NoChanges:
				fmt.Fprintln(a.stdout, result.Message())
				return nil
			case deploy.Failed:
				fmt.Fprintln(a.stderr, result.Message())
				printDiagnostics(a.stderr, path, deploy.Diagnostics(t, result.Failures))
			default:
				fmt.Fprintln(a.stderr, result.Message())
			}
			return exitStatus(exitFailure)
		},
	}
	fs := cmd.Flags()
	aws.register(fs)
	fs.StringVar(&stackName, "stack-name", "", "stack name (default: derived from the file name)")
	fs.StringVar(&paramsFile, "parameters-file", "", "parameters file (default: TEMPLATE.params.json when present)")
	fs.BoolVar(&yes, "yes", false, "execute the change set without asking")
	fs.Var(params, "parameter", "parameter value KEY=VALUE (repeatable)")
	fs.Var(tags, "tag", "stack tag KEY=VALUE (repeatable)")
	fs.StringArrayVar(&caps, "capability", nil, "extra capability to acknowledge (repeatable; the template's are computed)")
	fs.BoolVar(&checkPerms, "check-permissions", false, "first simulate the caller against the policy the template needs (iam:SimulatePrincipalPolicy) and warn of what is missing")
	cmd.ValidArgsFunction = templateArgs
	return cmd
}

// newValidateCmd is `cfn-lsp validate --remote`: the CloudFormation
// ValidateTemplate API. A template CloudFormation rejects exits 2, an error
// finding as `check` counts it.
func newValidateCmd(a *app) *cobra.Command {
	var (
		aws    awsFlags
		remote bool
	)
	cmd := &cobra.Command{
		Use:   "validate --remote [flags] TEMPLATE",
		Short: "Validate a template with the CloudFormation API (check validates locally)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !remote {
				return a.fail(cmd, errors.New("--remote is required (`cfn-lsp check` validates locally)"))
			}
			path := args[0]
			t, err := readTemplate(path)
			if err != nil {
				return a.fail(cmd, err)
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			client, err := aws.client(ctx)
			if err != nil {
				return a.fail(cmd, err)
			}
			err = client.ValidateTemplate(ctx, t, aws.bucket, deploy.StackName(path))
			var apiErr *deploy.APIError
			switch {
			case errors.As(err, &apiErr):
				printDiagnostics(a.stdout, path, deploy.Diagnostics(t, []deploy.Failure{{Reason: apiErr.Message}}))
				return exitStatus(findingError)
			case err != nil:
				return a.fail(cmd, err)
			}
			fmt.Fprintf(a.stdout, "%s: valid\n", path)
			return nil
		},
	}
	aws.register(cmd.Flags())
	cmd.Flags().BoolVar(&remote, "remote", false, "validate with the CloudFormation API (required)")
	cmd.ValidArgsFunction = templateArgs
	return cmd
}

// readTemplate reads and parses a template for a command that sends it to AWS:
// a syntax error is an error here.
func readTemplate(path string) (*template.Template, error) {
	b, err := fileio.ReadFile(path, template.MaxSize)
	if err != nil {
		return nil, err
	}
	t := template.Parse(path, string(b))
	if t.Err != nil {
		return nil, fmt.Errorf("%s:%d:%d: %s", path, t.Err.Range.Start.Line+1, t.Err.Range.Start.Char+1, t.Err.Error())
	}
	return t, nil
}

func printDiagnostics(w io.Writer, path string, ds []diag.Diagnostic) {
	for _, d := range ds {
		fmt.Fprintf(w, "%s:%d:%d: %s %s [%s]\n", path, d.Range.Start.Line+1, d.Range.Start.Char+1, d.Severity, d.Message, d.Source)
	}
}
