// Package convert flips CloudFormation templates between JSON and YAML, as
// cfn-flip does: JSON to YAML uses short-form tags where YAML can hold them and
// keeps key order; YAML to JSON writes long forms with cfn-flip's 4-space indent.
// Comments that the output cannot hold are returned, never silently dropped.
package convert

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Options tune a conversion.
type Options struct {
	// Clean rewrites Fn::Join of strings and references as Fn::Sub.
	Clean bool
}

// Comment is a comment of the input that the output does not carry.
type Comment struct {
	Line int    // 1-based line of the input; 0 when it could not be located
	Text string // the comment, starting with #
}

// Result is a converted template.
type Result struct {
	Text   string
	Format template.Format // the output's format
	Lost   []Comment
}

// Flip converts JSON to YAML and YAML to JSON; the direction follows the input.
func Flip(text string, opts Options) (Result, error) {
	if template.DetectFormat([]byte(text)) == template.JSON {
		return ToYAML(text, opts)
	}
	return ToJSON(text, opts)
}

// ToYAML converts a template (JSON or YAML) to YAML with short-form tags.
func ToYAML(text string, opts Options) (Result, error) {
	v, lost, err := load(text, opts)
	if err != nil {
		return Result{}, err
	}
	var b bytes.Buffer
	if err := writeYAML(&b, v); err != nil {
		return Result{}, fmt.Errorf("writing YAML: %w", err)
	}
	return Result{Text: b.String(), Format: template.YAML, Lost: lost}, nil
}

// ToJSON converts a template (YAML or JSON) to JSON with long-form intrinsics.
func ToJSON(text string, opts Options) (Result, error) {
	v, lost, err := load(text, opts)
	if err != nil {
		return Result{}, err
	}
	var b bytes.Buffer
	writeJSON(&b, v, "")
	b.WriteByte('\n')
	return Result{Text: b.String(), Format: template.JSON, Lost: lost}, nil
}

// load parses text into data, with the comments it carries.
func load(text string, opts Options) (*value, []Comment, error) {
	if strings.TrimSpace(text) == "" {
		return nil, nil, errors.New("the document is empty")
	}
	if len(text) > template.MaxSize {
		return nil, nil, errors.New("the document is too large to convert")
	}
	if !utf8.ValidString(text) || strings.IndexByte(text, 0) >= 0 {
		return nil, nil, errors.New("the document is not text")
	}
	format := template.DetectFormat([]byte(text))
	doc, err := template.ReadDocument(text, format) // one document, JSON read as JSON
	if err == nil && format == template.JSON && !json.Valid([]byte(strings.TrimPrefix(text, "\ufeff"))) {
		err = errors.New("not valid JSON")
	}
	if err != nil {
		// template.Parse locates the error precisely. It is only asked for
		// broken documents: it expands aliases, which the decoder bounds.
		if t := template.Parse("", text); t.Err != nil {
			return nil, nil, fmt.Errorf("cannot convert a document with a syntax error: %w", t.Err)
		}
		return nil, nil, fmt.Errorf("cannot parse the document: %w", err)
	}
	d := &decoder{format: template.DetectFormat([]byte(text))}
	v, err := d.decode(doc, 0)
	if err != nil {
		return nil, nil, err
	}
	if opts.Clean {
		v = clean(v)
	}
	return v, comments(text, doc), nil
}

// comments lists the comments of a YAML document with their lines: yaml.v3 says
// which '#' start comments (not those inside strings), the text says where.
func comments(text string, doc *yaml.Node) []Comment {
	want := map[string]int{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
			for _, l := range strings.Split(c, "\n") {
				if l = strings.TrimSpace(l); l != "" {
					want[l]++
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(doc)
	if len(want) == 0 {
		return nil
	}
	var out []Comment
	for i, line := range strings.Split(text, "\n") {
		for j := 0; j < len(line); j++ {
			if line[j] != '#' || (j > 0 && line[j-1] != ' ' && line[j-1] != '\t') {
				continue
			}
			c := strings.TrimSpace(line[j:])
			if want[c] > 0 {
				want[c]--
				out = append(out, Comment{Line: i + 1, Text: c})
				break
			}
		}
	}
	var rest []string
	for c, n := range want {
		for ; n > 0; n-- {
			rest = append(rest, c)
		}
	}
	sort.Strings(rest)
	for _, c := range rest {
		out = append(out, Comment{Text: c})
	}
	return out
}

// clean rewrites every Fn::Join whose parts are strings, Refs and GetAtts as
// the equivalent Fn::Sub.
func clean(v *value) *value {
	switch v.kind {
	case kList:
		for i, it := range v.items {
			v.items[i] = clean(it)
		}
	case kMap:
		for i, x := range v.vals {
			v.vals[i] = clean(x)
		}
		if fn, arg, ok := v.fn(); ok && fn == "Fn::Join" {
			if s, ok := joinToSub(arg); ok {
				return single("Fn::Sub", str(s))
			}
		}
	}
	return v
}

// joinToSub returns the Sub string of a Join argument [delimiter, [parts...]].
func joinToSub(arg *value) (string, bool) {
	if arg.kind != kList || len(arg.items) != 2 || arg.items[0].kind != kStr || arg.items[1].kind != kList {
		return "", false
	}
	escape := func(s string) string { return strings.ReplaceAll(s, "${", "${!") }
	var b strings.Builder
	for i, p := range arg.items[1].items {
		if i > 0 {
			b.WriteString(escape(arg.items[0].text))
		}
		switch fn, x, ok := p.fn(); {
		case p.kind == kStr:
			b.WriteString(escape(p.text))
		case ok && fn == "Ref" && x.kind == kStr:
			b.WriteString("${" + x.text + "}")
		case ok && fn == "Fn::GetAtt" && x.kind == kStr && strings.Contains(x.text, "."):
			b.WriteString("${" + x.text + "}")
		case ok && fn == "Fn::GetAtt" && x.kind == kList && len(x.items) == 2 &&
			x.items[0].kind == kStr && x.items[1].kind == kStr:
			b.WriteString("${" + x.items[0].text + "." + x.items[1].text + "}")
		default:
			return "", false
		}
	}
	return b.String(), true
}
