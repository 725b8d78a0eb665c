package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// keyValues is a repeatable K=V flag.
type keyValues map[string]string

func (kv keyValues) String() string { return "" }

func (kv keyValues) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want KEY=VALUE, got %q", s)
	}
	kv[k] = v
	return nil
}

// list is a repeatable flag.
type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(s string) error { *l = append(*l, s); return nil }

// awsFlags are the connection flags deploy and validate share.
type awsFlags struct {
	region, profile, endpoint, bucket string
}

func (a *awsFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&a.region, "region", "", "AWS region (default: the SDK's chain)")
	fs.StringVar(&a.profile, "profile", "", "AWS shared-config profile")
	fs.StringVar(&a.endpoint, "endpoint-url", "", "CloudFormation/S3 endpoint, for emulators (AWS_ENDPOINT_URL also works)")
	fs.StringVar(&a.bucket, "s3-bucket", "", "S3 bucket for templates over 51,200 bytes")
}

func (a *awsFlags) client(ctx context.Context) (*deploy.Client, error) {
	return deploy.NewClient(ctx, deploy.AWSOptions{Region: a.region, Profile: a.profile, EndpointURL: a.endpoint})
}

// parseInterspersed parses flags that may come before or after the positional
// arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// runDeploy implements `cfn-lsp deploy`: create or update a stack through a
// change set, asking on the terminal before executing it unless --yes.
func runDeploy(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("deploy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		aws        awsFlags
		stackName  = fs.String("stack-name", "", "stack name (default: derived from the file name)")
		paramsFile = fs.String("parameters-file", "", "parameters file (default: TEMPLATE.params.json when present)")
		yes        = fs.Bool("yes", false, "execute the change set without asking")
		params     = keyValues{}
		tags       = keyValues{}
		caps       list
	)
	aws.register(fs)
	fs.Var(params, "parameter", "parameter value KEY=VALUE (repeatable)")
	fs.Var(tags, "tag", "stack tag KEY=VALUE (repeatable)")
	fs.Var(&caps, "capability", "extra capability to acknowledge (repeatable; the template's are computed)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: cfn-lsp deploy [flags] TEMPLATE")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(pos) != 1 {
		fs.Usage()
		return exitUsage
	}
	path := pos[0]
	t, code := readTemplate(path, stderr)
	if t == nil {
		return code
	}
	fromFile := map[string]string{}
	pf := *paramsFile
	if pf == "" {
		pf = deploy.ParamsFileFor(path)
	}
	if m, err := deploy.ReadParamsFile(pf); err == nil {
		fromFile = m
	} else if *paramsFile != "" || !errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(stderr, "cfn-lsp deploy: %v\n", err)
		return exitUsage
	}
	res := deploy.Resolve(deploy.Parameters(t), params, fromFile)
	if len(res.Unknown) > 0 {
		fmt.Fprintf(stderr, "cfn-lsp deploy: the template has no parameter named %s\n", strings.Join(res.Unknown, ", "))
		return exitUsage
	}
	if len(res.Missing) > 0 {
		fmt.Fprintf(stderr, "cfn-lsp deploy: missing values for parameters: %s (use --parameter KEY=VALUE or %s)\n",
			strings.Join(res.Missing, ", "), deploy.ParamsFileFor(path))
		return exitUsage
	}
	name := *stackName
	if name == "" {
		name = deploy.StackName(path)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	client, err := aws.client(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "cfn-lsp deploy: %v\n", err)
		return exitFindings
	}
	in := bufio.NewReader(stdin)
	hooks := deploy.Hooks{
		Log: func(s string) { fmt.Fprintln(stdout, s) },
		Event: func(e deploy.Event) {
			fmt.Fprintf(stdout, "%s  %s\n", e.Time.Local().Format("15:04:05"), e)
		},
		Confirm: func(ctx context.Context, cs *deploy.ChangeSet) (bool, error) {
			fmt.Fprintf(stdout, "Change set for stack %s (%s): %s\n", cs.StackName, strings.ToLower(cs.Type), cs.Summary())
			for _, l := range cs.Lines() {
				fmt.Fprintln(stdout, "  "+l)
			}
			if *yes {
				return true, nil
			}
			fmt.Fprint(stdout, "Execute this change set? [y/N] ")
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
		fmt.Fprintf(stderr, "cfn-lsp deploy: %v\n", err)
		return exitFindings
	}
	for _, o := range result.Outputs {
		fmt.Fprintf(stdout, "Output %s = %s\n", o.Key, o.Value)
	}
	switch result.Outcome {
	case deploy.Succeeded, deploy.NoChanges:
		fmt.Fprintln(stdout, result.Message())
		return exitOK
	case deploy.Failed:
		fmt.Fprintln(stderr, result.Message())
		printDiagnostics(stderr, path, deploy.Diagnostics(t, result.Failures))
	default:
		fmt.Fprintln(stderr, result.Message())
	}
	return exitFindings
}

// runValidate implements `cfn-lsp validate --remote`: the CloudFormation
// ValidateTemplate API.
func runValidate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var aws awsFlags
	aws.register(fs)
	remote := fs.Bool("remote", false, "validate with the CloudFormation API (required)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: cfn-lsp validate --remote [flags] TEMPLATE\n(`cfn-lsp check` validates locally)")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return exitUsage
	}
	if !*remote || len(pos) != 1 {
		fs.Usage()
		return exitUsage
	}
	path := pos[0]
	t, code := readTemplate(path, stderr)
	if t == nil {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	client, err := aws.client(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "cfn-lsp validate: %v\n", err)
		return exitFindings
	}
	err = client.ValidateTemplate(ctx, t, aws.bucket, deploy.StackName(path))
	var apiErr *deploy.APIError
	switch {
	case errors.As(err, &apiErr):
		printDiagnostics(stdout, path, deploy.Diagnostics(t, []deploy.Failure{{Reason: apiErr.Message}}))
		return exitFindings
	case err != nil:
		fmt.Fprintf(stderr, "cfn-lsp validate: %v\n", err)
		return exitFindings
	}
	fmt.Fprintf(stdout, "%s: valid\n", path)
	return exitOK
}

// readTemplate reads and parses a template; on failure it reports and returns
// the exit code.
func readTemplate(path string, stderr io.Writer) (*template.Template, int) {
	b, err := fileio.ReadFile(path, template.MaxSize)
	if err != nil {
		fmt.Fprintf(stderr, "cfn-lsp: %v\n", err)
		return nil, exitUsage
	}
	t := template.Parse(path, string(b))
	if t.Err != nil {
		fmt.Fprintf(stderr, "%s:%d:%d: error %s\n", path, t.Err.Range.Start.Line+1, t.Err.Range.Start.Char+1, t.Err.Error())
		return nil, exitFindings
	}
	return t, exitOK
}

func printDiagnostics(w io.Writer, path string, ds []diag.Diagnostic) {
	for _, d := range ds {
		fmt.Fprintf(w, "%s:%d:%d: %s %s [%s]\n", path, d.Range.Start.Line+1, d.Range.Start.Char+1, d.Severity, d.Message, d.Source)
	}
}
