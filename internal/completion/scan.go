package completion

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// This file recovers the cursor context from the text alone, so that it works on
// half-typed documents and never waits for a parse. Only the lines around the
// cursor are read: parents are found by walking upwards by indentation (YAML and
// pretty-printed JSON), the cursor line is tokenised for flow collections,
// quoted strings and tags.

// seg is one step of the path from the document root to the cursor.
type seg struct {
	key  string
	item bool     // a list item (key is "")
	idx  int      // the item's index among its siblings, when known
	prev []string // the scalar values of the earlier items, when known
}

// cursor is what the text says about the position.
type cursor struct {
	json bool
	// path leads to the container holding the entity at the cursor.
	path []seg
	// isKey: a key is being typed in the mapping at path. Otherwise a value of
	// key (or, when key is "", the value is path's last item) is being typed.
	isKey bool
	key   string
	// ambiguous: a plain word after "- ", a key of an item mapping or a scalar item.
	ambiguous bool
	// keyHasColon: a key being edited already has its ":" (insert the name only).
	keyHasColon bool

	// fn is the innermost intrinsic whose argument holds the cursor, arg the index
	// within its list argument (-1 for a scalar argument), prev the earlier items.
	fn   string
	arg  int
	prev []string
	// inString: the cursor is inside a quoted or block string; sub holds the text
	// after an unclosed "${" when there is one.
	inString bool
	inSub    bool
	sub      string
	quote    byte // the quote the word is inside, 0 if none
	// tag: a YAML tag ("!Re") is being typed.
	tag bool

	prefix     string // the typed part of the word
	start, end int    // byte offsets in the line of the word to replace
	line       int
	lineText   string
	lineStart  int // byte offset of the line in the text

	col    int // column of the keys of the container (YAML snippet indentation)
	unit   int // indentation unit of the document
	nextCh byte
	// prevNeedsComma (JSON): the previous token ends a value and no comma follows it;
	// commaAt is where to put one (offset in text).
	prevNeedsComma bool
	commaPos       template.Pos
	nextIsKey      bool // JSON: another entry follows on the same or next lines
	needSpace      bool // YAML: the value starts right after "Key:" and needs a space

	text string
	// present lists keys already in the container (filled lazily).
	present    map[string]bool
	presentSet bool
}

const walkBudget = 16 << 10 // bytes walked upwards before switching to a forward scan

// lineBounds returns the byte offset of the start of line n, or -1.
func lineBounds(text string, lines *template.Lines, n int) int {
	return lineBoundsOld(text, lines, "", nil, n)
}

// lineBoundsOld finds line n, using the line index of an older text when the two
// texts agree up to that line (an edit at or after the cursor line).
func lineBoundsOld(text string, lines *template.Lines, old string, oldLines *template.Lines, n int) int {
	if lines == nil && oldLines != nil && n < oldLines.Count() {
		if off := oldLines.LineStart(n); off <= len(text) && off <= len(old) && text[:off] == old[:off] {
			return off
		}
	}
	if lines != nil {
		if n >= lines.Count() {
			return -1
		}
		return lines.LineStart(n)
	}
	off := 0
	for i := 0; i < n; i++ {
		j := strings.IndexByte(text[off:], '\n')
		if j < 0 {
			return -1
		}
		off += j + 1
	}
	return off
}

func lineAt(text string, start int) string {
	e := strings.IndexByte(text[start:], '\n')
	l := text[start:]
	if e >= 0 {
		l = text[start : start+e]
	}
	return strings.TrimSuffix(l, "\r")
}

func prevLineStart(text string, start int) int {
	if start <= 0 {
		return -1
	}
	return strings.LastIndexByte(text[:start-1], '\n') + 1
}

func nextLineStart(text string, start int) int {
	j := strings.IndexByte(text[start:], '\n')
	if j < 0 {
		return -1
	}
	return start + j + 1
}

// byteCol converts a UTF-16 column into a byte offset within line.
func byteCol(line string, char int) int {
	u := 0
	for i, r := range line {
		if u >= char {
			return i
		}
		if r >= 0x10000 {
			u += 2
		} else {
			u++
		}
	}
	return len(line)
}

// lineInfo is the block structure of one line.
type lineInfo struct {
	blank    bool
	indent   int
	dashes   []int // YAML "- " markers
	col      int   // where the content starts
	key      string
	hasKey   bool
	keyEnd   int // offset just past the key (before ':')
	colon    int // offset of the ':'
	valStart int // offset of the value after the key (or of the content)
	opener   byte
	closer   bool
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' }

func parseYAMLLine(l string) lineInfo {
	var li lineInfo
	i := 0
	for i < len(l) && l[i] == ' ' {
		i++
	}
	li.indent = i
	if i == len(l) || l[i] == '#' || strings.HasPrefix(l, "---") || strings.HasPrefix(l, "...") || l[i] == '\t' && strings.TrimSpace(l) == "" {
		li.blank = true
		return li
	}
	for i < len(l) && l[i] == '-' && (i+1 == len(l) || isSpace(l[i+1])) {
		li.dashes = append(li.dashes, i)
		i++
		for i < len(l) && isSpace(l[i]) {
			i++
		}
	}
	li.col, li.valStart = i, i
	if i >= len(l) {
		return li
	}
	// a key: plain or quoted, followed by ':' and a space or the end of the line
	j := i
	switch l[i] {
	case '"', '\'':
		q := l[i]
		j = i + 1
		for j < len(l) && l[j] != q {
			if l[j] == '\\' && q == '"' {
				j++
			}
			j++
		}
		if j >= len(l) {
			return li
		}
		j++
		if j < len(l) && l[j] == ':' && (j+1 == len(l) || isSpace(l[j+1])) {
			li.hasKey, li.key, li.keyEnd, li.colon = true, l[i+1:j-1], j, j
		}
	case '!', '[', '{', '|', '>', '&', '*', '@', '`', '%':
		return li
	default:
		for j < len(l) {
			if l[j] == ':' && (j+1 == len(l) || isSpace(l[j+1])) {
				li.hasKey, li.key, li.keyEnd, li.colon = true, strings.TrimRight(l[i:j], " \t"), j, j
				break
			}
			if l[j] == '#' && j > i && isSpace(l[j-1]) {
				break
			}
			j++
		}
	}
	if li.hasKey {
		v := li.colon + 1
		for v < len(l) && isSpace(l[v]) {
			v++
		}
		li.valStart = v
	}
	return li
}

func parseJSONLine(l string) lineInfo {
	var li lineInfo
	i := 0
	for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
		i++
	}
	li.indent, li.col, li.valStart = i, i, i
	t := strings.TrimRight(l, " \t")
	if i >= len(t) {
		li.blank = true
		return li
	}
	last := t[len(t)-1]
	if last == '{' || last == '[' {
		li.opener = last
	}
	if l[i] == '}' || l[i] == ']' {
		li.closer = true
		return li
	}
	if l[i] == '"' {
		j := i + 1
		for j < len(l) && l[j] != '"' {
			if l[j] == '\\' {
				j++
			}
			j++
		}
		if j < len(l) {
			k := j + 1
			for k < len(l) && isSpace(l[k]) {
				k++
			}
			if k < len(l) && l[k] == ':' {
				li.hasKey, li.key, li.keyEnd, li.colon = true, l[i+1:j], j+1, k
				v := k + 1
				for v < len(l) && isSpace(l[v]) {
					v++
				}
				li.valStart = v
			}
		}
	}
	return li
}

// scalarText returns the plain text of a simple scalar item ("Res", "'x'", "\"Res\",").
func scalarText(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ",")
	if i := strings.Index(s, " #"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		s = s[1 : len(s)-1]
	}
	return s
}

// walker walks upwards from a line, building the path bottom-up.
type walker struct {
	text   string
	json   bool
	segs   []seg // bottom-up
	col    int   // column of the current entity
	isItem bool  // the current entity is a list item (YAML: a dash at col)
	// siblings of the entity at the cursor level
	collect  bool
	present  map[string]bool
	items    []string // earlier sibling item texts (bottom-up)
	itemIdx  int
	budget   int
	blockTag string // set when the cursor is inside a block scalar: the value text of its owner
	blockKey string
	// old is the last finished parse; when the text up to a line is unchanged its
	// tree tells that line's parents at once.
	old *template.Template
	// at is the start of the line of the current entity.
	at int
}

// fromOld completes the path from the last parse when the text is unchanged up
// to the end of the line at end (the entity at w.col), and reports success.
func (w *walker) fromOld(end int) bool {
	o := w.old
	if o == nil || o.Root == nil || o.Lines == nil {
		return false
	}
	stop := end + len(lineAt(w.text, end))
	if stop > len(o.Text) || w.text[:stop] != o.Text[:stop] {
		return false
	}
	pos := o.Lines.PosOf(end + w.col)
	if o.Err != nil && o.Err.Range.Start.Line <= pos.Line {
		// the tree was recovered by blanking lines up to here: not to be trusted
		return false
	}
	path := o.PathAt(pos)
	if n := len(path); n > 0 && path[n-1].IsKey() {
		path = path[:n-1]
	}
	var segs []seg
	for i := 1; i < len(path); i++ {
		parent, node := path[i-1], path[i]
		switch parent.Kind {
		case template.Mapping:
			for _, p := range parent.Pairs {
				if p.Value == node {
					segs = append(segs, seg{key: p.Key.Value})
					break
				}
			}
		case template.Sequence:
			if w.json || i < len(path)-1 {
				segs = append(segs, seg{item: true})
			}
		case template.Intrinsic:
			segs = append(segs, seg{key: parent.Fn})
		}
	}
	if !w.json && len(path) > 0 && path[len(path)-1].Kind == template.Sequence && !w.isItem {
		return false
	}
	for i := len(segs) - 1; i >= 0; i-- {
		w.push(segs[i])
	}
	return true
}

func (w *walker) push(s seg) { w.segs = append(w.segs, s) }

// up processes the lines above start until the root is reached.
func (w *walker) up(start int) {
	w.at = start
	for ls := prevLineStart(w.text, start); ls >= 0; ls = prevLineStart(w.text, ls) {
		if w.col == 0 && !w.isItem && !w.json {
			return
		}
		w.budget -= start - ls
		start = ls
		if w.budget < 0 {
			w.forward(ls + len(lineAt(w.text, ls)))
			return
		}
		n, col, item := len(w.segs), w.col, w.isItem
		if !w.line(lineAt(w.text, ls)) {
			return
		}
		if len(w.segs) != n || w.col != col || w.isItem != item {
			w.at = ls
		}
	}
}

// forward finds the remaining parents with one forward scan from the document
// start (fast on big documents), used when the walk upwards gets long. For each
// indentation it remembers the last line before end: the parent of an entity at
// column c is the latest of those lines with an indentation below c (every line
// after it is indented at least c, so the same holds one level up).
func (w *walker) forward(end int) {
	w.collect = false
	if w.fromOld(w.at) {
		return
	}
	var lastAt [128]int
	for i := range lastAt {
		lastAt[i] = -1
	}
	for ls := 0; ls >= 0 && ls < end; ls = nextLineStart(w.text, ls) {
		ind := 0
		for ls+ind < end && w.text[ls+ind] == ' ' {
			ind++
		}
		if ls+ind >= end || ind >= len(lastAt) {
			continue
		}
		if c := w.text[ls+ind]; c == '\n' || c == '\r' || c == '#' || c == '\t' {
			continue
		}
		lastAt[ind] = ls
	}
	for {
		if w.col == 0 && !w.isItem && !w.json {
			return
		}
		last := -1
		for ind := 0; ind < w.col && ind < len(lastAt); ind++ {
			if lastAt[ind] > last && lastAt[ind] < end {
				last = lastAt[ind]
			}
		}
		if last < 0 {
			return
		}
		before := len(w.segs)
		col, item := w.col, w.isItem
		w.line(lineAt(w.text, last))
		if len(w.segs) == before && w.col == col && w.isItem == item {
			return // not a parent after all (a closer): stop
		}
		end, w.at = last, last
	}
}

// line processes one line above the cursor; false stops the walk.
func (w *walker) line(l string) bool {
	if w.json {
		return w.jsonLine(l)
	}
	li := parseYAMLLine(l)
	if li.blank || li.indent > w.col {
		return true
	}
	if !w.isItem && w.collect && li.hasKey && li.col == w.col {
		w.present[li.key] = true
	}
	if w.isItem && li.hasKey && li.col == w.col && len(li.dashes) == 0 && strings.TrimSpace(l[li.valStart:]) == "" {
		// compact style: "Key:" with its "- " items at the same column
		w.push(seg{key: li.key})
		w.isItem, w.collect = false, false
		return true
	}
	if li.col < w.col && li.hasKey {
		if w.blockTag == "" && !w.isItem && len(w.segs) == 0 && w.collect {
			if v := strings.TrimSpace(l[li.valStart:]); isBlockIndicator(v) {
				w.blockTag, w.blockKey = v, li.key
			}
		}
		w.push(seg{key: li.key})
		w.col, w.isItem, w.collect = li.col, false, false
	} else if li.col < w.col && !li.hasKey && w.blockTag == "" && len(w.segs) == 0 && w.collect {
		if v := strings.TrimSpace(l[li.valStart:]); isBlockIndicator(v) && len(li.dashes) > 0 {
			w.blockTag = v
		}
	}
	for d := len(li.dashes) - 1; d >= 0; d-- {
		dc := li.dashes[d]
		switch {
		case dc == w.col && w.isItem:
			if w.collect || len(w.segs) > 0 && w.segs[len(w.segs)-1].item {
				s := &w.segs[len(w.segs)-1]
				s.idx++
				val := ""
				if d == len(li.dashes)-1 && !li.hasKey {
					val = scalarText(l[li.col:])
				}
				s.prev = append([]string{val}, s.prev...)
			}
		case dc < w.col:
			w.push(seg{item: true})
			w.col, w.isItem, w.collect = dc, true, false
		}
	}
	return true
}

func isBlockIndicator(v string) bool {
	v = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(v, "!Sub"), "!"))
	if i := strings.Index(v, " #"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	if v == "" {
		return false
	}
	if v[0] != '|' && v[0] != '>' {
		return false
	}
	return len(strings.Trim(v[1:], "+-0123456789")) == 0
}

func (w *walker) jsonLine(l string) bool {
	li := parseJSONLine(l)
	if li.blank || li.indent > w.col || (li.closer && li.opener == 0) {
		return true
	}
	if li.indent == w.col {
		if w.collect {
			if li.hasKey {
				w.present[li.key] = true
			} else if !li.closer {
				w.items = append(w.items, scalarText(l))
			}
			w.itemIdx++
		}
		if li.closer && li.opener != 0 && w.collect {
			w.itemIdx++ // "}, {" starts the next item
			w.items = append(w.items, "")
		}
		return true
	}
	// a parent
	if li.opener == '[' {
		s := seg{item: true}
		if w.collect {
			s.idx = w.itemIdx
			for i := len(w.items) - 1; i >= 0; i-- {
				s.prev = append(s.prev, w.items[i])
			}
		}
		w.push(s)
	}
	if li.hasKey {
		w.push(seg{key: li.key})
	}
	w.col, w.collect = li.indent, false
	return true
}

func reverseSegs(s []seg) []seg {
	out := make([]seg, len(s))
	for i := range s {
		out[len(s)-1-i] = s[i]
	}
	return out
}
