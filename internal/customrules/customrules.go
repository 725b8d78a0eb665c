// Package customrules loads user-written checks from YAML files and runs them
// over templates. A rule names a resource type (glob), a property path and a
// condition every value at that path must meet; a finding is reported where a
// value does not.
//
//	rules:
//	  - id: ORG001
//	    severity: warning
//	    resource: AWS::S3::Bucket
//	    path: VersioningConfiguration.Status
//	    condition: {equals: Enabled}
//	    message: "Bucket {resource} must enable versioning"
package customrules

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Source is the diagnostic source of custom-rule findings.
const Source = "cfn-lsp custom"

// Set is a loaded collection of custom rules. A nil *Set holds no rules.
type Set struct {
	rules []*Rule
}

// Rule is one custom rule.
type Rule struct {
	ID          string
	Severity    diag.Severity
	Resource    string // resource type glob: AWS::S3::Bucket, AWS::S3::*, *
	Path        []step
	PathText    string
	Condition   *Condition
	Message     string
	Description string
	File        string
	Line        int
}

// step is one path segment: a key, or a list expansion ("[*]") or index ("[2]").
type step struct {
	key   string
	all   bool
	index int // -1 unless an index step
}

// Condition is what every value at a rule's path must satisfy.
type Condition struct {
	Equals  *string
	Matches *regexp.Regexp
	Present bool
	Absent  bool
	// Contains holds for a list with an element equal to it, or a string containing it.
	Contains *string
	AnyOf    []string
	Not      *Condition
}

// maxRulesFile bounds one rules file.
const maxRulesFile = 4 << 20

// LoadDir loads every *.yaml and *.yml file of dir, in name order. It returns the
// rules of the files that load and an error naming each broken file and line,
// and each that is not a regular file (a FIFO, a symlink to a device).
func LoadDir(dir string) (*Set, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return &Set{}, fmt.Errorf("custom rules: %v", err)
	}
	var names []string
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && (strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml")) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	set := &Set{}
	var errs []error
	seen := map[string]*Rule{}
	for _, n := range names {
		file := filepath.Join(dir, n)
		data, err := fileio.ReadFile(file, maxRulesFile)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		rules, err := Parse(file, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, r := range rules {
			if prev := seen[r.ID]; prev != nil {
				errs = append(errs, fmt.Errorf("%s:%d: rule id %s already defined at %s:%d", r.File, r.Line, r.ID, prev.File, prev.Line))
				continue
			}
			seen[r.ID] = r
			set.rules = append(set.rules, r)
		}
	}
	return set, errors.Join(errs...)
}

// Parse reads one rules file. Errors name the file and line.
func Parse(file string, data []byte) ([]*Rule, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return nil, nil // an empty file
	}
	root := doc.Content[0]
	p := &parser{file: file}
	if root.Kind != yaml.MappingNode {
		return nil, p.errorf(root, "want a mapping with a `rules` list")
	}
	var list *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != "rules" {
			return nil, p.errorf(k, "unknown key %q (want rules)", k.Value)
		}
		list = v
	}
	if list == nil {
		return nil, p.errorf(root, "missing `rules` list")
	}
	if list.Kind != yaml.SequenceNode {
		return nil, p.errorf(list, "`rules` must be a list")
	}
	var out []*Rule
	var errs []error
	for _, item := range list.Content {
		r, err := p.rule(item)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, r)
	}
	return out, errors.Join(errs...)
}

type parser struct{ file string }

func (p *parser) errorf(n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", p.file, n.Line, fmt.Sprintf(format, args...))
}

var idPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]*$`)

func (p *parser) rule(n *yaml.Node) (*Rule, error) {
	if n.Kind != yaml.MappingNode {
		return nil, p.errorf(n, "a rule must be a mapping")
	}
	r := &Rule{File: p.file, Line: n.Line, Severity: diag.Warning}
	fields := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "id", "severity", "resource", "path", "condition", "message", "description":
		default:
			return nil, p.errorf(k, "unknown key %q (want id, severity, resource, path, condition, message, description)", k.Value)
		}
		if k.Value != "condition" && v.Kind != yaml.ScalarNode {
			return nil, p.errorf(v, "%s must be a string", k.Value)
		}
		fields[k.Value] = v
	}
	for _, req := range []string{"id", "resource", "path", "condition", "message"} {
		if fields[req] == nil || (req != "condition" && strings.TrimSpace(fields[req].Value) == "") {
			return nil, p.errorf(n, "rule is missing %q", req)
		}
	}
	r.ID = fields["id"].Value
	if !idPattern.MatchString(r.ID) {
		return nil, p.errorf(fields["id"], "rule id %q must start with a letter and hold only letters, digits, '_', '.', '-'", r.ID)
	}
	if s := fields["severity"]; s != nil {
		switch strings.ToLower(s.Value) {
		case "error":
			r.Severity = diag.Error
		case "warning":
			r.Severity = diag.Warning
		case "info":
			r.Severity = diag.Info
		case "hint":
			r.Severity = diag.Hint
		default:
			return nil, p.errorf(s, "rule %s: severity %q (want error, warning, info or hint)", r.ID, s.Value)
		}
	}
	r.Resource = fields["resource"].Value
	if _, err := path.Match(r.Resource, ""); err != nil {
		return nil, p.errorf(fields["resource"], "rule %s: bad resource pattern %q", r.ID, r.Resource)
	}
	r.PathText = fields["path"].Value
	steps, err := parsePath(r.PathText)
	if err != nil {
		return nil, p.errorf(fields["path"], "rule %s: %v", r.ID, err)
	}
	r.Path = steps
	if r.Condition, err = p.condition(r.ID, fields["condition"]); err != nil {
		return nil, err
	}
	r.Message = fields["message"].Value
	if d := fields["description"]; d != nil {
		r.Description = d.Value
	}
	return r, nil
}

func (p *parser) condition(id string, n *yaml.Node) (*Condition, error) {
	if n.Kind != yaml.MappingNode || len(n.Content) != 2 {
		return nil, p.errorf(n, "rule %s: condition must be a mapping with exactly one of equals, matches, present, absent, contains, any_of, not", id)
	}
	k, v := n.Content[0], n.Content[1]
	c := &Condition{}
	scalar := func() (string, error) {
		if v.Kind != yaml.ScalarNode {
			return "", p.errorf(v, "rule %s: %s takes a single value", id, k.Value)
		}
		return v.Value, nil
	}
	switch k.Value {
	case "equals", "contains":
		s, err := scalar()
		if err != nil {
			return nil, err
		}
		if k.Value == "equals" {
			c.Equals = &s
		} else {
			c.Contains = &s
		}
	case "matches":
		s, err := scalar()
		if err != nil {
			return nil, err
		}
		re, err := regexp.Compile(s)
		if err != nil {
			return nil, p.errorf(v, "rule %s: bad regular expression: %v", id, err)
		}
		c.Matches = re
	case "present", "absent":
		b, err := strconv.ParseBool(v.Value)
		if err != nil || v.Kind != yaml.ScalarNode || !b {
			return nil, p.errorf(v, "rule %s: write `%s: true`", id, k.Value)
		}
		c.Present, c.Absent = k.Value == "present", k.Value == "absent"
	case "any_of", "any-of":
		if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
			return nil, p.errorf(v, "rule %s: any_of takes a non-empty list of values", id)
		}
		for _, it := range v.Content {
			if it.Kind != yaml.ScalarNode {
				return nil, p.errorf(it, "rule %s: any_of values must be scalars", id)
			}
			c.AnyOf = append(c.AnyOf, it.Value)
		}
	case "not":
		inner, err := p.condition(id, v)
		if err != nil {
			return nil, err
		}
		c.Not = inner
	default:
		return nil, p.errorf(k, "rule %s: unknown condition %q (want equals, matches, present, absent, contains, any_of, not)", id, k.Value)
	}
	return c, nil
}

// parsePath reads "A.B[*].C" or "A[0].B".
func parsePath(s string) ([]step, error) {
	var out []step
	for _, part := range strings.Split(s, ".") {
		key, rest, bracket := strings.Cut(part, "[")
		if key == "" && !bracket {
			return nil, fmt.Errorf("empty segment in path %q", s)
		}
		if key != "" {
			out = append(out, step{key: key, index: -1})
		}
		if !bracket {
			continue
		}
		for _, idx := range strings.Split("["+rest, "[")[1:] {
			idx, ok := strings.CutSuffix(idx, "]")
			if !ok {
				return nil, fmt.Errorf("unclosed [ in path %q", s)
			}
			if idx == "*" {
				out = append(out, step{all: true, index: -1})
				continue
			}
			i, err := strconv.Atoi(idx)
			if err != nil || i < 0 {
				return nil, fmt.Errorf("bad list index %q in path %q (want * or a number)", idx, s)
			}
			out = append(out, step{index: i})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty path")
	}
	return out, nil
}

// Rules describes the loaded rules, for `cfn-lsp rules`.
func (s *Set) Rules() []diag.Rule {
	if s == nil {
		return nil
	}
	out := make([]diag.Rule, 0, len(s.rules))
	for _, r := range s.rules {
		sum := r.Description
		if sum == "" {
			sum = r.Message
		}
		out = append(out, diag.Rule{ID: r.ID, Severity: r.Severity, Source: Source,
			ResourceTypes: []string{r.Resource}, Summary: sum})
	}
	return out
}

// Len returns the number of loaded rules.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.rules)
}

// addressesResource reports whether a path starting with key addresses the
// resource entry rather than its Properties: a resource attribute, except Type
// and the legacy Version, which name properties of many types (an
// AWS::SSM::Parameter's Type, an AWS::EKS::Cluster's Version).
func addressesResource(key string) bool {
	return lang.IsResourceAttribute(key) && key != "Type" && key != "Version"
}

// Check runs the rules over t. Resources may suppress a custom rule the way they
// suppress cfn_nag rules: `Metadata: cfn_nag: rules_to_suppress: [{id: ...}]`.
func (s *Set) Check(t *template.Template) []diag.Diagnostic {
	if s == nil || len(s.rules) == 0 || t == nil || t.Root == nil {
		return nil
	}
	var ds []diag.Diagnostic
	for _, res := range t.Resources {
		typ := res.Type()
		if typ == "" {
			continue
		}
		for _, r := range s.rules {
			if ok, _ := path.Match(r.Resource, typ); !ok || suppressed(res, r.ID) {
				continue
			}
			ds = append(ds, r.check(t, res)...)
		}
	}
	diag.Sort(ds)
	return ds
}

func suppressed(res *template.Entry, id string) bool {
	list := res.Get("Metadata").Get("cfn_nag").Get("rules_to_suppress")
	if list == nil || list.Kind != template.Sequence {
		return false
	}
	for _, it := range list.Items {
		if s, _ := it.Get("id").Str(); s == id {
			return true
		}
	}
	return false
}

// value is one value reached by a path: the node (nil when missing) and the
// nearest existing node, to locate findings about missing values.
type value struct {
	node *template.Node
	near *template.Node
}

func (r *Rule) check(t *template.Template, res *template.Entry) []diag.Diagnostic {
	root := res.Get("Properties")
	steps := r.Path
	if len(steps) > 0 && addressesResource(steps[0].key) {
		root = res.Value
	}
	near := res.Key
	if root != nil && root != res.Value {
		near = res.Value.GetPair("Properties").Key
	}
	var out []diag.Diagnostic
	for _, v := range walk(t, root, near, steps) {
		if v.node != nil && v.node.Kind == template.Intrinsic && !r.Condition.presence() {
			continue // a computed value: nothing to judge
		}
		if r.Condition.holds(v.node) {
			continue
		}
		at := v.node
		if at == nil {
			at = v.near
		}
		rng := at.Range
		if rng.End.Line > rng.Start.Line { // mark a multi-line value on its first line
			rng.End = t.Lines.LineEnd(rng.Start.Line)
		}
		out = append(out, diag.Diagnostic{Range: rng, Severity: r.Severity, Code: r.ID, Source: Source,
			Resource: res.Name, Message: r.render(res, v.node)})
	}
	return out
}

// walk follows the path from n; missing keys yield one missing value.
func walk(t *template.Template, n, near *template.Node, steps []step) []value {
	n = resolve(t, n)
	if n != nil && n.Kind == template.Null {
		n = nil
	}
	if len(steps) == 0 {
		return []value{{node: n, near: near}}
	}
	if n == nil {
		return []value{{near: near}}
	}
	st := steps[0]
	switch {
	case st.all:
		if n.Kind != template.Sequence {
			return nil // a computed list
		}
		var out []value
		for _, it := range n.Items {
			out = append(out, walk(t, it, it, steps[1:])...)
		}
		return out
	case st.index >= 0:
		if n.Kind != template.Sequence {
			return nil
		}
		if st.index >= len(n.Items) {
			return []value{{near: n}}
		}
		return walk(t, n.Items[st.index], n.Items[st.index], steps[1:])
	default:
		if n.Kind == template.Intrinsic {
			return nil
		}
		p := n.GetPair(st.key)
		if p == nil {
			return []value{{near: nearKey(n, near)}}
		}
		return walk(t, p.Value, p.Key, steps[1:])
	}
}

// nearKey returns the key under which n is stored, for locating missing children.
func nearKey(n, fallback *template.Node) *template.Node {
	if n.Parent != nil && n.Parent.Kind == template.Mapping {
		if p := n.Parent.GetPair(n.KeyOf()); p != nil && p.Value == n {
			return p.Key
		}
	}
	return fallback
}

// resolve replaces a Ref to a parameter with the parameter's Default, and
// follows Fn::If to its first branch, so that rules judge what a default
// deployment gets.
func resolve(t *template.Template, n *template.Node) *template.Node {
	for i := 0; i < 8 && n != nil && n.Kind == template.Intrinsic; i++ {
		switch {
		case n.Fn == "Ref":
			name, _ := n.Arg.Str()
			p := t.Parameter(name)
			if p == nil {
				return n
			}
			d := p.Get("Default")
			if d == nil || d.Kind != template.Scalar {
				return n
			}
			return &template.Node{Kind: template.Scalar, Range: n.Range, Value: d.Value, Type: d.Type, Parent: n.Parent}
		case n.Fn == "Fn::If":
			_, yes, _, ok := n.IfArgs()
			if !ok {
				return n
			}
			n = yes
		default:
			return n
		}
	}
	return n
}

func (c *Condition) presence() bool {
	for ; c != nil; c = c.Not {
		if c.Present || c.Absent {
			return true
		}
	}
	return false
}

// holds reports whether n (nil: missing) satisfies c.
func (c *Condition) holds(n *template.Node) bool {
	s, isScalar := n.Str()
	switch {
	case c.Not != nil:
		return !c.Not.holds(n)
	case c.Present:
		return n != nil
	case c.Absent:
		return n == nil
	case c.Equals != nil:
		return isScalar && s == *c.Equals
	case c.Matches != nil:
		return isScalar && c.Matches.MatchString(s)
	case c.Contains != nil:
		if n != nil && n.Kind == template.Sequence {
			for _, it := range n.Items {
				if v, ok := it.Str(); ok && v == *c.Contains {
					return true
				}
			}
			return false
		}
		return isScalar && strings.Contains(s, *c.Contains)
	case c.AnyOf != nil:
		for _, v := range c.AnyOf {
			if isScalar && s == v {
				return true
			}
		}
		return false
	}
	return true
}

// render fills the message placeholders {resource}, {type}, {path} and {value}.
func (r *Rule) render(res *template.Entry, n *template.Node) string {
	val := "(missing)"
	if s, ok := n.Str(); ok {
		val = s
	} else if n != nil {
		val = "(" + n.Kind.String() + ")"
	}
	return strings.NewReplacer("{resource}", res.Name, "{type}", res.Type(), "{path}", r.PathText,
		"{value}", val).Replace(r.Message)
}
