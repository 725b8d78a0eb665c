package server

import (
	"bytes"
	"strings"
	"unicode/utf8"

	sjson "github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"
)

// didOpenParams is protocol.DidOpenTextDocumentParams with the text left as
// its JSON string, which decodeText unquotes: the decoder's own unquoting
// re-encodes the text a rune at a time (10 ms of the 1,500-resource
// benchmark's open, before its parse can start).
type didOpenParams struct {
	TextDocument struct {
		URI        protocol.DocumentURI        `json:"uri"`
		LanguageID protocol.LanguageIdentifier `json:"languageId"`
		Version    int32                       `json:"version"`
		Text       sjson.RawMessage            `json:"text"`
	} `json:"textDocument"`
}

// decodeText returns the string a JSON string token holds, as the decoder
// would decode it into a string: invalid UTF-8 becomes U+FFFD byte by byte,
// null is "". Tokens with \u escapes, and anything but a string, take the
// decoder itself.
func decodeText(raw []byte) (string, error) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' || bytes.Contains(raw, []byte(`\u`)) {
		if len(raw) == 0 {
			return "", nil
		}
		var s string
		err := sjson.Unmarshal(raw, &s)
		return s, err
	}
	s := raw[1 : len(raw)-1]
	if hasControl(s) {
		var out string
		err := sjson.Unmarshal(raw, &out) // a control character: the decoder refuses it
		return out, err
	}
	// Valid UTF-8 throughout is valid in every piece between escapes.
	valid := utf8.Valid(s)
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		i := bytes.IndexByte(s, '\\')
		if i < 0 {
			appendCoerced(&b, s, valid)
			break
		}
		appendCoerced(&b, s[:i], valid)
		if i+1 >= len(s) {
			var out string
			err := sjson.Unmarshal(raw, &out) // a malformed token: the decoder's error
			return out, err
		}
		c := s[i+1]
		switch c {
		case '"', '\\', '/':
		case 'n':
			c = '\n'
		case 'r':
			c = '\r'
		case 't':
			c = '\t'
		case 'b':
			c = '\b'
		case 'f':
			c = '\f'
		default:
			var out string
			err := sjson.Unmarshal(raw, &out)
			return out, err
		}
		b.WriteByte(c)
		s = s[i+2:]
	}
	return b.String(), nil
}

// appendCoerced writes s, each byte of it that is not valid UTF-8 replaced by
// U+FFFD, as the decoder does; valid says s is known to be valid.
func appendCoerced(b *strings.Builder, s []byte, valid bool) {
	if valid || utf8.Valid(s) {
		b.Write(s)
		return
	}
	for _, r := range string(s) {
		b.WriteRune(r)
	}
}

// hasControl reports whether s holds a byte below 0x20, which a JSON string
// must escape.
func hasControl(s []byte) bool {
	for _, c := range s {
		if c < 0x20 {
			return true
		}
	}
	return false
}
