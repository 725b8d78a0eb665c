package schemacheck

import (
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/sam"
	"github.com/cfn-lsp/cfn-lsp/internal/suggest"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// codeTransform is cfn-lint's code for a template a transform fails on
// (which cfn-lint reports at the template's start, with the translator's
// words); cfn-lsp reports it at what causes it.
const codeTransform = "E0001"

// ruleServerlessTransform reports SAM resource types in a template without the
// SAM transform: CloudFormation knows no AWS::Serverless:: type of its own and
// rejects the template.
var ruleServerlessTransform = resourceRule{
	Rule:   diag.Rule{ID: "E3038", Summary: "AWS::Serverless:: types are used only with the AWS::Serverless-2016-10-31 transform"},
	unless: hasSAMTransform,
	check: func(r *ruleRun) {
		for _, e := range r.t.Resources {
			typ := e.Get("Type")
			if name, ok := typ.Str(); ok && strings.HasPrefix(name, "AWS::Serverless::") {
				r.report(typ.Range, e.Name,
					jsonschema.PyStr(name)+" type used without the serverless transform 'AWS::Serverless-2016-10-31'")
			}
		}
	},
}

// hasSAMTransform reports whether t names the SAM transform itself (a
// look-alike such as AWS::Serverless-2016-10-31-test is some other macro).
func hasSAMTransform(t *template.Template) bool {
	return slices.Contains(t.Transforms(), "AWS::Serverless-2016-10-31")
}

// checkSAM reports what makes the SAM transform fail, from the facts the
// translator gives of its types: the Globals section, IgnoreGlobals, the
// events of functions and state machines, and functions packaged as zip
// files without a handler and a runtime. It runs on the template with
// Globals merged (see package sam), so that Globals count where the
// translator counts them.
func (c *checker) checkSAM() {
	if !c.t.HasSAM() || c.spec == nil {
		return
	}
	c.checkGlobals()
	for _, e := range c.t.Resources {
		rt := c.spec.ResourceType(e.Type())
		if rt == nil || rt.SAM == nil {
			continue
		}
		c.resource = e.Name
		c.checkIgnoreGlobals(e)
		c.checkEvents(e, rt)
		if e.Type() == sam.Prefix+"Function" {
			c.checkZipPackage(e)
		}
	}
	c.resource = ""
}

// samType returns the SAM type a Globals section configures ("Function":
// AWS::Serverless::Function), nil when Globals cannot hold it.
func (c *checker) samType(section string) *schema.ResourceType {
	rt := c.spec.ResourceType(sam.Prefix + section)
	if rt == nil || rt.SAM == nil || len(rt.SAM.Globals) == 0 {
		return nil
	}
	return rt
}

// transformFails reports a SAM transform failure at r.
func (c *checker) transformFails(r template.Range, msg string) *diag.Diagnostic {
	return c.report(r, codeTransform, "The SAM transform fails: "+msg)
}

func (c *checker) checkGlobals() {
	g := c.t.Root.Get("Globals")
	if g == nil {
		return
	}
	if g.Kind != template.Mapping {
		c.transformFails(g.Range, "the Globals section must be a mapping of resource kinds (Function, Api, ...)")
		return
	}
	var kinds []string
	for _, n := range c.spec.TypeNames() {
		if k, ok := strings.CutPrefix(n, sam.Prefix); ok && c.samType(k) != nil {
			kinds = append(kinds, k)
		}
	}
	for _, sec := range g.Pairs {
		rt := c.samType(sec.Key.Value)
		if rt == nil {
			c.unknownSAMKey(sec.Key, "Globals cannot configure "+jsonschema.PyStr(sec.Key.Value)+"; it configures "+jsonschema.ListRepr(kinds), kinds)
			continue
		}
		if sec.Value.Kind != template.Mapping {
			c.transformFails(sec.Value.Range, "Globals."+sec.Key.Value+" must be a mapping of properties")
			continue
		}
		for _, p := range sec.Value.Pairs {
			if !slices.Contains(rt.SAM.Globals, p.Key.Value) {
				c.unknownSAMKey(p.Key, jsonschema.PyStr(p.Key.Value)+" is not a property Globals."+sec.Key.Value+" may set", rt.SAM.Globals)
			}
		}
	}
}

// unknownSAMKey reports a key the transform does not accept, suggesting the
// closest of allowed with a quick fix.
func (c *checker) unknownSAMKey(key *template.Node, msg string, allowed []string) {
	best := suggest.Closest(key.Value, allowed)
	if best != "" {
		msg += ". Did you mean " + jsonschema.PyStr(best) + "?"
	}
	d := c.transformFails(key.Range, msg)
	d.Data.Offending = key.Value
	if best != "" {
		d.Fix = &diag.Fix{Title: "Change to " + best, Range: key.Range, NewText: best}
	}
}

// checkIgnoreGlobals checks a resource's IgnoreGlobals: "*", or a list of
// the properties Globals sets for its kind.
func (c *checker) checkIgnoreGlobals(e *template.Entry) {
	ig := e.Get("IgnoreGlobals")
	if ig == nil {
		return
	}
	if s, ok := ig.Str(); ok && s == "*" {
		return
	}
	if ig.Kind != template.Sequence {
		c.transformFails(ig.Range, "IgnoreGlobals must be \"*\" or a list of the properties Globals sets")
		return
	}
	g := c.t.Root.Get("Globals").Get(strings.TrimPrefix(e.Type(), sam.Prefix))
	if g == nil || g.Kind != template.Mapping {
		return // the translator reads IgnoreGlobals only against Globals of the kind
	}
	var set []string
	for _, p := range g.Pairs {
		set = append(set, p.Key.Value)
	}
	for _, it := range ig.Items {
		if s, ok := it.Str(); !ok || !slices.Contains(set, s) {
			d := c.transformFails(it.Range, jsonschema.Repr(it)+" is not a property Globals."+strings.TrimPrefix(e.Type(), sam.Prefix)+" sets ("+jsonschema.ListRepr(set)+")")
			if best := suggest.Closest(s, set); ok && best != "" {
				d.Fix = &diag.Fix{Title: "Change to " + best, Range: it.Range, NewText: best}
			}
		}
	}
}

// checkEvents checks each event of a resource against the event source type
// its Type names: known types, required and known properties.
func (c *checker) checkEvents(e *template.Entry, rt *schema.ResourceType) {
	evs := e.Get("Properties").Get("Events")
	if len(rt.SAM.Events) == 0 || evs == nil || evs.Kind != template.Mapping {
		return
	}
	types := make([]string, 0, len(rt.SAM.Events))
	for t := range rt.SAM.Events {
		types = append(types, t)
	}
	slices.Sort(types)
	for _, ev := range evs.Pairs {
		if ev.Value.Kind != template.Mapping {
			continue // a value that is not an object is the property checks' (E3012)
		}
		typeNode := ev.Value.Get("Type")
		typ, ok := typeNode.Str()
		if !ok {
			if typeNode == nil {
				c.transformFails(ev.Key.Range, "event "+jsonschema.PyStr(ev.Key.Value)+" has no Type")
			}
			continue
		}
		def := rt.Definitions[rt.SAM.Events[typ]]
		if def == nil {
			d := c.transformFails(typeNode.Range, jsonschema.PyStr(typ)+" is not an event source type of "+e.Type()+": one of "+jsonschema.ListRepr(types))
			if best := suggest.Closest(typ, types); best != "" {
				d.Fix = &diag.Fix{Title: "Change to " + best, Range: typeNode.Range, NewText: best}
			}
			continue
		}
		pp := ev.Value.GetPair("Properties")
		if pp == nil {
			if req := def.RequiredNames(); len(req) > 0 {
				d := c.transformFails(ev.Key.Range, "event "+jsonschema.PyStr(ev.Key.Value)+" ("+typ+") needs Properties with "+jsonschema.ListRepr(req))
				d.Data.Missing = req[0]
			}
			continue
		}
		props := pp.Value
		if props.Kind != template.Mapping {
			continue
		}
		for _, p := range props.Pairs {
			if def.Properties[p.Key.Value] == nil && !def.Open {
				c.unknownSAMKey(p.Key, "property "+jsonschema.PyStr(p.Key.Value)+" is not one of a "+typ+" event's", def.SortedPropertyNames())
			}
		}
		for _, req := range def.RequiredNames() {
			if props.GetPair(req) == nil {
				d := c.transformFails(pp.Key.Range, jsonschema.PyStr(req)+" is a required property of a "+typ+" event")
				d.Data.Missing = req
			}
		}
	}
}

// checkZipPackage reports a function packaged as a zip file (the default)
// without a Handler or a Runtime, here or in Globals: the translator
// refuses it.
func (c *checker) checkZipPackage(e *template.Entry) {
	props := e.Get("Properties")
	if pt := props.Get("PackageType"); pt != nil {
		if s, ok := pt.Str(); !ok || s != "Zip" {
			return // an image, or decided by an intrinsic function
		}
	}
	var missing []string
	for _, p := range []string{"Handler", "Runtime"} {
		if props.Get(p) == nil {
			missing = append(missing, p)
		}
	}
	if len(missing) == 0 {
		return
	}
	d := c.transformFails(e.Key.Range, "function "+jsonschema.PyStr(e.Name)+" is packaged as a zip file (PackageType Zip, the default) and needs "+
		strings.Join(missing, " and ")+" (or PackageType: Image and an ImageUri)")
	d.Data.Missing = missing[0]
}
