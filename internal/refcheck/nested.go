package refcheck

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

const stackType = "AWS::CloudFormation::Stack"

// checkNested compares the Parameters passed to nested stacks whose TemplateURL
// is a local file with the parameters the child template declares.
func (c *checker) checkNested() {
	for _, e := range c.t.Resources {
		if e.Type() != stackType {
			continue
		}
		child := c.child(e)
		if child == nil {
			continue
		}
		props := e.Get("Properties")
		params := props.Get("Parameters")
		if params != nil && params.Kind != template.Mapping {
			continue // computed parameters: nothing to compare
		}
		passed := map[string]bool{}
		if params != nil {
			for _, p := range params.Pairs {
				passed[p.Key.Value] = true
				if child.Parameter(p.Key.Value) == nil {
					hint, fix := didYouMean(p.Key.Value, names(child.Parameters), p.Key.Range)
					c.report(p.Key.Range, diag.Error, codeNested, e.Name,
						fmt.Sprintf("Parameter %q is not a parameter of the nested stack template.%s", p.Key.Value, hint), fix)
				}
			}
		}
		at := props.GetPair("TemplateURL").Key.Range
		if pp := props.GetPair("Parameters"); pp != nil {
			at = pp.Key.Range
		}
		for _, p := range child.Parameters {
			if passed[p.Name] || p.Value.Get("Default") != nil {
				continue
			}
			c.errorf(at, codeNested, e.Name, "The nested stack template requires parameter %q, which is not passed", p.Name)
		}
	}
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
	path, ok := localPath(c.t.URI, e.Get("Properties").Get("TemplateURL"))
	if !ok {
		return nil
	}
	data, err := fileio.ReadFile(path, template.MaxSize)
	if err != nil {
		return nil
	}
	ch := template.Parse("file://"+filepath.ToSlash(path), string(data))
	if ch.Root == nil || ch.Err != nil || !ch.IsTemplate() {
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
