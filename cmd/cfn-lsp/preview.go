package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

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

func (f *stackFlags) register(fs *pflag.FlagSet) {
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
	path   string
	t      *template.Template
	tg     *stack.Target
	ctx    context.Context
	stop   func()
	client *deploy.Client
}

// newStackCmd is the frame of a command about a template's deployed stack:
// its flags, the template, the deployment it targets and a client for it,
// handed to run. stop ends the run's context.
func newStackCmd(a *app, use, short string, extra func(*pflag.FlagSet), run func(*cobra.Command, *stackFlags, *stackRun) error) *cobra.Command {
	f := &stackFlags{}
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.format != "text" && f.format != "json" {
				return a.fail(cmd, fmt.Errorf("unknown format %q (want text or json)", f.format))
			}
			r := &stackRun{path: args[0]}
			var err error
			if r.t, err = readTemplate(r.path); err != nil {
				return a.fail(cmd, err)
			}
			if r.tg, err = f.target(r.path); err != nil {
				return a.fail(cmd, err)
			}
			r.ctx, r.stop = signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer r.stop()
			if r.client, err = f.aws.client(r.ctx); err != nil {
				return a.fail(cmd, err)
			}
			return run(cmd, f, r)
		},
	}
	f.register(cmd.Flags())
	if extra != nil {
		extra(cmd.Flags())
	}
	return cmd
}

// newPreviewCmd is `cfn-lsp preview`: what updating the deployed stack with
// the template would do, resource by resource, without a change set. With
// --fail-on-replace it exits 1 when a resource is (or may be) replaced.
func newPreviewCmd(a *app) *cobra.Command {
	var failOnReplace bool
	return newStackCmd(a, "preview [--stack-name NAME | --deployment D] [--parameter K=V] [--format json] [--fail-on-replace] TEMPLATE",
		"What updating the deployed stack would do, resource by resource",
		func(fs *pflag.FlagSet) {
			fs.BoolVar(&failOnReplace, "fail-on-replace", false, "exit 1 when the update replaces or may replace a resource")
		},
		func(cmd *cobra.Command, f *stackFlags, r *stackRun) error {
			name := r.tg.Deployment.StackName
			out := previewOutput{StackName: name, Deployment: r.tg.Deployment.Name, Status: "NOT_DEPLOYED", Changes: []*stack.ResourceChange{}}
			var plan *stack.Plan
			live, err := stack.Fetch(r.ctx, r.client, name)
			switch {
			case errors.Is(err, deploy.ErrNoStack):
				plan = &stack.Plan{}
				for _, e := range r.t.Resources {
					plan.Changes = append(plan.Changes, &stack.ResourceChange{LogicalID: e.Name, Type: e.Type(), Action: stack.Add})
				}
			case err != nil:
				return a.fail(cmd, err)
			default:
				out.Status = live.Stack.Status
				plan = live.Preview(r.t, r.tg.Given, schema.Default())
				out.Diagnostics = jsonFindings(r.path, stack.Diagnostics(r.t, plan, "stack "+name))
			}
			out.Summary, out.Changes = plan.Summary(), append(out.Changes, plan.Changes...)
			if f.format == "json" {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				enc.Encode(out)
			} else {
				writePlan(a.stdout, out, plan)
			}
			if failOnReplace && plan.Replaces() {
				return exitStatus(exitFailure)
			}
			return nil
		})
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

func writePlan(w io.Writer, out previewOutput, plan *stack.Plan) {
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

// newDriftCmd is `cfn-lsp drift`: drift detection on the deployed stack,
// each drifted property reported on the template's line for it. It exits 1
// when the stack has drifted.
func newDriftCmd(a *app) *cobra.Command {
	return newStackCmd(a, "drift [--stack-name NAME | --deployment D] [--format json] TEMPLATE",
		"Detect the deployed stack's drift and place it on the template", nil,
		func(cmd *cobra.Command, f *stackFlags, r *stackRun) error {
			name := r.tg.Deployment.StackName
			drifts, err := r.client.DetectDrift(r.ctx, name)
			if err != nil {
				return a.fail(cmd, err)
			}
			ds := stack.DriftDiagnostics(r.t, drifts)
			if f.format == "json" {
				writeJSON(a.stdout, &report{results: []fileResult{{Path: r.path, Diags: ds}}})
			} else {
				printDiagnostics(a.stdout, r.path, ds)
				fmt.Fprintf(a.stdout, "Stack %s: %d %s drifted\n", name, len(drifts), plural(len(drifts), "resource", "resources"))
			}
			if len(ds) > 0 {
				return exitStatus(exitFailure)
			}
			return nil
		})
}
