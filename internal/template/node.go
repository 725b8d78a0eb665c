package template

import "strings"

// Kind is the kind of a Node.
type Kind uint8

const (
	// Null is an empty value (`Key:` with nothing after it) or an explicit null.
	Null Kind = iota
	// Scalar is a string, number or boolean.
	Scalar
	// Mapping is an ordered map of scalar keys to nodes.
	Mapping
	// Sequence is a list.
	Sequence
	// Intrinsic is a call of an intrinsic function, in short (`!Ref X`) or long
	// (`{"Ref": "X"}`, `Fn::GetAtt: [...]`) form. Fn names the function in its long
	// form ("Ref", "Condition", "Fn::GetAtt", ...) and Arg holds its argument.
	Intrinsic
)

func (k Kind) String() string {
	return [...]string{"null", "scalar", "mapping", "sequence", "intrinsic"}[k]
}

// ScalarType is how YAML resolved a scalar (JSON's types map onto the same set).
type ScalarType uint8

const (
	Str ScalarType = iota
	Int
	Float
	Bool
)

// Node is one value of a template, with its position in the source.
type Node struct {
	Kind Kind
	// Scalar: how YAML resolved it, and whether it was quoted.
	Type   ScalarType
	Quoted bool
	// Intrinsic: written with a short-form tag such as !Ref.
	Short bool

	Range Range

	// Scalar.
	Value string

	// Mapping.
	Pairs []*Pair
	// Sequence.
	Items []*Node

	// Intrinsic.
	Fn  string
	Arg *Node

	// Tag is the YAML tag as written when it was not a known intrinsic ("!Foo").
	Tag string

	Parent *Node
}

// Pair is one key/value entry of a Mapping.
type Pair struct {
	Key   *Node // always a Scalar
	Value *Node // never nil: an empty value is a Null node
}

// Get returns the value stored under key in a mapping, or nil.
func (n *Node) Get(key string) *Node {
	if p := n.GetPair(key); p != nil {
		return p.Value
	}
	return nil
}

// GetPair returns the entry stored under key in a mapping, or nil.
func (n *Node) GetPair(key string) *Pair {
	if n == nil || n.Kind != Mapping {
		return nil
	}
	for _, p := range n.Pairs {
		if p.Key.Value == key {
			return p
		}
	}
	return nil
}

// Str returns the value of a scalar node as CloudFormation reads it (Text:
// a plain yes is "true", 017 is "15") and whether n is one.
func (n *Node) Str() (string, bool) {
	if n == nil || n.Kind != Scalar {
		return "", false
	}
	return n.Text(), true
}

// IsIntrinsic reports whether n is a call of the named function (long name, e.g. "Fn::Sub").
func (n *Node) IsIntrinsic(fn string) bool {
	return n != nil && n.Kind == Intrinsic && n.Fn == fn
}

// Target returns the logical id a Ref or an Fn::GetAtt names ("Res" of
// "Res.Attr" or [Res, Attr]), "" for other values.
func (n *Node) Target() string {
	switch {
	case n.IsIntrinsic("Ref"):
		s, _ := n.Arg.Str()
		return s
	case n.IsIntrinsic("Fn::GetAtt"):
		if s, ok := n.Arg.Str(); ok {
			name, _, _ := strings.Cut(s, ".")
			return name
		}
		if n.Arg != nil && n.Arg.Kind == Sequence && len(n.Arg.Items) > 0 {
			s, _ := n.Arg.Items[0].Str()
			return s
		}
	}
	return ""
}

// IfArgs returns the condition and the two branches of a well-formed Fn::If
// (an argument list of three items); ok is false for anything else.
func (n *Node) IfArgs() (cond, yes, no *Node, ok bool) {
	if !n.IsIntrinsic("Fn::If") || n.Arg == nil || n.Arg.Kind != Sequence || len(n.Arg.Items) != 3 {
		return nil, nil, nil, false
	}
	return n.Arg.Items[0], n.Arg.Items[1], n.Arg.Items[2], true
}

// IsNoValue reports whether n is `Ref: AWS::NoValue`, which removes the property it is given to.
func (n *Node) IsNoValue() bool {
	if !n.IsIntrinsic("Ref") {
		return false
	}
	s, _ := n.Arg.Str()
	return s == "AWS::NoValue"
}

// ShortName returns the function name without its "Fn::" prefix ("GetAtt", "Ref").
func (n *Node) ShortName() string {
	return strings.TrimPrefix(n.Fn, "Fn::")
}

// Walk calls fn for n and every node below it, depth first, in document order,
// keys before values. fn returns false to skip a node's children.
func Walk(n *Node, fn func(*Node) bool) {
	if n == nil || !fn(n) {
		return
	}
	switch n.Kind {
	case Mapping:
		for _, p := range n.Pairs {
			Walk(p.Key, fn)
			Walk(p.Value, fn)
		}
	case Sequence:
		for _, it := range n.Items {
			Walk(it, fn)
		}
	case Intrinsic:
		Walk(n.Arg, fn)
	}
}

// PathAt returns the chain of nodes from n down to the innermost node whose range
// contains pos, keys included (a key node is the last element when pos is on a key).
func PathAt(n *Node, pos Pos) []*Node {
	var path []*Node
	for n != nil && n.Range.Contains(pos) {
		path = append(path, n)
		var next *Node
		switch n.Kind {
		case Mapping:
			for _, p := range n.Pairs {
				if p.Key.Range.Contains(pos) {
					next = p.Key
					break
				}
				if p.Value.Range.Contains(pos) && p.Value.Kind != Null {
					next = p.Value
					break
				}
			}
		case Sequence:
			for _, it := range n.Items {
				if it.Range.Contains(pos) {
					next = it
					break
				}
			}
		case Intrinsic:
			next = n.Arg
		}
		if next == nil || next == n {
			break
		}
		n = next
	}
	return path
}

// IsKey reports whether n is a key of its parent mapping.
func (n *Node) IsKey() bool {
	if n == nil || n.Parent == nil || n.Parent.Kind != Mapping {
		return false
	}
	for _, p := range n.Parent.Pairs {
		if p.Key == n {
			return true
		}
	}
	return false
}

// KeyOf returns the key under which n is stored in its parent mapping, or "".
func (n *Node) KeyOf() string {
	if n == nil || n.Parent == nil || n.Parent.Kind != Mapping {
		return ""
	}
	for _, p := range n.Parent.Pairs {
		if p.Value == n || p.Key == n {
			return p.Key.Value
		}
	}
	return ""
}

// Clone returns a deep copy of n whose parent is parent: the nodes keep their
// ranges, so a transform's output built of copies still points at the source.
func Clone(n, parent *Node) *Node {
	if n == nil {
		return nil
	}
	c := *n
	c.Parent = parent
	switch n.Kind {
	case Mapping:
		c.Pairs = make([]*Pair, len(n.Pairs))
		for i, p := range n.Pairs {
			c.Pairs[i] = &Pair{Key: Clone(p.Key, &c), Value: Clone(p.Value, &c)}
		}
	case Sequence:
		c.Items = make([]*Node, len(n.Items))
		for i, it := range n.Items {
			c.Items[i] = Clone(it, &c)
		}
	case Intrinsic:
		c.Arg = Clone(n.Arg, &c)
	}
	return &c
}
