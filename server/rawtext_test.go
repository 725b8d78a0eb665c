package server

import (
	"encoding/json"
	"math/rand"
	"testing"

	sjson "github.com/segmentio/encoding/json"

	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
)

// TestDecodeTextMatchesDecoder holds decodeText to the decoder's own
// unquoting of the same token: escapes, \u escapes and surrogates, invalid
// UTF-8, null, malformed tokens.
func TestDecodeTextMatchesDecoder(t *testing.T) {
	tokens := []string{`""`, `null`, `"a"`, `"a\nb\tc\"d\\e\/f\bg\fh\ri"`, `"\u00e9t\u00e9"`, `"\ud83d\ude00"`, `"\ud83d"`,
		`"é\n"`, "\"\xff\xfe\\n\xc3\"", "\"\xc3\xa9\xe2\x82\"", `"\x"`, `"\`, `"a\"`, `12`, `{"a":1}`, `"\\u0041"`, `"\\"`}
	rng := rand.New(rand.NewSource(1))
	pieces := []string{"a", "Type: AWS::S3::Bucket", "\n", "\t", `"`, `\`, "/", "é", "😀", "\x00", "\x1f", "\xff", "\xc3", "\u2028", "{{resolve:x}}"}
	for i := 0; i < 3000; i++ {
		var s string
		for n := rng.Intn(12); n > 0; n-- {
			s += pieces[rng.Intn(len(pieces))]
		}
		b, _ := json.Marshal(s) // valid tokens, \u escapes for some characters
		tokens = append(tokens, string(b))
		raw := []byte{'"'} // and raw ones: what a client may send unescaped
		for _, c := range []byte(s) {
			switch c {
			case '"', '\\':
				raw = append(raw, '\\', c)
			case '\n':
				raw = append(raw, '\\', 'n')
			default:
				raw = append(raw, c)
			}
		}
		tokens = append(tokens, string(append(raw, '"')))
	}
	for _, tok := range tokens {
		var want string
		werr := sjson.Unmarshal([]byte(tok), &want)
		got, gerr := decodeText([]byte(tok))
		if (werr == nil) != (gerr == nil) || werr == nil && got != want {
			t.Fatalf("decodeText(%q) = %q, %v; the decoder: %q, %v", tok, got, gerr, want, werr)
		}
	}
}

// BenchmarkDecodeText compares decodeText with the decoder on the
// 1,500-resource benchmark's text as a client sends it.
func BenchmarkDecodeText(b *testing.B) {
	tok, _ := json.Marshal(benchgen.YAML(1500))
	b.Run("decodeText", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			decodeText(tok)
		}
	})
	b.Run("decoder", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var s string
			sjson.Unmarshal(tok, &s)
		}
	})
}
