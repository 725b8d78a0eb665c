package template

import (
	"strings"
	"unicode/utf8"

	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"gopkg.in/yaml.v3"
)

// yamlParser reads the YAML that templates are written in into ynodes
// as yaml.v3 would: block mappings and sequences (indentless sequences too), flow
// [..] and {..}, plain, single- and double-quoted scalars, literal and folded
// block scalars, comments, the intrinsic short-form tags and a leading "---". It
// follows libyaml's scanning rules for scalar values. Anything else — anchors,
// aliases, other tags, complex or multi-line keys, several documents, directives,
// tabs, empty flow values, dubious indentation — and any syntax error make it
// decline (ok=false) so that yaml.v3 decides.
type yamlParser struct {
	fastBase
	buf, ws, lead, trail []byte
}

func isBlankz(c byte) bool { return c == ' ' || c == '\n' || c == 0 }

func (p *yamlParser) parse() (*ynode, bool) {
	if !p.nextLine() || p.pos >= len(p.text) {
		return nil, false
	}
	if strings.HasPrefix(p.text[p.pos:], "---") && isBlankz(p.at(p.pos+3)) && p.col(p.pos) == 0 {
		p.pos += 3
		if !p.nextLine() || p.pos >= len(p.text) {
			return nil, false
		}
	}
	// A directive, or a second marker on the first content line, is left to yaml.v3
	// (the scan below only sees markers after a line break).
	rest := p.text[p.pos:]
	if c := p.at(p.pos); c == '%' || strings.HasPrefix(rest, "...") || strings.HasPrefix(rest, "---") {
		return nil, false
	}
	for _, m := range []string{"\n---", "\n..."} {
		for i := p.pos; ; {
			j := strings.Index(p.text[i:], m)
			if j < 0 {
				break
			}
			if isBlankz(p.at(i + j + 4)) {
				return nil, false
			}
			i += j + 4
		}
	}
	n, ok := p.node(-1, true)
	if !ok || !p.nextLine() || p.pos != len(p.text) {
		return nil, false
	}
	return n, true
}

// nextLine moves past the rest of the current line (spaces and a comment) and any
// blank or comment lines, to the first character of the next content line or the
// end of the text. It returns false when something other than a comment follows
// on the current line.
func (p *yamlParser) nextLine() bool {
	l, _ := p.mark(p.pos)
	start := p.lines.start[l-1]
	fresh := strings.TrimLeft(p.text[start:p.pos], " ") == ""
	broke := p.skipBlank()
	return fresh || broke || p.pos >= len(p.text)
}

// skipBlank moves past spaces, line breaks and comments, to the next content
// or the end of the text, and says whether it crossed a line break.
func (p *yamlParser) skipBlank() (broke bool) {
	for p.pos < len(p.text) {
		switch c := p.text[p.pos]; {
		case c == ' ':
			p.pos++
		case c == '\n':
			p.pos++
			p.line++
			broke = true
		case c == '#' && (p.pos == 0 || p.text[p.pos-1] == ' ' || p.text[p.pos-1] == '\n'):
			p.toLineEnd()
		default:
			return broke
		}
	}
	return broke
}

// toLineEnd moves p.pos to the end of its line (past a comment): to its line
// break, or to the end of the text.
func (p *yamlParser) toLineEnd() {
	if i := strings.IndexByte(p.text[p.pos:], '\n'); i >= 0 {
		p.pos += i
	} else {
		p.pos = len(p.text)
	}
}

// sameLineEnd skips spaces and reports whether the line ends (or a comment starts) at p.pos.
func (p *yamlParser) sameLineEnd() bool {
	for p.at(p.pos) == ' ' {
		p.pos++
	}
	c := p.at(p.pos)
	return c == '\n' || c == 0 || (c == '#' && p.text[p.pos-1] == ' ')
}

// keyFollows reports whether a ':' value indicator follows on the same line,
// leaving p.pos on it.
func (p *yamlParser) keyFollows(end int) bool {
	i := end
	for p.at(i) == ' ' {
		i++
	}
	if p.at(i) == ':' && isBlankz(p.at(i+1)) {
		p.pos = i
		return true
	}
	return false
}

// node parses the node at p.pos. indent is the column of the enclosing block
// collection (-1 at the top); block says whether a block collection may start here.
func (p *yamlParser) node(indent int, block bool) (*ynode, bool) {
	if !p.enter() {
		return nil, false
	}
	defer p.leave()
	start := p.pos
	switch c := p.at(p.pos); {
	case c == '!':
		return p.tagged(indent, block)
	case c == '-' && isBlankz(p.at(p.pos+1)):
		if !block {
			return nil, false
		}
		return p.blockSeq(p.col(start), false)
	case c == '[' || c == '{':
		n, ok := p.flow(indent)
		if !ok || p.keyFollows(p.pos) {
			return nil, false
		}
		return n, true
	case c == '|' || c == '>':
		return p.blockScalar(indent)
	}
	k, end, ok := p.scalar(indent, false)
	if !ok {
		return nil, false
	}
	if p.keyFollows(end) {
		if !block || strings.IndexByte(p.text[start:end], '\n') >= 0 || p.pos-start > 1000 {
			return nil, false
		}
		return p.blockMap(p.col(start), k, start)
	}
	return k, true
}

// tagged parses a node written with a short-form intrinsic tag.
func (p *yamlParser) tagged(indent int, block bool) (*ynode, bool) {
	start := p.pos
	i := p.pos
	for !isBlankz(p.at(i)) {
		i++
	}
	tag := p.text[start:i]
	if _, ok := lang.LongName(tag); !ok {
		return nil, false
	}
	p.pos = i
	var n *ynode
	if p.sameLineEnd() {
		if !p.nextLine() {
			return nil, false
		}
		if p.pos < len(p.text) && p.col(p.pos) > indent {
			c := p.at(p.pos)
			if c != '-' && c != '[' && c != '{' && c != '"' && c != '\'' {
				// A plain scalar or mapping under the tag: leave it to yaml.v3.
				return nil, false
			}
			var ok bool
			if c == '-' {
				if !isBlankz(p.at(p.pos + 1)) {
					return nil, false
				}
				n, ok = p.blockSeq(p.col(p.pos), false)
			} else {
				n, ok = p.node(indent, false)
			}
			if !ok {
				return nil, false
			}
		} else {
			n = p.newNode(yaml.ScalarNode, start)
			n.value = ""
		}
	} else {
		c := p.at(p.pos)
		if c == '!' || c == '-' {
			return nil, false
		}
		var ok bool
		if n, ok = p.node(indent, false); !ok {
			return nil, false
		}
	}
	n.tag = tag
	n.style |= yaml.TaggedStyle
	n.off = start
	return n, true
}

// blockMap parses a block mapping at column c whose first key k (at kstart) has
// been read; p.pos is on that key's ':'.
func (p *yamlParser) blockMap(c int, k *ynode, kstart int) (*ynode, bool) {
	section := p.sectionMap()
	n := p.newNode(yaml.MappingNode, kstart)
	n.tag = "!!map"
	for {
		// p.pos is on the ':' after key k.
		colonEnd := p.pos + 1
		p.pos++
		p.stream = p.streams(k)
		markCur, markNext := p.cur, p.next
		v, ok := p.value(c, colonEnd)
		p.stream = false
		if !ok {
			return nil, false
		}
		v = p.settle(section, k, v, markCur, markNext)
		n.content = append(n.content, k, v)
		if more, ok := p.nextItem(c); !more {
			return done(n, ok)
		}
		start := p.pos
		if ch := p.at(p.pos); ch == '-' || ch == '!' || ch == '[' || ch == '{' || ch == '|' || ch == '>' {
			return nil, false
		}
		var end int
		k, end, ok = p.scalar(c, false)
		if !ok || !p.keyFollows(end) || strings.IndexByte(p.text[start:end], '\n') >= 0 || p.pos-start > 1000 {
			return nil, false
		}
	}
}

// value parses the value of a key of the block mapping at column c; colonEnd is
// the offset just past the key's ':'.
func (p *yamlParser) value(c, colonEnd int) (*ynode, bool) {
	if !p.sameLineEnd() {
		return p.node(c, false)
	}
	if !p.nextLine() {
		return nil, false
	}
	if p.pos < len(p.text) {
		nc := p.col(p.pos)
		if nc > c {
			return p.node(c, true)
		}
		if nc == c && p.at(p.pos) == '-' && isBlankz(p.at(p.pos+1)) {
			return p.blockSeq(c, true)
		}
	}
	return p.empty(colonEnd), true
}

// nextItem moves past an item of the block collection at column c to the
// line of the next item: more is false where the collection ends (with the
// text, or at a line indented less), ok false where the fast path gives up
// (a line indented more).
func (p *yamlParser) nextItem(c int) (more, ok bool) {
	if !p.nextLine() {
		return false, false
	}
	if p.pos >= len(p.text) {
		return false, true
	}
	switch nc := p.col(p.pos); {
	case nc < c:
		return false, true
	case nc > c:
		return false, false
	}
	return true, true
}

// empty returns the null node yaml.v3 makes for a missing value at off.
func (p *yamlParser) empty(off int) *ynode {
	n := p.newNode(yaml.ScalarNode, off)
	n.tag = "!!null"
	return n
}

// blockSeq parses a block sequence whose dashes are at column c; indentless says
// it is the value of a key at the same column.
func (p *yamlParser) blockSeq(c int, indentless bool) (*ynode, bool) {
	p.stream = false
	n := p.newNode(yaml.SequenceNode, p.pos)
	n.tag = "!!seq"
	for {
		dashEnd := p.pos + 1
		p.pos++
		var item *ynode
		if p.sameLineEnd() {
			if !p.nextLine() {
				return nil, false
			}
			if p.pos < len(p.text) && p.col(p.pos) > c {
				var ok bool
				if item, ok = p.node(c, true); !ok {
					return nil, false
				}
			} else {
				item = p.empty(dashEnd)
			}
		} else {
			var ok bool
			if item, ok = p.node(c, true); !ok {
				return nil, false
			}
		}
		n.content = append(n.content, item)
		if more, ok := p.nextItem(c); !more {
			return done(n, ok)
		}
		if p.at(p.pos) != '-' || !isBlankz(p.at(p.pos+1)) {
			if indentless {
				return n, true
			}
			return nil, false
		}
	}
}

// scalar reads a quoted or plain scalar at p.pos; end is the offset just past it.
func (p *yamlParser) scalar(indent int, flow bool) (n *ynode, end int, ok bool) {
	start := p.pos
	switch c := p.at(p.pos); c {
	case '"', '\'':
		s, ok := p.quoted(indent)
		if !ok {
			return nil, 0, false
		}
		n = p.newNode(yaml.ScalarNode, start)
		n.tag, n.value = "!!str", s
		if c == '"' {
			n.style = yaml.DoubleQuotedStyle
		} else {
			n.style = yaml.SingleQuotedStyle
		}
		return n, p.pos, true
	case '&', '*', '?', '%', '@', '`', ',', '[', ']', '{', '}', '#', ':', '!', '|', '>', '\n', ' ', 0:
		return nil, 0, false
	case '-':
		if isBlankz(p.at(p.pos + 1)) {
			return nil, 0, false
		}
	}
	s, end := p.plain(indent, flow)
	if end == start {
		return nil, 0, false
	}
	if s == "<<" {
		return nil, 0, false // a merge key, which yaml.v3 applies
	}
	n = p.newNode(yaml.ScalarNode, start)
	n.tag, n.value = plainTag(s, YAML), s
	return n, end, true
}

// plain scans a plain scalar as libyaml does and returns its value and the offset
// just past its last character; p.pos is left where scanning stopped.
func (p *yamlParser) plain(indent int, flow bool) (string, int) {
	t := p.text
	s := p.buf[:0]
	ws, lead, trail := p.ws[:0], p.lead[:0], p.trail[:0]
	leading := false
	start, end := p.pos, p.pos
	for {
		if p.at(p.pos) == '#' {
			break
		}
		for !isBlankz(p.at(p.pos)) {
			c := t[p.pos]
			if c == ':' && isBlankz(p.at(p.pos+1)) {
				break
			}
			if flow && (c == ',' || c == '?' || c == '[' || c == ']' || c == '{' || c == '}') {
				break
			}
			if leading || len(ws) > 0 {
				if leading {
					if len(trail) == 0 {
						s = append(s, ' ')
					} else {
						s = append(s, trail...)
					}
					trail, lead, leading = trail[:0], lead[:0], false
				} else {
					s = append(s, ws...)
					ws = ws[:0]
				}
			}
			s = append(s, c)
			p.pos++
			end = p.pos
		}
		if c := p.at(p.pos); c != ' ' && c != '\n' {
			break
		}
		p.blanks(&ws, &lead, &trail, &leading)
		if !flow && p.col(p.pos) < indent+1 {
			break
		}
	}
	p.buf, p.ws, p.lead, p.trail = s, ws, lead, trail
	if strings.IndexByte(t[start:end], '\n') < 0 {
		return t[start:end], end // unfolded: the value is the source text
	}
	return string(s), end
}

// quoted scans a single- or double-quoted scalar as libyaml does. Lines after the
// first must be indented past indent.
func (p *yamlParser) quoted(indent int) (string, bool) {
	t := p.text
	single := t[p.pos] == '\''
	p.pos++
	start := p.pos
	raw := true // no escapes or line breaks so far: the value is the source text
	s := p.buf[:0]
	ws, lead, trail := p.ws[:0], p.lead[:0], p.trail[:0]
	defer func() { p.buf, p.ws, p.lead, p.trail = s, ws, lead, trail }()
	for {
		if p.pos >= len(t) {
			return "", false
		}
		leading := false
		for !isBlankz(p.at(p.pos)) {
			c := t[p.pos]
			switch {
			case single && c == '\'' && p.at(p.pos+1) == '\'':
				s = append(s, '\'')
				p.pos += 2
				raw = false
				continue
			case single && c == '\'', !single && c == '"':
			case !single && c == '\\' && p.at(p.pos+1) == '\n':
				p.pos += 2
				leading = true
				raw = false
			case !single && c == '\\':
				raw = false
				var ok bool
				if s, ok = p.escape(s); !ok {
					return "", false
				}
				continue
			default:
				s = append(s, c)
				p.pos++
				continue
			}
			break
		}
		if c := p.at(p.pos); (single && c == '\'') || (!single && c == '"') {
			p.pos++
			if raw {
				return t[start : p.pos-1], true
			}
			return string(s), true
		}
		if p.pos >= len(t) {
			return "", false
		}
		p.blanks(&ws, &lead, &trail, &leading)
		if leading {
			raw = false
		}
		if leading && p.col(p.pos) <= indent {
			return "", false
		}
		if leading {
			if len(lead) > 0 {
				if len(trail) == 0 {
					s = append(s, ' ')
				} else {
					s = append(s, trail...)
				}
			} else {
				s = append(s, trail...)
			}
			lead, trail = lead[:0], trail[:0]
		} else {
			s = append(s, ws...)
			ws = ws[:0]
		}
	}
}

// escape decodes the double-quoted escape sequence at p.pos onto s.
func (p *yamlParser) escape(s []byte) ([]byte, bool) {
	var r rune
	n := 0
	switch e := p.at(p.pos + 1); e {
	case '0':
		r = 0
	case 'a':
		r = 7
	case 'b':
		r = 8
	case 't':
		r = 9
	case 'n':
		r = 10
	case 'v':
		r = 11
	case 'f':
		r = 12
	case 'r':
		r = 13
	case 'e':
		r = 0x1b
	case ' ', '"', '\'', '\\':
		r = rune(e)
	case 'N':
		r = 0x85
	case '_':
		r = 0xa0
	case 'L':
		r = 0x2028
	case 'P':
		r = 0x2029
	case 'x':
		n = 2
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		return s, false
	}
	p.pos += 2
	if n > 0 {
		if p.pos+n > len(p.text) {
			return s, false
		}
		v := 0
		for _, h := range []byte(p.text[p.pos : p.pos+n]) {
			switch {
			case h >= '0' && h <= '9':
				v = v<<4 | int(h-'0')
			case h >= 'a' && h <= 'f':
				v = v<<4 | int(h-'a'+10)
			case h >= 'A' && h <= 'F':
				v = v<<4 | int(h-'A'+10)
			default:
				return s, false
			}
		}
		if (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF {
			return s, false
		}
		r = rune(v)
		p.pos += n
	}
	if r < utf8.RuneSelf {
		return append(s, byte(r)), true
	}
	return utf8.AppendRune(s, r), true
}

// blockScalar scans a literal or folded block scalar as libyaml does; indent is
// the column of the enclosing block collection.
func (p *yamlParser) blockScalar(indent int) (*ynode, bool) {
	t := p.text
	start := p.pos
	literal := t[p.pos] == '|'
	p.pos++
	chomp, incr := 0, 0
	if c := p.at(p.pos); c == '+' || c == '-' {
		chomp = map[byte]int{'+': 1, '-': -1}[c]
		p.pos++
		if d := p.at(p.pos); d >= '1' && d <= '9' {
			incr = int(d - '0')
			p.pos++
		}
	} else if c >= '1' && c <= '9' {
		incr = int(c - '0')
		p.pos++
		if c := p.at(p.pos); c == '+' || c == '-' {
			chomp = map[byte]int{'+': 1, '-': -1}[c]
			p.pos++
		}
	}
	if c := p.at(p.pos); c != ' ' && c != '\n' {
		return nil, false
	}
	if !p.sameLineEnd() {
		return nil, false
	}
	p.toLineEnd()
	if p.pos >= len(t) {
		return nil, false
	}
	p.pos++ // the header's line break is not content
	bi := 0
	if incr > 0 {
		bi = incr
		if indent >= 0 {
			bi = indent + incr
		}
	}
	s := p.buf[:0]
	var lead, trail []byte
	p.breaks(&bi, &trail, indent)
	leadingBlank := false
	for p.col(p.pos) == bi && p.pos < len(t) {
		trailingBlank := t[p.pos] == ' '
		if !literal && len(lead) > 0 && lead[0] == '\n' && !leadingBlank && !trailingBlank {
			if len(trail) == 0 {
				s = append(s, ' ')
			}
		} else {
			s = append(s, lead...)
		}
		lead = lead[:0]
		s = append(s, trail...)
		trail = trail[:0]
		leadingBlank = t[p.pos] == ' '
		e := strings.IndexByte(t[p.pos:], '\n')
		if e < 0 {
			s = append(s, t[p.pos:]...)
			p.pos = len(t)
			break
		}
		s = append(s, t[p.pos:p.pos+e]...)
		p.pos += e + 1
		lead = append(lead, '\n')
		p.breaks(&bi, &trail, indent)
	}
	if chomp != -1 {
		s = append(s, lead...)
	}
	if chomp == 1 {
		s = append(s, trail...)
	}
	p.buf = s
	n := p.newNode(yaml.ScalarNode, start)
	n.tag, n.value = "!!str", string(s)
	if literal {
		n.style = yaml.LiteralStyle
	} else {
		n.style = yaml.FoldedStyle
	}
	// The scalar ends before the first line indented less than bi; p.pos is on
	// that line's first non-space character (or at the end).
	return n, true
}

// breaks eats indentation and empty lines before a block scalar line, and fixes
// the indentation bi when it is not known yet (libyaml's scan_block_scalar_breaks).
func (p *yamlParser) breaks(bi *int, trail *[]byte, indent int) {
	t := p.text
	maxIndent := 0
	for {
		ls := p.pos // always a line start here
		for (*bi == 0 || p.pos-ls < *bi) && p.at(p.pos) == ' ' {
			p.pos++
		}
		if c := p.pos - ls; c > maxIndent {
			maxIndent = c
		}
		if p.pos >= len(t) || t[p.pos] != '\n' {
			break
		}
		*trail = append(*trail, '\n')
		p.pos++
	}
	if *bi == 0 {
		*bi = maxIndent
		if *bi < indent+1 {
			*bi = indent + 1
		}
		if *bi < 1 {
			*bi = 1
		}
	}
}

// flow parses a flow collection at p.pos inside the block collection at indent.
func (p *yamlParser) flow(indent int) (*ynode, bool) {
	if !p.enter() {
		return nil, false
	}
	defer p.leave()
	open := p.text[p.pos]
	var n *ynode
	closer := byte(']')
	if open == '[' {
		n = p.newNode(yaml.SequenceNode, p.pos)
		n.tag = "!!seq"
	} else {
		n = p.newNode(yaml.MappingNode, p.pos)
		n.tag = "!!map"
		closer = '}'
	}
	n.style = yaml.FlowStyle
	p.pos++
	for {
		if !p.flowSpace(indent) {
			return nil, false
		}
		if p.at(p.pos) == closer {
			p.pos++
			return n, true
		}
		kstart := p.pos
		item, ok := p.flowNode(indent)
		if !ok {
			return nil, false
		}
		if !p.flowSpace(indent) {
			return nil, false
		}
		if open == '[' {
			if p.at(p.pos) == ':' {
				return nil, false
			}
			n.content = append(n.content, item)
		} else {
			if item.kind != yaml.ScalarNode || item.style&yaml.TaggedStyle != 0 || p.at(p.pos) != ':' ||
				strings.IndexByte(p.text[kstart:p.pos], '\n') >= 0 || p.pos-kstart > 1000 {
				return nil, false
			}
			p.pos++
			if !p.flowSpace(indent) {
				return nil, false
			}
			if c := p.at(p.pos); c == ',' || c == '}' {
				return nil, false
			}
			v, ok := p.flowNode(indent)
			if !ok || !p.flowSpace(indent) {
				return nil, false
			}
			n.content = append(n.content, item, v)
		}
		switch p.at(p.pos) {
		case ',':
			p.pos++
		case closer:
			p.pos++
			return n, true
		default:
			return nil, false
		}
	}
}

// flowSpace skips spaces, line breaks and comments inside a flow collection;
// lines must stay indented past the enclosing block collection.
func (p *yamlParser) flowSpace(indent int) bool {
	broke := p.skipBlank()
	return p.pos < len(p.text) && (!broke || p.col(p.pos) > indent)
}

// flowNode parses one node inside a flow collection.
func (p *yamlParser) flowNode(indent int) (*ynode, bool) {
	switch c := p.at(p.pos); c {
	case '[', '{':
		return p.flow(indent)
	case '!':
		start := p.pos
		i := p.pos
		for !isBlankz(p.at(i)) && p.at(i) != ',' && p.at(i) != ']' && p.at(i) != '}' {
			i++
		}
		tag := p.text[start:i]
		if _, ok := lang.LongName(tag); !ok || p.at(i) != ' ' {
			return nil, false
		}
		p.pos = i
		for p.at(p.pos) == ' ' {
			p.pos++
		}
		if c := p.at(p.pos); c == '!' || c == ',' || c == ']' || c == '}' || c == '\n' || c == '#' || c == 0 {
			return nil, false
		}
		n, ok := p.flowNode(indent)
		if !ok {
			return nil, false
		}
		n.tag = tag
		n.style |= yaml.TaggedStyle
		n.off = start
		return n, true
	}
	start := p.pos
	n, end, ok := p.scalar(indent, true)
	if !ok {
		return nil, false
	}
	if n.style == 0 {
		// Plain scalars in flow may span lines; keep to one line on the fast path.
		if strings.IndexByte(p.text[start:end], '\n') >= 0 {
			return nil, false
		}
		p.pos = end
	}
	return n, true
}

// blanks consumes the spaces and line breaks between two words of a plain or
// quoted scalar, recording them as libyaml folds them: spaces in ws until the
// first break, that break in lead, further breaks in trail.
func (p *yamlParser) blanks(ws, lead, trail *[]byte, leading *bool) {
	for c := p.at(p.pos); c == ' ' || c == '\n'; c = p.at(p.pos) {
		switch {
		case c == ' ':
			if !*leading {
				*ws = append(*ws, ' ')
			}
		case !*leading:
			*ws = (*ws)[:0]
			*lead = append(*lead, '\n')
			*leading = true
		default:
			*trail = append(*trail, '\n')
		}
		p.pos++
	}
}
