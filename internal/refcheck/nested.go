package refcheck

import (
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

const (
	stackType = "AWS::CloudFormation::Stack"
	// A SAM application with a local Location becomes a nested stack of that
	// template; its Parameters are the stack's.
	samAppType = "AWS::Serverless::Application"
)

// checkNested compares the Parameters passed to nested stacks whose TemplateURL
// (or SAM Location) is a local file with the parameters the child template
// declares. Parameters chosen with Fn::If are compared branch by branch.
func (c *checker) checkNested() {
	var set *conditions.Set
	for _, e := range c.t.Resources {
		if e.Type() != stackType && e.Type() != samAppType {
			continue
		}
		child := c.child(e)
		if child == nil {
			continue
		}
		props := e.Get("Properties")
		at := props.GetPair(childKey(e)).Key.Range
		if pp := props.GetPair("Parameters"); pp != nil {
			at = pp.Key.Range
		}
		for _, b := range parameterBranches(props.Get("Parameters"), nil) {
			if b.params != nil && b.params.Kind != template.Mapping {
				continue // computed parameters (AWS::NoValue too): nothing to compare
			}
			if len(b.when) > 0 {
				if set == nil {
					set = conditions.New(c.t)
				}
				if sat, _ := set.Satisfiable(b.when); !sat {
					continue
				}
			}
			when := ""
			if len(b.when) > 0 {
				when = " " + factsText(b.when)
			}
			passed := map[string]bool{}
			if b.params != nil {
				for _, p := range b.params.Pairs {
					passed[p.Key.Value] = true
					if child.Parameter(p.Key.Value) == nil {
						hint, fix := didYouMean(p.Key.Value, names(child.Parameters), p.Key.Range)
						c.report(p.Key.Range, diag.Error, codeNested, e.Name,
							fmt.Sprintf("Parameter %q is not a parameter of the nested stack template%s.%s", p.Key.Value, when, hint), fix)
					}
				}
			}
			for _, p := range child.Parameters {
				if passed[p.Name] || p.Value.Get("Default") != nil {
					continue
				}
				c.errorf(at, codeNested, e.Name, "The nested stack template requires parameter %q, which is not passed%s", p.Name, when)
			}
		}
	}
}

// paramBranch is one Parameters mapping a nested stack may receive and the
// conditions under which it does.
type paramBranch struct {
	params *template.Node // nil: none passed
	when   []conditions.Fact
}

// parameterBranches returns the values a Parameters value stands for: itself,
// or each leaf of the Fn::If tree it is built of.
func parameterBranches(n *template.Node, when []conditions.Fact) []paramBranch {
	condNode, yes, no, ok := n.IfArgs()
	cond, named := condNode.Str()
	if !ok || !named {
		return []paramBranch{{params: n, when: when}}
	}
	out := parameterBranches(yes, append(slices.Clip(when), conditions.Fact{Name: cond, Value: true}))
	return append(out, parameterBranches(no, append(slices.Clip(when), conditions.Fact{Name: cond, Value: false}))...)
}

// childKey is the property that names a nested stack's template.
func childKey(e *template.Entry) string {
	if e.Type() == samAppType {
		return "Location"
	}
	return "TemplateURL"
}

// checkChildOutput reports a GetAtt Child.Outputs.X whose child template is local
// and has no output X.
func (c *checker) checkChildOutput(e *template.Entry, out string, rng template.Range, code, res string) {
	child := c.child(e)
	if child == nil || out == "" || child.Entry("Outputs", out) != nil {
		return
	}
	hint, fix := didYouMean(out, names(child.Outputs), rng)
	c.report(rng, diag.Error, code, res, fmt.Sprintf("The nested stack template of %q has no output %q.%s", e.Name, out, hint), fix)
}

// child returns the parsed local template of a nested stack, or nil when its
// TemplateURL is remote, computed, missing, unreadable or not a template.
func (c *checker) child(e *template.Entry) *template.Template {
	if ch, ok := c.children[e.Name]; ok {
		return ch
	}
	c.children[e.Name] = nil
	path, ok := localPath(c.t.URI, e.Get("Properties").Get(childKey(e)))
	if !ok {
		return nil
	}
	if c.opts.Children != nil {
		if ch := c.opts.Children(filepath.Clean(path)); ch != nil && ch.Root != nil && ch.Root.Kind == template.Mapping {
			c.children[e.Name] = ch
			return ch
		}
	}
	data, err := fileio.ReadFile(path, template.MaxSize)
	if err != nil {
		return nil
	}
	// Any mapping will do: the file is a template because the parent says so,
	// even one without the marks IsTemplate looks for (a child may hold only
	// Parameters and an empty Resources).
	ch := template.Parse("file://"+filepath.ToSlash(path), string(data))
	if ch.Root == nil || ch.Err != nil || ch.Root.Kind != template.Mapping {
		return nil
	}
	c.children[e.Name] = ch
	return ch
}

// localPath resolves a TemplateURL that names a local file against the URI of the
// parent template.
func localPath(parentURI string, n *template.Node) (string, bool) {
	ref, ok := n.Str()
	if !ok || ref == "" {
		return "", false
	}
	lower := strings.ToLower(ref)
	if strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "s3://") {
		return "", false
	}
	if strings.HasPrefix(lower, "file://") {
		u, err := url.Parse(ref)
		if err != nil {
			return "", false
		}
		return filepath.FromSlash(u.Path), true
	}
	if filepath.IsAbs(ref) {
		return ref, true
	}
	dir := ""
	if u, err := url.Parse(parentURI); err == nil && u.Scheme == "file" {
		dir = filepath.Dir(filepath.FromSlash(u.Path))
	} else if err == nil && u.Scheme == "" && parentURI != "" {
		dir = filepath.Dir(parentURI)
	} else {
		return "", false
	}
	return filepath.Join(dir, filepath.FromSlash(ref)), true
}
