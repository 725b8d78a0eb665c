package completion

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// frame is a flow collection open on the cursor line (or the block container).
type frame struct {
	open       byte // '[' or '{'; 0 for the YAML block value
	implicit   bool
	fn         string // the intrinsic whose argument list this is
	idx        int
	items      []string
	key        string // '{': the last key
	afterColon bool
	keys       []string
	lastScalar string
	hadValue   bool // the current slot already holds something
}

func isIntrinsicKey(k string) bool { return k == "Ref" || strings.HasPrefix(k, "Fn::") }

// analyzeOld recovers the cursor context from the text; nil when there is
// nothing to offer. old, when set, is an older parse whose line index may still
// hold for the lines above the cursor.
func analyzeOld(text string, lines *template.Lines, old *template.Template, pos template.Pos, json bool) *cursor {
	var ls int
	if old != nil && lines == nil {
		ls = lineBoundsOld(text, nil, old.Text, old.Lines, pos.Line)
	} else {
		ls = lineBounds(text, lines, pos.Line)
	}
	if ls < 0 {
		return nil
	}
	l := lineAt(text, ls)
	c := byteCol(l, pos.Char)
	cur := &cursor{json: json, line: pos.Line, lineText: l, lineStart: ls, text: text, arg: -1, unit: 2}
	w := &walker{text: text, json: json, present: map[string]bool{}, collect: true, budget: walkBudget, old: old}
	var ok bool
	if json {
		ok = analyzeJSON(cur, w, l, c)
	} else {
		ok = analyzeYAML(cur, w, l, c)
	}
	if !ok {
		return nil
	}
	if !cur.presentSet {
		cur.present = w.present
	}
	if cur.end < c {
		cur.end = c
	}
	if cur.start > c {
		cur.start = c
	}
	cur.prefix = l[cur.start:c]
	if cur.end < len(l) {
		cur.nextCh = l[cur.end]
	}
	blockFn(cur)
	return cur
}

// wordEnd extends a word from c to the right.
func wordEnd(l string, c int, stops string) int {
	for c < len(l) && !strings.ContainsRune(stops, rune(l[c])) {
		c++
	}
	return c
}

func analyzeYAML(cur *cursor, w *walker, l string, c int) bool {
	li := parseYAMLLine(l)
	trimmed := strings.TrimSpace(l)
	switch {
	case li.blank && strings.HasPrefix(trimmed, "#"):
		return false
	case li.blank || strings.TrimSpace(l[:c]) == "":
		if !li.blank && c < li.indent && len(li.dashes) == 0 {
			return false
		}
		cur.isKey = true
		cur.start, cur.end = c, c
		w.col = c
		cur.col = c
		w.up(cur.lineStart)
		cur.path = reverseSegs(w.segs)
		cur.unit = guessUnit(cur.path, c, cur.json)
		return true
	case c < li.col:
		return false
	}
	// the dashes of the cursor line, innermost last
	pushDashes := func(upTo int) {
		for d := len(li.dashes) - 1; d >= 0; d-- {
			if li.dashes[d] < upTo {
				w.push(seg{item: true})
				w.col, w.isItem = li.dashes[d], true
			}
		}
	}
	switch {
	case li.hasKey && c > li.colon:
		cur.key = li.key
		w.col, w.collect = li.col, false
		cur.col = li.col
		pushDashes(li.col)
		w.up(cur.lineStart)
		base := reverseSegs(w.segs)
		cur.unit = guessUnit(base, li.col, cur.json)
		return flow(cur, l, li.valStart, c, base, &frame{open: 0, fn: fnOfKey(li.key)})
	case li.hasKey:
		cur.isKey, cur.keyHasColon = true, true
		cur.start, cur.end = li.col, li.keyEnd
		if l[li.col] == '"' || l[li.col] == '\'' {
			cur.start++
			cur.end--
			cur.quote = l[li.col]
		}
		w.col, cur.col = li.col, li.col
		pushDashes(li.col)
		w.up(cur.lineStart)
		cur.path = reverseSegs(w.segs)
		cur.unit = guessUnit(cur.path, li.col, cur.json)
		return true
	}
	content := l[li.col:c]
	plainWord := content != "" && !strings.ContainsAny(content, " \t\"'[]{}!|>,#") || content == ""
	if plainWord {
		// a key being typed (or, after "- ", maybe a scalar item)
		cur.isKey = true
		cur.ambiguous = len(li.dashes) > 0
		cur.start, cur.end = li.col, wordEnd(l, c, " \t:#")
		w.col, cur.col = li.col, li.col
		pushDashes(li.col)
		w.up(cur.lineStart)
		cur.path = reverseSegs(w.segs)
		cur.unit = guessUnit(cur.path, li.col, cur.json)
		if w.blockTag != "" {
			inBlock(cur, w, l, c)
		}
		return true
	}
	if len(li.dashes) > 0 {
		// a value item: "- !Ref X", "- [a, b]", "- 'x'"
		last := li.dashes[len(li.dashes)-1]
		w.col, w.collect = last, true
		w.push(seg{item: true})
		w.isItem = true
		cur.col = li.col
		pushDashes(last)
		w.up(cur.lineStart)
		path := reverseSegs(w.segs)
		cur.unit = guessUnit(path, li.col, cur.json)
		// the item itself is the value: key "" with path ending in the item
		return flow(cur, l, li.col, c, path, &frame{open: 0})
	}
	// text inside a block scalar, or a continuation line
	w.col = li.col
	w.up(cur.lineStart)
	if w.blockTag == "" {
		return false
	}
	cur.path = reverseSegs(w.segs)
	inBlock(cur, w, l, c)
	return true
}

// inBlock sets up a cursor inside a block scalar.
func inBlock(cur *cursor, w *walker, l string, c int) {
	cur.isKey, cur.ambiguous = false, false
	cur.inString = true
	if w.blockKey != "" && len(cur.path) > 0 {
		cur.key = cur.path[len(cur.path)-1].key
		cur.path = cur.path[:len(cur.path)-1]
	}
	if strings.HasPrefix(w.blockTag, "!Sub") {
		cur.fn = "Fn::Sub"
	}
	cur.start, cur.end = c, c
	subContext(cur, l, 0, c)
}

func fnOfKey(k string) string {
	if isIntrinsicKey(k) {
		return k
	}
	return ""
}

// guessUnit guesses the indentation unit from the column of an entity and its depth.
func guessUnit(path []seg, col int, json bool) int {
	depth := 0
	if json {
		depth = 1
	}
	for _, s := range path {
		if !s.item {
			depth++
		}
	}
	if depth > 0 && col > 0 && col/depth >= 2 && col/depth <= 8 && col%depth == 0 {
		return col / depth
	}
	return 2
}

func analyzeJSON(cur *cursor, w *walker, l string, c int) bool {
	li := parseJSONLine(l)
	if li.blank || strings.TrimSpace(l[:c]) == "" {
		w.col = c
		if !li.blank && li.indent < c {
			w.col = li.indent
		}
		if li.blank && c == 0 {
			w.col = blankJSONColumn(w.text, cur.lineStart)
		}
	} else {
		w.col = li.indent
	}
	cur.col = w.col
	// find the block container of the line; the first parent tells its kind
	opener := byte('{')
	first := true
	var firstItems []string
	firstIdx := 0
	w.segs = nil
	for ls := prevLineStart(w.text, cur.lineStart); ls >= 0 && first; ls = prevLineStart(w.text, ls) {
		pl := lineAt(w.text, ls)
		p := parseJSONLine(pl)
		if p.blank || p.indent > w.col || (p.closer && p.opener == 0) {
			continue
		}
		if p.indent == w.col {
			if p.hasKey {
				w.present[p.key] = true
			} else if !p.closer {
				firstItems = append([]string{scalarText(pl)}, firstItems...)
			} else {
				firstItems = append([]string{""}, firstItems...)
			}
			firstIdx++
			continue
		}
		first = false
		opener = p.opener
		if opener == 0 {
			opener = '{'
		}
		if p.hasKey {
			w.push(seg{key: p.key})
		}
		w.col, w.collect = p.indent, false
		w.up(ls)
	}
	base := reverseSegs(w.segs)
	if first && cur.line > 0 {
		// no parent line: the root object (or nothing above)
		base = nil
	}
	root := &frame{open: opener, implicit: true, idx: firstIdx, items: firstItems}
	if first {
		// the first line of the document: the text opens the root itself
		root = &frame{open: 0, implicit: true}
	}
	cur.unit = guessUnit(base, cur.col, cur.json)
	cur.present = w.present
	cur.presentSet = true
	return flow(cur, l, 0, c, base, root)
}

// flow tokenises s[from:c] (a YAML value or a JSON line) and sets the entity at the cursor.
func flow(cur *cursor, l string, from, c int, base []seg, root *frame) bool {
	json := cur.json
	stack := []*frame{root}
	top := func() *frame { return stack[len(stack)-1] }
	pendingTag := ""
	tok := -1
	var quote byte
	strStart := -1
	typingTag := -1
	closedAt := -1 // just past the last closing quote or bracket
	onScalar := func(v string, quoted bool) {
		f := top()
		if f.open == '{' && !f.afterColon {
			f.lastScalar = v
			return
		}
		if f.open == '[' && !f.hadValue {
			if pendingTag != "" {
				v = ""
			}
			f.items = append(f.items, v)
		}
		f.hadValue = true
		pendingTag = ""
	}
	for i := from; i < c; i++ {
		ch := l[i]
		if quote != 0 {
			switch {
			case ch == '\\' && quote == '"':
				i++
			case ch == quote:
				if quote == '\'' && i+1 < c && l[i+1] == '\'' {
					i++
					continue
				}
				onScalar(l[strStart+1:i], true)
				quote, strStart = 0, -1
				closedAt = i + 1
			}
			continue
		}
		switch {
		case ch == ' ' || ch == '\t':
			if typingTag >= 0 {
				pendingTag = l[typingTag:i]
				typingTag = -1
			} else if tok >= 0 && !json && i+1 < c && l[i+1] != '#' && top().open == 0 {
				// a plain YAML scalar may hold spaces
				continue
			} else if tok >= 0 {
				onScalar(l[tok:i], false)
				tok = -1
			}
		case ch == '#' && !json && (i == from || isSpace(l[i-1])) && tok < 0:
			return false // a comment
		case (ch == '"' || ch == '\'' && !json) && tok < 0:
			quote, strStart = ch, i
		case ch == '!' && !json && tok < 0 && typingTag < 0:
			typingTag = i
		case (ch == '[' || ch == '{') && tok < 0:
			f := &frame{open: ch}
			p := top()
			switch {
			case typingTag >= 0:
				f.fn, _ = lang.LongName(l[typingTag:i])
				typingTag = -1
			case pendingTag != "":
				f.fn, _ = lang.LongName(pendingTag)
			case p.open == '{' && p.afterColon && isIntrinsicKey(p.key):
				f.fn = p.key
			case p.open == 0 && p.fn != "":
				f.fn = p.fn
			}
			pendingTag = ""
			stack = append(stack, f)
		case ch == ']' || ch == '}':
			if tok >= 0 {
				onScalar(l[tok:i], false)
				tok = -1
			}
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
				top().hadValue = true
			} else {
				return false
			}
			closedAt = i + 1
		case ch == ',':
			if tok >= 0 {
				onScalar(l[tok:i], false)
				tok = -1
			}
			f := top()
			if f.open == '[' && !f.hadValue {
				f.items = append(f.items, "")
			}
			f.idx++
			f.afterColon, f.hadValue, f.lastScalar = false, false, ""
			pendingTag = ""
		case ch == ':' && (json || i+1 >= len(l) || isSpace(l[i+1])) && top().open == '{':
			if tok >= 0 {
				onScalar(l[tok:i], false)
				tok = -1
			}
			f := top()
			f.key, f.afterColon = f.lastScalar, true
			f.keys = append(f.keys, f.key)
		default:
			if typingTag < 0 && tok < 0 {
				tok = i
			}
		}
	}
	if closedAt == c && quote == 0 {
		return false // right after a finished string or collection
	}
	// the word at the cursor
	switch {
	case quote != 0:
		cur.quote, cur.inString = quote, true
		cur.start = strStart + 1
		e := c
		for e < len(l) && l[e] != quote {
			if l[e] == '\\' && quote == '"' {
				e++
			}
			e++
		}
		if e > len(l) {
			e = len(l)
		}
		cur.end = e
	case typingTag >= 0:
		cur.tag = true
		cur.start, cur.end = typingTag, wordEnd(l, c, " \t,[]{}")
	case tok >= 0:
		cur.start, cur.end = tok, wordEnd(l, c, " \t,[]{}#\"'")
	default:
		cur.start, cur.end = c, c
	}
	if pendingTag != "" && typingTag < 0 {
		if fn, ok := lang.LongName(pendingTag); ok {
			cur.fn, cur.arg = fn, -1
		}
	}
	// the entity: the value slot (path, key) each frame sits in; intrinsic frames
	// are transparent
	path, key := append([]seg(nil), base...), cur.key
	isKey := false
	var present []string
	within := func(p []seg, k string) []seg {
		if k == "" {
			return p
		}
		return append(append([]seg(nil), p...), seg{key: k})
	}
	for i, f := range stack {
		last := i == len(stack)-1
		switch {
		case f.open == 0 && !f.implicit:
			// the YAML block value: (base, cur.key) already
		case f.open == 0:
			// the first JSON line: the document itself
		case f.fn != "" && f.open == '[':
			if last && cur.fn == "" {
				cur.fn, cur.arg, cur.prev = f.fn, f.idx, f.items
			}
		case f.open == '[':
			if f.implicit {
				path = append(path, seg{item: true, idx: f.idx, prev: f.items})
			} else {
				path = append(within(path, key), seg{item: true, idx: f.idx, prev: f.items})
			}
			key = ""
		case f.open == '{':
			cont := within(path, key)
			if f.implicit {
				cont = path
			}
			switch {
			case !f.afterColon:
				path, key, isKey = cont, "", last
				present = f.keys
			case isIntrinsicKey(f.key):
				if f.implicit && len(path) > 0 && !path[len(path)-1].item {
					path, key = path[:len(path)-1], path[len(path)-1].key
				}
				if last && cur.fn == "" {
					cur.fn, cur.arg = f.key, -1
				}
			default:
				path, key = cont, f.key
			}
		}
	}
	cur.isKey = isKey
	cur.key = key
	if isKey {
		cur.key = ""
		m := map[string]bool{}
		if stack[len(stack)-1].implicit {
			for k := range cur.present {
				m[k] = true
			}
		}
		for _, k := range present {
			m[k] = true
		}
		cur.present, cur.presentSet = m, true
	}
	cur.path = path
	if !isKey && quote == 0 && tok < 0 && typingTag < 0 && cur.start == c {
		// right before a string value ("Ref": |"VPC"): the choice replaces it
		if e := stringEnd(l, c, json); e > c {
			cur.end = e
		}
	}
	if !json && !isKey && cur.start > 0 && l[cur.start-1] == ':' && cur.quote == 0 {
		cur.needSpace = true // "Key:|": the value needs its space
	}
	if cur.inString || cur.fn == "Fn::Sub" || tok >= 0 {
		subContext(cur, l, cur.start, c)
	}
	if json {
		jsonCommas(cur, l, c)
	}
	return true
}

// subContext detects an unclosed "${" before the cursor in a Sub string.
func subContext(cur *cursor, l string, from, c int) {
	if cur.fn != "Fn::Sub" {
		return
	}
	s := l[from:c]
	i := strings.LastIndex(s, "${")
	if i < 0 || strings.Contains(s[i:], "}") || strings.HasPrefix(s[i:], "${!") {
		return
	}
	cur.inSub = true
	cur.sub = s[i+2:]
	cur.start = from + i + 2
	cur.end = wordEnd(l, c, "}\"' \t")
}

// blockFn derives the intrinsic from the block path: "Ref: |" or the items of
// "Fn::GetAtt:" written as a block list.
func blockFn(cur *cursor) {
	if cur.fn != "" || cur.isKey && !cur.ambiguous {
		return
	}
	if cur.key != "" {
		if isIntrinsicKey(cur.key) {
			cur.fn, cur.arg = cur.key, -1
		}
		return
	}
	n := len(cur.path)
	if n >= 2 && cur.path[n-1].item && isIntrinsicKey(cur.path[n-2].key) {
		cur.fn, cur.arg, cur.prev = cur.path[n-2].key, cur.path[n-1].idx, cur.path[n-1].prev
	}
}

// jsonCommas looks around the word for the commas a JSON insertion needs.
func jsonCommas(cur *cursor, l string, c int) {
	// after the word: another entry follows?
	rest := l[cur.end:]
	if cur.quote != 0 && strings.HasPrefix(rest, string(cur.quote)) {
		rest = rest[1:]
	}
	rest = strings.TrimLeft(rest, " \t")
	if rest == "" {
		// look at the next non-blank line
		for ls := nextLineStart(cur.text, cur.lineStart); ls >= 0; ls = nextLineStart(cur.text, ls) {
			t := strings.TrimSpace(lineAt(cur.text, ls))
			if t != "" {
				cur.nextIsKey = t[0] == '"' || t[0] == '{' || t[0] == '['
				break
			}
		}
	} else {
		cur.nextIsKey = rest[0] == '"'
	}
	// before the word: does the previous token end a value with no comma?
	start := cur.start
	if cur.quote != 0 && start > 0 {
		start--
	}
	pre := strings.TrimRight(l[:start], " \t")
	at := template.Pos{Line: cur.line, Char: template.UTF16Len(pre)}
	if pre == "" {
		line := cur.line
		for ls := prevLineStart(cur.text, cur.lineStart); ls >= 0 && line > cur.line-200; ls = prevLineStart(cur.text, ls) {
			line--
			t := strings.TrimRight(lineAt(cur.text, ls), " \t")
			if strings.TrimSpace(t) != "" {
				pre = t
				at = template.Pos{Line: line, Char: template.UTF16Len(t)}
				break
			}
		}
	}
	if pre == "" {
		return
	}
	last := pre[len(pre)-1]
	if last == '"' || last == '}' || last == ']' || last == 'e' || last == 'l' || last >= '0' && last <= '9' {
		// a value (or a key, when followed by ':'; a ':' would be last then)
		cur.prevNeedsComma = true
		cur.commaPos = at
	}
}

// blankJSONColumn guesses the column of an entry on an empty JSON line from its
// neighbours: the next entry's, or one level inside the opener above.
func blankJSONColumn(text string, ls int) int {
	var prev, next lineInfo
	found := false
	for p := prevLineStart(text, ls); p >= 0; p = prevLineStart(text, p) {
		if prev = parseJSONLine(lineAt(text, p)); !prev.blank {
			found = true
			break
		}
	}
	for n := nextLineStart(text, ls); n >= 0; n = nextLineStart(text, n) {
		if next = parseJSONLine(lineAt(text, n)); !next.blank {
			if !next.closer {
				return next.indent
			}
			break
		}
	}
	switch {
	case !found:
		return 0
	case prev.opener != 0 && !prev.closer:
		return prev.indent + 2
	case !next.blank && next.closer && prev.indent <= next.indent:
		return next.indent + 2
	}
	return prev.indent
}

// stringEnd returns the offset just past the quoted string that starts at c
// (double quotes, or single quotes in YAML), or -1.
func stringEnd(l string, c int, json bool) int {
	if c >= len(l) || l[c] != '"' && (json || l[c] != '\'') {
		return -1
	}
	q := l[c]
	for i := c + 1; i < len(l); i++ {
		switch {
		case l[i] == '\\' && q == '"':
			i++
		case l[i] == q && q == '\'' && i+1 < len(l) && l[i+1] == '\'':
			i++
		case l[i] == q:
			return i + 1
		}
	}
	return -1
}
