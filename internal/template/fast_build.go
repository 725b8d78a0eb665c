package template

import (
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// builder turns ynodes into the Node tree exactly as converter turns yaml.v3's
// nodes (parse.go): the same ranges, intrinsic and condition rules and duplicate
// records; FuzzFastParse holds the two to that. It reuses the converter's range
// helpers and allocates nodes in slabs, since a tree lives and dies as a whole.
type builder struct {
	converter
	nodes []Node
	pairs []Pair
	hint  int  // the line of the last offset posOf converted
	early bool // some subtrees were built while parsing (see fastBase.early)
}

// posOf is Lines.PosOf, starting its search at the line of the previous call:
// the builder visits offsets mostly in document order.
func (b *builder) posOf(off int) Pos {
	l := b.lines
	off = min(max(off, 0), len(l.text))
	i := b.hint
	if i >= len(l.start) || l.start[i] > off {
		i = sort.Search(len(l.start), func(j int) bool { return l.start[j] > off }) - 1
	} else {
		for steps := 0; i+1 < len(l.start) && l.start[i+1] <= off; steps++ {
			if steps == 8 {
				i = sort.Search(len(l.start), func(j int) bool { return l.start[j] > off }) - 1
				break
			}
			i++
		}
	}
	b.hint = i
	if !l.wide[i] {
		return Pos{Line: i, Char: off - l.start[i]}
	}
	return Pos{Line: i, Char: UTF16Len(l.text[l.start[i]:off])}
}

func (b *builder) node(parent *Node) *Node {
	if len(b.nodes) == 0 {
		b.nodes = newSlab()
	}
	n := &b.nodes[0]
	b.nodes = b.nodes[1:]
	n.Parent = parent
	return n
}

func (b *builder) pair(k, v *Node) *Pair {
	if len(b.pairs) == 0 {
		b.pairs = make([]Pair, 256)
	}
	p := &b.pairs[0]
	b.pairs = b.pairs[1:]
	p.Key, p.Value = k, v
	return p
}

// convert mirrors converter.convert.
func (b *builder) convert(y *ynode, parent *Node, inCond bool, depth int) *Node {
	if y.built != nil {
		y.built.Parent = parent
		return y.built
	}
	off := y.off
	n := b.node(parent)
	if b.shortForm(n, y.tag, off, y.kind != yaml.ScalarNode || y.value != "", inCond, b.posOf, func(argOff int, inCond bool) *Node {
		return b.fill(b.node(n), y, true, argOff, inCond, depth+1)
	}) {
		return n
	}
	return b.fill(n, y, false, off, inCond, depth)
}

// fill mirrors converter.fill; untagged says y is the argument of a short-form
// tag, which the converter sees with its tag stripped.
func (b *builder) fill(n *Node, y *ynode, untagged bool, off int, inCond bool, depth int) *Node {
	start := b.posOf(off)
	if depth > 500 {
		n.Range = Range{start, start}
		return n
	}
	tag, style := y.tag, y.style
	if untagged {
		tag, style = "", style&^yaml.TaggedStyle
	}
	if strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!") {
		n.Tag = tag
	}
	switch y.kind {
	case yaml.ScalarNode:
		null, typ := ResolveScalar(tag, style, y.value, b.format)
		if null {
			n.Kind = Null
			end := off
			if y.value != "" {
				end = off + len(y.value)
			}
			n.Range = Range{start, b.posOf(end)}
			return n
		}
		n.Kind = Scalar
		n.Value = y.value
		n.Quoted = style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
		n.Type = typ
		n.Range = Range{start, b.posOf(b.scalarEnd(&yaml.Node{Style: style, Value: y.value}, off))}
	case yaml.MappingNode:
		n.Kind = Mapping
		var seen map[string]*Node
		if len(y.content) > 16 {
			seen = make(map[string]*Node, len(y.content)/2)
		}
		if len(y.content) > 0 {
			n.Pairs = make([]*Pair, 0, len(y.content)/2)
		}
		end := off
		for i := 0; i+1 < len(y.content); i += 2 {
			ky := y.content[i]
			k := b.convert(ky, n, false, depth+1)
			if k.Kind != Scalar {
				k.Kind, k.Value = Scalar, b.text[ky.off:b.lines.Offset(k.Range.End)]
			}
			if first := b.firstKey(n, seen, k); first != nil {
				b.dups = append(b.dups, DuplicateKey{Key: k.Value, Range: k.Range, First: first.Range})
			}
			v := b.convert(y.content[i+1], n, valueInCondition(inCond, k.Value), depth+1)
			if v.Kind == Null && v.Range.Start.Less(k.Range.End) {
				v.Range = Range{k.Range.End, k.Range.End}
			}
			n.Pairs = append(n.Pairs, b.pair(k, v))
			if e := b.lines.Offset(v.Range.End); e > end {
				end = e
			}
			if e := b.lines.Offset(k.Range.End); e > end {
				end = e
			}
		}
		if style&yaml.FlowStyle != 0 {
			end = b.closeFlow(off, end, '{', '}')
		}
		n.Range = Range{start, b.posOf(end)}
		foldCall(n, inCond)
	case yaml.SequenceNode:
		n.Kind = Sequence
		if len(y.content) > 0 {
			n.Items = make([]*Node, 0, len(y.content))
		}
		end := off
		for _, it := range y.content {
			v := b.convert(it, n, inCond, depth+1)
			n.Items = append(n.Items, v)
			if e := b.lines.Offset(v.Range.End); e > end {
				end = e
			}
		}
		if style&yaml.FlowStyle != 0 {
			end = b.closeFlow(off, end, '[', ']')
		}
		n.Range = Range{start, b.posOf(end)}
	default:
		n.Range = Range{start, start}
	}
	return n
}

// firstKey returns the earlier key of mapping n equal to k (not yet added), or
// nil, recording k in seen when the mapping is large enough to have one.
func (b *builder) firstKey(n *Node, seen map[string]*Node, k *Node) *Node {
	if seen != nil {
		if first, ok := seen[k.Value]; ok {
			return first
		}
		seen[k.Value] = k
		return nil
	}
	for _, p := range n.Pairs {
		if p.Key.Value == k.Value {
			return p.Key
		}
	}
	return nil
}
