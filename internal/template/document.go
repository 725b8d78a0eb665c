package template

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// byteOrderMark may begin a template file; it is not part of the document.
const byteOrderMark = "\ufeff"

// MultipleDocumentsError is a YAML stream of more than one document. A
// template is one document: CloudFormation refuses the file, as cfn-lint does.
type MultipleDocumentsError struct {
	Line int // where the second document begins, 0-based
}

// multipleDocuments says what is wrong where the second document begins.
const multipleDocuments = "a template is a single YAML document, and another one begins here"

func (e *MultipleDocumentsError) Error() string {
	return fmt.Sprintf("line %d: %s", e.Line+1, multipleDocuments)
}

// ReadDocument reads text into a yaml.v3 document node, as CloudFormation reads
// the text: a YAML stream must hold one document (a second one is a
// *MultipleDocumentsError, returned with the first document), and JSON is read
// as JSON. yaml.v3 reads most JSON, but rejects or changes a few strings that
// valid JSON may hold: surrogate-pair escapes ("\ud83d\ude00", which Python's
// json.dumps writes for every emoji), the "\/" escape, DEL and the other
// characters YAML does not allow unescaped, and NEL, which it folds into a
// space. It reads a copy of the text in which each of those is replaced by a
// stand-in of the same length, and the strings holding one are decoded from the
// text itself.
func ReadDocument(text string, format Format) (*yaml.Node, error) {
	src := text
	var fixed map[int]string // the strings, by index, decoded from text
	if format == JSON {
		src, fixed = yamlReadableJSON(text)
	}
	dec := yaml.NewDecoder(strings.NewReader(src))
	doc := &yaml.Node{}
	if err := dec.Decode(doc); err != nil {
		if err == io.EOF {
			return &yaml.Node{}, nil // an empty stream: no document
		}
		return nil, err
	}
	if len(fixed) > 0 {
		fixStrings(doc, fixed)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == io.EOF:
		return doc, nil
	case err == nil && next.Line > 0:
		return doc, &MultipleDocumentsError{Line: next.Line - 1}
	default: // a broken second document is a second document still
		return doc, &MultipleDocumentsError{Line: secondDocumentLine(text, doc)}
	}
}

// secondDocumentLine finds the line where a second document begins after doc:
// the next "---" marker line, or the line after a "..." one.
func secondDocumentLine(text string, doc *yaml.Node) int {
	lines := strings.Split(text, "\n")
	from := 0
	if len(doc.Content) > 0 {
		from = max(doc.Content[0].Line-1, 0)
	}
	for i := from; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], "\r")
		for _, marker := range []string{"---", "..."} {
			if l == marker || strings.HasPrefix(l, marker+" ") || strings.HasPrefix(l, marker+"\t") {
				if marker == "..." && i+1 < len(lines) {
					return i + 1
				}
				return i
			}
		}
	}
	return max(len(lines)-1, 0)
}

// yamlReadableJSON returns text with each string yaml.v3 would reject or
// change rewritten with stand-ins of the same length in bytes and in
// characters (so that every offset, line and column stays the same), and the true value of each such string by
// its index among the text's strings. Text without such strings is returned as
// it is.
func yamlReadableJSON(text string) (string, map[int]string) {
	var buf []byte // the copy, made at the first stand-in
	var fixed map[int]string
	put := func(at int, standIn string) {
		if buf == nil {
			buf = []byte(text)
		}
		copy(buf[at:], standIn)
	}
	for i, n := 0, 0; i < len(text); i++ {
		if text[i] != '"' {
			continue
		}
		start, changed := i, false
		for i++; i < len(text) && text[i] != '"'; {
			switch c := text[i]; {
			case c == '\\' && i+1 < len(text):
				switch text[i+1] {
				case '/':
					put(i, `\\`)
					changed = true
				case 'u':
					if i+6 <= len(text) && isSurrogateEscape(text[i+2:i+6]) {
						put(i+2, "FFFD")
						changed = true
					}
				}
				i += 2
			case c == 0x7f:
				put(i, "?")
				changed = true
				i++
			case c >= utf8.RuneSelf:
				r, size := utf8.DecodeRuneInString(text[i:])
				if (r >= 0x80 && r <= 0x9f) || r == 0x2028 || r == 0x2029 || r == 0xfffe || r == 0xffff {
					put(i, standIns[size]) // one character of the same length: columns count characters
					changed = true
				}
				i += size
			default:
				i++
			}
		}
		if changed && i < len(text) {
			var s string
			if json.Unmarshal([]byte(text[start:i+1]), &s) == nil {
				if fixed == nil {
					fixed = map[int]string{}
				}
				fixed[n] = s
			}
		}
		n++
	}
	if buf == nil {
		return text, nil
	}
	return string(buf), fixed
}

// standIns are printable characters YAML reads as they are, by their length
// in UTF-8.
var standIns = map[int]string{2: "\u00a0", 3: "\ufffd"}

// isSurrogateEscape reports whether the four hex digits of a \u escape name a
// UTF-16 surrogate (D800-DFFF).
func isSurrogateEscape(hex string) bool {
	h := strings.ToUpper(hex)
	return len(h) == 4 && h[0] == 'D' && h[1] >= '8' && strings.Trim(h[2:], "0123456789ABCDEF") == ""
}

// fixStrings gives the double-quoted scalars of doc (JSON's strings, keys
// included, in document order) their values from fixed, by index.
func fixStrings(doc *yaml.Node, fixed map[int]string) {
	n := 0
	var walk func(y *yaml.Node)
	walk = func(y *yaml.Node) {
		if y.Kind == yaml.ScalarNode && y.Style&yaml.DoubleQuotedStyle != 0 {
			if s, ok := fixed[n]; ok {
				y.Value = s
			}
			n++
		}
		for _, c := range y.Content {
			walk(c)
		}
	}
	walk(doc)
}
