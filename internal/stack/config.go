package stack

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
)

// ConfigName is the workspace file that links templates to their deployments.
// It is looked for in the template's directory and then in each parent, as
// .cfnlintrc is:
//
//	templates:
//	  app/orders.yaml:
//	    - name: dev
//	      stackName: orders-dev
//	      region: eu-west-1
//	      profile: dev
//	      parameterFiles: [app/orders.dev.json]
//	      tags: {team: orders}
//	    - name: prod
//	      stackName: orders-prod
//
// Template and parameter file paths are relative to the file's directory. It
// holds no parameter values and no credentials.
const ConfigName = ".cfn-lsp.yaml"

// maxConfig bounds the workspace file and the parameter files it names.
const maxConfig = 1 << 20

// Deployment is one stack a template is deployed to.
type Deployment struct {
	Name           string            `yaml:"name" json:"name"`
	StackName      string            `yaml:"stackName" json:"stackName"`
	Region         string            `yaml:"region,omitempty" json:"region,omitempty"`
	Profile        string            `yaml:"profile,omitempty" json:"profile,omitempty"`
	ParameterFiles []string          `yaml:"parameterFiles,omitempty" json:"parameterFiles,omitempty"`
	Tags           map[string]string `yaml:"tags,omitempty" json:"tags,omitempty"`
}

// Config is a workspace file.
type Config struct {
	Path      string
	Templates map[string][]Deployment `yaml:"templates"`
}

// FindConfig returns the workspace file that applies to a template: the
// nearest ConfigName in its directory or above; "" when there is none.
func FindConfig(templatePath string) string {
	dir, err := filepath.Abs(filepath.Dir(templatePath))
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(dir, ConfigName)
		if _, ok := fileio.Regular(p); ok {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// LoadConfig reads a workspace file.
func LoadConfig(path string) (*Config, error) {
	b, err := fileio.ReadFile(path, maxConfig)
	if err != nil {
		return nil, err
	}
	c := &Config{Path: path}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) { // io.EOF: an empty file
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for tmpl, ds := range c.Templates {
		seen := map[string]bool{}
		for i, d := range ds {
			switch {
			case d.Name == "":
				return nil, fmt.Errorf("%s: %s: deployment %d has no name", path, tmpl, i+1)
			case seen[d.Name]:
				return nil, fmt.Errorf("%s: %s: two deployments are named %q", path, tmpl, d.Name)
			case !deploy.ValidStackName(d.StackName):
				return nil, fmt.Errorf("%s: %s: deployment %s: invalid stackName %q", path, tmpl, d.Name, d.StackName)
			}
			seen[d.Name] = true
		}
	}
	return c, nil
}

// key is a template's key in the file: its path relative to the file's directory.
func (c *Config) key(templatePath string) string {
	abs, err := filepath.Abs(templatePath)
	if err != nil {
		return ""
	}
	rel, err := filepath.Rel(filepath.Dir(c.Path), abs)
	if err != nil {
		return ""
	}
	return filepath.ToSlash(rel)
}

// Deployments returns a template's deployments, in the file's order.
func (c *Config) Deployments(templatePath string) []Deployment {
	if c == nil {
		return nil
	}
	want := c.key(templatePath)
	for k, ds := range c.Templates {
		if filepath.ToSlash(filepath.Clean(filepath.FromSlash(k))) == want {
			return ds
		}
	}
	return nil
}

// Choose picks a deployment by name; "" picks the first. The error names the
// deployments there are.
func Choose(ds []Deployment, name string) (*Deployment, error) {
	if len(ds) == 0 {
		return nil, errors.New("no deployment is linked to this template")
	}
	if name == "" {
		return &ds[0], nil
	}
	var names []string
	for i := range ds {
		if ds[i].Name == name {
			return &ds[i], nil
		}
		names = append(names, ds[i].Name)
	}
	return nil, fmt.Errorf("no deployment named %q (this template has %s)", name, strings.Join(names, ", "))
}

// ParameterValues reads a deployment's parameter files, relative to the
// workspace file's directory; a later file's value wins.
func (c *Config) ParameterValues(d *Deployment) (map[string]string, error) {
	out := map[string]string{}
	for _, f := range d.ParameterFiles {
		p := filepath.FromSlash(f)
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(c.Path), p)
		}
		b, err := fileio.ReadFile(p, maxConfig)
		if err != nil {
			return nil, fmt.Errorf("deployment %s: %w", d.Name, err)
		}
		m, err := deploy.ParseParams(b)
		if err != nil {
			return nil, fmt.Errorf("deployment %s: %s: %w", d.Name, f, err)
		}
		for k, v := range m {
			out[k] = v
		}
	}
	return out, nil
}

// Link records a deployment of a template in the workspace file that applies
// to it, creating one beside the template when there is none. The file's other
// content and comments are kept. A deployment of the same name is replaced;
// absolute parameter file paths are written relative to the file. It returns
// the file's path.
func Link(templatePath string, d Deployment) (string, error) {
	path := FindConfig(templatePath)
	if path == "" {
		dir, err := filepath.Abs(filepath.Dir(templatePath))
		if err != nil {
			return "", err
		}
		path = filepath.Join(dir, ConfigName)
	}
	var doc yaml.Node
	b, err := fileio.ReadFile(path, maxConfig)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return "", err
	default:
		if err := yaml.Unmarshal(b, &doc); err != nil {
			return "", fmt.Errorf("%s: %w", path, err)
		}
	}
	if doc.Kind == 0 {
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode}}}
		doc.HeadComment = "Which stacks each template deploys to (cfn-lsp). Paths are relative to this file."
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return "", fmt.Errorf("%s: not a mapping", path)
	}
	templates, err := child(root, "templates", yaml.MappingNode)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	key := (&Config{Path: path}).key(templatePath)
	list, err := child(templates, key, yaml.SequenceNode)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	d.ParameterFiles = slices.Clone(d.ParameterFiles)
	for i, f := range d.ParameterFiles {
		if filepath.IsAbs(f) {
			if rel, err := filepath.Rel(filepath.Dir(path), f); err == nil {
				d.ParameterFiles[i] = filepath.ToSlash(rel)
			}
		}
	}
	var item yaml.Node
	if err := item.Encode(d); err != nil {
		return "", err
	}
	replaced := false
	for i, it := range list.Content {
		var old Deployment
		if it.Decode(&old) == nil && old.Name == d.Name {
			list.Content[i], replaced = &item, true
		}
	}
	if !replaced {
		list.Content = append(list.Content, &item)
	}
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return "", err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, out.Bytes(), 0o644); err != nil {
		return "", err
	}
	return path, os.Rename(tmp, path)
}

// child returns the value under key in a mapping node, adding an empty one
// of the given kind when it is missing or null.
func child(m *yaml.Node, key string, kind yaml.Kind) (*yaml.Node, error) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != key {
			continue
		}
		v := m.Content[i+1]
		switch {
		case v.Kind == kind:
		case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
			*v = yaml.Node{Kind: kind}
		default:
			return nil, fmt.Errorf("%s is not a %s", key, map[yaml.Kind]string{yaml.MappingNode: "mapping", yaml.SequenceNode: "list"}[kind])
		}
		return v, nil
	}
	v := &yaml.Node{Kind: kind}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
	return v, nil
}
