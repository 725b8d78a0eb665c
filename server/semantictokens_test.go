package server

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

// Semantic tokens name parameters, resources, conditions and mappings where
// they are declared and referenced, in LSP's relative encoding.
func TestSemanticTokens(t *testing.T) {
	c := newInitializedClient(t, Options{Debounce: time.Hour}, nil)
	const uri = "file:///tmp/tokens.yaml"
	text := `Parameters:
  Env:
    Type: String
Mappings:
  Sizes:
    prod: {size: large}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Condition: IsProd
    Properties:
      QueueName: !Sub "😀-${Env}-${AWS::Region}"
      DelaySeconds: !FindInMap [Sizes, !Ref Env, size]
Outputs:
  Arn:
    Value: !GetAtt Queue.Arn
`
	c.open(uri, text)
	var got semanticTokens
	c.result("textDocument/semanticTokens/full", map[string]any{"textDocument": map[string]any{"uri": uri}}, &got)
	if len(got.Data)%5 != 0 {
		t.Fatalf("data length %d", len(got.Data))
	}
	lines := strings.Split(text, "\n")
	var decoded []string
	line, char := 0, 0
	for i := 0; i < len(got.Data); i += 5 {
		d := got.Data[i : i+5]
		if d[0] > 0 {
			line, char = line+int(d[0]), int(d[1])
		} else {
			char += int(d[1])
		}
		units := utf16.Encode([]rune(lines[line])) // positions count UTF-16 units
		name := string(utf16.Decode(units[char : char+int(d[2])]))
		decl := ""
		if d[4]&1 != 0 {
			decl = " decl"
		}
		decoded = append(decoded, fmt.Sprintf("%d %s %s%s", line, name, tokenTypes[d[3]], decl))
	}
	want := []string{
		"1 Env parameter decl",
		"4 Sizes namespace decl",
		"7 IsProd enumMember decl",
		"7 Env parameter",
		"9 Queue variable decl",
		"11 IsProd enumMember",
		"13 Env parameter",
		"14 Sizes namespace",
		"14 Env parameter",
		"17 Queue variable",
	}
	testutil.EqualLines(t, "tokens", decoded, want)
}
