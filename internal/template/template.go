// Package template is cfn-lsp's position-aware model of a CloudFormation template.
// YAML and JSON documents parse into the same Node tree; short-form tags and
// long-form Fn:: mappings become the same Intrinsic nodes.
package template

import (
	"bytes"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"weak"
)

// Sections of a template, in the order CloudFormation documents them.
var Sections = []string{
	"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings",
	"Conditions", "Transform", "Resources", "Outputs",
}

// Entry is one named entry of a section: a parameter, mapping, condition, resource or output.
type Entry struct {
	Name  string
	Key   *Node // the logical id as written
	Value *Node

	// typ is Type's answer, read once when the section is indexed (the
	// checks ask it of every resource for every rule); typed says it was.
	typ   string
	typed bool
}

// Get returns an attribute of the entry ("Type", "Properties", ...), or nil.
func (e *Entry) Get(key string) *Node { return e.Value.Get(key) }

// Type returns a resource entry's Type, or "".
func (e *Entry) Type() string {
	if e.typed {
		return e.typ
	}
	s, _ := e.Value.Get("Type").Str()
	return s
}

// Template is one parsed version of a document. It is immutable once built and
// safe to share between goroutines.
type Template struct {
	URI    string
	Text   string
	Format Format
	Lines  *Lines

	// Root is the document's top-level node. When the text has a syntax error, Root
	// is what could be recovered by blanking the offending lines (nil if nothing).
	Root *Node
	// Err is the first syntax error, or nil.
	Err *SyntaxError
	// Duplicates lists keys written twice in the same mapping.
	Duplicates []DuplicateKey
	// Binary is set when the document is not text.
	Binary bool
	// TooLarge is set when the document is over MaxSize and was not parsed.
	TooLarge bool

	Parameters []*Entry
	Mappings   []*Entry
	Conditions []*Entry
	Resources  []*Entry
	Outputs    []*Entry
	Rules      []*Entry

	index map[string]map[string]*Entry

	derived sync.Map // key -> *derivation, see Derived

	// splices counts the re-parses in a row this tree's shared entries come
	// from (see Reparse).
	splices int
	// prev is the version this one was re-parsed from, while something else
	// keeps it (see Previous).
	prev weak.Pointer[Template]
}

// Previous returns the version t was re-parsed from (Reparse), whose
// unchanged entries t shares, while that version is still in use elsewhere;
// nil when t was parsed in full or the old version is gone. What was derived
// from it (Built) can lend what holds for the shared entries.
func (t *Template) Previous() *Template {
	return t.prev.Value()
}

// derivation is one value derived from a template, built once.
type derivation struct {
	once  sync.Once
	value any
	done  atomic.Bool
}

// Built returns what Derived built for key, or nil when nothing was built for
// it yet (or is still being built). It never builds nor waits.
func (t *Template) Built(key any) any {
	d, ok := t.derived.Load(key)
	if !ok {
		return nil
	}
	if dv := d.(*derivation); dv.done.Load() {
		return dv.value
	}
	return nil
}

// Derived returns what build derives from t (the reference index, for one),
// building it on the first call only: a template is immutable, so everything
// computed from it holds for its whole life and every feature reading this
// version shares one copy. key tells derivations apart; the deriving package
// uses a value of a type of its own.
func (t *Template) Derived(key any, build func(*Template) any) any {
	d, ok := t.derived.Load(key)
	if !ok {
		d, _ = t.derived.LoadOrStore(key, new(derivation))
	}
	dv := d.(*derivation)
	dv.once.Do(func() {
		dv.value = build(t)
		dv.done.Store(true)
	})
	return dv.value
}

// Parse parses a document. It never fails: problems are recorded on the Template.
func Parse(uri string, text string) *Template {
	t := &Template{URI: uri, Text: text, Lines: NewLines(text)}
	t.Format = DetectFormat([]byte(text))
	if strings.HasSuffix(strings.ToLower(uri), ".json") && t.Format == YAML && strings.TrimSpace(text) != "" {
		t.Format = JSON
	}
	switch {
	case len(text) > MaxSize:
		t.TooLarge = true
		return t
	case isBinary(text):
		t.Binary = true
		return t
	}
	root, dups, err := parseTree(text, t.Lines, t.Format)
	if err != nil && root == nil {
		root, dups = recoverTree(text, err)
	}
	t.Err = err
	t.Root, t.Duplicates = root, dups
	t.indexSections()
	return t
}

// WithRoot returns a template of t's document (URI, text, lines, format and
// syntax findings) whose tree is root: the output of a transform, such as the
// expansion of Fn::ForEach loops, whose nodes carry ranges of t's text, so
// that whatever is found in it is found at its source.
func (t *Template) WithRoot(root *Node) *Template {
	x := &Template{URI: t.URI, Text: t.Text, Format: t.Format, Lines: t.Lines, Root: root,
		Err: t.Err, Duplicates: t.Duplicates, Binary: t.Binary, TooLarge: t.TooLarge}
	x.indexSections()
	return x
}

// indexSections lists the entries of the sections of t.Root.
func (t *Template) indexSections() {
	root := t.Root
	t.index = map[string]map[string]*Entry{}
	for _, s := range []struct {
		name string
		dst  *[]*Entry
	}{{"Parameters", &t.Parameters}, {"Mappings", &t.Mappings}, {"Conditions", &t.Conditions},
		{"Resources", &t.Resources}, {"Outputs", &t.Outputs}, {"Rules", &t.Rules}} {
		sec := root.Get(s.name)
		if sec == nil || sec.Kind != Mapping {
			continue
		}
		m := make(map[string]*Entry, len(sec.Pairs))
		for _, p := range sec.Pairs {
			e := &Entry{Name: p.Key.Value, Key: p.Key, Value: p.Value, typed: true}
			e.typ, _ = p.Value.Get("Type").Str()
			*s.dst = append(*s.dst, e)
			if _, dup := m[e.Name]; !dup {
				m[e.Name] = e
			}
		}
		t.index[s.name] = m
	}
}

// recoverTree blanks the lines that break parsing, a few times at most, so that a
// half-typed document still yields most of its structure.
func recoverTree(text string, err *SyntaxError) (*Node, []DuplicateKey) {
	buf := []byte(text)
	for try := 0; try < 4 && err != nil; try++ {
		lines := NewLines(string(buf))
		l := err.Range.Start.Line
		s, e := lines.LineStart(l), lines.LineStart(l)+len(lines.Line(l))
		for i := s; i < e; i++ {
			buf[i] = ' '
		}
		cur := string(buf)
		lines = NewLines(cur)
		var root *Node
		var dups []DuplicateKey
		root, dups, err = parseTree(cur, lines, DetectFormat(buf))
		if err == nil || root != nil { // a first document, when the text holds several
			return root, dups
		}
	}
	return nil, nil
}

func isBinary(text string) bool {
	head := text
	if len(head) > 8000 {
		head = head[:8000]
	}
	return strings.IndexByte(head, 0) >= 0 || !utf8.ValidString(head)
}

// Entry returns the named entry of a section ("Resources", "Parameters", ...), or nil.
func (t *Template) Entry(section, name string) *Entry {
	return t.index[section][name]
}

// Resource returns the resource with the given logical id, or nil.
func (t *Template) Resource(name string) *Entry { return t.Entry("Resources", name) }

// Parameter returns the parameter with the given name, or nil.
func (t *Template) Parameter(name string) *Entry { return t.Entry("Parameters", name) }

// Condition returns the condition with the given name, or nil.
func (t *Template) Condition(name string) *Entry { return t.Entry("Conditions", name) }

// Mapping returns the mapping with the given name, or nil.
func (t *Template) Mapping(name string) *Entry { return t.Entry("Mappings", name) }

// Transforms returns the template's Transform names.
func (t *Template) Transforms() []string {
	n := t.Root.Get("Transform")
	if s, ok := n.Str(); ok {
		return []string{s}
	}
	var out []string
	if n != nil && n.Kind == Sequence {
		for _, it := range n.Items {
			if s, ok := it.Str(); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// HasSAM reports whether the template uses the AWS::Serverless transform.
func (t *Template) HasSAM() bool {
	for _, tr := range t.Transforms() {
		if strings.HasPrefix(tr, "AWS::Serverless") {
			return true
		}
	}
	return false
}

// FromCDK reports whether the CDK wrote t: it adds an AWS::CDK::Metadata
// resource. Some rules leave such templates alone, as cfn-lint does.
func (t *Template) FromCDK() bool {
	for _, e := range t.Resources {
		if e.Type() == "AWS::CDK::Metadata" {
			return true
		}
	}
	return false
}

// IsTemplate reports whether the document is a CloudFormation template: it has
// AWSTemplateFormatVersion, a SAM transform, or a Resources map whose entries carry
// a Type. A broken document counts when its text shows those marks, so its syntax
// error is reported.
func (t *Template) IsTemplate() bool {
	if t.Root != nil && t.Root.Kind == Mapping {
		if t.Root.Get("AWSTemplateFormatVersion") != nil || t.HasSAM() {
			return true
		}
		for _, r := range t.Resources {
			if r.Value.Get("Type") != nil {
				return true
			}
		}
		if t.Err == nil {
			return false
		}
	}
	if t.Binary || t.TooLarge {
		return false
	}
	return LooksLikeTemplate([]byte(t.Text))
}

// LooksLikeTemplate is a cheap textual test for template marks, for documents that
// do not parse and for deciding which files a directory walk should read.
func LooksLikeTemplate(text []byte) bool {
	if len(text) > 200000 {
		text = text[:200000]
	}
	if bytes.Contains(text, []byte("AWSTemplateFormatVersion")) ||
		bytes.Contains(text, []byte("AWS::Serverless-2016-10-31")) {
		return true
	}
	return bytes.Contains(text, []byte("Resources")) && bytes.Contains(text, []byte("Type")) &&
		bytes.Contains(text, []byte("::"))
}

// Range of the whole document.
func (t *Template) Range() Range {
	return Range{End: t.Lines.PosOf(len(t.Text))}
}

// Find locates the first occurrence of sub in the source text of n, for ranges
// inside a string value (a ${Var} in a Sub string). nth skips earlier matches.
func (t *Template) Find(n *Node, sub string, nth int) (Range, bool) {
	s, e := t.Lines.Offset(n.Range.Start), t.Lines.Offset(n.Range.End)
	if e > len(t.Text) || s > e {
		return Range{}, false
	}
	src := t.Text[s:e]
	from := 0
	for i := 0; ; i++ {
		j := strings.Index(src[from:], sub)
		if j < 0 {
			return Range{}, false
		}
		if i == nth {
			start := s + from + j
			return Range{t.Lines.PosOf(start), t.Lines.PosOf(start + len(sub))}, true
		}
		from += j + len(sub)
	}
}

// PathAt returns the chain of nodes from the root to the innermost node at pos.
func (t *Template) PathAt(pos Pos) []*Node { return PathAt(t.Root, pos) }

// ResourceOf returns the resource entry that contains n, or nil. Inside the
// body of a Fn::ForEach loop in Resources, it is the body's entry as written
// ("Queue${Name}"), which stands for the resources the loop produces.
func (t *Template) ResourceOf(n *Node) *Entry {
	for ; n != nil; n = n.Parent {
		m := n.Parent
		if m == nil || m.Kind != Mapping {
			continue
		}
		if m.IsTopLevel() && m.KeyOf() == "Resources" {
			for _, e := range t.Resources {
				if e.Value == n || e.Key == n {
					return e
				}
			}
		}
		if t.inResourceLoop(m) {
			for _, p := range m.Pairs {
				if (p.Value == n || p.Key == n) && !strings.HasPrefix(p.Key.Value, "Fn::ForEach::") {
					return &Entry{Name: p.Key.Value, Key: p.Key, Value: p.Value}
				}
			}
		}
	}
	return nil
}

// inResourceLoop reports whether m is the body of a Fn::ForEach loop that
// stands among the entries of Resources (or in such a body).
func (t *Template) inResourceLoop(m *Node) bool {
	for {
		seq := m.Parent
		if seq == nil || seq.Kind != Sequence || len(seq.Items) != 3 || seq.Items[2] != m ||
			!strings.HasPrefix(seq.KeyOf(), "Fn::ForEach::") {
			return false
		}
		m = seq.Parent
		if m.IsTopLevel() && m.KeyOf() == "Resources" {
			return true
		}
	}
}
