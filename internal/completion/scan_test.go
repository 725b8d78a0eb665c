package completion

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// The shortcut through the last parse (for long walks upwards) must find the same
// path as the plain text scan, in YAML and JSON, at many places of a big template.
func TestOldParseAgreesWithScan(t *testing.T) {
	text := bigYAML(60)
	for _, variant := range []string{"yaml", "json", "broken yaml"} {
		json := variant == "json"
		src := text
		if json {
			src = toJSON(t, text)
		}
		if variant == "broken yaml" {
			// a syntax error near the end: the recovered tree is trusted above it only
			i := strings.LastIndex(src, "    Metadata:")
			src = src[:i] + "      Ver\n" + src[i:]
		}
		old := template.Parse("file:///big", src)
		if (old.Err != nil) != (variant == "broken yaml") {
			t.Fatalf("%s: parse error %v", variant, old.Err)
		}
		lines := template.NewLines(src)
		checked := 0
		for ln := 0; ln < lines.Count(); ln += 7 {
			l := lines.Line(ln)
			pos := template.Pos{Line: ln, Char: template.UTF16Len(l)}
			a := analyzeOld(src, nil, nil, pos, json)
			b := analyzeOld(src, nil, old, pos, json)
			if (a == nil) != (b == nil) {
				t.Fatalf("json=%v line %d %q: scan %v, old parse %v", json, ln, l, a != nil, b != nil)
			}
			if a == nil {
				continue
			}
			if !reflect.DeepEqual(keysOf(a.path), keysOf(b.path)) || a.key != b.key || a.isKey != b.isKey {
				t.Errorf("json=%v line %d %q:\n scan %v key %q\n old  %v key %q", json, ln, l, keysOf(a.path), a.key, keysOf(b.path), b.key)
			}
			checked++
		}
		if checked < 50 {
			t.Fatalf("only %d positions checked", checked)
		}
	}
}

func keysOf(p []seg) string {
	var b strings.Builder
	for _, s := range p {
		if s.item {
			b.WriteString("[] ")
		} else {
			fmt.Fprintf(&b, "%s ", s.key)
		}
	}
	return b.String()
}
