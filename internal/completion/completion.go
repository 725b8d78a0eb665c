// Package completion computes completions for CloudFormation templates. It is
// protocol-free: the server translates its items into LSP ones.
//
// The cursor context (section, resource, property path, key or value, inside a
// Sub string, after !GetAtt X., JSON or YAML, quoting) is recovered from the text
// around the cursor, so completion works on half-typed documents and never waits
// for a parse. The last finished parse, possibly of an older version, supplies the
// names of parameters, resources, conditions and mappings.
package completion

import (
	"sort"
	"strings"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// Request is one completion request.
type Request struct {
	// URI names the document (a .json suffix makes an empty document JSON).
	URI string
	// Text is the current text of the document.
	Text string
	Pos  template.Pos
	// Template is the last finished parse, maybe of an older version, or nil. It is
	// used for names (parameters, resources, ...), never for the cursor context.
	Template *template.Template
	Spec     *schema.Spec
	// Snippets is set when the client accepts snippets with tab stops.
	Snippets bool
	// Trigger is the character that triggered the request, "" when invoked.
	Trigger string
	// Now dates the Lambda runtimes offered (retired ones are marked deprecated
	// and listed last); zero means time.Now().
	Now time.Time
}

// Kind is the kind of a completion item.
type Kind int

// Item kinds; the server maps them onto LSP kinds.
const (
	KindText Kind = iota
	KindKeyword
	KindProperty
	KindValue
	KindFunction
	KindReference
	KindClass
	KindSnippet
	KindEnum
	KindModule
	KindVariable
	KindField
	KindConstant
)

// Edit replaces a range with new text.
type Edit struct {
	Range   template.Range
	NewText string
}

// Item is one completion.
type Item struct {
	Label  string
	Kind   Kind
	Detail string
	// Documentation is markdown.
	Documentation string
	SortText      string
	FilterText    string
	// Edit replaces the partly typed word; its NewText is a snippet when Snippet is set.
	Edit            Edit
	Snippet         bool
	AdditionalEdits []Edit
	// Deprecated marks a value that should no longer be used (editors strike it through).
	Deprecated bool
}

// List is the answer to a request.
type List struct {
	Items []Item
	// Incomplete asks the client to ask again as more is typed (set when a long
	// list of resource types was returned without scaffolds).
	Incomplete bool
}

// Complete computes the completions at req.Pos.
func Complete(req Request) List {
	json := isJSON(req)
	if strings.TrimSpace(req.Text) == "" {
		if req.Trigger != "" && req.Trigger != "{" {
			return List{}
		}
		return List{Items: skeleton(req, json)}
	}
	var lines *template.Lines
	if t := req.Template; t != nil && len(t.Text) == len(req.Text) && t.Text == req.Text {
		lines = t.Lines
	}
	if req.Trigger == " " && !afterSpaceWorthy(req, lines) {
		return List{}
	}
	cur := analyzeOld(req.Text, lines, req.Template, req.Pos, json)
	if cur == nil {
		return List{}
	}
	c := &completer{req: req, cur: cur, spec: req.Spec, t: req.Template}
	if c.spec == nil {
		c.spec = schema.Default()
	}
	if c.t != nil && c.t.HasSAM() {
		c.spec = c.spec.WithSAM()
	}
	c.run()
	items := c.items
	rank(items, cur.prefix)
	if req.Trigger == " " {
		// a space: only what is meaningful right after it
		kept := items[:0]
		for _, it := range items {
			if it.Kind != KindFunction && it.Kind != KindSnippet {
				kept = append(kept, it)
			}
		}
		items = kept
	}
	incomplete := c.incomplete
	if len(items) > MaxItems {
		// Thousands of items (every resource of a large template after !Ref) cost the
		// client more to receive than to filter: keep the best matches of what is
		// typed, and let the client ask again as the user types.
		items, incomplete = limit(items, cur.prefix, MaxItems), true
	}
	return List{Items: items, Incomplete: incomplete}
}

// subsequence reports whether the bytes of p appear in s in order.
func subsequence(s, p string) bool {
	for i := 0; i < len(s) && len(p) > 0; i++ {
		if s[i] == p[0] {
			p = p[1:]
		}
	}
	return p == ""
}

// MaxItems bounds the items of one answer; a longer list is cut and marked incomplete.
const MaxItems = 200

// limit keeps up to max items that match prefix case-insensitively: those that
// start with it, then those that contain it, then those that contain its letters
// in order (as fuzzy-matching clients do), each group in sort order.
func limit(items []Item, prefix string, max int) []Item {
	p := strings.ToLower(prefix)
	rank := func(it Item) int {
		f := it.FilterText
		if f == "" {
			f = it.Label
		}
		f = strings.ToLower(f)
		switch {
		case strings.HasPrefix(f, p):
			return 0
		case strings.Contains(f, p):
			return 1
		case subsequence(f, p):
			return 2
		}
		return 3
	}
	kept := make([]Item, 0, max)
	for r := 0; r < 3 && len(kept) < max; r++ {
		group := []Item{}
		for _, it := range items {
			if rank(it) == r {
				group = append(group, it)
			}
		}
		sort.SliceStable(group, func(i, j int) bool {
			a, b := group[i], group[j]
			if a.SortText != b.SortText {
				return a.SortText < b.SortText
			}
			return a.Label < b.Label
		})
		kept = append(kept, group[:min(len(group), max-len(kept))]...)
	}
	return kept
}

// afterSpaceWorthy reports whether a typed space follows something that takes a
// value: "Key:", a tag such as "!Ref", a "," or "[" in a flow list.
func afterSpaceWorthy(req Request, lines *template.Lines) bool {
	var ls int
	if lines == nil && req.Template != nil {
		ls = lineBoundsOld(req.Text, nil, req.Template.Text, req.Template.Lines, req.Pos.Line)
	} else {
		ls = lineBounds(req.Text, lines, req.Pos.Line)
	}
	if ls < 0 {
		return false
	}
	l := lineAt(req.Text, ls)
	before := strings.TrimRight(l[:byteCol(l, req.Pos.Char)], " \t")
	if before == "" {
		return false
	}
	switch before[len(before)-1] {
	case ':', ',', '[':
		return true
	}
	i := strings.LastIndexAny(before, " \t[,")
	word := before[i+1:]
	_, ok := lang.LongName(word)
	return ok
}

func isJSON(req Request) bool {
	for i := 0; i < len(req.Text); i++ {
		switch req.Text[i] {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[':
			return true
		}
		break
	}
	if strings.TrimSpace(req.Text) == "" {
		return strings.HasSuffix(strings.ToLower(req.URI), ".json")
	}
	return false
}

type completer struct {
	req        Request
	cur        *cursor
	spec       *schema.Spec
	t          *template.Template
	items      []Item
	incomplete bool
	sibs       map[string]bool
	// the range of the word, computed once per (start, end)
	rngCache template.Range
	rngFor   [2]int
	rngSet   bool
}

// rng returns the range of the word at the cursor.
func (c *completer) rng() template.Range {
	if c.rngFor != [2]int{c.cur.start, c.cur.end} || !c.rngSet {
		c.rngCache, c.rngFor, c.rngSet = c.rangeOf(c.cur.start, c.cur.end), [2]int{c.cur.start, c.cur.end}, true
	}
	return c.rngCache
}

func (c *completer) rangeOf(s, e int) template.Range {
	l := c.cur.lineText
	return template.Range{
		Start: template.Pos{Line: c.cur.line, Char: template.UTF16Len(l[:s])},
		End:   template.Pos{Line: c.cur.line, Char: template.UTF16Len(l[:e])},
	}
}

// add appends an item replacing the word at the cursor.
func (c *completer) add(it Item, text string, snippet bool) {
	if c.cur.needSpace {
		text = " " + text
	}
	if cur := c.cur; cur.json && !cur.isKey && cur.quote == 0 && !cur.inSub {
		// a JSON value between others needs its commas
		if cur.nextIsKey && !strings.HasSuffix(text, ",") {
			text += ","
		}
		if cur.prevNeedsComma && len(it.AdditionalEdits) == 0 {
			it.AdditionalEdits = []Edit{{Range: template.Range{Start: cur.commaPos, End: cur.commaPos}, NewText: ","}}
		}
	}
	it.Edit = Edit{Range: c.rng(), NewText: text}
	it.Snippet = snippet && c.req.Snippets
	if it.SortText == "" {
		it.SortText = "5" // clients order equal sort texts by label
	}
	c.items = append(c.items, it)
}

// effective returns the path without intrinsic functions: the keys and items
// that address a place in the template's own structure.
func effective(path []seg) []seg {
	out := make([]seg, 0, len(path))
	for i := 0; i < len(path); i++ {
		s := path[i]
		if !s.item && isIntrinsicKey(s.key) {
			if i+1 < len(path) && path[i+1].item {
				i++
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

func (c *completer) run() {
	cur := c.cur
	switch {
	case cur.inSub:
		c.subTargets()
		return
	case cur.tag:
		c.functions(true)
		return
	}
	if cur.fn != "" && c.intrinsicArg() {
		return
	}
	eff := effective(cur.path)
	sec := ""
	if len(eff) > 0 {
		sec = eff[0].key
	}
	if cur.isKey {
		c.keys(eff, sec)
		return
	}
	c.values(eff, sec, cur.key)
}

// intrinsicArg completes the argument of an intrinsic; false lets the value
// context answer (Fn::If's branches, the lists of Join and Select, ...).
func (c *completer) intrinsicArg() bool {
	cur := c.cur
	arg := cur.arg
	if c.inRules() && c.ruleFunctionArg() {
		return true
	}
	switch cur.fn {
	case "Ref":
		if arg < 0 && !cur.isKey {
			c.refTargets()
		}
		return true
	case "Fn::GetAtt":
		switch {
		case arg < 0 && strings.Contains(cur.prefix, "."):
			i := strings.Index(cur.prefix, ".")
			c.attributes(cur.prefix[:i], cur.start+i+1)
		case arg <= 0:
			c.resources(true)
		case arg == 1 && len(cur.prev) > 0:
			c.attributes(cur.prev[0], cur.start)
		}
		return true
	case "Condition":
		c.conditions()
		return true
	case "Fn::If":
		if arg == 0 {
			c.conditions()
			return true
		}
		return arg < 0
	case "Fn::FindInMap":
		switch arg {
		case 0:
			c.mappings()
		case 1, 2:
			c.mapKeys(cur.prev, arg)
		}
		return true
	case "Fn::Sub", "Fn::ImportValue", "Fn::GetAZs", "Fn::Base64", "Fn::Transform":
		if arg < 0 && cur.inString {
			return true
		}
		c.functions(false)
		return true
	case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Fn::Contains", "Fn::EachMemberEquals", "Fn::EachMemberIn":
		c.functions(false)
		return true
	}
	if cur.isKey {
		return false
	}
	c.functions(false)
	return true
}

// ---- names from the last parse ----

// entries returns the entries a section of the last parse declares (from
// the reference index: loops and includes are not entries).
func (c *completer) entries(section string) []*template.Entry {
	if c.t == nil {
		return nil
	}
	ds := refs.Of(c.t).Declared(section)
	out := make([]*template.Entry, len(ds))
	for i, d := range ds {
		out[i] = d.Entry
	}
	return out
}

// current returns the logical id of the resource being edited, or "".
func (c *completer) current() string {
	eff := effective(c.cur.path)
	if len(eff) >= 2 && eff[0].key == "Resources" {
		return eff[1].key
	}
	if len(eff) == 1 && eff[0].key == "Resources" && !c.cur.isKey {
		return c.cur.key
	}
	return ""
}

// resource returns the entry of the last parse declaring resource name,
// one a Fn::ForEach loop produces included, or nil.
func (c *completer) resource(name string) *template.Entry {
	if c.t == nil {
		return nil
	}
	if d := refs.Of(c.t).Decl(refs.Resources, name); d != nil {
		return d.Entry
	}
	return nil
}

// parsedType returns the spec's type of resource name in the last parse, or
// nil (no such resource, or a type the spec does not know).
func (c *completer) parsedType(name string) *schema.ResourceType {
	if e := c.resource(name); e != nil {
		return c.spec.ResourceType(e.Type())
	}
	return nil
}

// loopIdentifiers offers the identifiers of the Fn::ForEach loops whose body
// holds the cursor, innermost first: Ref and Fn::Sub name them there.
func (c *completer) loopIdentifiers(closing string) {
	if c.t == nil {
		return
	}
	path := c.cur.path
	var loops []*refs.Loop
	for i, s := range path {
		name, ok := strings.CutPrefix(s.key, "Fn::ForEach::")
		if !ok || s.item || i+1 >= len(path) || !path[i+1].item || path[i+1].idx != 2 {
			continue
		}
		for _, l := range refs.Of(c.t).Loops {
			if l.Name == name && l.Variable != "" {
				loops = append([]*refs.Loop{l}, loops...)
				break
			}
		}
	}
	for _, l := range loops {
		c.add(Item{Label: l.Variable, Kind: KindVariable, Detail: "Identifier of Fn::ForEach::" + l.Name,
			Documentation: "Each item of the loop's collection in turn.", SortText: "0"}, c.quoted(l.Variable)+closing, false)
	}
}

func (c *completer) refTargets() {
	c.items = make([]Item, 0, len(c.entries("Parameters"))+len(c.entries("Resources"))+len(lang.PseudoParameters))
	c.loopIdentifiers("")
	for _, e := range c.entries("Parameters") {
		typ, _ := e.Value.Get("Type").Str()
		c.add(Item{Label: e.Name, Kind: KindVariable, Detail: "Parameter " + typ, SortText: "1"}, c.quoted(e.Name), false)
	}
	c.resources(false)
	c.pseudo()
}

func (c *completer) resources(getAtt bool) {
	self := c.current()
	for _, e := range c.entries("Resources") {
		if e.Name == self && !getAtt {
			continue
		}
		typ := e.Type()
		if getAtt {
			if rt := c.spec.ResourceType(typ); rt != nil && len(rt.Attributes) == 0 {
				continue
			}
		}
		c.add(Item{Label: e.Name, Kind: KindReference, Detail: typ, SortText: "2"}, c.quoted(e.Name), false)
	}
}

func (c *completer) pseudo() {
	for _, p := range lang.PseudoParameters {
		c.add(Item{Label: p.Name, Kind: KindConstant, Detail: "Pseudo parameter", Documentation: p.Summary, SortText: "3"}, c.quoted(p.Name), false)
	}
}

func (c *completer) attributes(res string, from int) {
	rt := c.parsedType(res)
	if rt == nil {
		return
	}
	cur := c.cur
	saved := cur.start
	cur.start = from
	defer func() { cur.start = saved }()
	names := make([]string, 0, len(rt.Attributes))
	for n := range rt.Attributes {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		text := n
		if from == saved {
			text = c.quoted(n) // a list item of its own, not the tail of "A.B"
		}
		c.add(Item{Label: n, Kind: KindField, Detail: rt.Attributes[n].Type.Name(), Documentation: rt.Attributes[n].Description}, text, false)
	}
}

func (c *completer) conditions() {
	for _, e := range c.entries("Conditions") {
		c.add(Item{Label: e.Name, Kind: KindReference, Detail: "Condition"}, c.quoted(e.Name), false)
	}
}

func (c *completer) mappings() {
	for _, e := range c.entries("Mappings") {
		c.add(Item{Label: e.Name, Kind: KindReference, Detail: "Mapping"}, c.quoted(e.Name), false)
	}
}

func (c *completer) mapKeys(prev []string, arg int) {
	if c.t == nil || len(prev) < arg {
		return
	}
	m := c.t.Mapping(prev[0])
	if m == nil || m.Value.Kind != template.Mapping {
		return
	}
	seen := map[string]bool{}
	var keys []string
	for _, p := range m.Value.Pairs {
		if arg == 1 {
			keys = append(keys, p.Key.Value)
			continue
		}
		if prev[1] != "" && p.Key.Value != prev[1] {
			continue
		}
		if p.Value.Kind == template.Mapping {
			for _, q := range p.Value.Pairs {
				if !seen[q.Key.Value] {
					seen[q.Key.Value] = true
					keys = append(keys, q.Key.Value)
				}
			}
		}
	}
	for _, k := range keys {
		c.add(Item{Label: k, Kind: KindValue, Detail: prev[0]}, c.quoted(k), false)
	}
}

func (c *completer) subTargets() {
	cur := c.cur
	closing := "}"
	if cur.nextCh == '}' {
		closing = ""
	}
	if i := strings.Index(cur.sub, "."); i >= 0 {
		res := cur.sub[:i]
		rt := c.parsedType(res)
		if rt == nil {
			return
		}
		for n, a := range rt.Attributes {
			c.add(Item{Label: res + "." + n, Kind: KindField, Detail: a.Type.Name(), FilterText: res + "." + n}, res+"."+n+closing, false)
		}
		sort.Slice(c.items, func(i, j int) bool { return c.items[i].Label < c.items[j].Label })
		return
	}
	c.loopIdentifiers(closing)
	for _, e := range c.entries("Parameters") {
		typ, _ := e.Value.Get("Type").Str()
		c.add(Item{Label: e.Name, Kind: KindVariable, Detail: "Parameter " + typ, SortText: "1"}, e.Name+closing, false)
	}
	for _, e := range c.entries("Resources") {
		c.add(Item{Label: e.Name, Kind: KindReference, Detail: e.Type(), SortText: "2"}, e.Name+closing, false)
	}
	for _, p := range lang.PseudoParameters {
		c.add(Item{Label: p.Name, Kind: KindConstant, Detail: "Pseudo parameter", Documentation: p.Summary, SortText: "3"}, p.Name+closing, false)
	}
}

// quoted renders a scalar value for the place at the cursor: inside quotes as is,
// in JSON between quotes, in YAML plain when that is safe.
func (c *completer) quoted(v string) string {
	if c.cur.quote != 0 {
		return v
	}
	if c.cur.json {
		return `"` + v + `"`
	}
	return yamlScalar(v)
}

// yamlScalar quotes a YAML scalar when a plain one would change meaning: YAML
// syntax, or a type other than string (an enum value ON is the boolean true
// to CloudFormation, 017 the number 15).
func yamlScalar(v string) string {
	if strings.ContainsAny(v[:min(len(v), 1)], "!&*[]{}|>'\"%@`#,?:-") || strings.Contains(v, ": ") ||
		strings.Contains(v, " #") || !template.PlainIsString(v) {
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	return v
}
