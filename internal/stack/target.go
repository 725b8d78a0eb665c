package stack

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// Target is the deployment a template is previewed and resolved for.
type Target struct {
	Deployment Deployment
	// Linked is true when the workspace file names the deployment; an
	// unlinked target is the template's own parameter file
	// (<template>.params.json) and the stack name the launch derives.
	Linked bool
	// Config is the workspace file the deployment comes from (nil when unlinked).
	Config *Config
	// Names lists the template's deployments, in the file's order.
	Names []string
	// Given are the parameter values of the deployment's parameter files.
	Given map[string]string
}

// TargetFor finds the deployment of a template: the one named (or, when
// name is "" or the template has no deployment of that name and strict is
// false, the first the workspace file lists), else the unlinked target.
func TargetFor(templatePath, name string, strict bool) (*Target, error) {
	if p := FindConfig(templatePath); p != "" {
		c, err := LoadConfig(p)
		if err != nil {
			return nil, err
		}
		if ds := c.Deployments(templatePath); len(ds) > 0 {
			d, err := Choose(ds, name)
			if err != nil && !strict {
				d, err = Choose(ds, "")
			}
			if err != nil {
				return nil, err
			}
			given, err := c.ParameterValues(d)
			if err != nil {
				return nil, err
			}
			tg := &Target{Deployment: *d, Linked: true, Config: c, Given: given}
			for _, d := range ds {
				tg.Names = append(tg.Names, d.Name)
			}
			return tg, nil
		}
	}
	if strict && name != "" {
		return nil, errors.New("no deployment named " + name + ": no " + ConfigName + " links this template")
	}
	tg := &Target{Deployment: Deployment{Name: "default", StackName: deploy.StackName(templatePath)}, Given: map[string]string{}}
	pf := deploy.ParamsFileFor(templatePath)
	given, err := deploy.ReadParamsFile(pf)
	switch {
	case err == nil:
		tg.Given = given
		tg.Deployment.ParameterFiles = []string{filepath.Base(pf)}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	return tg, nil
}

// Live is a deployed stack prepared for previews and resolution.
type Live struct {
	Stack    *deploy.Stack
	baseline *Baseline
}

// NewLive prepares a deployed stack.
func NewLive(s *deploy.Stack) *Live { return &Live{Stack: s, baseline: NewBaseline(s)} }

// Fetch reads a deployed stack; deploy.ErrNoStack when it does not exist.
func Fetch(ctx context.Context, c *deploy.Client, stackName string) (*Live, error) {
	s, err := c.Stack(ctx, stackName)
	if err != nil {
		return nil, err
	}
	return NewLive(s), nil
}

// Parameters are the values an update of the stack with template t gives its
// parameters (given ones, else defaults, else the stack's current ones).
func (l *Live) Parameters(t *template.Template, given map[string]string) *Parameters {
	return NewParameters(t, given, l.Stack.Parameters, StackPseudo(l.Stack))
}

// Preview predicts what updating the stack with t and the given values does.
func (l *Live) Preview(t *template.Template, given map[string]string, spec *schema.Spec) *Plan {
	return l.baseline.Preview(t, l.Parameters(t, given), spec)
}

// Resolver resolves t's values for a target, with the deployed stack's
// values and physical ids when l is not nil.
func (tg *Target) Resolver(t *template.Template, l *Live) *Resolver {
	if l == nil {
		return NewResolver(t, NewParameters(t, tg.Given, nil, Pseudo{Region: tg.Deployment.Region, StackName: tg.Deployment.StackName}))
	}
	r := NewResolver(t, l.Parameters(t, tg.Given))
	r.Physical = Physical(l.Stack)
	return r
}
