package completion

import (
	"fmt"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// snip builds insert text: a snippet with tab stops, or plain text.
type snip struct {
	on bool
	n  int
	b  strings.Builder
}

var snippetEscaper = strings.NewReplacer(`\`, `\\`, `$`, `\$`)
var choiceEscaper = strings.NewReplacer(`\`, `\\`, `$`, `\$`, `}`, `\}`, `,`, `\,`, `|`, `\|`)

func (s *snip) lit(x string) {
	if s.on {
		x = snippetEscaper.Replace(x)
	}
	s.b.WriteString(x)
}

// tab adds a tab stop with a default text.
func (s *snip) tab(def string) {
	s.n++
	if !s.on {
		s.b.WriteString(def)
		return
	}
	if def == "" {
		fmt.Fprintf(&s.b, "${%d}", s.n)
		return
	}
	fmt.Fprintf(&s.b, "${%d:%s}", s.n, snippetEscaper.Replace(def))
}

// choice adds a tab stop offering a few values (plain text: the first one).
func (s *snip) choice(opts []string) {
	s.n++
	if !s.on {
		s.b.WriteString(opts[0])
		return
	}
	esc := make([]string, len(opts))
	for i, o := range opts {
		esc[i] = choiceEscaper.Replace(o)
	}
	fmt.Fprintf(&s.b, "${%d|%s|}", s.n, strings.Join(esc, ","))
}

// stop is a tab stop with its default text, a part of add.
type stop string

// parameterTypes are the types a new parameter's snippet offers.
var parameterTypes = []string{"String", "Number", "CommaDelimitedList", "List<Number>"}

// add adds parts in order: a string as literal text, a stop as a tab stop, a
// []string as a choice.
func (s *snip) add(parts ...any) {
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			s.lit(p)
		case stop:
			s.tab(string(p))
		case []string:
			s.choice(p)
		default:
			panic(fmt.Sprintf("snippet part %T", p))
		}
	}
}

func (s *snip) String() string { return s.b.String() }

// shape is how a value is written.
type shape int

const (
	shapeScalar shape = iota
	shapeObject       // an object with known properties
	shapeJSON         // free-form object
	shapeList
	shapeMap
)

func shapeOf(rt *schema.ResourceType, vt *schema.ValueType) shape {
	switch {
	case vt == nil:
		return shapeScalar
	case vt.Kind.Has(schema.KindList) && !vt.Kind.Has(schema.KindString):
		return shapeList
	case vt.Kind.Has(schema.KindObject) && rt.PropertiesOf(vt) != nil:
		return shapeObject
	case vt.Kind.Has(schema.KindMap) && !vt.Kind.Has(schema.KindString):
		return shapeMap
	case vt.Kind.Has(schema.KindObject) && !vt.Kind.Has(schema.KindString):
		return shapeJSON
	}
	return shapeScalar
}

const maxScaffoldDepth = 4

// scaffold writes the required properties of obj, YAML or JSON, at indentation ind.
// The first line's indentation is written by the caller.
func (c *completer) scaffold(s *snip, rt *schema.ResourceType, obj *schema.Object, ind string, depth int) {
	unit := strings.Repeat(" ", c.cur.unit)
	for i, name := range obj.RequiredNames() {
		p := obj.Properties[name]
		switch {
		case c.cur.json && i > 0:
			s.lit(",\n" + ind + `"` + name + `": `)
		case c.cur.json:
			s.lit("\n" + ind + `"` + name + `": `)
		case i > 0:
			s.lit("\n" + ind + name + ":")
		default:
			s.lit(name + ":")
		}
		c.writeValue(s, rt, &p.Type, ind, unit, depth)
	}
}

// writeValue writes the value of a property after its key, in the document's
// format, with the required properties of an object (to a depth of
// maxScaffoldDepth) and placeholders to tab through.
func (c *completer) writeValue(s *snip, rt *schema.ResourceType, vt *schema.ValueType, ind, unit string, depth int) {
	if c.cur.json {
		c.jsonValue(s, rt, vt, ind, unit, depth)
	} else {
		c.yamlValue(s, rt, vt, ind, unit, depth)
	}
}

// toScaffold returns the object a value of vt is written out as with its
// required properties, or nil: none to write, or depth at maxScaffoldDepth.
func toScaffold(rt *schema.ResourceType, vt *schema.ValueType, depth int) *schema.Object {
	if depth >= maxScaffoldDepth {
		return nil
	}
	if obj := rt.PropertiesOf(vt); obj != nil && len(obj.RequiredNames()) > 0 {
		return obj
	}
	return nil
}

// yamlValue writes the value part after "Key:".
func (c *completer) yamlValue(s *snip, rt *schema.ResourceType, vt *schema.ValueType, ind, unit string, depth int) {
	child := ind + unit
	switch shapeOf(rt, vt) {
	case shapeObject:
		s.lit("\n" + child)
		if obj := toScaffold(rt, vt, depth); obj != nil {
			c.scaffold(s, rt, obj, child, depth+1)
		} else {
			s.tab("")
		}
	case shapeJSON:
		s.lit("\n" + child)
		s.tab("")
	case shapeList:
		s.lit("\n" + child + "- ")
		item := vt.Item
		if obj := toScaffold(rt, item, depth); obj != nil {
			c.scaffold(s, rt, obj, child+"  ", depth+1)
		} else {
			c.yamlScalarTab(s, item)
		}
	case shapeMap:
		s.lit("\n" + child)
		s.tab("Key")
		s.lit(": ")
		s.tab("")
	default:
		s.lit(" ")
		c.yamlScalarTab(s, vt)
	}
}

func (c *completer) yamlScalarTab(s *snip, vt *schema.ValueType) {
	switch {
	case vt != nil && len(vt.Enum) > 0:
		s.choice(vt.Enum)
	case vt != nil && vt.Kind == schema.KindBoolean:
		s.choice([]string{"true", "false"})
	default:
		s.tab("")
	}
}

func (c *completer) jsonValue(s *snip, rt *schema.ResourceType, vt *schema.ValueType, ind, unit string, depth int) {
	child := ind + unit
	switch shapeOf(rt, vt) {
	case shapeObject:
		s.lit("{")
		if obj := toScaffold(rt, vt, depth); obj != nil {
			c.scaffold(s, rt, obj, child, depth+1)
			s.lit("\n" + ind + "}")
		} else {
			s.tab("")
			s.lit("}")
		}
	case shapeJSON:
		s.lit("{")
		s.tab("")
		s.lit("}")
	case shapeList:
		s.lit("[")
		if obj := toScaffold(rt, vt.Item, depth); obj != nil {
			s.lit("\n" + child + "{")
			c.scaffold(s, rt, obj, child+unit, depth+1)
			s.lit("\n" + child + "}\n" + ind + "]")
			return
		}
		c.jsonScalarTab(s, vt.Item)
		s.lit("]")
	case shapeMap:
		s.lit(`{"`)
		s.tab("Key")
		s.lit(`": `)
		c.jsonScalarTab(s, vt.Item)
		s.lit("}")
	default:
		c.jsonScalarTab(s, vt)
	}
}

func (c *completer) jsonScalarTab(s *snip, vt *schema.ValueType) {
	switch {
	case vt == nil:
		s.lit(`"`)
		s.tab("")
		s.lit(`"`)
	case len(vt.Enum) > 0:
		s.lit(`"`)
		s.choice(vt.Enum)
		s.lit(`"`)
	case vt.Kind == schema.KindBoolean:
		s.choice([]string{"true", "false"})
	case vt.Kind&(schema.KindString|schema.KindObject|schema.KindList|schema.KindMap) == 0:
		s.tab("0")
	default:
		s.lit(`"`)
		s.tab("")
		s.lit(`"`)
	}
}

type entity func(c *completer, s *snip, ind, unit string)

func (c *completer) entitySnippet(label string, build entity) {
	cur := c.cur
	s := &snip{on: c.req.Snippets}
	build(c, s, c.spaces(cur.col), c.spaces(cur.unit))
	text := s.String()
	if cur.json && cur.nextIsKey {
		text += ","
	}
	r := c.rng()
	if cur.json && cur.quote != 0 {
		end := cur.end
		if end < len(cur.lineText) && cur.lineText[end] == '"' {
			end++
		}
		r = c.rangeOf(cur.start-1, end)
	}
	c.items = append(c.items, Item{Label: "New " + strings.ToLower(label), Kind: KindSnippet, Detail: label + " snippet",
		SortText: "0" + label, Edit: Edit{Range: r, NewText: text}, Snippet: c.req.Snippets && s.n > 0,
		FilterText: cur.prefix})
}

func resourceSnippet(c *completer, s *snip, ind, unit string) {
	if c.cur.json {
		s.add(`"`, stop("LogicalId"), `": {`+"\n"+ind+unit+`"Type": "`, stop("AWS::S3::Bucket"),
			`",`+"\n"+ind+unit+`"Properties": {`, stop(""), "}\n"+ind+"}")
		return
	}
	s.add(stop("LogicalId"), ":\n"+ind+unit+"Type: ", stop("AWS::S3::Bucket"),
		"\n"+ind+unit+"Properties:\n"+ind+unit+unit, stop(""))
}

func parameterSnippet(c *completer, s *snip, ind, unit string) {
	if c.cur.json {
		s.add(`"`, stop("ParameterName"), `": {`+"\n"+ind+unit+`"Type": "`, parameterTypes,
			`",`+"\n"+ind+unit+`"Description": "`, stop(""), `"`+"\n"+ind+"}")
		return
	}
	s.add(stop("ParameterName"), ":\n"+ind+unit+"Type: ", parameterTypes,
		"\n"+ind+unit+"Description: ", stop(""))
}

func outputSnippet(c *completer, s *snip, ind, unit string) {
	if c.cur.json {
		s.add(`"`, stop("OutputName"), `": {`+"\n"+ind+unit+`"Description": "`, stop(""),
			`",`+"\n"+ind+unit+`"Value": {"Ref": "`, stop(""),
			`"},`+"\n"+ind+unit+`"Export": {"Name": {"Fn::Sub": "${AWS::StackName}-`, stop("OutputName"),
			`"}}`+"\n"+ind+"}")
		return
	}
	s.add(stop("OutputName"), ":\n"+ind+unit+"Description: ", stop(""),
		"\n"+ind+unit+"Value: !Ref ", stop(""),
		"\n"+ind+unit+"Export:\n"+ind+unit+unit+"Name: !Sub '${AWS::StackName}-", stop("OutputName"), "'")
}

func conditionSnippet(c *completer, s *snip, ind, unit string) {
	if c.cur.json {
		s.add(`"`, stop("ConditionName"), `": {"Fn::Equals": [{"Ref": "`, stop("Parameter"),
			`"}, "`, stop("value"), `"]}`)
		return
	}
	s.add(stop("ConditionName"), ": !Equals [!Ref ", stop("Parameter"), ", ", stop("value"), "]")
}

func mappingSnippet(c *completer, s *snip, ind, unit string) {
	if c.cur.json {
		s.add(`"`, stop("MapName"), `": {`+"\n"+ind+unit+`"`, stop("us-east-1"),
			`": {"`, stop("Key"), `": "`, stop("value"), `"}`+"\n"+ind+"}")
		return
	}
	s.add(stop("MapName"), ":\n"+ind+unit, stop("us-east-1"), ":\n"+ind+unit+unit, stop("Key"),
		": ", stop("value"))
}

// skeleton offers a whole template for an empty document.
func skeleton(req Request, json bool) []Item {
	s := &snip{on: req.Snippets}
	if json {
		s.add(
			"{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Description\": \"",
			stop(""),
			"\",\n  \"Parameters\": {},\n  \"Resources\": {\n    \"",
			stop("Bucket"),
			"\": {\n      \"Type\": \"",
			stop("AWS::S3::Bucket"),
			"\",\n      \"Properties\": {}\n    }\n  },\n  \"Outputs\": {}\n}\n",
		)
	} else {
		s.add(
			"AWSTemplateFormatVersion: '2010-09-09'\nDescription: ",
			stop(""),
			"\nParameters: {}\nResources:\n  ",
			stop("Bucket"),
			":\n    Type: ",
			stop("AWS::S3::Bucket"),
			"\n    Properties: {}\nOutputs: {}\n",
		)
	}
	r := template.Range{}
	if req.Text != "" {
		r.End = template.NewLines(req.Text).PosOf(len(req.Text))
	}
	return []Item{{Label: "CloudFormation template", Kind: KindSnippet, Detail: "Template skeleton",
		SortText: "0", Edit: Edit{Range: r, NewText: s.String()}, Snippet: req.Snippets}}
}
