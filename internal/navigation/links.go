package navigation

import (
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// Link is a span of the template that leads elsewhere: a resource type to its
// documentation page (URL), or a nested stack's TemplateURL to its local file (File).
type Link struct {
	Range template.Range
	URL   string
	File  string
}

// Links returns the links of a template: every resource type the spec documents
// and every nested template written as a local path.
func Links(t *template.Template, spec *schema.Spec) []Link {
	if t == nil || t.Root == nil {
		return nil
	}
	if t.HasSAM() {
		spec = spec.WithSAM()
	}
	var out []Link
	for _, r := range t.Resources {
		n := r.Get("Type")
		if name, ok := n.Str(); ok {
			if rt := spec.ResourceType(name); rt != nil && rt.DocURL != "" {
				out = append(out, Link{Range: n.Range, URL: rt.DocURL})
			}
		}
		if n, path, ok := nestedTemplate(r); ok {
			out = append(out, Link{Range: n.Range, File: path})
		}
	}
	return out
}

// nestedTemplate returns the TemplateURL of a nested stack (or Location of a SAM
// application) and its path when it names a local file.
func nestedTemplate(r *template.Entry) (*template.Node, string, bool) {
	var n *template.Node
	switch r.Type() {
	case "AWS::CloudFormation::Stack":
		n = r.Get("Properties").Get("TemplateURL")
	case "AWS::Serverless::Application":
		n = r.Get("Properties").Get("Location")
	default:
		return nil, "", false
	}
	s, ok := n.Str()
	if !ok {
		return nil, "", false
	}
	path, ok := LocalPath(s)
	return n, path, ok
}
