package workspace

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/navigation"
	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/stack"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// File is what the index keeps of one template: the names it shares with
// other templates and its entries for workspace symbols, with their ranges.
// It holds no text and no parse tree, so that the index of a large workspace
// stays small.
type File struct {
	Path string // absolute and clean
	URI  string // the document's URI: the editor's for an open document
	// Region is the region its deployment names ("": not known, the default).
	Region string

	Exports    []Export
	Imports    []Import
	Stacks     []Stack     // nested stacks with a local child template
	OutputUses []OutputUse // Fn::GetAtt Stack.Outputs.X of those stacks
	SSMWrites  []SSM       // AWS::SSM::Parameter resources with a Name
	SSMReads   []SSM       // {{resolve:ssm:...}} and AWS::SSM::Parameter::Value<> defaults
	Symbols    []Symbol

	links string // a fingerprint of what other templates see of this one
}

// Export is an output's Export.
type Export struct {
	Name   Name
	Output string         // the output's logical id
	Range  template.Range // the name as written
	// Literal is set when Range is exactly the text of a literal name, which
	// a rename may replace.
	Literal bool
	// Value is the output's value: resolved when it can be, else its source.
	Value       string
	Description string
}

// Import is one Fn::ImportValue.
type Import struct {
	Name    Name
	Range   template.Range // the name as written (the literal, the Sub string, the whole argument)
	Literal bool           // Range is exactly a literal name
	Entry   string         // the resource or output it stands in
}

// Stack is a nested stack whose template is a local file.
type Stack struct {
	Resource string
	Child    string         // the child template's path
	Range    template.Range // the TemplateURL (Location) value
	Params   []Passed       // the parameters it passes, from every Fn::If branch
}

// Passed is a parameter a nested stack passes.
type Passed struct {
	Name  string
	Range template.Range
}

// OutputUse is a Fn::GetAtt (or Sub) of a nested stack's Outputs.X.
type OutputUse struct {
	Resource, Output string
	Range            template.Range // the output's name
}

// SSM is an SSM parameter name a template writes or reads.
type SSM struct {
	Name  Name
	Range template.Range
	Entry string // the resource writing it, the parameter or entry reading it
}

// Symbol is an entry of a template, for workspace symbols.
type Symbol struct {
	Section string // refs.Parameters, Resources, Outputs or Exports
	Name    string
	Detail  string // a type, an export's output
	Range   template.Range
}

// summarize reads a file's summary from its parse. tg is its deployment (nil:
// none), whose values resolve computed names.
func summarize(path, uri string, t *template.Template, tg *stack.Target) *File {
	f := &File{Path: path, URI: uri}
	if t == nil || t.Root == nil || t.Root.Kind != template.Mapping {
		return f
	}
	r := resolver(t, tg)
	if tg != nil {
		f.Region = tg.Deployment.Region
	}
	ix := refs.Of(t)
	f.exports(t, r)
	f.imports(t, ix, r)
	f.stacks(t, ix)
	f.ssm(t, r)
	for _, sec := range []string{refs.Parameters, refs.Resources, refs.Outputs} {
		for _, d := range ix.Declared(sec) {
			detail := ""
			if sec != refs.Outputs {
				detail, _ = d.Entry.Get("Type").Str()
			}
			f.Symbols = append(f.Symbols, Symbol{Section: sec, Name: d.Name, Detail: detail, Range: d.Range})
		}
	}
	for _, e := range f.Exports {
		f.Symbols = append(f.Symbols, Symbol{Section: refs.Exports, Name: e.Name.Text, Detail: "output " + e.Output, Range: e.Range})
	}
	f.links = f.fingerprint(t)
	return f
}

// resolver resolves t's values for its deployment. The stack name and region
// are known only when a workspace file names the deployment: the name the
// launch would derive from the file's name is a guess, and two templates'
// exports must not be judged the same or different by a guess.
func resolver(t *template.Template, tg *stack.Target) *stack.Resolver {
	var given map[string]string
	var p stack.Pseudo
	if tg != nil {
		given = tg.Given
		if tg.Linked {
			p = stack.Pseudo{Region: tg.Deployment.Region, StackName: tg.Deployment.StackName}
		}
	}
	return stack.NewResolver(t, stack.NewParameters(t, given, nil, p))
}

// literal returns the exact range of a literal string node's text.
func literal(t *template.Template, n *template.Node) (template.Range, bool) {
	s, ok := n.Str()
	if !ok || s == "" || n.Kind != template.Scalar {
		return n.Range, false
	}
	return t.Find(n, s, 0)
}

func (f *File) exports(t *template.Template, r *stack.Resolver) {
	for _, o := range t.Outputs {
		if strings.HasPrefix(o.Name, "Fn::") {
			continue
		}
		n := o.Value.Get("Export").Get("Name")
		name, ok := nameOf(r, n)
		if !ok {
			continue
		}
		e := Export{Name: name, Output: o.Name, Range: n.Range}
		e.Range, e.Literal = literal(t, n)
		if n.IsIntrinsic("Fn::Sub") && n.Arg.Kind == template.Scalar {
			e.Range, _ = literal(t, n.Arg) // the Sub's string
		}
		if v := o.Value.Get("Value"); v != nil {
			if val := r.Value(v); val.Known() && !val.Secret {
				e.Value = val.Display()
			} else {
				e.Value = source(t, v)
			}
		}
		e.Description, _ = o.Value.Get("Description").Str()
		f.Exports = append(f.Exports, e)
	}
}

// maxValue bounds the source of a value kept for hover.
const maxValue = 200

// source is the text of a node, on one line, clipped.
func source(t *template.Template, n *template.Node) string {
	s := t.Text[t.Lines.Offset(n.Range.Start):t.Lines.Offset(n.Range.End)]
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > maxValue {
		s = s[:maxValue] + "…"
	}
	return s
}

func (f *File) imports(t *template.Template, ix *refs.Index, r *stack.Resolver) {
	for i := range ix.Refs {
		ref := &ix.Refs[i]
		if ref.Kind != refs.KindImportValue || ref.MacroInput || ref.Fn == nil {
			continue
		}
		name, ok := nameOf(r, ref.Fn.Arg)
		if !ok {
			continue
		}
		im := Import{Name: name, Range: ref.Range, Entry: ref.Entry}
		switch a := ref.Fn.Arg; {
		case a.Kind == template.Scalar:
			im.Range, im.Literal = literal(t, a)
		case a.IsIntrinsic("Fn::Sub") && a.Arg.Kind == template.Scalar:
			im.Range, _ = literal(t, a.Arg)
		}
		f.Imports = append(f.Imports, im)
	}
}

// Nested stack types and the property naming their template.
var childProperty = map[string]string{
	"AWS::CloudFormation::Stack":   "TemplateURL",
	"AWS::Serverless::Application": "Location",
}

func (f *File) stacks(t *template.Template, ix *refs.Index) {
	nested := map[string]bool{}
	for _, e := range t.Resources {
		prop, ok := childProperty[e.Type()]
		if !ok {
			continue
		}
		props := e.Get("Properties")
		n := props.Get(prop)
		s, ok := n.Str()
		if !ok {
			continue
		}
		p, ok := navigation.LocalPath(s)
		if !ok {
			continue
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(f.Path), filepath.FromSlash(p))
		}
		st := Stack{Resource: e.Name, Child: filepath.Clean(p), Range: n.Range}
		st.Params = passed(props.Get("Parameters"), st.Params)
		f.Stacks = append(f.Stacks, st)
		nested[e.Name] = true
	}
	for i := range ix.Refs {
		ref := &ix.Refs[i]
		out, ok := strings.CutPrefix(ref.Attr, "Outputs.")
		if !ok || out == "" || !nested[ref.Name] || ref.BoundBy != nil {
			continue
		}
		rng := ref.AttrRange
		if rng.Start.Line == rng.End.Line {
			rng.Start.Char += len("Outputs.")
		}
		f.OutputUses = append(f.OutputUses, OutputUse{Resource: ref.Name, Output: out, Range: rng})
	}
}

// passed lists the keys of a nested stack's Parameters, in each Fn::If branch.
func passed(n *template.Node, out []Passed) []Passed {
	if _, yes, no, ok := n.IfArgs(); ok {
		return passed(no, passed(yes, out))
	}
	if n == nil || n.Kind != template.Mapping {
		return out
	}
	for _, p := range n.Pairs {
		out = append(out, Passed{Name: p.Key.Value, Range: p.Key.Range})
	}
	return out
}

const (
	ssmParameterType = "AWS::SSM::Parameter"
	ssmValueType     = "AWS::SSM::Parameter::Value<"
)

// ssmRef is a dynamic reference to a plain SSM parameter, with an optional
// version (secure strings cannot be written by AWS::SSM::Parameter).
var ssmRef = regexp.MustCompile(`\{\{resolve:ssm:([^:{}]+)(?::\d+)?\}\}`)

func (f *File) ssm(t *template.Template, r *stack.Resolver) {
	for _, e := range t.Resources {
		if e.Type() != ssmParameterType {
			continue
		}
		n := e.Get("Properties").Get("Name")
		if name, ok := nameOf(r, n); ok {
			rng, _ := literal(t, n)
			f.SSMWrites = append(f.SSMWrites, SSM{Name: name, Range: rng, Entry: e.Name})
		}
	}
	for _, p := range t.Parameters {
		typ, _ := p.Get("Type").Str()
		if !strings.HasPrefix(typ, ssmValueType) {
			continue
		}
		n := p.Get("Default")
		if s, ok := n.Str(); ok && s != "" {
			rng, _ := literal(t, n)
			f.SSMReads = append(f.SSMReads, SSM{Name: Name{Text: s}, Range: rng, Entry: p.Name})
		}
	}
	if !strings.Contains(t.Text, "resolve:ssm:") {
		return
	}
	for _, sec := range []struct {
		entries []*template.Entry
	}{{t.Resources}, {t.Outputs}} {
		for _, e := range sec.entries {
			template.Walk(e.Value, func(n *template.Node) bool {
				switch {
				case n.IsIntrinsic("Fn::Sub"):
					if v := r.Value(n); v.Kind == stack.String || v.Kind == stack.Unknown {
						f.ssmReads(t, n, e.Name, v.Str+v.Expr)
					}
					return false
				case n.Kind == template.Scalar && n.Type == template.Str:
					f.ssmReads(t, n, e.Name, n.Value)
				}
				return true
			})
		}
	}
}

// ssmReads records the SSM parameters the dynamic references of text (the
// value of n) read.
func (f *File) ssmReads(t *template.Template, n *template.Node, entry, text string) {
	for _, m := range ssmRef.FindAllStringSubmatch(text, -1) {
		name := Name{Text: m[1]}
		if strings.Contains(m[1], "${") {
			name = partial(m[1])
		}
		rng := n.Range
		if r, ok := t.Find(n, m[1], 0); ok {
			rng = r
		}
		f.SSMReads = append(f.SSMReads, SSM{Name: name, Range: rng, Entry: entry})
	}
}

// fingerprint is what other templates' diagnostics and links depend on:
// exports, imports, nested stacks and their parameters, and this template's
// own parameters and outputs (a parent's E3043 reads them).
func (f *File) fingerprint(t *template.Template) string {
	var b strings.Builder
	for _, e := range f.Exports {
		fmt.Fprintf(&b, "e%s\x00", e.Name.Text)
	}
	for _, im := range f.Imports {
		fmt.Fprintf(&b, "i%s\x00", im.Name.Text)
	}
	for _, s := range f.Stacks {
		fmt.Fprintf(&b, "s%s=%s", s.Resource, s.Child)
		for _, p := range s.Params {
			fmt.Fprintf(&b, ",%s", p.Name)
		}
		b.WriteByte(0)
	}
	for _, p := range t.Parameters {
		fmt.Fprintf(&b, "p%s%v\x00", p.Name, p.Get("Default") != nil)
	}
	for _, o := range t.Outputs {
		fmt.Fprintf(&b, "o%s\x00", o.Name)
	}
	for _, s := range f.SSMWrites {
		fmt.Fprintf(&b, "w%s\x00", s.Name.Text)
	}
	return b.String()
}
