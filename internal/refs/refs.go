// Package refs is the reference index of a template: what it declares
// (parameters, resources, conditions, mappings, outputs and the exports of
// outputs), what refers to what (Ref, Fn::GetAtt and its attribute, Fn::Sub
// variables, DependsOn, condition names, Fn::FindInMap map names,
// Fn::ImportValue export names, the parameters the interface metadata names),
// each with its kind and exact range, and the Fn::ForEach loops that declare
// names and bind variables. The checks, navigation, hover, completion and
// deploy read it; none of them walks a template for references itself.
//
// An index is built once per parsed template and is immutable (see Of).
// Declarations and references carry their document's URI, so that the indexes
// of several files can be merged into one of a workspace. An entry of a loop's
// body is a declaration whose Loop is set and whose Name is its key as
// written, with the loop's placeholders (Pattern); expanding a loop adds the
// declarations it produces, which every lookup then finds, without changing
// the code that reads the index.
package refs

import (
	"regexp"
	"strings"
	"sync"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Kind says how a name is referenced.
type Kind uint8

// Kinds of reference.
const (
	KindRef         Kind = iota + 1 // Ref Name
	KindGetAtt                      // Fn::GetAtt Name.Attr
	KindSub                         // ${Name} or ${Name.Attr} inside a Fn::Sub string
	KindDependsOn                   // DependsOn: Name
	KindCondition                   // Condition: Name, Fn::If [Name, ...], the Condition function
	KindFindInMap                   // Fn::FindInMap [Name, ...]
	KindImportValue                 // Fn::ImportValue of an export name (Name "" when computed otherwise than by a literal or a Sub of one)
	KindInterface                   // a parameter named in the AWS::CloudFormation::Interface metadata
	KindPlaceholder                 // ${Id} or &{Id} of a loop's identifier in a key or string of its body (outside Fn::Sub variables)
)

func (k Kind) String() string {
	switch k {
	case KindRef:
		return "Ref"
	case KindGetAtt:
		return "GetAtt"
	case KindSub:
		return "Sub"
	case KindDependsOn:
		return "DependsOn"
	case KindCondition:
		return "Condition"
	case KindFindInMap:
		return "FindInMap"
	case KindImportValue:
		return "ImportValue"
	case KindInterface:
		return "Interface"
	case KindPlaceholder:
		return "Placeholder"
	}
	return "unknown"
}

// The sections whose entries are declarations. Exports is not a template
// section: it holds the export names of outputs, which Fn::ImportValue names
// by the same literal (see ExportKey).
const (
	Parameters = "Parameters"
	Resources  = "Resources"
	Conditions = "Conditions"
	Mappings   = "Mappings"
	Outputs    = "Outputs"
	Exports    = "Exports"
)

// Ref is one use of a name: of a parameter, resource, condition, mapping,
// export or pseudo parameter, or of the variable of an enclosing Fn::ForEach.
// Variables bound by a two-argument Fn::Sub are the Sub's own business and not
// listed.
type Ref struct {
	Kind Kind
	// Name is the referenced name ("MyBucket", "AWS::Region"; for
	// Fn::ImportValue the export key, see ExportKey).
	Name string
	// Attr is the attribute of a GetAtt or of a ${Res.Attr} Sub variable.
	Attr string
	// Target is the section Name is looked up in: Resources for GetAtt,
	// DependsOn and dotted Sub variables, Conditions, Mappings, Exports and
	// Parameters (interface metadata) by kind; for Ref and plain Sub variables
	// the section that declares the name (a parameter before a resource), ""
	// when none does (pseudo parameters, typos). "" also when BoundBy is set.
	Target string

	// Range is the range of the name itself (without quotes, "${" or ".Attr";
	// for Fn::ImportValue the whole literal). Exact is false when the source
	// spells the name otherwise (escapes, folded lines): Range is then the
	// range of the node holding it.
	Range template.Range
	Exact bool
	// AttrRange is the range of Attr, when there is one.
	AttrRange template.Range
	// Token is, for a Sub variable, the range of the whole "${...}".
	Token template.Range

	// Node is the node that holds the name: the scalar naming it, or the whole
	// Fn::Sub string for KindSub.
	Node *template.Node
	// Fn is the intrinsic the reference comes from, or the value of the
	// DependsOn or Condition attribute; nil for the interface metadata.
	Fn *template.Node

	// Section is the top-level section the reference stands in ("Resources",
	// "Outputs", "Metadata", ...).
	Section string
	// Entry is the key of the section entry it stands in ("" outside one:
	// Metadata, Globals, the collection of a loop among the entries). Inside a
	// loop's body it is the body's key as written ("Queue${Name}").
	Entry string
	// MacroInput is set for references inside Fn::Transform arguments or in
	// attributes CloudFormation does not read on a resource: a macro consumes
	// those, so whether the name exists is the macro's business.
	MacroInput bool
	// Loop is the innermost Fn::ForEach loop the reference stands in, or nil.
	Loop *Loop
	// BoundBy is set when Name is the variable of an enclosing loop, which
	// declares it: the reference is not to a template-level name.
	BoundBy *Loop

	URI string // the document
}

// Decl is the declaration of a name.
type Decl struct {
	Section string // Parameters, Resources, Conditions, Mappings, Outputs or Exports
	Name    string
	// Range is the range of the name as written: the key without its quotes,
	// for an export the literal of its name.
	Range template.Range
	// Key is the key as written; for an export, the value of its Name.
	Key *template.Node
	// Entry is the section entry; for an export, the output that exports it.
	Entry *template.Entry
	// Loop is the Fn::ForEach loop that produces the declaration, or nil.
	Loop *Loop
	// By is the serverless resource whose transform makes the resource
	// declared (AWS::Serverless-2016-10-31; see package sam), nil for a
	// resource the template writes. Key is then the node that makes it and
	// Entry stands for it (its Type).
	By *template.Entry
	// Pattern is set when Name is a loop body's key as written, with the
	// loop's placeholders ("Queue${Name}"): it stands for the names the loop
	// produces, and lookups by name do not find it.
	Pattern bool

	URI string // the document
}

// Loop is a Fn::ForEach loop (AWS::LanguageExtensions): for each item of its
// collection it binds its variable and stamps out its body.
type Loop struct {
	Name     string         // "Queues" of "Fn::ForEach::Queues"
	Key      *template.Node // the "Fn::ForEach::Queues" key
	Variable string         // the identifier the body uses as ${Variable}, &{Variable} or Ref
	// VariableNode declares the variable.
	VariableNode *template.Node
	Collection   *template.Node
	Body         *template.Node // the output mapping
	Outer        *Loop          // the loop this one stands in, or nil
	// Section is the top-level section the loop stands in; Entry the entry it
	// stands in, "" when it stands among the section's entries and so
	// declares the entries of its body.
	Section, Entry string

	URI string // the document
}

// Index is the reference index of one template.
type Index struct {
	URI string
	// Decls are the declarations by section (Parameters, Resources,
	// Conditions, Mappings, Outputs, Exports), each section in document order,
	// then the entries of loop bodies.
	Decls []Decl
	// Refs are the references, in the order of a walk of the document
	// (a Sub's variable map before its string).
	Refs []Ref
	// Loops are the Fn::ForEach loops, outer before inner.
	Loops []*Loop

	byName map[string]map[string]int // section -> name -> first index in Decls
	// units are the spans of Refs each top-level section or section entry
	// made, when the next version may reuse them (see reuse); nil otherwise.
	units []unit
	// byValue finds a unit by its value node, for the next version (built
	// once, when one asks).
	unitsOnce sync.Once
	byValue   map[*template.Node]int
	reused    int // units copied (for tests)
}

// unit is the span of Refs the walk of one top-level section (all but the
// sections of entries) or one section entry made.
type unit struct {
	key, value *template.Node
	start, end int
}

type indexKey struct{}

// Of returns the index of t, built on the first call for t.
func Of(t *template.Template) *Index {
	if t == nil {
		return &Index{}
	}
	return t.Derived(indexKey{}, func(t *template.Template) any { return build(t, true) }).(*Index)
}

// Decl returns the first declaration of name in section, or nil. Pattern
// declarations are not found by name.
func (ix *Index) Decl(section, name string) *Decl {
	if i, ok := ix.byName[section][name]; ok {
		return &ix.Decls[i]
	}
	return nil
}

// Declared returns the declarations of a section that lookups find, in order.
func (ix *Index) Declared(section string) []*Decl {
	var out []*Decl
	for i := range ix.Decls {
		if d := &ix.Decls[i]; d.Section == section && !d.Pattern {
			out = append(out, d)
		}
	}
	return out
}

// Names returns the names declared in a section, in order.
func (ix *Index) Names(section string) []string {
	var out []string
	for _, d := range ix.Declared(section) {
		out = append(out, d.Name)
	}
	return out
}

// MayProduce reports whether a loop left unexpanded (see langext: without
// the transform, or malformed) may produce name among the entries of
// section: a pattern declaration matches it, each placeholder standing for
// one or more characters.
func (ix *Index) MayProduce(section, name string) bool {
	for i := range ix.Decls {
		if d := &ix.Decls[i]; d.Pattern && d.Section == section && d.matches(name) {
			return true
		}
	}
	return false
}

// matches reports whether the pattern of d may produce name.
func (d *Decl) matches(name string) bool {
	parts := placeholderRe.Split(d.Name, -1)
	for i := range parts {
		parts[i] = regexp.QuoteMeta(parts[i])
	}
	re, err := regexp.Compile("^" + strings.Join(parts, ".+") + "$")
	return err == nil && re.MatchString(name)
}

var placeholderRe = regexp.MustCompile(`[$&]\{[^}]*\}`)

// Resolve returns the declaration a reference names, or nil (pseudo
// parameters, loop variables, undeclared names).
func (ix *Index) Resolve(r *Ref) *Decl { return ix.Decl(r.Target, r.Name) }

// ExportKey identifies an export name written as a literal string or a Fn::Sub
// of a literal string, so that an output's Export Name and a Fn::ImportValue can
// be matched; "" when the name is computed otherwise.
func ExportKey(n *template.Node) string {
	if s, ok := n.Str(); ok && s != "" {
		return s
	}
	if n.IsIntrinsic("Fn::Sub") {
		if s, ok := n.Arg.Str(); ok && s != "" {
			return "!Sub " + s
		}
	}
	return ""
}
