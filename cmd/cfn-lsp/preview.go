package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/stack"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// stackFlags choose the deployed stack preview and drift are about.
type stackFlags struct {
	aws        awsFlags
	stackName  string
	deployment string
	paramsFile string
	params     keyValues
	format     string
}

func (f *stackFlags) register(fs *flag.FlagSet) {
	f.aws.register(fs)
	f.params = keyValues{}
	fs.StringVar(&f.stackName, "stack-name", "", "stack name (default: the deployment's, else derived from the file name)")
	fs.StringVar(&f.deployment, "deployment", "", "deployment of "+stack.ConfigName+" (default: the template's first)")
	fs.StringVar(&f.paramsFile, "parameters-file", "", "parameters file (default: the deployment's, else TEMPLATE.params.json)")
	fs.Var(f.params, "parameter", "parameter value KEY=VALUE (repeatable)")
	fs.StringVar(&f.format, "format", "text", "output format: text or json")
}

// target reads the template's deployment, the flags overriding it.
func (f *stackFlags) target(path string) (*stack.Target, error) {
	tg, err := stack.TargetFor(path, f.deployment, f.deployment != "")
	if err != nil {
		return nil, err
	}
	d := &tg.Deployment
	if f.stackName != "" {
		d.StackName = f.stackName
	}
	if f.aws.region == "" {
		f.aws.region = d.Region
	}
	if f.aws.profile == "" {
		f.aws.profile = d.Profile
	}
	if f.paramsFile != "" {
		m, err := deploy.ReadParamsFile(f.paramsFile)
		if err != nil {
			return nil, err
		}
		tg.Given = m
	}
	for k, v := range f.params {
		tg.Given[k] = v
	}
	return tg, nil
}

// stackRun is where preview and drift start from: the template, the
// deployment it targets and a client for it.
type stackRun struct {
	flags  stackFlags
	path   string
	t      *template.Template
	tg     *stack.Target
	ctx    context.Context
	stop   func()
	client *deploy.Client
}

// startStack parses a stack command's flags (extra adds its own), reads the
// template and its deployment and connects; nil and the exit code when it
// cannot.
func startStack(name, flagsUsage string, args []string, stderr io.Writer, extra func(*flag.FlagSet)) (*stackRun, int) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	run := &stackRun{}
	run.flags.register(fs)
	if extra != nil {
		extra(fs)
	}
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: cfn-lsp %s [--stack-name NAME | --deployment D] %s TEMPLATE\n", name, flagsUsage)
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, exitUsage
	}
	if f := run.flags.format; len(pos) != 1 || (f != "text" && f != "json") {
		fs.Usage()
		return nil, exitUsage
	}
	run.path = pos[0]
	var code int
	if run.t, code = readTemplate(run.path, stderr); run.t == nil {
		return nil, code
	}
	if run.tg, err = run.flags.target(run.path); err != nil {
		fmt.Fprintf(stderr, "cfn-lsp %s: %v\n", name, err)
		return nil, exitUsage
	}
	run.ctx, run.stop = signal.NotifyContext(context.Background(), os.Interrupt)
	if run.client, err = run.flags.aws.client(run.ctx); err != nil {
		run.stop()
		fmt.Fprintf(stderr, "cfn-lsp %s: %v\n", name, err)
		return nil, exitFindings
	}
	return run, exitOK
}

// runPreview implements `cfn-lsp preview`: what updating the deployed stack
// with the template would do, resource by resource, without a change set.
// With --fail-on-replace it exits 1 when a resource is (or may be) replaced.
func runPreview(args []string, stdout, stderr io.Writer) int {
	var failOnReplace *bool
	run, code := startStack("preview", "[--parameter K=V] [--format json] [--fail-on-replace]", args, stderr, func(fs *flag.FlagSet) {
		failOnReplace = fs.Bool("fail-on-replace", false, "exit 1 when the update replaces or may replace a resource")
	})
	if run == nil {
		return code
	}
	defer run.stop()
	ctx, client, path, t, tg := run.ctx, run.client, run.path, run.t, run.tg
	name := tg.Deployment.StackName
	out := previewOutput{StackName: name, Deployment: tg.Deployment.Name, Status: "NOT_DEPLOYED", Changes: []*stack.ResourceChange{}}
	var plan *stack.Plan
	live, err := stack.Fetch(ctx, client, name)
	switch {
	case errors.Is(err, deploy.ErrNoStack):
		plan = &stack.Plan{}
		for _, e := range t.Resources {
			plan.Changes = append(plan.Changes, &stack.ResourceChange{LogicalID: e.Name, Type: e.Type(), Action: stack.Add})
		}
	case err != nil:
		fmt.Fprintf(stderr, "cfn-lsp preview: %v\n", err)
		return exitFindings
	default:
		out.Status = live.Stack.Status
		plan = live.Preview(t, tg.Given, schema.Default())
		out.Diagnostics = findings([]fileResult{{Path: path, Diags: stack.Diagnostics(t, plan, "stack "+name)}})
	}
	out.Summary, out.Changes = plan.Summary(), append(out.Changes, plan.Changes...)
	if run.flags.format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(out)
	} else {
		writePlan(stdout, path, t, out, plan)
	}
	if *failOnReplace && plan.Replaces() {
		return exitFindings
	}
	return exitOK
}

// previewOutput is `cfn-lsp preview --format json`.
type previewOutput struct {
	StackName   string                  `json:"stackName"`
	Deployment  string                  `json:"deployment"`
	Status      string                  `json:"status"`
	Summary     string                  `json:"summary"`
	Changes     []*stack.ResourceChange `json:"changes"`
	Diagnostics []jsonFinding           `json:"diagnostics,omitempty"`
}

func writePlan(w io.Writer, path string, t *template.Template, out previewOutput, plan *stack.Plan) {
	if out.Status == "NOT_DEPLOYED" {
		fmt.Fprintf(w, "Stack %s does not exist: %s\n", out.StackName, out.Summary)
	} else {
		fmt.Fprintf(w, "Stack %s (%s), deployment %s: %s\n", out.StackName, out.Status, out.Deployment, out.Summary)
	}
	for i, line := range plan.Lines() {
		fmt.Fprintln(w, "  "+line)
		for _, pc := range plan.Changes[i].Properties {
			if pc.Before == "" && pc.After == "" {
				continue
			}
			fmt.Fprintf(w, "      %s: %s -> %s\n", pc.Label(), orNone(pc.Before), orNone(pc.After))
		}
	}
	for _, d := range out.Diagnostics {
		if d.Severity != "hint" { // what the deployment leaves out: faded in editors
			fmt.Fprintf(w, "%s:%d:%d: %s %s\n", d.File, d.Line, d.Column, d.Severity, d.Message)
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// runDrift implements `cfn-lsp drift`: drift detection on the deployed stack,
// each drifted property reported on the template's line for it. It exits 1
// when the stack has drifted.
func runDrift(args []string, stdout, stderr io.Writer) int {
	run, code := startStack("drift", "[--format json]", args, stderr, nil)
	if run == nil {
		return code
	}
	defer run.stop()
	ctx, client, path, t, tg := run.ctx, run.client, run.path, run.t, run.tg
	drifts, err := client.DetectDrift(ctx, tg.Deployment.StackName)
	if err != nil {
		fmt.Fprintf(stderr, "cfn-lsp drift: %v\n", err)
		return exitFindings
	}
	ds := stack.DriftDiagnostics(t, drifts)
	if run.flags.format == "json" {
		writeJSON(stdout, []fileResult{{Path: path, Diags: ds}})
	} else {
		printDiagnostics(stdout, path, ds)
		fmt.Fprintf(stdout, "Stack %s: %d %s drifted\n", tg.Deployment.StackName, len(drifts), plural(len(drifts), "resource", "resources"))
	}
	if len(ds) > 0 {
		return exitFindings
	}
	return exitOK
}
