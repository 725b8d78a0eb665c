package schemacheck

import (
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/sam"
	"github.com/cfn-lsp/cfn-lsp/internal/suggest"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// resourceAttributes are the keys a resource entry may have.
var resourceAttributes = lang.ResourceAttributeNames()

// snapshotTypes are the resource types whose DeletionPolicy and UpdateReplacePolicy
// may be Snapshot.
var snapshotTypes = map[string]bool{
	"AWS::DocDB::DBCluster": true, "AWS::EC2::Volume": true, "AWS::ElastiCache::CacheCluster": true,
	"AWS::ElastiCache::ReplicationGroup": true, "AWS::Neptune::DBCluster": true,
	"AWS::RDS::DBCluster": true, "AWS::RDS::DBInstance": true, "AWS::Redshift::Cluster": true,
}

// checkResources checks every resource entry.
func (c *checker) checkResources() {
	var context [2]uint64
	cached := false
	if c.cache != nil {
		c.cache.begin()
		context, cached = resourceContext(c.t, c.spec, c.regions)
	}
	check := func(c *checker, entries []*template.Entry) {
		for _, e := range entries {
			// The analysis fills every core; a request the server reads
			// meanwhile (a hover after a keystroke) waits for one to yield,
			// else for the scheduler's 10 ms preemption. Each resource is
			// a few tens of microseconds of work.
			runtime.Gosched()
			c.resource = e.Name
			if cached {
				c.checkResourceCached(e, context)
			} else {
				c.checkResource(e)
			}
		}
		c.resource = ""
	}
	entries := c.t.Resources
	workers := min(runtime.GOMAXPROCS(0), len(entries)/resourcesPerChunk)
	if workers < 2 {
		check(c, entries)
		return
	}
	// A large template's resources are checked side by side, in chunks, each
	// by a checker of its own (its lazily made state, the validator and the
	// parameters' values, is its own); the chunks' findings are joined in
	// the resources' order, as one checker would have found them.
	chunks := make([][]diag.Diagnostic, (len(entries)+resourcesPerChunk-1)/resourcesPerChunk)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &checker{t: c.t, spec: c.spec, regions: c.regions, cache: c.cache}
			for {
				i := int(next.Add(1)) - 1
				if i >= len(chunks) {
					return
				}
				w.out = nil
				check(w, entries[i*resourcesPerChunk:min(len(entries), (i+1)*resourcesPerChunk)])
				chunks[i] = w.out
			}
		}()
	}
	wg.Wait()
	for _, ds := range chunks {
		c.out = append(c.out, ds...)
	}
}

// resourcesPerChunk is how many resources one worker of checkResources
// checks at a time; a template with fewer than two chunks' worth is checked
// by one.
const resourcesPerChunk = 32

// checkResource checks one resource entry's structure (E3001, E3035, E3036), its
// type (E3006) and its properties.
func (c *checker) checkResource(e *template.Entry) {
	if strings.HasPrefix(e.Name, "Fn::") {
		return // Fn::ForEach loops (whose bodies use placeholders) and Fn::Transform includes
	}
	c.checkName(e.Key, "E3001")
	v := e.Value
	switch v.Kind {
	case template.Mapping:
	case template.Intrinsic, template.Null:
		return
	default:
		c.report(e.Key.Range, "E3001", jsonschema.Repr(v)+" is not of type 'object'")
		return
	}
	typ := ""
	var typeNode *template.Node
	for _, p := range v.Pairs {
		val := p.Value
		switch p.Key.Value {
		case "Type":
			typeNode = val
			if val.Kind == template.Scalar && val.Type == template.Str && val.Tag == "" {
				typ = val.Value
			} else {
				c.report(val.Range, "E3001", jsonschema.Repr(val)+" is not of type 'string'")
			}
		case "Properties":
			// checked below, with the type
		case "Condition":
			c.expectString(val, "E3001")
		case "DependsOn":
			c.checkDependsOn(val)
		case "DeletionPolicy":
			c.checkPolicy(val, typ, v, "E3035", "Delete", "Retain", "RetainExceptOnCreate")
		case "UpdateReplacePolicy":
			c.checkPolicy(val, typ, v, "E3036", "Delete", "Retain")
		case "Metadata", "CreationPolicy", "UpdatePolicy":
			if val.Kind != template.Mapping && val.Kind != template.Intrinsic && val.Kind != template.Null {
				c.report(val.Range, "E3001", jsonschema.Repr(val)+" is not of type 'object'")
			}
		case "Version":
			// A string or an integer; a number such as 1.0 is a string to CloudFormation.
			if val.Kind != template.Scalar || val.Type == template.Bool {
				c.report(val.Range, "E3001", jsonschema.Repr(val)+" is not of type 'string', 'integer'")
			}
		case "IgnoreGlobals":
			// the SAM transform's own attribute: which Globals a resource leaves out
			if !c.t.HasSAM() {
				c.unknownKey(p.Key, "E3001", resourceAttributes)
			}
		default:
			if !c.samEntryKey(v, p.Key.Value) {
				c.unknownKey(p.Key, "E3001", resourceAttributes)
			}
		}
	}
	if typeNode == nil {
		c.report(e.Key.Range, "E3001", "'Type' is a required property")
		return
	}
	if typ == "" {
		return
	}
	c.checkCustomAttributes(e, typ)
	c.checkEntryRules(e)
	rt, known := c.resourceType(typ)
	if !known {
		c.unknownType(typeNode, typ)
		return
	}
	if rt == nil {
		return // modules and types the spec does not have take any properties
	}
	for _, region := range c.regions {
		if in, known := c.spec.InRegion(typ, region); known && !in {
			c.report(typeNode.Range, "E3006", "Resource type "+jsonschema.PyStr(typ)+" does not exist in "+jsonschema.PyStr(region))
		}
	}
	c.checkProperties(e, rt)
	c.checkPractices(e)
}

// checkCustomAttributes holds a resource's attributes to what its kind of
// resource takes, as cfn-lint's resource schema does (E3001): Version belongs
// to custom resources only (a SAM resource's is the transform's to drop), and a
// custom resource takes no CreationPolicy or UpdatePolicy.
func (c *checker) checkCustomAttributes(e *template.Entry, typ string) {
	if schema.IsCustomResource(typ) {
		for _, name := range []string{"CreationPolicy", "UpdatePolicy"} {
			if p := e.Value.GetPair(name); p != nil {
				c.report(p.Key.Range, "E3001", jsonschema.PyStr(name)+" is not allowed here: custom resources take no "+name)
			}
		}
		return
	}
	if e.Value.GetPair("Version") != nil && !(c.t.HasSAM() && strings.HasPrefix(typ, "AWS::Serverless::")) {
		c.report(e.Key.Range, "E3001", "'Version' should not be set: only custom resources take it")
	}
}

// resourceType looks a type up. known is false for a type the spec does not
// have and no account could: rt is nil (with known true) for types whose
// properties are free: modules, registry types the spec lacks (an account's
// private or third-party types), or any type when no spec is loaded. Custom
// resources follow AWS::CloudFormation::CustomResource's open schema.
func (c *checker) resourceType(typ string) (rt *schema.ResourceType, known bool) {
	if schema.IsModule(typ) || c.spec == nil {
		return nil, true
	}
	rt = c.spec.ResourceType(typ)
	if rt == nil && (schema.IsCustomResource(typ) || schema.IsRegistryType(typ)) {
		return nil, true
	}
	return rt, rt != nil
}

// unknownType reports a resource type the spec does not know (E3006), with the
// closest known name as a quick fix.
func (c *checker) unknownType(n *template.Node, typ string) {
	msg := "Resource type " + jsonschema.PyStr(typ) + " does not exist"
	best := suggest.Closest(typ, c.spec.TypeNames())
	if best != "" {
		msg += ". Did you mean " + jsonschema.PyStr(best) + "?"
	}
	d := c.report(n.Range, "E3006", msg)
	if best != "" {
		d.Fix = &diag.Fix{Title: "Change to " + best, Range: n.Range, NewText: best}
	}
}

// expectString reports a value that must be a plain string.
func (c *checker) expectString(n *template.Node, code string) {
	if n.Kind == template.Scalar && n.Type == template.Str || n.Kind == template.Null {
		return
	}
	c.report(n.Range, code, jsonschema.Repr(n)+" is not of type 'string'")
}

// checkDependsOn checks the shape of DependsOn: a string or a list of strings.
// Whether the targets exist is refcheck's business.
func (c *checker) checkDependsOn(n *template.Node) {
	switch n.Kind {
	case template.Scalar:
		c.expectString(n, "E3001")
	case template.Sequence:
		for _, it := range n.Items {
			if it.Kind != template.Intrinsic {
				c.expectString(it, "E3001")
			}
		}
	case template.Mapping:
		c.report(n.Range, "E3001", jsonschema.Repr(n)+" is not of type 'string', 'array'")
	}
}

// checkPolicy checks a DeletionPolicy or UpdateReplacePolicy value; Snapshot is
// allowed for the resource types that support it. Intrinsics are not judged.
func (c *checker) checkPolicy(n *template.Node, typ string, res *template.Node, code string, allowed ...string) {
	if _, yes, no, ok := n.IfArgs(); ok {
		// AWS::LanguageExtensions: each branch is a policy
		for _, b := range []*template.Node{yes, no} {
			c.checkPolicy(b, typ, res, code, allowed...)
		}
		return
	}
	if typ == "" {
		typ, _ = res.Get("Type").Str()
	}
	if snapshotTypes[typ] {
		allowed = append(allowed, "Snapshot")
	}
	switch n.Kind {
	case template.Intrinsic, template.Null:
		return
	case template.Scalar:
		for _, a := range allowed {
			if n.Value == a {
				return
			}
		}
		c.report(n.Range, code, jsonschema.Repr(n)+" is not one of "+jsonschema.ListRepr(allowed))
	default:
		c.report(n.Range, code, jsonschema.Repr(n)+" is not of type 'string'")
	}
}

// samEntryKey reports whether a resource entry may hold key under the SAM
// transform: any key of a serverless resource (the translator reads the
// attributes it knows, Description or a misspelt key it drops without a word,
// and the resources it makes carry only what it read), or the Connectors any
// resource may embed.
func (c *checker) samEntryKey(res *template.Node, key string) bool {
	if !c.t.HasSAM() || c.spec == nil {
		return false
	}
	if key == "Connectors" {
		return true
	}
	typ, _ := res.Get("Type").Str()
	return strings.HasPrefix(typ, sam.Prefix)
}
