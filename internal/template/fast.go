package template

import (
	"sort"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"gopkg.in/yaml.v3"
)

// The fast path. yaml.v3 spends most of a large template's parse time in its
// scanner and event parser. fastParse reads the two shapes real templates take —
// strict JSON, and the block/flow subset of YAML that templates are written in —
// into compact ynodes carrying what yaml.v3 would report (kind, style, tag,
// value, position, children), and the builder (fast_build.go) turns them into the
// Node tree by the converter's rules. Anything outside that subset, and any
// syntax error, makes fastParse decline; the caller then takes the yaml.v3 path,
// which also locates errors. The differential tests (fast_test.go,
// fast_gen_test.go, FuzzFastParse) check that both paths build the same tree.

// fastOff turns the fast path off (tests compare both paths).
var fastOff atomic.Bool

// fastParse returns the document node's content, or ok=false when the text must
// go through yaml.v3. The nodes live in pooled slabs: call release once done with
// them. early, when set, is handed each section entry's value as soon as it is
// read (see fastBase.early).
func fastParse(text string, lines *Lines, format Format, early func(*ynode) *Node) (root *ynode, release func(), ok bool) {
	if !fastText(text, format) {
		return nil, nil, false
	}
	var b *fastBase
	if format == JSON {
		p := &jsonParser{fastBase: fastBase{text: text, lines: lines, early: early}}
		b = &p.fastBase
		root, ok = p.parse()
	} else {
		p := &yamlParser{fastBase: fastBase{text: text, lines: lines, early: early}}
		b = &p.fastBase
		root, ok = p.parse()
	}
	if !ok {
		b.release()
		return nil, nil, false
	}
	return root, b.release, true
}

// fastTree is parseTree's fast path: it returns handled=false when the text must
// go through yaml.v3.
func fastTree(text string, lines *Lines, format Format) (root *Node, dups []DuplicateKey, handled bool) {
	if fastOff.Load() {
		return nil, nil, false
	}
	b := &builder{converter: converter{text: text, lines: lines, format: format}}
	Prepare(len(text))
	defer parsed()
	early := func(y *ynode) *Node {
		b.early = true
		return b.convert(y, nil, false, sectionEntryDepth)
	}
	y, release, ok := fastParse(text, lines, format, early)
	if !ok {
		return nil, nil, false
	}
	defer release()
	if y == nil {
		return nil, nil, true
	}
	root = b.convert(y, nil, false, 0)
	if b.early {
		// Entries built early recorded their duplicates before the keys
		// around them: restore document order, which the converter yields.
		sort.SliceStable(b.dups, func(i, j int) bool { return b.dups[i].Range.Start.Less(b.dups[j].Range.Start) })
	}
	return root, b.dups, true
}

// fastText reports whether text has none of the characters the fast parsers leave
// to yaml.v3: control characters, characters YAML does not allow unescaped, line
// breaks other than "\n" (YAML also breaks lines at "\r", NEL, LS and PS, which
// Lines does not), a byte order mark, and — in YAML — tabs and "\r\n". JSON
// allows any character in its strings (ReadDocument reads them so on the yaml.v3
// path too), and a byte order mark before its value.
func fastText(text string, format Format) bool {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n' || (c >= 0x20 && c < 0x7f):
			case format == JSON && (c == '\t' || c == 0x7f):
			case format == JSON && c == '\r' && i+1 < len(text) && text[i+1] == '\n':
			default:
				return false
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return false
		case format == JSON:
		case r >= 0xA0 && r <= 0xD7FF && r != 0x2028 && r != 0x2029:
		case r >= 0xE000 && r <= 0xFFFD && r != 0xFEFF:
		case r >= 0x10000 && r <= 0x10FFFF:
		default:
			return false
		}
		i += size - 1
	}
	return true
}

// ynode is the fast parsers' compact record of a YAML node: what yaml.v3 would
// report in the fields the converter reads, with the node's byte offset in place
// of its line and column.
type ynode struct {
	kind    yaml.Kind
	style   yaml.Style
	tag     string
	value   string
	off     int
	content []*ynode
	// built is the tree already built from this node's former content (see
	// fastBase.early); the node keeps only its kind and offset then.
	built *Node
}

// fastBase holds what both fast parsers share: the text, its line index and the
// slabs nodes are taken from.
type fastBase struct {
	text  string
	lines *Lines
	pos   int
	line  int // a hint: the line of the last offset converted by mark
	used  []*[]ynode
	cur   int // how many slabs of used are in use: the last of them is filling
	next  int // the next free node of the filling slab
	depth int

	// early, when set, builds the tree of each value of a plain top-level
	// section's entries (a resource, a parameter, ...) as soon as the value is
	// read; the value's ynodes are then reused for the next one, so a large
	// template never holds all its ynodes at once. It applies where the
	// builder's context (depth, not in a condition) is known in advance: the
	// section is an untagged block or JSON mapping under a root mapping, and
	// neither the section's key nor the entry's key is an intrinsic function name.
	early func(*ynode) *Node
	// stream says the next mapping at sectionDepth is such a section.
	stream bool
}

// enter counts one more level of nesting; false beyond maxFastDepth, where the
// fast path gives up. Each call is matched by a deferred leave.
func (p *fastBase) enter() bool {
	p.depth++
	return p.depth <= maxFastDepth
}

func (p *fastBase) leave() { p.depth-- }

// done returns a collection read to its end, or nothing when the fast path
// gave up on it (ok false).
func done(n *ynode, ok bool) (*ynode, bool) {
	if !ok {
		return nil, false
	}
	return n, true
}

// sectionDepth is the parsers' depth of a top-level section's mapping, and
// sectionEntryDepth the builder's depth of its entries' values.
const (
	sectionDepth      = 2
	sectionEntryDepth = 2
)

// slabs recycles ynodes: the tree builder copies what it needs out of them, so
// they are garbage once a tree is built, and reusing them (with their content
// arrays) spares the allocator and the GC.
var slabs = sync.Pool{New: func() any {
	s := make([]ynode, 512)
	return &s
}}

func (p *fastBase) newNode(kind yaml.Kind, off int) *ynode {
	if p.cur == 0 || p.next == len(*p.used[p.cur-1]) {
		if p.cur == len(p.used) {
			p.used = append(p.used, slabs.Get().(*[]ynode))
		}
		p.cur++
		p.next = 0
	}
	n := &(*p.used[p.cur-1])[p.next]
	p.next++
	*n = ynode{kind: kind, off: off, content: n.content[:0]}
	return n
}

// release returns the slabs to the pool; the nodes must not be used after.
func (p *fastBase) release() {
	for _, s := range p.used {
		if p.early != nil {
			for i := range *s {
				(*s)[i].built = nil // a pooled slab must not keep a tree alive
			}
		}
		slabs.Put(s)
	}
	p.used, p.cur, p.next = nil, 0, 0
}

// sectionMap reports whether the mapping being entered is a section whose
// entries are built early, and clears the request either way: only the
// collection directly under the section key may take it.
func (p *fastBase) sectionMap() bool {
	s := p.stream && p.depth == sectionDepth
	p.stream = false
	return s
}

// streams says whether the value of root key k may be a section built early.
func (p *fastBase) streams(k *ynode) bool {
	return p.early != nil && p.depth == 1 && plainKey(k)
}

// plainKey reports whether the builder sees k as a string key that is not an
// intrinsic function name.
func plainKey(k *ynode) bool {
	return k.kind == yaml.ScalarNode && k.tag == "!!str" && k.value != "" && !lang.IsIntrinsicName(k.value)
}

// settle builds v, the value of entry key k, early when section says its
// mapping is a section and k allows, and then reuses the nodes v was read into
// from mark (taken before v was read): it returns the stub standing for v.
func (p *fastBase) settle(section bool, k, v *ynode, markCur, markNext int) *ynode {
	if !section || !plainKey(k) {
		return v
	}
	built := p.early(v)
	kind, off := v.kind, v.off
	p.cur, p.next = markCur, markNext
	stub := p.newNode(kind, off)
	stub.built = built
	return stub
}

// mark returns yaml.v3's 1-based line and 1-based character column of a byte offset.
func (p *fastBase) mark(off int) (int, int) {
	l := p.line
	for l+1 < len(p.lines.start) && p.lines.start[l+1] <= off {
		l++
	}
	for l > 0 && p.lines.start[l] > off {
		l--
	}
	p.line = l
	start := p.lines.start[l]
	if !p.lines.wide[l] {
		return l + 1, off - start + 1
	}
	return l + 1, utf8.RuneCountInString(p.text[start:off]) + 1
}

// col returns the 0-based character column of a byte offset on the current line.
func (p *fastBase) col(off int) int {
	_, c := p.mark(off)
	return c - 1
}

func (p *fastBase) at(i int) byte {
	if i < len(p.text) {
		return p.text[i]
	}
	return 0
}
