// Package lifecycle reports what ages out of a template: Lambda runtimes past
// their deprecation, create-block or update-block date, and resource types of
// services that are shut down, sunsetting or in maintenance. The facts come from
// the spec (schema.Spec.LambdaRuntime, schema.ResourceType.Lifecycle); a spec
// that lacks them yields no findings. Codes and trigger dates are cfn-lint's.
package lifecycle

import (
	"fmt"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// Rule codes.
const (
	CodeRuntimeDeprecated  = "W2531" // deprecated, still creatable and updatable
	CodeRuntimeCreateBlock = "E2531" // no new functions, updates still allowed
	CodeRuntimeUpdateBlock = "E2533" // no new functions, no updates
	CodeServiceShutdown    = "E3710"
	CodeServiceSunset      = "W3696"
	CodeServiceMaintenance = "W3697"
)

const (
	lambdaFunction = "AWS::Lambda::Function"
	samFunction    = "AWS::Serverless::Function"
)

var rules = []diag.Rule{
	{ID: CodeRuntimeCreateBlock, Severity: diag.Error, ResourceTypes: []string{lambdaFunction, samFunction},
		Summary: "Lambda runtime can no longer be used to create functions"},
	{ID: CodeRuntimeUpdateBlock, Severity: diag.Error, ResourceTypes: []string{lambdaFunction, samFunction},
		Summary: "Lambda runtime can no longer be used to create or update functions"},
	{ID: CodeRuntimeDeprecated, Severity: diag.Warning, ResourceTypes: []string{lambdaFunction, samFunction},
		Summary: "Lambda runtime is deprecated"},
	{ID: CodeServiceShutdown, Severity: diag.Error, Summary: "Resource type belongs to a service that has shut down"},
	{ID: CodeServiceSunset, Severity: diag.Warning, Applies: []string{"Resources/*/Type"}, Summary: "Resource type belongs to a service that is sunsetting"},
	{ID: CodeServiceMaintenance, Severity: diag.Warning, Applies: []string{"Resources/*/Type"}, Summary: "Resource type belongs to a service in maintenance mode"},
}

// Rules lists the checks of this package.
func Rules() []diag.Rule {
	return diag.WithSource(rules, diag.SourceValidate)
}

// Check reports the lifecycle findings of t as of now. Dates are compared as
// calendar days in now's location: a block or deprecation date counts from the
// start of that day.
func Check(t *template.Template, spec *schema.Spec, now time.Time) []diag.Diagnostic {
	if t == nil || t.Root == nil || spec == nil {
		return nil
	}
	c := checker{spec: spec, now: now}
	var globalRuntime *template.Node
	if t.HasSAM() {
		globalRuntime = t.Root.Get("Globals").Get("Function").Get("Runtime")
	}
	for _, r := range t.Resources {
		typeNode := r.Get("Type")
		typ, ok := typeNode.Str()
		if !ok {
			continue
		}
		c.service(r, typ, serviceAt(r))
		switch typ {
		case lambdaFunction:
			c.runtime(r, r.Get("Properties").Get("Runtime"), nil)
		case samFunction:
			// The transform generates the function: report at the logical id,
			// as the runtime may come from Globals.
			rt := r.Get("Properties").Get("Runtime")
			if rt == nil {
				rt = globalRuntime
			}
			c.runtime(r, rt, &r.Key.Range)
		}
	}
	return c.out
}

type checker struct {
	spec *schema.Spec
	now  time.Time
	out  []diag.Diagnostic
}

func (c *checker) add(r *template.Entry, rng template.Range, sev diag.Severity, code, msg string) {
	c.out = append(c.out, diag.Diagnostic{Range: rng, Severity: sev, Code: code, Message: msg,
		Source: diag.SourceValidate, Resource: r.Name})
}

// reached reports whether date is today or earlier (see schema.Reached).
func (c *checker) reached(date string) bool { return schema.Reached(date, c.now) }

// serviceAt is where a resource type's service lifecycle is reported: where
// cfn-lint reports it, at the key of the resource's Properties, which its
// schema judges, or at the resource's name when it has none.
func serviceAt(r *template.Entry) template.Range {
	if props := r.Value.GetPair("Properties"); props != nil {
		return props.Key.Range
	}
	return r.Key.Range
}

// service reports a resource type whose service is not active.
func (c *checker) service(r *template.Entry, typ string, rng template.Range) {
	rt := c.spec.ResourceType(typ)
	if rt == nil || rt.Lifecycle == nil {
		return
	}
	date := rt.Lifecycle.Date
	switch rt.Lifecycle.Status {
	case schema.LifecycleShutdown:
		msg := fmt.Sprintf("Resource type %q belongs to a service that has shut down", typ)
		if date != "" {
			msg = fmt.Sprintf("Resource type %q belongs to a service that shut down on %s", typ, date)
		}
		c.add(r, rng, diag.Error, CodeServiceShutdown, msg)
	case schema.LifecycleSunset:
		msg := fmt.Sprintf("Resource type %q belongs to a sunsetting service", typ)
		if date != "" {
			msg += fmt.Sprintf(" (shutdown date %s)", date)
		}
		c.add(r, rng, diag.Warning, CodeServiceSunset, msg+"; plan a migration")
	case schema.LifecycleMaintenance:
		msg := fmt.Sprintf("Resource type %q belongs to a service in maintenance mode", typ)
		if date != "" {
			msg += " since " + date
		}
		c.add(r, rng, diag.Warning, CodeServiceMaintenance, msg+"; it gets no new features")
	}
}

// runtime checks a Runtime value, each branch of an Fn::If separately. at, when
// set, overrides where the findings are placed.
func (c *checker) runtime(r *template.Entry, n *template.Node, at *template.Range) {
	if n == nil {
		return
	}
	if n.IsIntrinsic("Fn::If") {
		if args := n.Arg; args != nil && args.Kind == template.Sequence && len(args.Items) == 3 {
			c.runtime(r, args.Items[1], at)
			c.runtime(r, args.Items[2], at)
		}
		return
	}
	name, ok := n.Str()
	if !ok || n.Type != template.Str {
		return
	}
	lr := c.spec.LambdaRuntime(name)
	if lr == nil {
		return
	}
	rng := n.Range
	if at != nil {
		rng = *at
	}
	var sev diag.Severity
	var code, msg string
	switch {
	case c.reached(lr.UpdateBlock):
		sev, code = diag.Error, CodeRuntimeUpdateBlock
		msg = fmt.Sprintf("Runtime %q can no longer be used to create or update functions (blocked since %s%s)",
			name, lr.UpdateBlock, unlessEmpty("; deprecated %s", lr.Deprecated))
	case c.reached(lr.CreateBlock):
		sev, code = diag.Error, CodeRuntimeCreateBlock
		msg = fmt.Sprintf("Runtime %q can no longer be used to create functions (blocked since %s%s)",
			name, lr.CreateBlock, unlessEmpty("; updates blocked from %s", lr.UpdateBlock))
	case c.reached(lr.Deprecated):
		sev, code = diag.Warning, CodeRuntimeDeprecated
		msg = fmt.Sprintf("Runtime %q is deprecated since %s", name, lr.Deprecated)
		if lr.CreateBlock != "" && lr.UpdateBlock != "" {
			msg += fmt.Sprintf(" (creation blocked from %s, updates from %s)", lr.CreateBlock, lr.UpdateBlock)
		}
	default:
		return
	}
	c.add(r, rng, sev, code, msg+unlessEmpty("; use %q instead", lr.Successor))
}

// unlessEmpty formats v by format, or is "" when v is.
func unlessEmpty(format, v string) string {
	if v == "" {
		return ""
	}
	return fmt.Sprintf(format, v)
}
