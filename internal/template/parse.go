package template

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Format is the syntax of a document.
type Format uint8

const (
	YAML Format = iota
	JSON
)

func (f Format) String() string {
	if f == JSON {
		return "json"
	}
	return "yaml"
}

// MaxSize is the largest document the parser accepts (CloudFormation's own limit is 1 MB).
const MaxSize = 5 << 20

// SyntaxError is a document that does not parse, located at the offending line.
type SyntaxError struct {
	Range   Range
	Message string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d: %s", e.Range.Start.Line+1, e.Message)
}

// DuplicateKey is a mapping key that appears twice; CloudFormation rejects such templates.
type DuplicateKey struct {
	Key   string
	Range Range // the second occurrence
	First Range // the first occurrence
}

// DetectFormat guesses the format of a document from its first significant character.
func DetectFormat(text []byte) Format {
	t := bytes.TrimLeft(text, " \t\r\n\ufeff")
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return JSON
	}
	return YAML
}

var errLineRe = regexp.MustCompile(`^yaml: line (\d+): `)

// parseTree parses text into a Node tree; it returns a SyntaxError when the text
// is not well-formed.
func parseTree(text string, lines *Lines, format Format) (*Node, []DuplicateKey, *SyntaxError) {
	if root, dups, ok := fastTree(text, lines, format); ok {
		return root, dups, nil
	}
	if format == JSON {
		if err := checkJSON(text, lines); err != nil {
			return nil, nil, err
		}
	}
	doc, err := ReadDocument(text, format)
	var multi *MultipleDocumentsError
	if err != nil && !errors.As(err, &multi) {
		return nil, nil, locateYAMLError(text, lines, err)
	}
	var root *Node
	c := &converter{text: text, lines: lines, format: format, budget: 2*len(text) + 1024}
	if len(doc.Content) > 0 {
		root = c.convert(doc.Content[0], nil, false, 0)
	}
	if multi != nil {
		// The first document is what an editor shows; the error says the rest.
		return root, c.dups, syntaxAt(lines, lines.LineStart(multi.Line), multipleDocuments)
	}
	return root, c.dups, nil
}

func checkJSON(text string, lines *Lines) *SyntaxError {
	bom := 0 // encoding/json does not take a byte order mark
	if strings.HasPrefix(text, byteOrderMark) {
		bom = len(byteOrderMark)
	}
	dec := json.NewDecoder(strings.NewReader(text[bom:]))
	var v any
	err := dec.Decode(&v)
	if err == nil {
		off := bom + int(dec.InputOffset())
		rest := strings.TrimLeft(text[off:], " \t\r\n")
		if rest != "" {
			return syntaxAt(lines, len(text)-len(rest), "unexpected content after the end of the JSON document")
		}
		return nil
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := bom + max(int(se.Offset)-1, 0)
		return syntaxAt(lines, off, se.Error())
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return syntaxAt(lines, len(text), "unexpected end of the JSON document")
	}
	return syntaxAt(lines, bom, err.Error())
}

func syntaxAt(lines *Lines, off int, msg string) *SyntaxError {
	p := lines.PosOf(off)
	end := Pos{Line: p.Line, Char: p.Char + 1}
	if l := UTF16Len(lines.Line(p.Line)); end.Char > l {
		end.Char = l
		if p.Char >= l && p.Char > 0 {
			p.Char = l - 1
		}
	}
	return &SyntaxError{Range: Range{Start: p, End: end}, Message: msg}
}

// locateYAMLError finds the line a yaml.v3 error is really about. yaml.v3 reports
// the line where the enclosing construct began, so the first line at which a
// prefix of the document stops parsing is searched for, galloping from there.
func locateYAMLError(text string, lines *Lines, err error) *SyntaxError {
	msg := err.Error()
	reported := 0
	if m := errLineRe.FindStringSubmatch(msg); m != nil {
		reported, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	n := lines.Count()
	fails := func(k int) bool {
		if k >= n {
			return true
		}
		var d yaml.Node
		return yaml.Unmarshal([]byte(text[:lines.LineStart(k)]), &d) != nil
	}
	lo := reported - 2
	if lo < 0 {
		lo = 0
	}
	line := reported - 1
	if !fails(lo) {
		hi, step := lo+1, 1
		for hi < n && !fails(hi) {
			lo = hi
			step *= 2
			hi = lo + step
		}
		if hi > n {
			hi = n
		}
		for hi-lo > 1 { // fails(hi) and !fails(lo)
			mid := (lo + hi) / 2
			if fails(mid) {
				hi = mid
			} else {
				lo = mid
			}
		}
		line = hi - 1
	}
	if line < 0 {
		line = 0
	}
	for line > 0 && strings.TrimSpace(lines.Line(line)) == "" {
		line--
	}
	line, msg = missingColon(lines, line, msg)
	l := lines.Line(line)
	start := len(l) - len(strings.TrimLeft(l, " \t"))
	return &SyntaxError{
		Range:   Range{Start: Pos{line, UTF16Len(l[:start])}, End: Pos{line, UTF16Len(l)}},
		Message: msg,
	}
}

// missingColon recognises the most common typo behind yaml.v3's "mapping values
// are not allowed" and "could not find expected ':'": a key written without its
// colon. yaml.v3 reads a bare `Q` as the scalar value of its parent, or
// `Type AWS::SQS::Queue` as one plain string, and fails only at the next key:
// the hint goes on the line that lacks the colon.
func missingColon(lines *Lines, line int, msg string) (int, string) {
	var at int
	switch {
	case strings.Contains(msg, "could not find expected ':'"):
		at = line // the key line itself, before a sibling key
	case strings.Contains(msg, "mapping values are not allowed") && line > 0:
		at = line - 1
		for at >= 0 && strings.TrimSpace(lines.Line(at)) == "" {
			at--
		}
		if at < 0 || indentOf(lines.Line(at)) > indentOf(lines.Line(line)) {
			return line, msg
		}
	default:
		return line, msg
	}
	text := lines.Line(at)
	word := strings.TrimSpace(text)
	if strings.ContainsAny(word, "#-[]{}'\"") {
		return line, msg
	}
	if !strings.ContainsAny(word, ": \t") {
		if at < line && indentOf(text) < indentOf(lines.Line(line)) {
			return at, fmt.Sprintf("%q is followed by indented keys but has no ':' (write '%s:')", word, word)
		}
		return at, fmt.Sprintf("%q is followed by more keys but has no ':' (a key must be written as 'Key: value')", word)
	}
	key, value, _ := strings.Cut(word, " ")
	if bareKey.MatchString(key) && strings.TrimSpace(value) != "" {
		value = strings.TrimSpace(value)
		return at, fmt.Sprintf("%q has no ':' after %q (write '%s: %s')", word, key, key, value)
	}
	return line, msg
}

// bareKey is a template key as authors write them: a name without a colon.
var bareKey = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]*$`)

func indentOf(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

type converter struct {
	text   string
	lines  *Lines
	format Format // JSON's plain scalars resolve as JSON, YAML's as YAML 1.1 (scalar.go)
	dups   []DuplicateKey
	// budget bounds the nodes built: every node takes at least one byte of text
	// unless it comes through an alias, so aliases that expand without end
	// ("billion laughs") stop here and become null.
	budget int
}

// offset returns the byte offset of a yaml.v3 mark.
func (c *converter) offset(line, col int) int {
	l := line - 1
	start := c.lines.LineStart(l)
	if l >= 0 && l < len(c.lines.wide) && !c.lines.wide[l] {
		return min(start+max(col-1, 0), start+len(c.lines.Line(l)))
	}
	s := c.lines.Line(l)
	if l == 0 && strings.HasPrefix(s, byteOrderMark) {
		// yaml.v3 counts columns after a byte order mark.
		start, s = start+len(byteOrderMark), s[len(byteOrderMark):]
	}
	i := 0
	for n := col - 1; n > 0 && i < len(s); n-- {
		if s[i] < 0x80 {
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return start + i
}

// convert turns a yaml.v3 node into a Node. inCond says whether a single-key
// {"Condition": name} mapping is a condition reference here.
func (c *converter) convert(y *yaml.Node, parent *Node, inCond bool, depth int) *Node {
	c.budget--
	if y.Kind == yaml.AliasNode && c.budget <= 0 {
		p := c.lines.PosOf(c.offset(y.Line, y.Column))
		return &Node{Parent: parent, Range: Range{p, p}}
	}
	for y.Kind == yaml.AliasNode && y.Alias != nil && depth < 100 {
		y = y.Alias
		depth++
	}
	if y.Kind == yaml.DocumentNode && len(y.Content) > 0 {
		y = y.Content[0]
	}
	off := c.offset(y.Line, y.Column)
	n := &Node{Parent: parent}
	if c.shortForm(n, y.Tag, off, y.Kind != yaml.ScalarNode || y.Value != "", inCond, c.lines.PosOf, func(argOff int, inCond bool) *Node {
		inner := *y
		inner.Tag = ""
		inner.Style &^= yaml.TaggedStyle
		return c.convertAt(&inner, n, argOff, inCond, depth+1)
	}) {
		return n
	}
	return c.fill(n, y, off, inCond, depth)
}

// skipSpace returns the offset of the first character at or after off that is not
// blank; with lines, line breaks and comments are skipped too (an argument may
// start on the line after its tag).
func (c *converter) skipSpace(off int, lines bool) int {
	for off < len(c.text) {
		switch c.text[off] {
		case ' ', '\t':
		case '\r', '\n':
			if !lines {
				return off
			}
		case '#':
			if !lines {
				return off
			}
			for off < len(c.text) && c.text[off] != '\n' {
				off++
			}
			continue
		default:
			return off
		}
		off++
	}
	return off
}

func (c *converter) convertAt(y *yaml.Node, parent *Node, off int, inCond bool, depth int) *Node {
	n := &Node{Parent: parent}
	return c.fill(n, y, off, inCond, depth)
}

func (c *converter) fill(n *Node, y *yaml.Node, off int, inCond bool, depth int) *Node {
	start := c.lines.PosOf(off)
	if depth > 500 {
		n.Range = Range{start, start}
		return n
	}
	if strings.HasPrefix(y.Tag, "!") && !strings.HasPrefix(y.Tag, "!!") {
		n.Tag = y.Tag
	}
	switch y.Kind {
	case yaml.ScalarNode:
		null, typ := ResolveScalar(y.Tag, y.Style, y.Value, c.format)
		if null {
			n.Kind = Null
			end := off
			if y.Value != "" {
				end = off + len(y.Value)
			}
			n.Range = Range{start, c.lines.PosOf(end)}
			return n
		}
		n.Kind = Scalar
		n.Value = y.Value
		n.Quoted = y.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
		n.Type = typ
		n.Range = Range{start, c.lines.PosOf(c.scalarEnd(y, off))}
	case yaml.MappingNode:
		n.Kind = Mapping
		seen := make(map[string]*Node, len(y.Content)/2)
		end := off
		for i := 0; i+1 < len(y.Content); i += 2 {
			k := c.convert(y.Content[i], n, false, depth+1)
			if k.Kind != Scalar {
				// Complex keys are not part of CloudFormation; keep their text.
				k.Kind, k.Value = Scalar, c.text[c.offset(y.Content[i].Line, y.Content[i].Column):c.lines.Offset(k.Range.End)]
			}
			if first, ok := seen[k.Value]; ok {
				c.dups = append(c.dups, DuplicateKey{Key: k.Value, Range: k.Range, First: first.Range})
			} else {
				seen[k.Value] = k
			}
			v := c.convert(y.Content[i+1], n, valueInCondition(inCond, k.Value), depth+1)
			if v.Kind == Null && v.Range.Start.Less(k.Range.End) {
				v.Range = Range{k.Range.End, k.Range.End}
			}
			n.Pairs = append(n.Pairs, &Pair{Key: k, Value: v})
			if e := c.lines.Offset(v.Range.End); e > end {
				end = e
			}
			if e := c.lines.Offset(k.Range.End); e > end {
				end = e
			}
		}
		if y.Style&yaml.FlowStyle != 0 {
			end = c.closeFlow(off, end, '{', '}')
		}
		n.Range = Range{start, c.lines.PosOf(end)}
		foldCall(n, inCond)
	case yaml.SequenceNode:
		n.Kind = Sequence
		end := off
		for _, it := range y.Content {
			v := c.convert(it, n, inCond, depth+1)
			n.Items = append(n.Items, v)
			if e := c.lines.Offset(v.Range.End); e > end {
				end = e
			}
		}
		if y.Style&yaml.FlowStyle != 0 {
			end = c.closeFlow(off, end, '[', ']')
		}
		n.Range = Range{start, c.lines.PosOf(end)}
	default:
		n.Range = Range{start, start}
	}
	return n
}

// closeFlow returns the offset just past the bracket that closes a flow collection
// opened at off, whose last child ends at end.
func (c *converter) closeFlow(off, end int, open, close byte) int {
	if end == off && off < len(c.text) && c.text[off] == open {
		end = off + 1
	}
	for i := end; i < len(c.text); i++ {
		switch c.text[i] {
		case close:
			return i + 1
		case ' ', '\t', '\r', '\n', ',':
		case '#':
			for i < len(c.text) && c.text[i] != '\n' {
				i++
			}
		default:
			return end
		}
	}
	return end
}

// scalarEnd returns the offset just past the source text of a scalar starting at off.
func (c *converter) scalarEnd(y *yaml.Node, off int) int {
	t := c.text
	switch {
	case y.Style&yaml.DoubleQuotedStyle != 0:
		for i := off + 1; i < len(t); i++ {
			if t[i] == '\\' {
				i++
			} else if t[i] == '"' {
				return i + 1
			}
		}
	case y.Style&yaml.SingleQuotedStyle != 0:
		for i := off + 1; i < len(t); i++ {
			if t[i] == '\'' {
				if i+1 < len(t) && t[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
	case y.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return c.blockEnd(off)
	default:
		if strings.HasPrefix(t[off:], y.Value) {
			return off + len(y.Value)
		}
		// A plain scalar folded over several lines: end at its last word.
		fields := strings.Fields(y.Value)
		if len(fields) > 0 {
			last := fields[len(fields)-1]
			if i := strings.Index(t[off:], last); i >= 0 {
				return off + i + len(last)
			}
		}
	}
	e := strings.IndexByte(t[off:], '\n')
	if e < 0 {
		return len(t)
	}
	return off + e
}

// blockEnd returns the end of a literal or folded block scalar whose header is at off.
func (c *converter) blockEnd(off int) int {
	p := c.lines.PosOf(off)
	header := c.lines.Line(p.Line)
	indent := len(header) - len(strings.TrimLeft(header, " "))
	end := c.lines.LineStart(p.Line) + len(header)
	for l := p.Line + 1; l < c.lines.Count(); l++ {
		s := c.lines.Line(l)
		if strings.TrimSpace(s) == "" {
			continue
		}
		if len(s)-len(strings.TrimLeft(s, " ")) <= indent {
			break
		}
		end = c.lines.LineStart(l) + len(s)
	}
	return end
}
