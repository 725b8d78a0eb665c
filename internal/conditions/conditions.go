// Package conditions evaluates the Conditions section of a template and decides
// implications between condition facts ("IsProd is true and HasKey is false").
//
// A condition is understood when it is built from Fn::Equals, Fn::And, Fn::Or,
// Fn::Not and the Condition function, and every Fn::Equals compares a literal
// with a literal or with a Ref to a parameter or pseudo parameter. Anything else
// (two references compared, Fn::FindInMap, undefined conditions, cycles) makes
// the condition unknown, and every question about it is answered "unknown".
//
// Implications are decided by enumerating the values of the parameters
// involved: a parameter with AllowedValues takes one of those, any other takes
// one of the literals it is compared with or some other value.
package conditions

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// MaxAssignments bounds the parameter assignments an implication enumerates;
// beyond it the answer is unknown.
const MaxAssignments = 4096

// maxDepth bounds how deeply conditions may nest (through Condition too).
const maxDepth = 64

// other stands for a parameter value that equals none of the literals it is
// compared with. It cannot be written in a template (it holds a NUL byte).
const other = "\x00other"

// Fact states that a named condition has a truth value.
type Fact struct {
	Name  string
	Value bool
}

// Of returns the facts an entry of the template holds under: its Condition
// true, or none.
func Of(e *template.Entry) []Fact {
	if c, ok := e.Get("Condition").Str(); ok {
		return []Fact{{Name: c, Value: true}}
	}
	return nil
}

// Set holds the compiled conditions of one template. It is not safe for
// concurrent use.
type Set struct {
	t        *template.Template
	compiled map[string]*compiled
	domains  map[string][]string // parameter -> values it may take
	ruleRefs map[string]bool     // parameters the Rules section names
	implied  map[string]result   // cache of Implies answers
}

type result struct{ yes, known bool }

// compiled is one condition, compiled once.
type compiled struct {
	expr   *expr
	params []string // sorted parameters it depends on, through nested conditions
	known  bool
	busy   bool // being compiled: a cycle reaches it again
}

type exprKind uint8

const (
	kConst exprKind = iota
	kEquals
	kNot
	kAnd
	kOr
)

// expr is a compiled condition expression. An Equals compares parameter param
// with the literal lit (kEquals), or, when table is set, the value a
// Fn::FindInMap looks up with param as its top-level key; literal-only
// comparisons fold to kConst.
type expr struct {
	kind  exprKind
	value bool // kConst
	param string
	lit   string
	table map[string]string // top-level key -> looked-up value (Fn::FindInMap)
	subs  []*expr
}

// New returns the conditions of t. t may be nil (every condition is then unknown).
func New(t *template.Template) *Set {
	s := &Set{t: t, compiled: map[string]*compiled{}, implied: map[string]result{}}
	if t != nil {
		s.ruleRefs = map[string]bool{}
		for _, r := range t.Rules {
			template.Walk(r.Value, func(n *template.Node) bool {
				if n.IsIntrinsic("Ref") {
					if name, ok := n.Arg.Str(); ok {
						s.ruleRefs[name] = true
					}
				}
				return true
			})
		}
	}
	return s
}

// Known reports whether the named condition is understood.
func (s *Set) Known(name string) bool {
	return s.compile(name, 0).known
}

// Params returns the parameters and pseudo parameters the named condition
// depends on, through the conditions it uses, sorted; nil when unknown.
func (s *Set) Params(name string) []string {
	c := s.compile(name, 0)
	if !c.known {
		return nil
	}
	return c.params
}

// Eval evaluates the named condition when the parameters take the given values.
// A parameter missing from values is unknown; the result is still known when
// it does not matter (an Fn::And with a false operand, say). known is false
// when the condition is not understood or depends on a missing parameter.
func (s *Set) Eval(name string, values map[string]string) (value, known bool) {
	c := s.compile(name, 0)
	if !c.known {
		return false, false
	}
	return c.expr.eval(values)
}

func (e *expr) eval(values map[string]string) (value, known bool) {
	switch e.kind {
	case kConst:
		return e.value, true
	case kEquals:
		v, ok := values[e.param]
		if ok && e.table != nil {
			// a value the map has no entry for makes the lookup, and the stack, fail
			v, ok = e.table[v]
		}
		return v == e.lit, ok
	case kNot:
		v, ok := e.subs[0].eval(values)
		return !v, ok
	}
	// And: false as soon as one is false; Or: true as soon as one is true.
	decisive := e.kind == kOr
	known = true
	for _, sub := range e.subs {
		v, ok := sub.eval(values)
		if ok && v == decisive {
			return decisive, true
		}
		known = known && ok
	}
	return !decisive, known
}

// Implies reports whether every parameter assignment under which all of ctx
// holds also makes all of goal hold. known is false when that cannot be
// decided: a condition is not understood, too many assignments, or the
// parameters involved are constrained in ways not modelled (Rules assertions,
// pseudo parameters that depend on each other). When no assignment satisfies
// ctx, the implication holds.
func (s *Set) Implies(ctx, goal []Fact) (implies, known bool) {
	key := factKey(ctx) + "=>" + factKey(goal)
	if r, ok := s.implied[key]; ok {
		return r.yes, r.known
	}
	yes, known := s.implies(ctx, goal)
	s.implied[key] = result{yes, known}
	return yes, known
}

func factKey(fs []Fact) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		if f.Value {
			parts[i] = f.Name
		} else {
			parts[i] = "!" + f.Name
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, "&")
}

func (s *Set) implies(ctx, goal []Fact) (bool, bool) {
	var params []string
	seen := map[string]bool{}
	exprs := func(fs []Fact) ([]*expr, bool) {
		out := make([]*expr, len(fs))
		for i, f := range fs {
			c := s.compile(f.Name, 0)
			if !c.known {
				return nil, false
			}
			out[i] = c.expr
			for _, p := range c.params {
				if !seen[p] {
					seen[p] = true
					params = append(params, p)
				}
			}
		}
		return out, true
	}
	ce, ok1 := exprs(ctx)
	ge, ok2 := exprs(goal)
	if !ok1 || !ok2 {
		return false, false
	}
	sort.Strings(params)
	if !s.independent(params) {
		return false, false
	}
	domains := make([][]string, len(params))
	total := 1
	for i, p := range params {
		d, ok := s.domain(p)
		if !ok {
			return false, false
		}
		domains[i] = d
		total *= len(d)
		if total > MaxAssignments {
			return false, false
		}
	}
	if total == 0 {
		return true, true // no parameter values are possible
	}
	values := make(map[string]string, len(params))
	idx := make([]int, len(params))
	for {
		for i, p := range params {
			values[p] = domains[i][idx[i]]
		}
		// An assignment under which a condition's Fn::FindInMap finds nothing
		// is no deployment: CloudFormation refuses the stack.
		if deployable(ce, values) && deployable(ge, values) && holds(ce, ctx, values) && !holds(ge, goal, values) {
			return false, true
		}
		// Next assignment, odometer style.
		i := 0
		for ; i < len(idx); i++ {
			idx[i]++
			if idx[i] < len(domains[i]) {
				break
			}
			idx[i] = 0
		}
		if i == len(idx) {
			return true, true
		}
	}
}

// deployable reports whether every expression can be evaluated under a full
// assignment (only a failed map lookup cannot).
func deployable(es []*expr, values map[string]string) bool {
	for _, e := range es {
		if _, known := e.eval(values); !known {
			return false
		}
	}
	return true
}

// holds reports whether every fact has its value under a full assignment.
func holds(es []*expr, fs []Fact, values map[string]string) bool {
	for i, e := range es {
		if v, _ := e.eval(values); v != fs[i].Value {
			return false
		}
	}
	return true
}

// independent reports whether the parameters can be enumerated one
// independently of another: none is asserted on by the Rules section, and at
// most one of the pseudo parameters that follow from the region is involved.
func (s *Set) independent(params []string) bool {
	regional := 0
	for _, p := range params {
		if s.ruleRefs[p] {
			return false
		}
		switch p {
		case "AWS::Region", "AWS::Partition", "AWS::URLSuffix":
			regional++
		}
	}
	return regional <= 1
}

// domain returns the values parameter p is enumerated over; ok is false when
// its constraints cannot be judged.
func (s *Set) domain(p string) (d []string, ok bool) {
	if d, seen := s.domains[p]; seen {
		return d, d != nil
	}
	if s.domains == nil {
		s.domains = map[string][]string{}
	}
	d, ok = s.literals(p), true
	if e := s.t.Parameter(p); e != nil {
		// The AllowedValues of an SSM parameter type restrict the name, not
		// the value a Ref resolves to.
		typ, _ := e.Value.Get("Type").Str()
		av := e.Value.Get("AllowedValues")
		if !strings.HasPrefix(typ, "AWS::SSM::") && av != nil && av.Kind == template.Sequence && len(av.Items) > 0 {
			if d = allowed(av); d == nil {
				ok = false
			}
		} else if d, ok = constrain(e.Value, typ, d); !ok {
			d = nil
		}
	}
	if d == nil && ok {
		d = []string{} // no value is possible: known, not unknown
	}
	s.domains[p] = d
	return d, ok
}

// constrain drops from the candidate values d of a parameter without
// AllowedValues those its AllowedPattern, lengths or numeric bounds refuse.
// ok is false when a constraint cannot be judged, or when the values it
// admits may be finitely many (then "some other value" may not exist).
func constrain(param *template.Node, typ string, d []string) (out []string, ok bool) {
	var re *regexp.Regexp
	if n := param.Get("AllowedPattern"); n != nil {
		pat, ok := n.Str()
		if !ok || !(strings.ContainsAny(pat, "*+") || strings.Contains(pat, ",}")) {
			return nil, false
		}
		var err error
		if re, err = regexp.Compile("^(?:" + pat + ")$"); err != nil {
			return nil, false
		}
	}
	minLen, ok1 := intAttr(param, "MinLength")
	maxLen, ok2 := intAttr(param, "MaxLength")
	minVal, ok3 := floatAttr(param, "MinValue")
	maxVal, ok4 := floatAttr(param, "MaxValue")
	if !ok1 || !ok2 || !ok3 || !ok4 || maxLen == 0 || minVal == maxVal {
		return nil, false
	}
	for _, v := range d {
		if v == other {
			out = append(out, v)
			continue
		}
		if re != nil && !re.MatchString(v) {
			continue
		}
		if n := utf8.RuneCountInString(v); (minLen >= 0 && n < minLen) || (maxLen >= 0 && n > maxLen) {
			continue
		}
		if typ == "Number" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < minVal || f > maxVal {
				continue
			}
		}
		out = append(out, v)
	}
	return out, true
}

// intAttr reads an integer constraint: -1 when absent, ok false when malformed.
func intAttr(param *template.Node, key string) (int, bool) {
	n := param.Get(key)
	if n == nil {
		return -1, true
	}
	v, err := strconv.Atoi(n.Text())
	return v, err == nil && n.Kind == template.Scalar && v >= 0
}

// floatAttr reads a numeric bound: ±Inf when absent, ok false when malformed.
func floatAttr(param *template.Node, key string) (float64, bool) {
	n := param.Get(key)
	if n == nil {
		if key == "MinValue" {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	}
	v, err := strconv.ParseFloat(n.Text(), 64)
	return v, err == nil && n.Kind == template.Scalar
}

// allowed returns the distinct AllowedValues of a parameter, or nil when one
// of them is not a plain scalar.
func allowed(av *template.Node) []string {
	var d []string
	seen := map[string]bool{}
	for _, it := range av.Items {
		if it.Kind != template.Scalar || it.Tag != "" {
			return nil
		}
		v := it.Text()
		if !seen[v] {
			seen[v] = true
			d = append(d, v)
		}
	}
	return d
}

// literals returns the distinct literals p is compared with in any condition,
// plus the value standing for all others.
func (s *Set) literals(p string) []string {
	seen := map[string]bool{}
	var d []string
	var collect func(e *expr)
	collect = func(e *expr) {
		if e.kind == kEquals && e.param == p && e.table == nil && !seen[e.lit] {
			seen[e.lit] = true
			d = append(d, e.lit)
		}
		if e.kind == kEquals && e.param == p && e.table != nil {
			for k := range e.table {
				if !seen[k] {
					seen[k] = true
					d = append(d, k)
				}
			}
		}
		for _, sub := range e.subs {
			collect(sub)
		}
	}
	for _, ce := range s.t.Conditions {
		if c := s.compile(ce.Name, 0); c.known {
			collect(c.expr)
		}
	}
	sort.Strings(d)
	return append(d, other)
}

// compile compiles the named condition once.
func (s *Set) compile(name string, depth int) *compiled {
	if c, ok := s.compiled[name]; ok {
		if c.busy {
			return &compiled{} // a cycle: unknown
		}
		return c
	}
	c := &compiled{busy: true}
	s.compiled[name] = c
	var e *template.Entry
	if s.t != nil {
		e = s.t.Condition(name)
	}
	if e != nil && depth < maxDepth {
		params := map[string]bool{}
		c.expr, c.known = s.build(e.Value, params, depth)
		if c.known {
			for p := range params {
				c.params = append(c.params, p)
			}
			sort.Strings(c.params)
		}
	}
	c.busy = false
	if !c.known {
		c.expr = nil
	}
	return c
}

// build compiles a condition expression, adding the parameters it uses to
// params; ok is false when the expression is not understood.
func (s *Set) build(n *template.Node, params map[string]bool, depth int) (*expr, bool) {
	if n == nil || n.Kind != template.Intrinsic || depth >= maxDepth {
		return nil, false
	}
	if n.Fn == "Condition" {
		name, ok := n.Arg.Str()
		if !ok {
			return nil, false
		}
		c := s.compile(name, depth+1)
		if !c.known {
			return nil, false
		}
		for _, p := range c.params {
			params[p] = true
		}
		return c.expr, true
	}
	args := n.Arg
	if args == nil || args.Kind != template.Sequence {
		return nil, false
	}
	switch n.Fn {
	case "Fn::Equals":
		if len(args.Items) != 2 {
			return nil, false
		}
		return s.equals(args.Items[0], args.Items[1], params)
	case "Fn::Not":
		if len(args.Items) != 1 {
			return nil, false
		}
		sub, ok := s.build(args.Items[0], params, depth+1)
		if !ok {
			return nil, false
		}
		return &expr{kind: kNot, subs: []*expr{sub}}, true
	case "Fn::And", "Fn::Or":
		if len(args.Items) == 0 {
			return nil, false
		}
		e := &expr{kind: kAnd}
		if n.Fn == "Fn::Or" {
			e.kind = kOr
		}
		for _, it := range args.Items {
			sub, ok := s.build(it, params, depth+1)
			if !ok {
				return nil, false
			}
			e.subs = append(e.subs, sub)
		}
		return e, true
	}
	return nil, false
}

// equals compiles Fn::Equals [a, b].
func (s *Set) equals(a, b *template.Node, params map[string]bool) (*expr, bool) {
	la, isLitA := literal(a)
	lb, isLitB := literal(b)
	switch {
	case isLitA && isLitB:
		return &expr{kind: kConst, value: la == lb}, true
	case isLitA:
		a, b, lb = b, a, la
	case !isLitB:
		return nil, false // two references (or functions) compared
	}
	if a.IsIntrinsic("Fn::FindInMap") {
		p, table, ok := s.lookup(a)
		if !ok {
			return nil, false
		}
		params[p] = true
		return &expr{kind: kEquals, param: p, lit: lb, table: table}, true
	}
	p, ok := s.param(a)
	if !ok {
		return nil, false
	}
	params[p] = true
	return &expr{kind: kEquals, param: p, lit: lb}, true
}

// lookup compiles Fn::FindInMap [Map, !Ref Param, SecondKey] with literal map
// and second-level key names: the parameter and, per top-level key, the value
// found (top-level keys without that second key, or whose value is not a
// scalar, are left out: the lookup fails there).
func (s *Set) lookup(n *template.Node) (string, map[string]string, bool) {
	args := n.Arg
	if args == nil || args.Kind != template.Sequence || len(args.Items) != 3 {
		return "", nil, false
	}
	name, ok1 := literal(args.Items[0])
	second, ok2 := literal(args.Items[2])
	p, ok3 := s.param(args.Items[1])
	m := s.t.Mapping(name)
	if !ok1 || !ok2 || !ok3 || m == nil || m.Value.Kind != template.Mapping {
		return "", nil, false
	}
	table := map[string]string{}
	for _, top := range m.Value.Pairs {
		if top.Value.Kind != template.Mapping {
			return "", nil, false
		}
		if v, ok := literal(top.Value.Get(second)); ok {
			table[top.Key.Value] = v
		}
	}
	return p, table, true
}

// param returns the name of the scalar parameter or pseudo parameter n refers to.
func (s *Set) param(n *template.Node) (string, bool) {
	if !n.IsIntrinsic("Ref") {
		return "", false
	}
	name, ok := n.Arg.Str()
	if !ok {
		return "", false
	}
	switch name {
	case "AWS::AccountId", "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix":
		return name, true
	}
	e := s.t.Parameter(name)
	if e == nil {
		return "", false
	}
	typ, _ := e.Value.Get("Type").Str()
	if typ == "CommaDelimitedList" || strings.HasPrefix(typ, "List<") || strings.Contains(typ, "::List<") {
		return "", false // a list is never equal to a string
	}
	return name, true
}

// literal returns the text of a plain scalar.
func literal(n *template.Node) (string, bool) {
	if n == nil || n.Kind != template.Scalar || n.Tag != "" {
		return "", false
	}
	return n.Text(), true
}
