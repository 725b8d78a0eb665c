package convert

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"gopkg.in/yaml.v3"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// JSONIndent is the indentation of JSON output, cfn-flip's (Python's json.dumps(indent=4)).
const JSONIndent = "    "

// writeJSON renders v as indented JSON with long-form intrinsics.
func writeJSON(b *bytes.Buffer, v *value, indent string) {
	switch v.kind {
	case kNull:
		b.WriteString("null")
	case kBool, kInt, kFloat:
		b.WriteString(v.text)
	case kStr:
		writeJSONString(b, v.text)
	case kList:
		writeJSONItems(b, indent, "[", "]", len(v.items), func(i int) {
			writeJSON(b, v.items[i], indent+JSONIndent)
		})
	case kMap:
		writeJSONItems(b, indent, "{", "}", len(v.keys), func(i int) {
			writeJSONString(b, v.keys[i])
			b.WriteString(": ")
			writeJSON(b, v.vals[i], indent+JSONIndent)
		})
	}
}

// writeJSONItems writes the n items of a list or an object between its
// brackets, one a line, each indented one step past indent and written by
// item; an empty one stays on its line ("[]", "{}").
func writeJSONItems(b *bytes.Buffer, indent, open, closer string, n int, item func(i int)) {
	if n == 0 {
		b.WriteString(open + closer)
		return
	}
	b.WriteString(open + "\n")
	for i := 0; i < n; i++ {
		b.WriteString(indent + JSONIndent)
		item(i)
		if i < n-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString(indent + closer)
}

func writeJSONString(b *bytes.Buffer, s string) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	b.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// yamlNode builds the YAML of v, using short-form tags where YAML can hold them.
// inCond says whether {"Condition": x} is a condition function here (among the
// arguments of a function that takes conditions), rather than an attribute.
func yamlNode(v *value, inCond bool) *yaml.Node {
	if fn, arg, ok := v.fn(); ok && (fn != "Condition" || inCond) {
		if n := shortForm(fn, arg); n != nil {
			return n
		}
	}
	return plainNode(v, inCond)
}

// plainNode renders v without a tag of its own (its children may have one).
func plainNode(v *value, inCond bool) *yaml.Node {
	switch v.kind {
	case kNull:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
	case kBool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: v.text}
	case kInt:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: v.text}
	case kFloat:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: v.text}
	case kStr:
		return strNode(v.text, "!!str")
	case kList:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, it := range v.items {
			n.Content = append(n.Content, yamlNode(it, inCond))
		}
		return n
	}
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for i, k := range v.keys {
		n.Content = append(n.Content, strNode(k, "!!str"),
			yamlNode(v.vals[i], inCond || lang.TakesConditions(k)))
	}
	return n
}

// tagName matches the function names a short-form tag can carry.
var tagName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*$`)

// shortForm renders a call of fn as `!Tag arg`, or returns nil when that is not
// possible: YAML gives a node one tag only, so an argument that is itself a
// function call is written in long form under the outer tag (as cfn-flip does:
// `!Base64 {Fn::Sub: ...}`), and a scalar argument that is not a string keeps
// the long form, because a tagged scalar always reads back as a string.
func shortForm(fn string, arg *value) *yaml.Node {
	name := strings.TrimPrefix(fn, "Fn::")
	if !tagName.MatchString(name) {
		return nil // "Fn::" alone or odd characters: no tag can say it
	}
	tag := "!" + name
	inCond := lang.TakesConditions(fn)
	switch arg.kind {
	case kStr:
		return strNode(arg.text, tag)
	case kList:
		if fn == "Fn::GetAtt" && len(arg.items) == 2 && arg.items[0].kind == kStr && arg.items[1].kind == kStr &&
			!strings.Contains(arg.items[0].text, ".") && arg.items[0].text != "" {
			return strNode(arg.items[0].text+"."+arg.items[1].text, tag)
		}
		n := plainNode(arg, inCond)
		n.Tag = tag
		return n
	case kMap:
		n := plainNode(arg, inCond) // never a short form itself: one tag per node
		n.Tag = tag
		return n
	}
	return nil
}

// strNode renders a string, quoting it when a YAML reader (YAML 1.1 included,
// as CloudFormation and PyYAML read it) would otherwise take it for another type.
func strNode(s, tag string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: s}
	switch {
	case strings.ContainsAny(s, "\n\r\t"):
		if !blockSafe(s) {
			n.Style = yaml.DoubleQuotedStyle
		}
	case needsQuotes(s):
		n.Style = yaml.SingleQuotedStyle
	}
	return n
}

// needsQuotes reports whether a string must be quoted to stay a string for
// every YAML reader (template.PlainIsString, which also quotes "<<": bare, it
// is a merge key, which would splice the mapping under it into its parent).
// What YAML's syntax needs quoted the encoder quotes by itself.
func needsQuotes(s string) bool {
	return !template.PlainIsString(s)
}

// blockSafe reports whether the encoder's choice for a multi-line string (a
// literal block) reads back as the same string; whitespace-only strings and
// some trailing newlines do not.
func blockSafe(s string) bool {
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	if enc.Encode(map[string]string{"k": s}) != nil || enc.Close() != nil {
		return false
	}
	var back map[string]string
	return yaml.Unmarshal([]byte(b.String()), &back) == nil && back["k"] == s
}

// writeYAML renders a template as YAML. yaml.v3's emitter slows down on large
// documents, so the entries of each top-level section are encoded one by one
// and indented under their section's key.
func writeYAML(b *bytes.Buffer, v *value) error {
	if _, _, isFn := v.fn(); v.kind != kMap || isFn || len(v.keys) == 0 {
		return encodeYAML(b, yamlNode(v, false), 0)
	}
	for i, k := range v.keys {
		sec := v.vals[i]
		if _, _, isFn := sec.fn(); sec.kind != kMap || isFn || len(sec.keys) == 0 || len(k) > 120 {
			one := &value{kind: kMap, keys: []string{k}, vals: []*value{sec}}
			if err := encodeYAML(b, plainNode(one, false), 0); err != nil { // one entry, not a function call
				return err
			}
			continue
		}
		if err := encodeYAML(b, strNode(k, "!!str"), 0); err != nil {
			return err
		}
		b.Truncate(b.Len() - 1) // the line break after the key
		b.WriteString(":\n")
		for j, ek := range sec.keys {
			one := &value{kind: kMap, keys: []string{ek}, vals: []*value{sec.vals[j]}}
			if err := encodeYAML(b, plainNode(one, false), 2); err != nil {
				return err
			}
		}
	}
	return nil
}

// encodeYAML encodes n and appends it to b, every non-empty line indented.
func encodeYAML(b *bytes.Buffer, n *yaml.Node, indent int) error {
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	if indent == 0 {
		b.Write(out.Bytes())
		return nil
	}
	pad := strings.Repeat(" ", indent)
	for _, line := range strings.SplitAfter(out.String(), "\n") {
		if line != "" && line != "\n" {
			b.WriteString(pad)
		}
		b.WriteString(line)
	}
	return nil
}
