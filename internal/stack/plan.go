package stack

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// StackPseudo returns the pseudo parameter values of a deployed stack.
func StackPseudo(d *deploy.Stack) Pseudo {
	p := PseudoOf(d.Name, d.ID, d.Region)
	p.NotificationARNs = d.NotificationARNs
	return p
}

// Physical maps a deployed stack's logical ids to physical ids.
func Physical(d *deploy.Stack) map[string]string {
	m := make(map[string]string, len(d.Resources))
	for id, r := range d.Resources {
		m[id] = r.PhysicalID
	}
	return m
}

// Action is what CloudFormation does to a resource in an update.
type Action string

const (
	Add    Action = "Add"
	Remove Action = "Remove"
	Modify Action = "Modify"
	// Replace: a new resource is created and the old one deleted.
	Replace Action = "Replace"
	// ConditionalReplace: replaced or not, depending on what CloudFormation
	// finds when it updates (a value read from another resource, a property
	// only some changes of which require a new resource).
	ConditionalReplace Action = "ConditionalReplace"
	// Dynamic: CloudFormation cannot tell before it updates (change sets only).
	Dynamic Action = "Dynamic"
	// Import: an existing resource is imported (change sets only).
	Import Action = "Import"
)

// replaces reports whether the action may delete the resource's current physical instance.
func (a Action) replaces() bool { return a == Replace || a == ConditionalReplace }

// Recreation values, in CloudFormation's words (ResourceTargetDefinition.RequiresRecreation).
const (
	Never         = "Never"
	Conditionally = "Conditionally"
	Always        = "Always"
)

// PropertyChange is one changed property or attribute of a modified resource.
type PropertyChange struct {
	// Attribute is "Properties" for a property, else the resource attribute
	// that changed ("Metadata", "UpdatePolicy", "Type", ...).
	Attribute string `json:"attribute"`
	// Name is the top-level property name (Attribute "Properties").
	Name string `json:"name,omitempty"`
	// Change is Add, Remove or Modify.
	Change string `json:"change"`
	// Recreation says whether the change requires a new resource: Never,
	// Conditionally or Always.
	Recreation string `json:"recreation"`
	// Cause, when set, is the resource whose update changes the value (the
	// property reads its Ref or an attribute): "Queue (replaced)".
	Cause string `json:"cause,omitempty"`
	// Before and After are the values shown to people (NoEcho masked).
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
}

// Label names the property or attribute: "BucketName", "Metadata".
func (pc PropertyChange) Label() string {
	if pc.Attribute == "Properties" {
		return pc.Name
	}
	return pc.Attribute
}

// ResourceChange is what an update does to one resource.
type ResourceChange struct {
	LogicalID  string           `json:"logicalId"`
	Type       string           `json:"type"`
	Action     Action           `json:"action"`
	Properties []PropertyChange `json:"properties,omitempty"`
	// Condition names the resource condition that adds or removes it, with
	// its value: "IsProd is false".
	Condition string `json:"condition,omitempty"`
	// Policy is the policy that decides what happens to the old instance:
	// the deployed DeletionPolicy for a removal, the new UpdateReplacePolicy
	// for a replacement ("" when none is set).
	Policy string `json:"policy,omitempty"`
	// HoldsData marks a type whose deletion deletes data (see HoldsData).
	HoldsData bool `json:"holdsData,omitempty"`
	// FromChangeSet marks CloudFormation's own answer (a change set), as
	// opposed to cfn-lsp's prediction.
	FromChangeSet bool `json:"fromChangeSet,omitempty"`
}

// DataLoss reports whether the change deletes data: a resource that holds
// data is removed or replaced and no policy retains or snapshots it.
func (c *ResourceChange) DataLoss() bool {
	return c.HoldsData && (c.Action == Remove || c.Action.replaces()) && !keepsData(c.Policy)
}

// Reason says why in a few words: "BucketName changed", "condition IsProd is false".
func (c *ResourceChange) Reason() string {
	var direct, through []string
	causes := map[string]bool{}
	// The reason for a replacement is what requires it, when that is known.
	requires := func(pc PropertyChange) bool {
		return c.Action == Replace && pc.Recreation == Always || c.Action == ConditionalReplace && pc.Recreation != Never
	}
	filter := c.Action.replaces() && slices.ContainsFunc(c.Properties, requires)
	for _, pc := range c.Properties {
		if filter && !requires(pc) {
			continue
		}
		if pc.Cause != "" {
			through = append(through, pc.Label())
			causes[pc.Cause] = true
			continue
		}
		direct = append(direct, pc.Label())
	}
	var parts []string
	if len(direct) > 0 {
		parts = append(parts, listWords(direct)+" changed")
	}
	if len(through) > 0 {
		var cs []string
		for _, pc := range c.Properties {
			if causes[pc.Cause] {
				cs = append(cs, pc.Cause)
				delete(causes, pc.Cause)
			}
		}
		parts = append(parts, listWords(through)+" read "+listWords(cs))
	}
	if c.Condition != "" {
		parts = append(parts, "condition "+c.Condition)
	}
	return strings.Join(parts, "; ")
}

// actionWords are the actions as verbs and as states; an action without a
// state (or not listed) "may change".
var actionWords = map[Action]struct{ verb, participle string }{
	Add:                {"adds", ""},
	Remove:             {"removes", ""},
	Modify:             {"modifies", "modified"},
	Replace:            {"replaces", "replaced"},
	ConditionalReplace: {"may replace", "may be replaced"},
	Import:             {"imports", ""},
}

// Verb is the action as a verb: "adds", "removes", "modifies", "replaces", "may replace".
func (c *ResourceChange) Verb() string {
	if w, ok := actionWords[c.Action]; ok {
		return w.verb
	}
	return "may change"
}

// participle is the action as a state: "replaced", "may be replaced".
func (c *ResourceChange) participle() string {
	if w := actionWords[c.Action].participle; w != "" {
		return w
	}
	return "may change"
}

// Label is the change in a few words: "replaces: BucketName changed".
func (c *ResourceChange) Label() string {
	if r := c.Reason(); r != "" {
		return c.Verb() + ": " + r
	}
	return c.Verb()
}

// listWords joins at most three names ("A, B and 2 more").
func listWords(names []string) string {
	switch {
	case len(names) == 1:
		return names[0]
	case len(names) <= 3:
		return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	return strings.Join(names[:2], ", ") + fmt.Sprintf(" and %d more", len(names)-2)
}

// Plan is what an update of a stack with an edited template does, resource by
// resource: the resources it changes, in template order, then those it removes.
type Plan struct {
	Changes []*ResourceChange
	// NotCreated are the resources and outputs of the edited template whose
	// condition is false for the deployment, with that condition.
	NotCreated []Skipped
	byID       map[string]*ResourceChange
}

// Skipped is a resource or output left out by its condition.
type Skipped struct {
	Section, Name, Condition string
}

// Skips returns the resources and outputs whose condition is false.
func Skips(r *Resolver) []Skipped {
	var out []Skipped
	t := r.Template()
	for _, sec := range []struct {
		name    string
		entries []*template.Entry
	}{{"Resources", t.Resources}, {"Outputs", t.Outputs}} {
		for _, e := range sec.entries {
			if c, ok := e.Get("Condition").Str(); ok {
				if v, known := r.Condition(c); known && !v {
					out = append(out, Skipped{sec.name, e.Name, c})
				}
			}
		}
	}
	return out
}

// Change returns the change of a resource, or nil when the update leaves it alone.
func (p *Plan) Change(id string) *ResourceChange {
	if p == nil {
		return nil
	}
	return p.byID[id]
}

func (p *Plan) add(c *ResourceChange) {
	if p.byID == nil {
		p.byID = map[string]*ResourceChange{}
	}
	p.Changes = append(p.Changes, c)
	p.byID[c.LogicalID] = c
}

// Counts returns how many resources each action touches.
func (p *Plan) Counts() map[Action]int {
	m := map[Action]int{}
	for _, c := range p.Changes {
		m[c.Action]++
	}
	return m
}

// Summary counts the changes: "1 to add, 2 to modify, 1 to replace, 0 to remove".
func (p *Plan) Summary() string {
	n := p.Counts()
	s := fmt.Sprintf("%d to add, %d to modify, %d to replace", n[Add], n[Modify], n[Replace])
	if n[ConditionalReplace] > 0 {
		s += fmt.Sprintf(" (%d more may be replaced)", n[ConditionalReplace])
	}
	s += fmt.Sprintf(", %d to remove", n[Remove])
	if k := n[Dynamic] + n[Import]; k > 0 {
		s += fmt.Sprintf(", %d other", k)
	}
	return s
}

// Lines renders the changes one per line: "± Bucket (AWS::S3::Bucket) replaces: BucketName changed".
func (p *Plan) Lines() []string {
	out := make([]string, 0, len(p.Changes))
	for _, c := range p.Changes {
		line := fmt.Sprintf("%s %s (%s) %s", c.Action.Mark(), c.LogicalID, c.Type, c.Label())
		if c.DataLoss() {
			line += " [deletes data]"
		}
		out = append(out, line)
	}
	return out
}

// Mark is the action's sign in a listing: + add, - remove, ~ modify, ± replace.
func (a Action) Mark() string {
	switch a {
	case Add:
		return "+"
	case Remove:
		return "-"
	case Modify:
		return "~"
	case Replace, ConditionalReplace:
		return "±"
	}
	return "*"
}

// Replaces reports whether the plan replaces (or may replace) any resource.
func (p *Plan) Replaces() bool {
	for _, c := range p.Changes {
		if c.Action.replaces() {
			return true
		}
	}
	return false
}

// attributes are the resource attributes whose change is an update of the
// resource (never a replacement); Condition and DependsOn only order or gate it.
var attributes = []string{"Metadata", "CreationPolicy", "UpdatePolicy", "DeletionPolicy", "UpdateReplacePolicy"}

// state is one resource on one side of the comparison.
type state struct {
	typ     string
	props   map[string]Value
	keys    map[string]string // the key of each of props and attrs, computed once
	text    string            // the entry's source (deployed side)
	order   []string          // property names in document order
	attrs   map[string]Value
	deleteP string // resolved DeletionPolicy
	replP   string // resolved UpdateReplacePolicy
}

func stateOf(r *Resolver, e *template.Entry) *state {
	s := &state{typ: e.Type(), props: map[string]Value{}, attrs: map[string]Value{}}
	switch pv := r.Value(e.Get("Properties")); pv.Kind {
	case Object:
		for _, f := range pv.Fields {
			s.props[f.Key] = f.Value
			s.order = append(s.order, f.Key)
		}
	case Null:
	default:
		s.props["*"] = pv // Properties as a whole (an Fn::If CloudFormation decides)
		s.order = append(s.order, "*")
	}
	for _, a := range attributes {
		if n := e.Get(a); n != nil {
			if v := r.Value(n); v.Kind != NoValue {
				s.attrs[a] = v
			}
		}
	}
	s.deleteP, s.replP = s.attrs["DeletionPolicy"].Str, s.attrs["UpdateReplacePolicy"].Str
	s.keys = make(map[string]string, len(s.props)+len(s.attrs))
	for n, v := range s.props {
		s.keys["P"+n] = v.key()
	}
	for n, v := range s.attrs {
		s.keys["A"+n] = v.key()
	}
	return s
}

// Baseline is a deployed stack prepared for previews: its template's values
// resolved once with the stack's own parameters.
type Baseline struct {
	Deployed *deploy.Stack
	order    []string
	res      map[string]*state
	// What an edited resource's values depend on besides its own text: the
	// parameter values, the Mappings and Conditions sections.
	params, mappings, conditions string
}

// entryText is the source of a section entry, key included.
func entryText(t *template.Template, e *template.Entry) string {
	return sourceOf(t, e.Key.Range.Start, e.Value.Range.End)
}

// sectionText is the source of a top-level section ("" when absent).
func sectionText(t *template.Template, name string) string {
	if t.Root == nil {
		return ""
	}
	p := t.Root.GetPair(name)
	if p == nil {
		return ""
	}
	return sourceOf(t, p.Key.Range.Start, p.Value.Range.End)
}

func sourceOf(t *template.Template, from, to template.Pos) string {
	s, e := t.Lines.Offset(from), t.Lines.Offset(to)
	if s < 0 || e > len(t.Text) || s > e {
		return ""
	}
	return t.Text[s:e]
}

// NewBaseline prepares a deployed stack. Its resources are those the stack
// reports; without that list (or for a template with transforms, whose
// resources are the transform's), those whose condition holds.
func NewBaseline(d *deploy.Stack) *Baseline {
	b := &Baseline{Deployed: d, res: map[string]*state{}}
	t := d.Template
	if t == nil {
		return b
	}
	ps := StackParameters(t, d.Parameters, StackPseudo(d))
	r := NewResolver(t, ps)
	b.params, b.mappings, b.conditions = ps.signature(), sectionText(t, "Mappings"), sectionText(t, "Conditions")
	listed := len(d.Resources) > 0 && len(t.Transforms()) == 0
	for _, e := range t.Resources {
		if strings.HasPrefix(e.Name, "Fn::") {
			continue
		}
		if listed {
			if _, ok := d.Resources[e.Name]; !ok {
				continue
			}
		} else if c, ok := e.Get("Condition").Str(); ok {
			if v, known := r.Condition(c); known && !v {
				continue
			}
		}
		b.order = append(b.order, e.Name)
		st := stateOf(r, e)
		st.text = entryText(t, e)
		b.res[e.Name] = st
	}
	return b
}

// Preview predicts what updating the stack with template t and parameters p
// does. The update behaviour of each property comes from spec.
func (b *Baseline) Preview(t *template.Template, p *Parameters, spec *schema.Spec) *Plan {
	if t.HasSAM() {
		spec = spec.WithSAM()
	}
	pl := &planner{b: b, spec: spec, r: NewResolver(t, p), plan: &Plan{}, next: map[string]*state{},
		memo: map[string]*ResourceChange{}, busy: map[string]bool{}}
	same := p.signature() == b.params && sectionText(t, "Mappings") == b.mappings && sectionText(t, "Conditions") == b.conditions
	var order []string
	for _, e := range t.Resources {
		if strings.HasPrefix(e.Name, "Fn::") || pl.next[e.Name] != nil {
			continue // Fn::ForEach expands only in CloudFormation; duplicates are an error of their own
		}
		if c, ok := e.Get("Condition").Str(); ok {
			if v, known := pl.r.Condition(c); known && !v {
				if b.res[e.Name] != nil {
					pl.gone(e.Name, c+" is false")
				}
				continue
			}
		}
		if old := b.res[e.Name]; same && old != nil && old.text == entryText(t, e) {
			pl.next[e.Name] = old // the same text in the same context: the same values
		} else {
			pl.next[e.Name] = stateOf(pl.r, e)
		}
		order = append(order, e.Name)
	}
	pl.plan.NotCreated = Skips(pl.r)
	for _, id := range order {
		if c := pl.change(id); c != nil {
			pl.plan.add(c)
		}
	}
	for _, id := range b.order {
		if pl.next[id] == nil && pl.plan.Change(id) == nil {
			pl.gone(id, "")
		}
	}
	return pl.plan
}

type planner struct {
	b    *Baseline
	spec *schema.Spec
	r    *Resolver
	plan *Plan
	next map[string]*state
	memo map[string]*ResourceChange
	busy map[string]bool
}

// gone records the removal of a deployed resource.
func (pl *planner) gone(id, cond string) {
	old := pl.b.res[id]
	c := &ResourceChange{LogicalID: id, Type: old.typ, Action: Remove, Condition: cond,
		Policy: old.deleteP, HoldsData: HoldsData(old.typ)}
	pl.plan.add(c)
	pl.memo[id] = c
}

// change computes what happens to a resource of the edited template, once
// (references to other resources make it depend on theirs; a cycle, which
// CloudFormation refuses anyway, reads as unchanged).
func (pl *planner) change(id string) *ResourceChange {
	if c, ok := pl.memo[id]; ok || pl.busy[id] {
		return c
	}
	pl.busy[id] = true
	c := pl.compute(id)
	delete(pl.busy, id)
	pl.memo[id] = c
	return c
}

func (pl *planner) compute(id string) *ResourceChange {
	cur := pl.next[id]
	if cur == nil {
		return nil
	}
	old := pl.b.res[id]
	if old == nil {
		return &ResourceChange{LogicalID: id, Type: cur.typ, Action: Add, HoldsData: HoldsData(cur.typ)}
	}
	c := &ResourceChange{LogicalID: id, Type: cur.typ, Policy: cur.replP, HoldsData: HoldsData(old.typ)}
	if old.typ != cur.typ {
		// CloudFormation refuses to change a resource's type in place; the
		// update only goes through as a new logical id.
		c.Properties = append(c.Properties, PropertyChange{Attribute: "Type", Change: "Modify", Recreation: Always,
			Before: old.typ, After: cur.typ})
	}
	rt := pl.spec.ResourceType(cur.typ)
	names := append([]string{}, cur.order...)
	for _, n := range old.order {
		if _, ok := cur.props[n]; !ok {
			names = append(names, n)
		}
	}
	for _, n := range names {
		ov, inOld := old.props[n]
		nv, inNew := cur.props[n]
		pc, changed := pl.compare(ov, inOld, old.keys["P"+n], nv, inNew, cur.keys["P"+n])
		if !changed {
			continue
		}
		pc.Attribute, pc.Name = "Properties", n
		pc.Recreation = recreation(rt, n, pc.Recreation)
		c.Properties = append(c.Properties, pc)
	}
	for _, a := range attributes {
		ov, inOld := old.attrs[a]
		nv, inNew := cur.attrs[a]
		if pc, changed := pl.compare(ov, inOld, old.keys["A"+a], nv, inNew, cur.keys["A"+a]); changed {
			pc.Attribute, pc.Recreation = a, Never
			c.Properties = append(c.Properties, pc)
		}
	}
	if len(c.Properties) == 0 {
		return nil
	}
	c.Action = Modify
	for _, pc := range c.Properties {
		switch pc.Recreation {
		case Always:
			c.Action = Replace
		case Conditionally:
			if c.Action == Modify {
				c.Action = ConditionalReplace
			}
		}
	}
	return c
}

// compare compares a property's deployed and edited values. A value that
// reads another resource changes with it: surely when that resource is
// replaced and the value is its Ref (the new physical id), perhaps when the
// value is an attribute of a replaced one or the resource may be replaced. An
// update in place keeps the physical id, and attributes seldom change with
// it: CloudFormation's own answer (a change set) says when they do. The Recreation of the result is Always for a
// sure change and Conditionally for a possible one, before the property's
// own update behaviour applies.
func (pl *planner) compare(ov Value, inOld bool, okey string, nv Value, inNew bool, nkey string) (PropertyChange, bool) {
	pc := PropertyChange{Change: "Modify", Recreation: Always}
	switch {
	case !inOld && !inNew:
		return pc, false
	case !inOld:
		pc.Change, pc.After = "Add", short(nv)
		return pc, true
	case !inNew:
		pc.Change, pc.Before = "Remove", short(ov)
		return pc, true
	}
	if okey != nkey {
		pc.Before, pc.After = short(ov), short(nv)
		return pc, true
	}
	sure := false
	var cause string
	for _, d := range nv.deps(nil) {
		dc := pl.change(d.Resource)
		if dc == nil || dc.Action == Remove || dc.Action == Add {
			continue
		}
		switch {
		case dc.Action == Replace && d.Attribute == "":
			if !sure {
				sure, cause = true, d.Resource+" (replaced)"
			}
		case dc.Action.replaces():
			if cause == "" {
				cause = d.Resource + " (" + dc.participle() + ")"
			}
		}
	}
	if cause == "" {
		return pc, false
	}
	if !sure {
		pc.Recreation = Conditionally
	}
	pc.Cause, pc.Before, pc.After = cause, short(ov), short(nv)
	return pc, true
}

// recreation combines how surely a property's value changes (Always: it does,
// Conditionally: it may) with the property's update behaviour.
func recreation(rt *schema.ResourceType, name, sureness string) string {
	if name == "*" {
		return Conditionally // Properties as a whole: which of them change is not known
	}
	var p *schema.Property
	if rt != nil {
		p = rt.Properties[name]
	}
	if p == nil {
		return Never
	}
	switch p.Update {
	case schema.UpdateImmutable:
		return sureness
	case schema.UpdateConditional:
		return Conditionally
	}
	return Never
}

// maxShown bounds the values a change shows.
const maxShown = 80

func short(v Value) string { return truncate(v.Display(), maxShown) }

// truncate cuts s to at most n bytes, on a character boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
