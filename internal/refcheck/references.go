package refcheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Kind says how a template name is referenced.
type Kind int

// Kinds of reference.
const (
	KindRef       Kind = iota + 1 // Ref Name
	KindGetAtt                    // Fn::GetAtt Name.Attr
	KindSub                       // ${Name} or ${Name.Attr} inside a Fn::Sub string
	KindDependsOn                 // DependsOn: Name
	KindCondition                 // Condition: Name, Fn::If [Name, ...], Condition fn
	KindFindInMap                 // Fn::FindInMap [Name, ...]
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
	}
	return "unknown"
}

// Reference is one use of a template-level name: a parameter, resource, condition,
// mapping or pseudo parameter. Variables bound by a two-argument Fn::Sub and
// Fn::ForEach identifiers are not template-level names and are not listed.
type Reference struct {
	Kind Kind
	// Target is the referenced name ("MyBucket", "AWS::Region").
	Target string
	// Attr is the attribute part of a GetAtt or of a ${Res.Attr} Sub variable.
	Attr string
	// From is the node that holds the name: the scalar naming it, or the whole
	// Fn::Sub string for KindSub.
	From *template.Node
	// Range is the exact range of the name itself (without quotes, `${` or `.Attr`).
	Range template.Range
	// Section is the top-level section the reference sits in ("Resources", "Outputs", ...).
	Section string
	// Entry is the logical id of the section entry the reference sits in.
	Entry string

	fn *template.Node // the intrinsic (or attribute value) the reference comes from
	// macroInput is set for references inside Fn::Transform arguments or in
	// non-standard resource attributes: a macro consumes those, so whether the
	// name must exist is the macro's business.
	macroInput bool
}

// PseudoParameters are the names Ref accepts besides parameters and resources.
var PseudoParameters = []string{
	"AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition",
	"AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix",
}

// IsPseudo reports whether name is a pseudo parameter.
func IsPseudo(name string) bool {
	for _, p := range PseudoParameters {
		if p == name {
			return true
		}
	}
	return false
}

// Resolve returns the entry a reference names: a resource or parameter for Ref and
// Sub, a resource for GetAtt and DependsOn, a condition, or a mapping. It returns
// nil for pseudo parameters and unknown names.
func Resolve(t *template.Template, r Reference) *template.Entry {
	switch r.Kind {
	case KindRef, KindSub:
		if e := t.Parameter(r.Target); e != nil && r.Attr == "" {
			return e
		}
		return t.Resource(r.Target)
	case KindGetAtt, KindDependsOn:
		return t.Resource(r.Target)
	case KindCondition:
		return t.Condition(r.Target)
	case KindFindInMap:
		return t.Mapping(r.Target)
	}
	return nil
}

// References lists every reference to a template-level name in t, in document order.
func References(t *template.Template) []Reference {
	if t == nil || t.Root == nil {
		return nil
	}
	c := &collector{t: t, refs: make([]Reference, 0, estimateRefs(t.Text))}
	c.run()
	return c.refs
}

// estimateRefs guesses from the source how many references a template holds, a
// little high rather than low: growing a large slice step by step copies it
// several times over, while capacity that is never written costs little.
func estimateRefs(text string) int {
	n := 0
	for _, s := range [...]string{"Ref", "GetAtt", "${", "DependsOn", "Condition", "FindInMap", "!If", "Fn::If"} {
		n += strings.Count(text, s)
	}
	return n
}

// ReferencesTo returns the references that resolve to the given entry of a section
// ("Parameters", "Resources", "Conditions", "Mappings").
func ReferencesTo(t *template.Template, section, name string) []Reference {
	var out []Reference
	for _, r := range References(t) {
		if r.Target != name {
			continue
		}
		e := Resolve(t, r)
		if e != nil && t.Entry(section, name) == e {
			out = append(out, r)
		}
	}
	return out
}

// collector walks a template and records references.
type collector struct {
	t    *template.Template
	refs []Reference
	// locals holds the names bound by enclosing Fn::ForEach loops.
	locals []map[string]bool
	// macro counts the enclosing macro inputs (see Reference.macroInput).
	macro int
}

// add records a reference.
func (c *collector) add(r Reference) {
	r.macroInput = c.macro > 0
	c.refs = append(c.refs, r)
}

// resourceAttributes are the keys CloudFormation itself reads on a resource.
var resourceAttributes = map[string]bool{"Type": true, "Properties": true, "Metadata": true, "DependsOn": true,
	"Condition": true, "DeletionPolicy": true, "UpdatePolicy": true, "UpdateReplacePolicy": true,
	"CreationPolicy": true, "Version": true}

func (c *collector) run() {
	root := c.t.Root
	if root.Kind != template.Mapping {
		return
	}
	for _, p := range root.Pairs {
		sec := p.Key.Value
		switch sec {
		case "Resources", "Outputs", "Conditions", "Rules", "Parameters":
			if p.Value.Kind != template.Mapping {
				continue
			}
			for _, e := range p.Value.Pairs {
				c.entryOrLoop(sec, e)
			}
		case "Globals", "Metadata":
			c.walk(p.Value, sec, "")
		}
	}
}

// entryOrLoop records the references of a section entry, or of the entries a
// Fn::ForEach loop at section level generates, with the loop identifier bound.
func (c *collector) entryOrLoop(sec string, e *template.Pair) {
	v := e.Value
	if !strings.HasPrefix(e.Key.Value, "Fn::ForEach::") || v.Kind != template.Sequence || len(v.Items) != 3 {
		c.entry(sec, e)
		return
	}
	id, _ := v.Items[0].Str()
	c.walk(v.Items[1], sec, "")
	c.locals = append(c.locals, map[string]bool{id: true})
	if body := v.Items[2]; body.Kind == template.Mapping {
		for _, b := range body.Pairs {
			c.entryOrLoop(sec, b)
		}
	}
	c.locals = c.locals[:len(c.locals)-1]
}

func (c *collector) entry(sec string, e *template.Pair) {
	name := e.Key.Value
	v := e.Value
	if sec == "Resources" || sec == "Outputs" {
		if v.Kind == template.Mapping {
			for _, a := range v.Pairs {
				switch {
				case a.Key.Value == "Condition":
					c.name(KindCondition, a.Value, sec, name, a.Value)
					continue
				case a.Key.Value == "DependsOn" && sec == "Resources":
					if a.Value.Kind == template.Sequence {
						for _, it := range a.Value.Items {
							c.name(KindDependsOn, it, sec, name, a.Value)
						}
					} else {
						c.name(KindDependsOn, a.Value, sec, name, a.Value)
					}
					continue
				}
				if sec == "Resources" && !resourceAttributes[a.Key.Value] {
					c.macro++
					c.walk(a.Value, sec, name)
					c.macro--
					continue
				}
				c.walk(a.Value, sec, name)
			}
			return
		}
	}
	c.walk(v, sec, name)
}

// name records a reference whose whole scalar node is the name.
func (c *collector) name(k Kind, n *template.Node, sec, entry string, fn *template.Node) {
	s, ok := n.Str()
	if !ok || s == "" {
		return
	}
	c.add(Reference{Kind: k, Target: s, From: n, Range: c.rangeOf(n, s, 0),
		Section: sec, Entry: entry, fn: fn})
}

// rangeOf returns the range of sub inside n's source, or n's range.
func (c *collector) rangeOf(n *template.Node, sub string, nth int) template.Range {
	if r, ok := c.t.Find(n, sub, nth); ok {
		return r
	}
	return n.Range
}

func (c *collector) bound(name string) bool {
	for i := len(c.locals) - 1; i >= 0; i-- {
		if c.locals[i][name] {
			return true
		}
	}
	return false
}

func (c *collector) walk(n *template.Node, sec, entry string) {
	if n == nil {
		return
	}
	switch n.Kind {
	case template.Mapping:
		for _, p := range n.Pairs {
			if strings.HasPrefix(p.Key.Value, "Fn::ForEach::") && p.Value.Kind == template.Sequence && len(p.Value.Items) == 3 {
				id, _ := p.Value.Items[0].Str()
				c.walk(p.Value.Items[1], sec, entry)
				c.locals = append(c.locals, map[string]bool{id: true})
				c.walk(p.Value.Items[2], sec, entry)
				c.locals = c.locals[:len(c.locals)-1]
				continue
			}
			if p.Key.Value == "Fn::Transform" {
				c.macro++
				c.walk(p.Value, sec, entry)
				c.macro--
				continue
			}
			c.walk(p.Value, sec, entry)
		}
	case template.Sequence:
		for _, it := range n.Items {
			c.walk(it, sec, entry)
		}
	case template.Intrinsic:
		c.intrinsic(n, sec, entry)
	}
}

func (c *collector) intrinsic(n *template.Node, sec, entry string) {
	a := n.Arg
	switch n.Fn {
	case "Ref":
		if s, ok := a.Str(); ok && !c.bound(s) {
			c.name(KindRef, a, sec, entry, n)
			return
		}
	case "Condition":
		c.name(KindCondition, a, sec, entry, n)
		return
	case "Fn::If":
		if a.Kind == template.Sequence && len(a.Items) > 0 {
			c.name(KindCondition, a.Items[0], sec, entry, n)
			for _, it := range a.Items[1:] {
				c.walk(it, sec, entry)
			}
			return
		}
	case "Fn::FindInMap":
		if a.Kind == template.Sequence && len(a.Items) > 0 {
			c.name(KindFindInMap, a.Items[0], sec, entry, n)
			for _, it := range a.Items[1:] {
				c.walk(it, sec, entry)
			}
			return
		}
	case "Fn::GetAtt":
		c.getAtt(n, sec, entry)
		return
	case "Fn::Transform":
		c.macro++
		c.walk(a, sec, entry)
		c.macro--
		return
	case "Fn::Sub":
		c.sub(n, sec, entry)
		return
	}
	c.walk(a, sec, entry)
}

func (c *collector) getAtt(n *template.Node, sec, entry string) {
	a := n.Arg
	switch a.Kind {
	case template.Scalar:
		res, attr, _ := strings.Cut(a.Value, ".")
		if res == "" || c.bound(res) {
			return
		}
		c.add(Reference{Kind: KindGetAtt, Target: res, Attr: attr, From: a,
			Range: c.rangeOf(a, res, 0), Section: sec, Entry: entry, fn: n})
	case template.Sequence:
		if len(a.Items) == 0 {
			return
		}
		res, ok := a.Items[0].Str()
		if ok && res != "" && !c.bound(res) {
			attr := ""
			if len(a.Items) > 1 {
				attr, _ = a.Items[1].Str()
			}
			c.add(Reference{Kind: KindGetAtt, Target: res, Attr: attr, From: a.Items[0],
				Range: c.rangeOf(a.Items[0], res, 0), Section: sec, Entry: entry, fn: n})
		}
		for _, it := range a.Items[1:] {
			c.walk(it, sec, entry)
		}
	default:
		c.walk(a, sec, entry)
	}
}

func (c *collector) sub(n *template.Node, sec, entry string) {
	a := n.Arg
	str := a
	var locals map[string]bool // the variables of a two-argument Sub
	if a.Kind == template.Sequence {
		if len(a.Items) == 0 {
			return
		}
		str = a.Items[0]
		if len(a.Items) > 1 {
			vars := a.Items[1]
			c.walk(vars, sec, entry)
			if vars.Kind == template.Mapping {
				locals = make(map[string]bool, len(vars.Pairs))
				for _, p := range vars.Pairs {
					locals[p.Key.Value] = true
				}
			}
		}
	}
	if str.Kind != template.Scalar {
		c.walk(str, sec, entry)
		return
	}
	for _, v := range SubVariables(str.Value) {
		if locals[v.Name] || c.bound(v.Name) {
			continue
		}
		res, attr, _ := strings.Cut(v.Name, ".")
		if IsPseudo(v.Name) {
			res, attr = v.Name, ""
		}
		r := Reference{Kind: KindSub, Target: res, Attr: attr, From: str, Section: sec, Entry: entry, fn: n,
			Range: str.Range}
		if rng, ok := c.t.Find(str, v.Token, v.Nth); ok {
			start := rng.Start
			start.Char += 2 + v.Lead
			r.Range = template.Range{Start: start, End: template.Pos{Line: start.Line, Char: start.Char + template.UTF16Len(res)}}
		}
		c.add(r)
	}
}

// SubVar is one ${...} variable of a Fn::Sub string.
type SubVar struct {
	Name  string // trimmed name ("Bucket.Arn")
	Token string // the source token as written ("${Bucket.Arn}")
	Nth   int    // how many identical tokens come before this one
	Lead  int    // spaces between "${" and the name
}

// SubVariables parses the ${...} variables of a Fn::Sub string, skipping ${!Literal}s.
func SubVariables(s string) []SubVar {
	var out []SubVar
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "${")
		if j < 0 {
			break
		}
		j += i
		if j+2 < len(s) && s[j+2] == '!' {
			i = j + 3
			continue
		}
		k := strings.IndexByte(s[j+2:], '}')
		if k < 0 {
			break
		}
		raw := s[j+2 : j+2+k]
		tok := s[j : j+3+k]
		i = j + 3 + k
		name := strings.TrimSpace(raw)
		if name == "" {
			continue
		}
		nth := 0 // a string holds few variables: counting beats a map
		for _, v := range out {
			if v.Token == tok {
				nth++
			}
		}
		out = append(out, SubVar{Name: name, Token: tok, Nth: nth,
			Lead: len(raw) - len(strings.TrimLeft(raw, " \t"))})
	}
	return out
}
