package completion

// jsonToken is a token of a JSON line: one of {}[]:, or 's' (a string, text
// unquoted but not unescaped) or 'v' (another scalar).
type jsonToken struct {
	kind byte
	text string
}

// jsonTokens splits one line of JSON; an unterminated string runs to the end.
func jsonTokens(l string) []jsonToken {
	var out []jsonToken
	for i := 0; i < len(l); i++ {
		switch ch := l[i]; ch {
		case ' ', '\t', '\r':
		case '{', '}', '[', ']', ':', ',':
			out = append(out, jsonToken{kind: ch})
		case '"':
			j := i + 1
			for j < len(l) && l[j] != '"' {
				if l[j] == '\\' {
					j++
				}
				j++
			}
			out = append(out, jsonToken{kind: 's', text: l[i+1 : min(j, len(l))]})
			i = j
		default:
			j := i
			for j < len(l) && !isJSONDelim(l[j]) {
				j++
			}
			out = append(out, jsonToken{kind: 'v', text: l[i:j]})
			i = j - 1
		}
	}
	return out
}

func isJSONDelim(ch byte) bool {
	switch ch {
	case ' ', '\t', '\r', '{', '}', '[', ']', ':', ',', '"':
		return true
	}
	return false
}

// maxSiblingLines bounds the lines read each way when collecting siblings.
const maxSiblingLines = 5000

// jsonSiblings returns the keys of the JSON object around the cursor, found by
// bracket depth (not indentation): the line holding the cursor is split into
// before (up to the word) and after (past it).
func jsonSiblings(text string, lineStart int, before, after string, m map[string]bool) {
	// upwards: tokens in reverse; a string just before a ':' at depth 0 is a key
	depth, colon := 0, false
	line, ls := before, lineStart
up:
	for n := 0; n < maxSiblingLines; n++ {
		toks := jsonTokens(line)
		for i := len(toks) - 1; i >= 0; i-- {
			switch tk := toks[i]; tk.kind {
			case '}', ']':
				depth++
			case '{', '[':
				if depth == 0 {
					break up
				}
				depth--
			case ':':
				colon = depth == 0
				continue
			case 's':
				if colon {
					m[tk.text] = true
				}
			}
			colon = false
		}
		if ls = prevLineStart(text, ls); ls < 0 {
			break
		}
		line = lineAt(text, ls)
	}
	// downwards
	depth = 0
	pending := ""
	line, ls = after, lineStart
	for n := 0; n < maxSiblingLines; n++ {
		for _, tk := range jsonTokens(line) {
			switch tk.kind {
			case '{', '[':
				depth++
			case '}', ']':
				if depth == 0 {
					return
				}
				depth--
			case ':':
				if pending != "" {
					m[pending] = true
				}
			}
			pending = ""
			if tk.kind == 's' && depth == 0 {
				pending = tk.text
			}
		}
		if ls = nextLineStart(text, ls); ls < 0 {
			return
		}
		line = lineAt(text, ls)
	}
}

// siblings returns the keys already present in the container of the cursor.
func (c *completer) siblings() map[string]bool {
	if c.sibs == nil {
		c.sibs = c.scanSiblings()
	}
	return c.sibs
}

func (c *completer) scanSiblings() map[string]bool {
	cur := c.cur
	m := map[string]bool{}
	for k := range cur.present {
		m[k] = true
	}
	text, col := cur.text, cur.col
	if cur.json {
		l := cur.lineText
		start, end := min(cur.start, len(l)), min(cur.end, len(l))
		if cur.quote != 0 {
			start = max(start-1, 0)
			if end < len(l) && l[end] == cur.quote {
				end++
			}
		}
		jsonSiblings(text, cur.lineStart, l[:start], l[end:], m)
		return m
	}
	cl := parseYAMLLine(cur.lineText)
	if !cur.json && !cl.blank && len(cl.dashes) > 0 && cl.dashes[len(cl.dashes)-1] < col {
		// the item starts on this line: nothing above belongs to it
	} else {
		n := 0
		for ls := prevLineStart(text, cur.lineStart); ls >= 0 && n < 5000; ls = prevLineStart(text, ls) {
			n++
			if k, stop := c.siblingLine(lineAt(text, ls), col, true); stop {
				if k != "" {
					m[k] = true
				}
				break
			} else if k != "" {
				m[k] = true
			}
		}
	}
	n := 0
	for ls := nextLineStart(text, cur.lineStart); ls >= 0 && n < 5000; ls = nextLineStart(text, ls) {
		n++
		k, stop := c.siblingLine(lineAt(text, ls), col, false)
		if stop {
			break
		}
		if k != "" {
			m[k] = true
		}
	}
	return m
}

// siblingLine returns the key of a line at col, and whether the container ends there.
func (c *completer) siblingLine(l string, col int, up bool) (string, bool) {
	if c.cur.json {
		li := parseJSONLine(l)
		if li.blank {
			return "", false
		}
		if li.indent < col {
			return "", true
		}
		if li.indent == col && li.hasKey {
			return li.key, false
		}
		return "", false
	}
	li := parseYAMLLine(l)
	if li.blank {
		return "", false
	}
	key := ""
	if li.hasKey && li.col == col {
		key = li.key
	}
	if li.indent < col {
		// a "- Key:" line starts the item (going up it belongs to us, then stop)
		if up && len(li.dashes) > 0 && li.col == col {
			return key, true
		}
		return "", true
	}
	return key, false
}
