package server

import (
	"strings"
	"testing"
	"time"
)

// Signature help names the function around the cursor and marks the argument
// being typed by offsets into the label; outside a function it answers null.
func TestSignatureHelp(t *testing.T) {
	c := newTestClient(t, Options{Debounce: time.Hour})
	res := c.call("initialize", map[string]any{"processId": 1, "rootUri": nil, "capabilities": map[string]any{}})
	if !strings.Contains(string(res.Result), `"signatureHelpProvider"`) {
		t.Fatalf("signatureHelpProvider not advertised: %s", res.Result)
	}
	c.notify("initialized", map[string]any{})
	const uri = "file:///tmp/sig.yaml"
	text := "Conditions:\n  C: !Equals [a, b]\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !If [C, !Join ['-', [a, b]], x]\n"
	c.open(uri, text)
	at := func(line, char int) map[string]any {
		return map[string]any{"textDocument": map[string]any{"uri": uri},
			"position": map[string]any{"line": line, "character": char}}
	}
	line := strings.Split(text, "\n")[6]
	for _, tc := range []struct {
		col    int
		label  string
		active string
	}{
		{strings.Index(line, "C,"), "!If [ConditionName, valueIfTrue, valueIfFalse]", "ConditionName"},
		{strings.Index(line, "'-'") + 1, "!Join [delimiter, [value, ...]]", "delimiter"},
		{strings.Index(line, "x]"), "!If [ConditionName, valueIfTrue, valueIfFalse]", "valueIfFalse"},
	} {
		var sh signatureHelp
		c.result("textDocument/signatureHelp", at(6, tc.col), &sh)
		if len(sh.Signatures) != 1 || sh.Signatures[0].Label != tc.label {
			t.Errorf("col %d: signatures %+v", tc.col, sh.Signatures)
			continue
		}
		sig := sh.Signatures[0]
		if int(sh.ActiveParameter) >= len(sig.Parameters) {
			t.Errorf("col %d: active %d of %d", tc.col, sh.ActiveParameter, len(sig.Parameters))
			continue
		}
		l := sig.Parameters[sh.ActiveParameter].Label
		if got := sig.Label[l[0]:l[1]]; got != tc.active {
			t.Errorf("col %d: active argument %q, want %q", tc.col, got, tc.active)
		}
		if sig.Documentation == nil || sig.Documentation.Value == "" {
			t.Errorf("col %d: no documentation", tc.col)
		}
	}
	for _, pos := range []map[string]any{at(4, 10), at(0, 0)} {
		if m := c.call("textDocument/signatureHelp", pos); m.Error != nil || string(m.Result) != "null" {
			t.Errorf("outside a function: %+v %s", m.Error, m.Result)
		}
	}
}
