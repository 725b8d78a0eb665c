package template

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// jsonParser reads strict JSON (RFC 8259) into ynodes as ReadDocument would
// read the same text. It declines (ok=false) on any syntax error and on the few
// JSON texts yaml.v3 reads differently or rejects and ReadDocument does not
// make up for: a top-level value that is not an object or array, tabs outside
// it, a key separated from its colon by a line break or longer than yaml.v3's
// 1024-character simple-key limit.
type jsonParser struct {
	fastBase
	buf []byte
}

// maxFastDepth bounds nesting on the fast path (yaml.v3 stops at 10000).
const maxFastDepth = 1000

func (p *jsonParser) parse() (*ynode, bool) {
	if strings.HasPrefix(p.text, byteOrderMark) {
		p.pos = len(byteOrderMark)
	}
	p.skipSpace(false)
	if c := p.at(p.pos); c != '{' && c != '[' {
		return nil, false
	}
	n, ok := p.value()
	if !ok {
		return nil, false
	}
	p.skipSpace(false)
	if p.pos != len(p.text) {
		return nil, false
	}
	return n, true
}

// skipSpace skips JSON whitespace; tabs only inside the top-level value, where
// yaml.v3 is in flow context.
func (p *jsonParser) skipSpace(inside bool) {
	for p.pos < len(p.text) {
		switch p.text[p.pos] {
		case ' ', '\r':
		case '\n':
			p.line++
		case '\t':
			if !inside {
				return
			}
		default:
			return
		}
		p.pos++
	}
}

func (p *jsonParser) value() (*ynode, bool) {
	switch c := p.at(p.pos); {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		start := p.pos
		s, ok := p.str()
		if !ok {
			return nil, false
		}
		n := p.newNode(yaml.ScalarNode, start)
		n.tag, n.value, n.style = "!!str", s, yaml.DoubleQuotedStyle
		return n, true
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.pos
		if !p.number() {
			return nil, false
		}
		s := p.text[start:p.pos]
		n := p.newNode(yaml.ScalarNode, start)
		n.tag = plainTag(s, JSON)
		n.value = s
		return n, true
	default:
		for _, lit := range []string{"true", "false", "null"} {
			if strings.HasPrefix(p.text[p.pos:], lit) {
				start := p.pos
				p.pos += len(lit)
				if e := p.at(p.pos); e != ',' && e != '}' && e != ']' && e != ' ' && e != '\n' && e != '\r' && e != '\t' && e != 0 {
					return nil, false
				}
				n := p.newNode(yaml.ScalarNode, start)
				n.tag = plainTag(lit, JSON)
				n.value = lit
				return n, true
			}
		}
	}
	return nil, false
}

// open starts the object or array at p.pos (kind and tag say which): it makes
// the node and reads past the opening bracket and, if the collection is
// empty, its close (closer).
func (p *jsonParser) open(kind yaml.Kind, tag string, closer byte) (n *ynode, empty bool) {
	n = p.newNode(kind, p.pos)
	n.tag, n.style = tag, yaml.FlowStyle
	p.pos++
	p.skipSpace(true)
	if p.at(p.pos) == closer {
		p.pos++
		return n, true
	}
	return n, false
}

// follow reads what follows an item of an object or array: a comma, after
// which more items follow, or the collection's close (closer); ok is false
// for anything else.
func (p *jsonParser) follow(closer byte) (more, ok bool) {
	p.skipSpace(true)
	switch p.at(p.pos) {
	case ',':
		p.pos++
		p.skipSpace(true)
		return true, true
	case closer:
		p.pos++
		return false, true
	}
	return false, false
}

func (p *jsonParser) object() (*ynode, bool) {
	if !p.enter() {
		return nil, false
	}
	defer p.leave()
	section := p.sectionMap()
	n, empty := p.open(yaml.MappingNode, "!!map", '}')
	if empty {
		return n, true
	}
	for {
		if p.at(p.pos) != '"' {
			return nil, false
		}
		kstart, kline := p.pos, p.line
		ks, ok := p.str()
		if !ok {
			return nil, false
		}
		k := p.newNode(yaml.ScalarNode, kstart)
		k.tag, k.value, k.style = "!!str", ks, yaml.DoubleQuotedStyle
		p.skipSpace(true)
		if p.at(p.pos) != ':' || p.line != kline || p.pos-kstart > 1000 {
			return nil, false
		}
		p.pos++
		p.skipSpace(true)
		p.stream = p.streams(k)
		markCur, markNext := p.cur, p.next
		v, ok := p.value()
		p.stream = false
		if !ok {
			return nil, false
		}
		v = p.settle(section, k, v, markCur, markNext)
		n.content = append(n.content, k, v)
		if more, ok := p.follow('}'); !more {
			return done(n, ok)
		}
	}
}

func (p *jsonParser) array() (*ynode, bool) {
	if !p.enter() {
		return nil, false
	}
	defer p.leave()
	p.stream = false
	n, empty := p.open(yaml.SequenceNode, "!!seq", ']')
	if empty {
		return n, true
	}
	for {
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		n.content = append(n.content, v)
		if more, ok := p.follow(']'); !more {
			return done(n, ok)
		}
	}
}

// str reads a JSON string at p.pos and returns its value.
func (p *jsonParser) str() (string, bool) {
	i := p.pos + 1
	start := i
	for i < len(p.text) && p.text[i] != '"' && p.text[i] != '\\' && p.text[i] >= 0x20 {
		i++
	}
	if i < len(p.text) && p.text[i] == '"' {
		p.pos = i + 1
		return p.text[start:i], true
	}
	b := append(p.buf[:0], p.text[start:i]...)
	for {
		if i >= len(p.text) {
			return "", false
		}
		c := p.text[i]
		switch {
		case c == '"':
			p.pos = i + 1
			p.buf = b
			return string(b), true
		case c < 0x20:
			return "", false
		case c != '\\':
			b = append(b, c)
			i++
			continue
		}
		i++
		switch e := p.at(i); e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := p.hex4(i + 1)
			if !ok {
				return "", false
			}
			i += 4
			if utf16.IsSurrogate(r) {
				// A pair is one character; a lone half is U+FFFD, as encoding/json has it.
				if lo, ok := p.hex4(i + 3); ok && p.at(i+1) == '\\' && p.at(i+2) == 'u' && utf16.DecodeRune(r, lo) != utf8.RuneError {
					r = utf16.DecodeRune(r, lo)
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			b = utf8.AppendRune(b, r)
		default:
			return "", false
		}
		i++
	}
}

// hex4 reads the four hex digits of a \u escape at i.
func (p *jsonParser) hex4(i int) (rune, bool) {
	if i+4 > len(p.text) {
		return 0, false
	}
	r, err := strconv.ParseUint(p.text[i:i+4], 16, 32)
	return rune(r), err == nil
}

// number reads a JSON number at p.pos: the text up to what may follow a
// value has to be one.
func (p *jsonParser) number() bool {
	end := len(p.text)
	if i := strings.IndexAny(p.text[p.pos:], ",}] \n\r\t\x00"); i >= 0 {
		end = p.pos + i
	}
	s := p.text[p.pos:end]
	if !IsJSONNumber(s) {
		return false
	}
	if len(s) > 15 || strings.ContainsAny(s, "eE") {
		// encoding/json (checkJSON) rejects numbers out of float64's range.
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return false
		}
	}
	p.pos = end
	return true
}
