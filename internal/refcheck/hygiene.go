package refcheck

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/sam"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// This file holds template hygiene warnings: nothing here stops a stack from
// deploying, but each finding is dead weight or an unprotected resource.
//
//   - W3005: a DependsOn item that a Ref, GetAtt or Sub of the same resource
//     already implies;
//   - W1020: a Fn::Sub whose string has no ${} variable;
//   - W3011: a resource that sets only one of DeletionPolicy and
//     UpdateReplacePolicy;
//   - W4001: the AWS::CloudFormation::Interface metadata naming parameters the
//     template does not define;
//   - W2010: a NoEcho parameter shown where CloudFormation does not mask it
//     (run from the table of checks.go).

// checkHygiene runs the hygiene warnings. It runs after the reference and shape
// checks, whose errors it consults to stay quiet about broken functions.
func (c *checker) checkHygiene() {
	c.checkObsoleteDependsOn()
	c.checkSubNeeded()
	c.checkPolicies()
	c.checkInterface()
}

// depKey is a resource and a resource it refers to.
type depKey struct{ from, to string }

// checkObsoleteDependsOn reports DependsOn items (W3005) naming a resource that
// the same resource already refers to with Ref, GetAtt or a Sub variable:
// CloudFormation orders the two by the reference alone. Only references that
// hold in every deployment count: one inside Fn::If may vanish with its branch,
// so the DependsOn is kept then. In a serverless resource only references
// in the properties the SAM transform copies onto the resource named after
// it count (a function's Role): it moves the others into resources it makes.
func (c *checker) checkObsoleteDependsOn() {
	// The DependsOn pairs first: usually far fewer than the references.
	implied := map[depKey]int{} // index in c.refs of the implying reference, or -1
	for _, r := range c.refs {
		if r.Kind == refs.KindDependsOn && r.Section == "Resources" {
			implied[depKey{r.Entry, r.Name}] = -1
		}
	}
	if len(implied) == 0 {
		return
	}
	for i := range c.refs {
		r := c.refs[i]
		if r.Kind == refs.KindDependsOn || r.Section != "Resources" || r.MacroInput {
			continue
		}
		k := depKey{r.Entry, r.Name}
		if at, ok := implied[k]; ok && at < 0 && c.impliesDependency(r) && c.keptBySAM(r) {
			implied[k] = i
		}
	}
	for _, d := range c.refs {
		if d.Kind != refs.KindDependsOn || d.Section != "Resources" {
			continue
		}
		at := implied[depKey{d.Entry, d.Name}]
		res := c.t.Resource(d.Entry)
		if res == nil || d.Fn.Parent != res.Value {
			continue // inside a Fn::ForEach body
		}
		if at < 0 {
			if d.Name == sam.MadeRole(res) {
				c.reportObsoleteDependsOn(res, d, "the SAM transform makes "+d.Name+" as "+d.Entry+"'s role, and "+d.Entry+" waits for its role")
			}
			continue
		}
		by := c.refs[at]
		// One concatenation: a template may hold hundreds of these.
		pre, post, dot := by.Kind.String()+" ", "", ""
		if by.Kind == refs.KindSub {
			pre, post = "Sub ${", "}"
		}
		if by.Attr != "" {
			dot = "."
		}
		c.reportObsoleteDependsOn(res, d, pre+by.Name+dot+by.Attr+post+" in "+c.attributeOf(by)+" already makes "+d.Entry+" wait for it")
	}
}

// reportObsoleteDependsOn reports the DependsOn item d of resource res
// (W3005), saying why it is not needed, with its removal as the fix.
func (c *checker) reportObsoleteDependsOn(res *template.Entry, d *refs.Ref, why string) {
	msg := "DependsOn \"" + d.Name + "\" is not needed: " + why
	var fix *diag.Fix
	if rng, ok := c.dependsOnRemoval(res, d); ok {
		fix = &diag.Fix{Title: "Remove \"" + d.Name + "\" from DependsOn", Range: rng}
	}
	c.report(d.Range, diag.Warning, codeDependsOnObsolete, d.Entry, msg, fix)
}

// keptBySAM reports whether a reference of a serverless resource stays, after
// the SAM transform, with the resource named after it (and its DependsOn);
// true for other resources.
func (c *checker) keptBySAM(r *refs.Ref) bool {
	res := c.t.Resource(r.Entry)
	return res == nil || !strings.HasPrefix(res.Type(), sam.Prefix) || sam.Kept(res, r.Node)
}

// impliesDependency reports whether a reference makes its resource depend on
// the resource it names, in every deployment of the template.
func (c *checker) impliesDependency(r *refs.Ref) bool {
	if r.Entry == "" || r.Entry == r.Name || c.t.Resource(r.Name) == nil {
		return false
	}
	switch r.Kind {
	case refs.KindRef:
	case refs.KindGetAtt:
		// Only the well-formed shapes: "Res.Attr" or [Res, Attr].
		a := r.Fn.Arg
		if a == nil || a.Kind == template.Scalar && !strings.Contains(a.Value, ".") ||
			a.Kind == template.Sequence && len(a.Items) != 2 {
			return false
		}
	case refs.KindSub:
		// Only a plain ${Name} or ${Name.Attr}, without inner spaces.
		name := r.Name
		if r.Attr != "" {
			name += "." + r.Attr
		}
		if !plainSubName(name) || !r.Exact || c.source(r.Token) != "${"+name+"}" {
			return false
		}
	default:
		return false
	}
	res := c.t.Resource(r.Entry)
	if res == nil {
		return false
	}
	for n := r.Node; n != nil && n != res.Value; n = n.Parent {
		if n.IsIntrinsic("Fn::If") {
			return false
		}
	}
	return true
}

// plainSubName reports whether a Sub variable name is made of letters, digits
// and dots only.
func plainSubName(s string) bool {
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '.') {
			return false
		}
	}
	return s != ""
}

// attributeOf returns the resource attribute (Properties, Metadata, ...) a
// resource reference sits in.
func (c *checker) attributeOf(r *refs.Ref) string {
	res := c.t.Resource(r.Entry)
	if res == nil {
		return "the resource"
	}
	n := r.Node
	for n != nil && n.Parent != res.Value {
		n = n.Parent
	}
	if k := n.KeyOf(); k != "" {
		return k
	}
	return "the resource"
}

// dependsOnRemoval returns the range whose deletion removes the DependsOn item
// d from resource res: the item of a list, or the whole DependsOn entry when it
// names only that resource. It reports false when the layout is unusual enough
// that a plain deletion might leave a broken document.
func (c *checker) dependsOnRemoval(res *template.Entry, d *refs.Ref) (template.Range, bool) {
	m := res.Value
	idx := -1
	for i, p := range m.Pairs {
		if p.Value == d.Fn {
			idx = i
		}
	}
	if idx < 0 {
		return template.Range{}, false
	}
	v := d.Fn
	if v.Kind == template.Sequence && len(v.Items) > 1 {
		for i, it := range v.Items {
			if it == d.Node {
				return c.t.ItemRemoval(v, i)
			}
		}
		return template.Range{}, false
	}
	r, text, ok := c.t.PairRemoval(m, idx)
	return r, ok && text == ""
}

// checkSubNeeded reports a Fn::Sub whose string has no ${} variable (W1020):
// the plain string does the same. It looks where CloudFormation resolves
// functions (resource properties and metadata, output values and export names,
// conditions, rule assertions) and, like cfn-lint, not in templates with the
// SAM or the AWS::LanguageExtensions transform: their transforms rewrite such
// strings (the latter turns a variable-free Fn::Sub into the plain string).
func (c *checker) checkSubNeeded() {
	if !strings.Contains(c.t.Text, "Sub") {
		return
	}
	for _, tr := range c.t.Transforms() {
		if tr == "AWS::Serverless-2016-10-31" || tr == "AWS::LanguageExtensions" {
			return
		}
	}
	// Most Fn::Sub calls have variables, and the reference collector has seen
	// those: a resource whose text has no more Subs than that needs no walk.
	withVars := map[string]int{}
	var last *template.Node
	for i := range c.refs {
		if r := c.refs[i]; r.Kind == refs.KindSub && r.Section == "Resources" && r.Fn != last {
			last = r.Fn
			withVars[r.Entry]++
		}
	}
	for _, e := range c.t.Resources {
		if e.Value.Kind != template.Mapping || c.subsInText(e.Value) <= withVars[e.Name] {
			continue
		}
		var rt *schema.ResourceType
		if c.spec != nil {
			typ := e.Type()
			if !schema.IsCustomResource(typ) {
				if rt = c.spec.ResourceType(typ); rt == nil {
					continue // an unknown type: its properties are not checked at all
				}
			}
		}
		c.plainSubs(e.Get("Properties"), e.Name, func(path []string) (bool, *schema.ValueType) { return propertyAt(rt, path) })
		c.plainSubs(e.Get("Metadata"), e.Name, nil)
	}
	for _, o := range c.t.Outputs {
		c.plainSubs(o.Value.Get("Value"), "", nil)
		c.plainSubs(o.Value.Get("Export").Get("Name"), "", nil)
	}
	for _, e := range c.t.Conditions {
		c.conditionSubs(e.Value)
	}
	for _, e := range c.t.Rules {
		c.conditionSubs(e.Value.Get("RuleCondition"))
		for _, a := range seqItems(e.Value.Get("Assertions")) {
			c.conditionSubs(a.Get("Assert"))
		}
	}
}

// propFunc resolves a property path (the mapping keys below Properties):
// whether the resource type has it, and its value type when known.
type propFunc func([]string) (bool, *schema.ValueType)

// subsInText counts the Fn::Sub calls the source of n seems to hold.
func (c *checker) subsInText(n *template.Node) int {
	i, j := c.t.Lines.Offset(n.Range.Start), c.t.Lines.Offset(n.Range.End)
	if i < 0 || j > len(c.t.Text) || i > j {
		return math.MaxInt // cannot tell: look
	}
	src := c.t.Text[i:j]
	return strings.Count(src, "Fn::Sub") + strings.Count(src, "!Sub")
}

// mentions reports whether the source of n contains s.
func (c *checker) mentions(n *template.Node, s string) bool {
	i, j := c.t.Lines.Offset(n.Range.Start), c.t.Lines.Offset(n.Range.End)
	if i < 0 || j > len(c.t.Text) || i > j {
		return true // cannot tell: look
	}
	return strings.Contains(c.t.Text[i:j], s)
}

// plainSubs reports the variable-free Fn::Sub calls under n that CloudFormation
// resolves; prop, when set, resolves the property paths below n.
func (c *checker) plainSubs(n *template.Node, res string, prop propFunc) {
	c.subPath = c.subPath[:0]
	if n == nil || n.Kind != template.Mapping {
		c.walkSubs(n, res, prop, false)
		return
	}
	for _, p := range n.Pairs {
		if c.mentions(p.Value, "Sub") {
			c.subPath = append(c.subPath[:0], p.Key.Value)
			c.walkSubs(p.Value, res, prop, true)
		}
	}
}

// walkSubs is plainSubs below n. direct is set while n is the value of the
// last key of c.subPath itself (or a branch of Fn::If there), so that the
// property's constraints apply to it.
func (c *checker) walkSubs(n *template.Node, res string, prop propFunc, direct bool) {
	if n == nil {
		return
	}
	switch n.Kind {
	case template.Mapping:
		for _, p := range n.Pairs {
			c.subPath = append(c.subPath, p.Key.Value)
			c.walkSubs(p.Value, res, prop, true)
			c.subPath = c.subPath[:len(c.subPath)-1]
		}
	case template.Sequence:
		for _, it := range n.Items {
			c.walkSubs(it, res, prop, false)
		}
	case template.Intrinsic:
		if n.Fn == "Fn::Sub" {
			var vt *schema.ValueType
			ok := true
			if prop != nil {
				ok, vt = prop(c.subPath)
			}
			if ok && (!direct || vt == nil || fitsValue(n, vt)) {
				c.checkPlainSub(n, res)
			}
		}
		for _, v := range subValues(n) {
			c.walkSubs(v, res, prop, direct && n.Fn == "Fn::If")
		}
	}
}

// fitsValue reports whether the string of a Fn::Sub meets the constraints of
// the property it is the value of. cfn-lint checks the resolved string against
// them and stays quiet about the Sub itself when that fails.
func fitsValue(n *template.Node, vt *schema.ValueType) bool {
	str := n.Arg
	if str != nil && str.Kind == template.Sequence && len(str.Items) > 0 {
		str = str.Items[0]
	}
	s, ok := str.Str()
	if !ok || !vt.Kind.Has(schema.KindString) {
		return false
	}
	if len(vt.Enum) > 0 && !slices.Contains(vt.Enum, s) {
		return false
	}
	if re := vt.Regexp(); re != nil && !re.MatchString(s) {
		return false
	}
	n16 := template.UTF16Len(s)
	return (vt.MinLength == nil || n16 >= *vt.MinLength) && (vt.MaxLength == nil || n16 <= *vt.MaxLength)
}

// subValues returns the arguments of an intrinsic whose Fn::Sub calls are
// resolved as strings: the branches of Fn::If, the items of Fn::Join, the input
// of Fn::Base64, Fn::ImportValue and Fn::Split, the variables of Fn::Sub. Other
// functions (Fn::Select, Fn::FindInMap, ...) want other shapes there.
func subValues(n *template.Node) []*template.Node {
	a := n.Arg
	if a == nil {
		return nil
	}
	switch n.Fn {
	case "Fn::If":
		if a.Kind == template.Sequence && len(a.Items) == 3 {
			return a.Items[1:]
		}
	case "Fn::Join":
		if a.Kind == template.Sequence && len(a.Items) == 2 {
			if vs := a.Items[1]; vs.Kind == template.Sequence {
				return vs.Items
			} else if vs.Kind == template.Intrinsic {
				return []*template.Node{vs} // a list function: Fn::Split, Fn::If, ...
			}
		}
	case "Fn::Base64", "Fn::ImportValue":
		return []*template.Node{a}
	case "Fn::Split":
		if a.Kind == template.Sequence && len(a.Items) == 2 {
			return a.Items[1:]
		}
	case "Fn::Sub":
		if a.Kind == template.Sequence && len(a.Items) == 2 && a.Items[1].Kind == template.Mapping {
			out := make([]*template.Node, 0, len(a.Items[1].Pairs))
			for _, p := range a.Items[1].Pairs {
				out = append(out, p.Value)
			}
			return out
		}
	}
	return nil
}

// conditionSubs reports variable-free Fn::Sub calls compared by Fn::Equals in a
// condition or rule, through Fn::And, Fn::Or and Fn::Not.
func (c *checker) conditionSubs(n *template.Node) {
	if n == nil || n.Kind != template.Intrinsic {
		return
	}
	switch n.Fn {
	case "Fn::And", "Fn::Or", "Fn::Not":
		for _, it := range seqItems(n.Arg) {
			c.conditionSubs(it)
		}
	case "Fn::Equals":
		for _, it := range seqItems(n.Arg) {
			if it.IsIntrinsic("Fn::Sub") {
				c.checkPlainSub(it, "")
			}
		}
	}
}

// checkPlainSub reports a well-formed Fn::Sub without variables.
func (c *checker) checkPlainSub(n *template.Node, res string) {
	str := n.Arg
	if str == nil {
		return
	}
	if str.Kind == template.Sequence {
		if len(str.Items) != 2 || !validSubVars(str.Items[1]) {
			return
		}
		str = str.Items[0]
	}
	if str.Kind != template.Scalar || lang.HasSubVariable(str.Value) || c.errorWithin(n.Range) {
		return
	}
	rng := n.Range
	name := "Fn::Sub"
	if n.Short {
		name = "!Sub"
	}
	if r, ok := c.t.Find(n, name, 0); ok {
		rng = r
	}
	c.report(rng, diag.Warning, codeSubNeeded, res, "Fn::Sub is not needed: its string has no ${} variable", nil)
}

// validSubVars reports whether the variables of a two-argument Fn::Sub have the
// shape CloudFormation accepts: a mapping of names to strings or functions.
func validSubVars(n *template.Node) bool {
	if n.Kind != template.Mapping {
		return false
	}
	for _, p := range n.Pairs {
		if !hasAlnum(p.Key.Value) {
			return false
		}
		if p.Value.Kind != template.Scalar && p.Value.Kind != template.Intrinsic {
			return false
		}
	}
	return true
}

func hasAlnum(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}) >= 0
}

// errorWithin reports whether an error this checker found lies inside rng.
func (c *checker) errorWithin(rng template.Range) bool {
	for _, d := range c.ds {
		if d.Severity == diag.Error && !d.Range.Start.Less(rng.Start) && !rng.End.Less(d.Range.End) {
			return true
		}
	}
	return false
}

// propertyAt resolves a path of mapping keys below a resource's Properties: it
// reports whether the path leads through properties the type defines (free-form
// parts accept anything) and returns the value type at its end when known. rt
// nil accepts every path.
func propertyAt(rt *schema.ResourceType, path []string) (bool, *schema.ValueType) {
	if rt == nil {
		return true, nil
	}
	obj := &rt.Object
	var vt *schema.ValueType
	for _, key := range path {
		switch {
		case obj != nil:
			p := obj.Properties[key]
			if p == nil {
				return obj.Open, nil
			}
			vt = &p.Type
		case vt != nil && vt.Kind.Has(schema.KindMap) && vt.Item != nil:
			vt = vt.Item
		default:
			return true, nil // free-form JSON
		}
		obj = rt.PropertiesOf(vt)
		if obj == nil && vt.Kind.Has(schema.KindList) && vt.Item != nil {
			obj = rt.PropertiesOf(vt.Item) // a list of objects: the keys are the item's
		}
	}
	return true, vt
}

// checkPolicies reports a resource that sets one of DeletionPolicy and
// UpdateReplacePolicy but not the other (W3011), unless the one it sets is
// Delete, which is what an absent policy means. Lambda versions and layer
// versions are exempt, as in cfn-lint. It is reported at the resource's name,
// as cfn-lint does: what is wrong is the resource's pair of policies.
func (c *checker) checkPolicies() {
	for _, e := range c.t.Resources {
		if e.Value.Kind != template.Mapping {
			continue
		}
		del, upd := e.Value.GetPair("DeletionPolicy"), e.Value.GetPair("UpdateReplacePolicy")
		if (del == nil) == (upd == nil) {
			continue
		}
		switch e.Type() {
		case "AWS::Lambda::Version", "AWS::Lambda::LayerVersion":
			continue
		}
		set, missing, risk := del, "UpdateReplacePolicy", "an update that replaces it still deletes the old one"
		if set == nil {
			set, missing, risk = upd, "DeletionPolicy", "deleting the stack still deletes it"
		}
		if v, ok := set.Value.Str(); ok && v == "Delete" && set.Value.Type == template.Str {
			continue
		}
		// At the resource, which lacks the other policy, as cfn-lint places it.
		c.report(e.Key.Range, diag.Warning, codePolicies, e.Name,
			fmt.Sprintf("Resource %s sets %s but not %s: %s", quote(e.Name), set.Key.Value, missing, risk), nil)
	}
}

// checkInterface reports parameter names in the AWS::CloudFormation::Interface
// metadata (its ParameterGroups and ParameterLabels) that are not parameters of
// the template (W4001), with a fix to the closest parameter the same list does
// not name yet.
func (c *checker) checkInterface() {
	// A group's parameters are list items, a label's parameter is a key.
	grouped, labelled := map[string]bool{}, map[string]bool{}
	var named []*refs.Ref
	for i := range c.ix.Refs {
		if r := &c.ix.Refs[i]; r.Kind == refs.KindInterface {
			named = append(named, r)
			if inGroup(r) {
				grouped[r.Name] = true
			} else {
				labelled[r.Name] = true
			}
		}
	}
	unlisted := func(listed map[string]bool) []string {
		var out []string
		for _, p := range names(c.t.Parameters) {
			if !listed[p] {
				out = append(out, p)
			}
		}
		return out
	}
	for _, r := range named {
		if c.ix.Resolve(r) != nil {
			continue
		}
		part, listed := "ParameterLabels", labelled
		if inGroup(r) {
			part, listed = "ParameterGroups", grouped
		}
		hint, fix := didYouMean(r.Name, unlisted(listed), r.Node.Range)
		c.report(r.Node.Range, diag.Warning, codeInterfaceParam, "",
			fmt.Sprintf("%s of AWS::CloudFormation::Interface name parameter %s, which is not defined.%s", part, quote(r.Name), hint), fix)
	}
}

// inGroup reports whether an interface reference is an item of a group's
// Parameters (rather than a key of ParameterLabels).
func inGroup(r *refs.Ref) bool {
	return r.Node.Parent != nil && r.Node.Parent.Kind == template.Sequence
}

// source returns the text a range covers.
func (c *checker) source(r template.Range) string {
	i, j := c.t.Lines.Offset(r.Start), c.t.Lines.Offset(r.End)
	if i < 0 || j > len(c.t.Text) || i > j {
		return ""
	}
	return c.t.Text[i:j]
}

// seqItems returns the items of a sequence, or nothing for any other node.
func seqItems(n *template.Node) []*template.Node {
	s, _ := items(n)
	return s
}

// checkNoEchoExposed warns about a NoEcho parameter referenced from Metadata
// (the template's or a resource's) or an output (W2010): CloudFormation masks
// NoEcho values only where it lists parameters, so these show the secret.
func (c *checker) checkNoEchoExposed() {
	for _, r := range c.refs {
		if (r.Kind != refs.KindRef && (r.Kind != refs.KindSub || r.Attr != "")) || r.MacroInput {
			continue
		}
		p := c.t.Parameter(r.Name)
		if p == nil || !noEcho(p.Get("NoEcho")) {
			continue
		}
		var where string
		switch {
		case r.Section == "Outputs", r.Section == "Metadata":
			where = r.Section
		case r.Section == "Resources" && attributeKey(c.t.Resource(r.Entry), r.Node) == "Metadata":
			where = "resource Metadata"
		default:
			continue
		}
		c.report(r.Range, diag.Warning, "W2010", resourceOf(r.Section, r.Entry),
			"NoEcho parameter "+quote(r.Name)+" is not masked in "+where, nil)
	}
}

func noEcho(n *template.Node) bool {
	return n != nil && n.Kind == template.Scalar && strings.EqualFold(n.Text(), "true")
}

// attributeKey returns the resource attribute (Properties, Metadata, ...) that
// n stands under in e, or "".
func attributeKey(e *template.Entry, n *template.Node) string {
	if e == nil {
		return ""
	}
	for ; n != nil && n.Parent != nil; n = n.Parent {
		if n.Parent == e.Value {
			return n.KeyOf()
		}
	}
	return ""
}
