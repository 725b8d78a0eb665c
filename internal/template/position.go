package template

import (
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Pos is a position in a document: a 0-based line and a 0-based character offset
// counted in UTF-16 code units, which is what LSP uses. The whole core speaks Pos;
// yaml.v3's 1-based character columns are converted once, in this file.
type Pos struct {
	Line int `json:"line"`
	Char int `json:"character"`
}

// Range is a half-open span [Start, End) of a document.
type Range struct {
	Start Pos `json:"start"`
	End   Pos `json:"end"`
}

// Less reports whether p comes before q.
func (p Pos) Less(q Pos) bool {
	return p.Line < q.Line || (p.Line == q.Line && p.Char < q.Char)
}

// Contains reports whether p lies within r; the end is included so that a cursor
// just after a word still counts as inside it.
func (r Range) Contains(p Pos) bool {
	return !p.Less(r.Start) && !r.End.Less(p)
}

// Lines indexes the start offsets of the lines of a text, for conversions
// between byte offsets, yaml.v3 marks and Pos.
type Lines struct {
	text  string
	start []int  // byte offset of each line start
	wide  []bool // whether a line has non-ASCII bytes (then bytes != UTF-16 units)
}

// NewLines indexes text.
func NewLines(text string) *Lines {
	// Counting the breaks first sizes the index exactly ("\r\n" counts twice,
	// which errs on the large side): growing it would copy it over and over.
	n := strings.Count(text, "\n") + strings.Count(text, "\r") + 1
	l := &Lines{text: text, start: make([]int, 1, n), wide: make([]bool, 1, n)}
	l.scan(0, len(text))
	return l
}

// scan indexes the lines that start in l.text[from:to], after those indexed
// already, the last of which holds from.
func (l *Lines) scan(from, to int) {
	text := l.text
	for i := from; i < to; i++ {
		switch c := text[i]; {
		case c == '\n', c == '\r' && (i+1 == len(text) || text[i+1] != '\n'):
			// "\n", "\r\n" and a lone "\r" all end a line (LSP and YAML agree).
			l.start = append(l.start, i+1)
			l.wide = append(l.wide, false)
		case c >= utf8.RuneSelf:
			l.wide[len(l.wide)-1] = true
		}
	}
}

// Edited returns the index of text, which is l's text with l.text[p:oe]
// replaced by text[p:ne]: the lines before the change are l's, those after it
// l's moved by the change's length, and only the lines it touches are scanned.
func (l *Lines) Edited(text string, p, oe, ne int) *Lines {
	// first is the line holding p; the lines from first+1 up to the one holding
	// oe are gone, and the text from first's start to the start of the line
	// after oe's is scanned again.
	first := sort.Search(len(l.start), func(i int) bool { return l.start[i] > p }) - 1
	last := sort.Search(len(l.start), func(i int) bool { return l.start[i] > oe }) // first line starting after oe
	if p > 0 && l.text[p-1] == '\r' || oe > 0 && l.text[oe-1] == '\r' {
		return NewLines(text) // a change beside a "\r": its line break may now be "\r\n"
	}
	delta := ne - oe
	out := &Lines{text: text, start: make([]int, 0, len(l.start)+strings.Count(text[p:ne], "\n")+1),
		wide: make([]bool, 0, len(l.start)+1)}
	out.start = append(out.start, l.start[:first+1]...)
	out.wide = append(out.wide, l.wide[:first+1]...)
	out.wide[first] = false
	stop := len(text)
	if last < len(l.start) {
		stop = l.start[last] + delta
	}
	out.scan(l.start[first], stop)
	if last < len(l.start) {
		// out's last line is the one starting at stop, l's line last.
		out.wide[len(out.wide)-1] = l.wide[last]
		for i := last + 1; i < len(l.start); i++ {
			out.start = append(out.start, l.start[i]+delta)
		}
		out.wide = append(out.wide, l.wide[last+1:]...)
	}
	return out
}

// Count returns the number of lines.
func (l *Lines) Count() int { return len(l.start) }

// Line returns the text of line i (0-based) without its line break.
func (l *Lines) Line(i int) string {
	if i < 0 || i >= len(l.start) {
		return ""
	}
	s := l.start[i]
	e := len(l.text)
	if i+1 < len(l.start) {
		e = l.start[i+1] - 1
	}
	if e > s && e < len(l.text) && l.text[e] == '\n' && l.text[e-1] == '\r' {
		e--
	}
	return l.text[s:e]
}

// LineEnd returns the position at the end of line i, before its line break.
func (l *Lines) LineEnd(i int) Pos {
	return Pos{Line: i, Char: UTF16Len(l.Line(i))}
}

// LineStart returns the byte offset at which line i starts.
func (l *Lines) LineStart(i int) int {
	if i <= 0 {
		return 0
	}
	if i >= len(l.start) {
		return len(l.text)
	}
	return l.start[i]
}

// FromYAML converts a yaml.v3 mark (1-based line, 1-based character column) to a Pos.
func (l *Lines) FromYAML(line, column int) Pos {
	li := line - 1
	if li < 0 {
		li = 0
	}
	if li < len(l.wide) && !l.wide[li] {
		return Pos{Line: li, Char: max(column-1, 0)}
	}
	return Pos{Line: li, Char: utf16Prefix(l.Line(li), column-1)}
}

// utf16Prefix returns the UTF-16 length of the first n characters (runes) of s.
func utf16Prefix(s string, n int) int {
	if n <= 0 {
		return 0
	}
	u := 0
	for _, r := range s {
		if n == 0 {
			break
		}
		n--
		u += utf16Len(r)
	}
	return u + n // past the end of the line: count the rest as one unit each
}

func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// UTF16Len returns the length of s in UTF-16 code units.
func UTF16Len(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		n += len(utf16.Encode([]rune{r}))
		i += size
	}
	return n
}

// PosOf converts a byte offset into a Pos.
func (l *Lines) PosOf(offset int) Pos {
	if offset < 0 {
		offset = 0
	}
	if offset > len(l.text) {
		offset = len(l.text)
	}
	li := sort.Search(len(l.start), func(i int) bool { return l.start[i] > offset }) - 1
	if !l.wide[li] {
		return Pos{Line: li, Char: offset - l.start[li]}
	}
	return Pos{Line: li, Char: UTF16Len(l.text[l.start[li]:offset])}
}

// Offset converts a Pos into a byte offset, clamping positions past the end of a
// line to the line's end and positions past the end of the text to its length.
func (l *Lines) Offset(p Pos) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(l.start) {
		return len(l.text)
	}
	line := l.Line(p.Line)
	off := l.start[p.Line]
	if !l.wide[p.Line] {
		return off + min(max(p.Char, 0), len(line))
	}
	u := 0
	for i, r := range line {
		if u >= p.Char {
			return off + i
		}
		u += utf16Len(r)
	}
	return off + len(line)
}
