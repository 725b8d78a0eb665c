package server

import "testing"

// What CloudFormation accepts the editor accepts: JSON with a surrogate-pair
// escape, a raw DEL and a byte order mark has no syntax error; a YAML file of
// two documents has one, where the second begins (as cfn-lint reports it).
func TestEditorSyntax(t *testing.T) {
	c := newInitializedClient(t, Options{}, noSecurity)
	for _, tt := range []struct {
		uri, text string
		e0000     int // line of the syntax error, -1 for none
	}{
		{"file:///tmp/quirks.json", "\ufeff{\"Resources\": {\"B\": {\"Type\": \"AWS::SNS::Topic\", \"Properties\": {\"DisplayName\": \"\\ud83d\\ude00 a\x7fb\"}}}}", -1},
		{"file:///tmp/two.yaml", "Resources:\n  B:\n    Type: AWS::SNS::Topic\n---\nResources: {}\n", 3},
	} {
		c.open(tt.uri, tt.text)
		line := -1
		for _, d := range c.diagnostics(tt.uri).Diagnostics {
			if d.Code == "E0000" {
				line = d.Range.Start.Line
			}
		}
		if line != tt.e0000 {
			t.Errorf("%s: E0000 on line %d, want %d", tt.uri, line, tt.e0000)
		}
	}
}
