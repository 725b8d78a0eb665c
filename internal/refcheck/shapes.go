package refcheck

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// condFns are the functions that yield a condition (a boolean).
var condFns = map[string]bool{"Fn::Equals": true, "Fn::And": true, "Fn::Or": true, "Fn::Not": true, "Condition": true}

// ctx is where a node sits.
type ctx struct {
	sec   string
	entry string
}

func (x ctx) resource() string { return resourceOf(x.sec, x.entry) }

// checkShapes checks the argument shapes of every intrinsic function and that each
// function is used where CloudFormation allows it.
func (c *checker) checkShapes() {
	for _, p := range c.t.Root.Pairs {
		sec := p.Key.Value
		if p.Value.Kind != template.Mapping {
			continue
		}
		switch sec {
		case "Parameters":
			for _, e := range p.Value.Pairs {
				c.forbidFns(e.Value, sec)
			}
		case "Conditions":
			for _, e := range p.Value.Pairs {
				v := e.Value
				if strings.HasPrefix(e.Key.Value, "Fn::ForEach::") {
					c.visit(v, ctx{sec, e.Key.Value})
					continue
				}
				if v.Kind != template.Intrinsic || !condFns[v.Fn] {
					c.errorf(v.Range, codeCondition, "", "Condition %q must be built from Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition; %s is not allowed here", e.Key.Value, describe(v))
				}
				c.visit(v, ctx{sec, e.Key.Value})
			}
		case "Resources", "Outputs", "Rules":
			for _, e := range p.Value.Pairs {
				c.visit(e.Value, ctx{sec, e.Key.Value})
			}
		}
	}
}

// describe names a node for messages.
func describe(n *template.Node) string {
	switch n.Kind {
	case template.Intrinsic:
		return n.Fn
	case template.Scalar:
		return fmt.Sprintf("the value %q", n.Value)
	case template.Sequence:
		return "a list"
	case template.Mapping:
		return "an object"
	}
	return "an empty value"
}

// forbidFns reports the outermost intrinsic functions below n: Parameters hold
// literal values only. (Mappings are schemacheck's, E7001.)
func (c *checker) forbidFns(n *template.Node, sec string) {
	code := codeParamFn
	template.Walk(n, func(m *template.Node) bool {
		if m.Kind == template.Intrinsic {
			c.errorf(m.Range, code, "", "%s is not allowed in %s: only literal values", m.Fn, sec)
			return false
		}
		return true
	})
}

func (c *checker) visit(n *template.Node, x ctx) {
	if n == nil {
		return
	}
	switch n.Kind {
	case template.Mapping:
		for _, p := range n.Pairs {
			c.visit(p.Value, x)
		}
	case template.Sequence:
		for _, it := range n.Items {
			c.visit(it, x)
		}
	case template.Intrinsic:
		c.shape(n, x)
		c.visit(n.Arg, x)
	}
}

// items returns the items of a sequence argument, or nil and false.
func items(n *template.Node) ([]*template.Node, bool) {
	if n == nil || n.Kind != template.Sequence {
		return nil, false
	}
	return n.Items, true
}

// isStr reports whether n is a literal string (a value under an unknown tag
// !X is the object {Fn::X: value} to CloudFormation).
func isStr(n *template.Node) bool { return n != nil && n.Kind == template.Scalar && n.Tag == "" }
func isFn(n *template.Node) bool  { return n != nil && n.Kind == template.Intrinsic }

// listish reports whether n may stand for a list: a literal list or a function.
func listish(n *template.Node) bool {
	return n != nil && (n.Kind == template.Sequence || n.Kind == template.Intrinsic)
}

// stringish reports whether n may stand for a string: a scalar or a function.
func stringish(n *template.Node) bool { return isStr(n) || isFn(n) }

func (c *checker) shape(n *template.Node, x ctx) {
	a := n.Arg
	res := x.resource()
	bad := func(code, format string, args ...any) {
		c.errorf(n.Range, code, res, "%s: %s", n.Fn, fmt.Sprintf(format, args...))
	}
	// pair checks an argument of two items (its shape, as the message words
	// it): a string named first, then a value named second that is what ok
	// tests for (want).
	pair := func(code, shape, first, second, want string, ok func(*template.Node) bool) {
		it, list := items(a)
		switch {
		case !list || len(it) != 2:
			bad(code, "the argument must be %s", shape)
		case !isStr(it[0]):
			bad(code, "the %s must be a string, not %s", first, describe(it[0]))
		case !ok(it[1]):
			bad(code, "the %s must be %s, not %s", second, want, describe(it[1]))
		}
	}
	if code := conditionCode(n); x.sec == "Conditions" && n.Parent != nil && !n.Parent.IsTopLevel() &&
		code != codeAnd && code != codeOr && code != codeNot {
		switch n.Fn {
		case "Fn::GetAtt", "Fn::If", "Fn::ImportValue", "Fn::GetAZs", "Fn::Cidr":
			c.errorf(n.Range, code, res, "%s is not allowed in Conditions", n.Fn)
			return
		}
	}
	lang := c.hasLanguageExtensions()
	switch n.Fn {
	case "Ref":
		if !isStr(a) && !(lang && isFn(a)) {
			bad(codeRef, "the argument must be a name (a string), not %s", describe(a))
		}
	case "Fn::GetAtt":
		switch {
		case isStr(a):
			if r, at, ok := strings.Cut(a.Value, "."); !ok || r == "" || at == "" {
				bad(codeGetAtt, "the argument must be \"Resource.Attribute\" or [Resource, Attribute]")
			}
		default:
			it, ok := items(a)
			if !ok || len(it) != 2 || !isStr(it[0]) || !stringish(it[1]) {
				bad(codeGetAtt, "the argument must be \"Resource.Attribute\" or [Resource, Attribute]")
			}
		}
	case "Fn::Sub":
		if !isStr(a) {
			pair(codeSub, "a string or [string, {variables}]", "first argument", "second argument", "an object of variables",
				func(n *template.Node) bool { return n.Kind == template.Mapping })
		}
	case "Fn::Join":
		pair(codeJoin, "[delimiter, [values]]", "delimiter", "values", "a list", listish)
	case "Fn::Select":
		c.shapeSelect(n, res)
	case "Fn::Split":
		pair(codeSplit, "[delimiter, string]", "delimiter", "source", "a string", stringish)
	case "Fn::Base64":
		if !stringish(a) {
			bad(codeBase64, "the argument must be a string, not %s", describe(a))
		}
	case "Fn::If":
		it, ok := items(a)
		switch {
		case !ok || len(it) != 3:
			bad(codeIf, "the argument must be [condition, value if true, value if false]")
		case !isStr(it[0]):
			bad(codeIf, "the condition must be a condition name, not %s", describe(it[0]))
		}
	case "Fn::Equals":
		if it, ok := items(a); !ok || len(it) != 2 {
			bad(codeEquals, "the argument must be a list of two values")
		}
	case "Fn::And", "Fn::Or":
		code := codeAnd
		if n.Fn == "Fn::Or" {
			code = codeOr
		}
		it, ok := items(a)
		if !ok || len(it) < 2 || len(it) > 10 {
			bad(code, "the argument must be a list of 2 to 10 conditions")
			break
		}
		c.condItems(n, it, code, x)
	case "Fn::Not":
		it, ok := items(a)
		if !ok || len(it) != 1 {
			bad(codeNot, "the argument must be a list of one condition")
			break
		}
		c.condItems(n, it, codeNot, x)
	case "Condition":
		if !isStr(a) {
			bad(conditionCode(n), "the argument must be a condition name, not %s", describe(a))
		}
	case "Fn::GetAZs":
		switch {
		case a.Kind == template.Null && n.Short:
			// !GetAZs alone: the empty string, the stack's region
		case !stringish(a):
			bad(codeGetAZs, "the argument must be a region (a string, \"\" for the stack's) or a Ref, not %s", describe(a))
		case isStr(a) && a.Value != "" && !schema.KnownRegion(a.Value):
			bad(codeGetAZs, "%q is not a region", a.Value)
		}
	case "Fn::ImportValue":
		if !stringish(a) {
			bad(codeImportValue, "the argument must be an export name (a string), not %s", describe(a))
		}
	case "Fn::Cidr":
		if it, ok := items(a); !ok || len(it) != 3 {
			bad(codeCidr, "the argument must be [ip block, count, cidr bits]")
		}
	case "Fn::FindInMap":
		c.shapeFindInMap(n, res, lang)
	case "Fn::Length":
		if !listish(a) {
			bad(codeLength, "the argument must be a list, not %s", describe(a))
		}
	case "Fn::ToJsonString":
		if a.Kind != template.Mapping && !listish(a) {
			bad(codeToJSONString, "the argument must be an object or a list, not %s", describe(a))
		}
	}
}

// ruleFns are the functions a Rules section uses as conditions besides condFns.
var ruleFns = map[string]bool{"Fn::Contains": true, "Fn::EachMemberEquals": true, "Fn::EachMemberIn": true,
	"Fn::RefAll": true, "Fn::ValueOf": true, "Fn::ValueOfAll": true}

// condItems reports items of And/Or/Not that are not conditions.
func (c *checker) condItems(n *template.Node, it []*template.Node, code string, x ctx) {
	for _, i := range it {
		if x.sec == "Rules" && i.Kind == template.Intrinsic && ruleFns[i.Fn] {
			continue
		}
		if i.Kind == template.Intrinsic && condFns[i.Fn] {
			continue
		}
		// {"Condition": name} outside a condition context parses as a mapping.
		if i.Kind == template.Mapping && len(i.Pairs) == 1 && i.Pairs[0].Key.Value == "Condition" {
			continue
		}
		c.errorf(i.Range, code, x.resource(), "%s: %s is not a condition (use Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition)", n.Fn, describe(i))
	}
}

func (c *checker) shapeSelect(n *template.Node, res string) {
	it, ok := items(n.Arg)
	if !ok || len(it) != 2 {
		c.errorf(n.Range, codeSelect, res, "Fn::Select: the argument must be [index, list]")
		return
	}
	idx, list := it[0], it[1]
	if !listish(list) {
		c.errorf(list.Range, codeSelect, res, "Fn::Select: the list must be a list, not %s", describe(list))
		return
	}
	if isFn(idx) {
		return
	}
	i, err := strconv.Atoi(strings.TrimSpace(idx.Value))
	if !isStr(idx) || err != nil || i < 0 {
		c.errorf(idx.Range, codeSelect, res, "Fn::Select: the index must be a non-negative integer, not %s", describe(idx))
		return
	}
	if list.Kind == template.Sequence && i >= len(list.Items) {
		c.errorf(idx.Range, codeSelect, res, "Fn::Select: index %d is out of range for a list of %d items", i, len(list.Items))
	}
}

func (c *checker) shapeFindInMap(n *template.Node, res string, lang bool) {
	it, ok := items(n.Arg)
	if ok && len(it) == 4 && lang && it[3].Kind == template.Mapping {
		return // LanguageExtensions DefaultValue: any key may be missing
	}
	if !ok || len(it) != 3 {
		c.errorf(n.Range, codeFindInMap, res, "Fn::FindInMap: the argument must be [map name, top-level key, second-level key]")
		return
	}
	for _, i := range it {
		if !stringish(i) {
			c.errorf(i.Range, codeFindInMap, res, "Fn::FindInMap: keys must be strings, not %s", describe(i))
			return
		}
	}
	name, ok := it[0].Str()
	if !ok {
		return
	}
	m := c.t.Mapping(name)
	if m == nil || m.Value.Kind != template.Mapping {
		return // an undefined map is reported by checkMapName
	}
	k1, lit1 := it[1].Str()
	k2, lit2 := it[2].Str()
	if lit1 {
		top := m.Value.Get(k1)
		if top == nil {
			hint, fix := didYouMean(k1, keys(m.Value), it[1].Range)
			c.report(it[1].Range, diag.Error, codeFindInMap, res, fmt.Sprintf("Fn::FindInMap: mapping %q has no key %q.%s", name, k1, hint), fix)
			return
		}
		if lit2 && top.Kind == template.Mapping && top.Get(k2) == nil {
			hint, fix := didYouMean(k2, keys(top), it[2].Range)
			c.report(it[2].Range, diag.Error, codeFindInMap, res, fmt.Sprintf("Fn::FindInMap: mapping %q has no key %q under %q.%s", name, k2, k1, hint), fix)
		}
		return
	}
	if !lit2 {
		return
	}
	var all []string
	for _, p := range m.Value.Pairs {
		if p.Value.Kind != template.Mapping {
			return
		}
		if p.Value.Get(k2) != nil {
			return
		}
		all = append(all, keys(p.Value)...)
	}
	hint, fix := didYouMean(k2, all, it[2].Range)
	c.report(it[2].Range, diag.Error, codeFindInMap, res, fmt.Sprintf("Fn::FindInMap: no top-level key of mapping %q has a key %q.%s", name, k2, hint), fix)
}

func keys(n *template.Node) []string {
	out := make([]string, 0, len(n.Pairs))
	for _, p := range n.Pairs {
		out = append(out, p.Key.Value)
	}
	return out
}

func (c *checker) hasLanguageExtensions() bool {
	for _, tr := range c.t.Transforms() {
		if tr == "AWS::LanguageExtensions" {
			return true
		}
	}
	return false
}
