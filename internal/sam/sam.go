// Package sam is what the AWS::Serverless-2016-10-31 transform does to a
// template, as far as the checks and the reference index need it: the
// Globals section merged into each serverless resource as the SAM translator
// merges it (IgnoreGlobals honoured), and the resources the transform makes
// (MyFunctionRole, ServerlessRestApi, MyApiProdStage, the event sources'
// permissions and mappings...), with the names a template may refer to them
// by (MyFunction.Alias).
//
// The merged template is an ordinary template (template.WithRoot) whose nodes
// carry the ranges of their source: a property that comes from Globals is
// found, and reported, in Globals. The checks run on it unchanged.
package sam

import (
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Prefix starts the names of the transform's resource types.
const Prefix = "AWS::Serverless::"

// Transform is a template as the SAM transform reads it.
type Transform struct {
	// Template is the template with Globals merged into its serverless
	// resources; the source itself when it has no Globals to merge.
	Template *template.Template
	// Made lists the resources the transform makes beyond those the template
	// names, in the order of the resources that make them.
	Made []*Made
}

// Made is a resource the transform makes.
type Made struct {
	// Name is how a template refers to it: its logical id
	// ("MyFunctionRole"), or the SAM resource and one of its referable
	// properties ("MyFunction.Alias") when the logical id is not known
	// before the transform (it holds a hash).
	Name string
	Type string
	// From is the serverless resource whose transform makes it.
	From *template.Entry
	// At is the node that makes it: From's key, or an event's key, or a property's.
	At *template.Node
	// Entry stands for the resource in lookups: its Type, at At.
	Entry *template.Entry
}

type transformKey struct{}

// Of returns the SAM transform of t, computed once per template. A template
// without the transform is its own.
func Of(t *template.Template) *Transform {
	return t.Derived(transformKey{}, func(t *template.Template) any { return apply(t) }).(*Transform)
}

func apply(t *template.Template) *Transform {
	if t.Root == nil || t.Root.Kind != template.Mapping || !t.HasSAM() {
		return &Transform{Template: t}
	}
	x := &Transform{Template: t}
	if g := t.Root.Get("Globals"); g != nil && g.Kind == template.Mapping && len(g.Pairs) > 0 {
		x.Template = t.WithRoot(mergeGlobals(t.Root, g))
		// The merged template is what it is.
		x.Template.Derived(transformKey{}, func(*template.Template) any { return x })
	}
	x.Made = made(x.Template)
	return x
}

// mergeGlobals copies root with each serverless resource's Properties merged
// with the Globals section of its kind (Globals.Function for
// AWS::Serverless::Function).
func mergeGlobals(root, globals *template.Node) *template.Node {
	out := template.Clone(root, nil)
	res := out.Get("Resources")
	if res == nil || res.Kind != template.Mapping {
		return out
	}
	for _, p := range res.Pairs {
		e := p.Value
		typ, _ := e.Get("Type").Str()
		kind, ok := strings.CutPrefix(typ, Prefix)
		g := globals.Get(kind)
		if !ok || g == nil || g.Kind != template.Mapping {
			continue
		}
		g = ignoring(g, e.Get("IgnoreGlobals"))
		if g == nil {
			continue
		}
		pp := e.GetPair("Properties")
		if pp == nil {
			key := &template.Node{Kind: template.Scalar, Value: "Properties", Range: p.Key.Range, Parent: e}
			pp = &template.Pair{Key: key, Value: &template.Node{Kind: template.Mapping, Range: p.Key.Range, Parent: e}}
			e.Pairs = append(e.Pairs, pp)
		}
		if pp.Value.Kind == template.Null {
			pp.Value = &template.Node{Kind: template.Mapping, Range: pp.Value.Range, Parent: e}
		}
		if pp.Value.Kind == template.Mapping {
			pp.Value = merge(g, pp.Value, e)
		}
	}
	return out
}

// ignoring returns the Globals g less the properties a resource's
// IgnoreGlobals names: all of them for "*" (nil), none when it is absent or
// not of a form the translator accepts (which the checks report).
func ignoring(g, ignore *template.Node) *template.Node {
	if s, ok := ignore.Str(); ok && s == "*" {
		return nil
	}
	if ignore == nil || ignore.Kind != template.Sequence {
		return g
	}
	skip := map[string]bool{}
	for _, it := range ignore.Items {
		if s, ok := it.Str(); ok {
			skip[s] = true
		}
	}
	kept := &template.Node{Kind: template.Mapping, Range: g.Range, Parent: g.Parent}
	for _, p := range g.Pairs {
		if !skip[p.Key.Value] {
			kept.Pairs = append(kept.Pairs, p)
		}
	}
	return kept
}

// merge merges a global value into a local one as the translator does: two
// mappings key by key, two lists the global items first, anything else the
// local value (intrinsic functions are values). The result's global parts
// are copies of the Globals nodes, with their ranges.
func merge(global, local, parent *template.Node) *template.Node {
	switch {
	case global.Kind == template.Mapping && local.Kind == template.Mapping:
		out := &template.Node{Kind: template.Mapping, Range: local.Range, Parent: parent}
		for _, gp := range global.Pairs {
			if lp := local.GetPair(gp.Key.Value); lp != nil {
				out.Pairs = append(out.Pairs, &template.Pair{Key: template.Clone(lp.Key, out), Value: merge(gp.Value, lp.Value, out)})
				continue
			}
			out.Pairs = append(out.Pairs, &template.Pair{Key: template.Clone(gp.Key, out), Value: template.Clone(gp.Value, out)})
		}
		for _, lp := range local.Pairs {
			if global.GetPair(lp.Key.Value) == nil {
				lp.Key.Parent, lp.Value.Parent = out, out
				out.Pairs = append(out.Pairs, lp)
			}
		}
		return out
	case global.Kind == template.Sequence && local.Kind == template.Sequence:
		out := &template.Node{Kind: template.Sequence, Range: local.Range, Parent: parent}
		for _, it := range global.Items {
			out.Items = append(out.Items, template.Clone(it, out))
		}
		for _, it := range local.Items {
			it.Parent = out
			out.Items = append(out.Items, it)
		}
		return out
	}
	local.Parent = parent
	return local
}

// apart lists, by serverless type, the properties whose references the
// transform moves to resources it makes apart from the one named after the
// resource: a function's events become permissions and mappings, a GraphQL
// API's data sources, functions and resolvers resources of their own.
var apart = map[string][]string{
	Prefix + "Function":     {"Events", "EventInvokeConfig", "DeploymentPreference"},
	Prefix + "StateMachine": {"Events"},
	Prefix + "Api":          {"Auth", "Domain"},
	Prefix + "HttpApi":      {"Auth", "Domain"},
	Prefix + "GraphQLApi":   {"DataSources", "Functions", "Resolvers", "Auth"},
	Prefix + "Connector":    {"Source", "Destination"},
}

// rebuilt lists, by serverless type, the properties the transform rebuilds
// from the keys it reads of them, dropping any other: an Api's
// EndpointConfiguration becomes the RestApi's from its Type, VPC endpoints
// and address type.
var rebuilt = map[string]map[string][]string{
	Prefix + "Api": {"EndpointConfiguration": {"Type", "VPCEndpointIds", "VpcEndpointIds", "IpAddressType"}},
}

// Apart reports whether n, a node of resource e, stands in a property whose
// references the transform gives to resources it makes (see apart), or under
// a key of a property it rebuilds that it does not read (see rebuilt): the
// resource named e does not depend on what they name.
func Apart(e *template.Entry, n *template.Node) bool {
	prop, below := property(e, n)
	if prop == nil {
		return false
	}
	if slices.Contains(apart[e.Type()], prop.KeyOf()) {
		return true
	}
	keep, ok := rebuilt[e.Type()][prop.KeyOf()]
	return ok && prop.Kind == template.Mapping && below != nil && !slices.Contains(keep, below.KeyOf())
}

// property returns the value of the property of resource e that n stands in
// (n itself, or an ancestor), and the child of it on the way down to n (nil
// when n is the property's value); nil when n is not in e's Properties.
func property(e *template.Entry, n *template.Node) (prop, below *template.Node) {
	props := e.Get("Properties")
	for ; n != nil && n.Parent != nil; below, n = n, n.Parent {
		if n.Parent == props {
			return n, below
		}
	}
	return nil, nil
}

// Integrations lists, by serverless API, the functions whose Api or HttpApi
// events name it (RestApiId, ApiId: a Ref): the transform writes each
// event's integration, which holds the function's ARN, into the API's
// definition body, so the API depends on the function. An API defined by a
// DefinitionUri alone keeps its body in S3 and gets none.
func Integrations(t *template.Template) map[string][]string {
	if !t.HasSAM() {
		return nil
	}
	out := map[string][]string{}
	for _, fn := range t.Resources {
		if fn.Type() != Prefix+"Function" {
			continue
		}
		events := fn.Get("Properties").Get("Events")
		if events == nil || events.Kind != template.Mapping {
			continue
		}
		for _, ev := range events.Pairs {
			kind, _ := ev.Value.Get("Type").Str()
			idKey, apiType := "RestApiId", Prefix+"Api"
			if kind == "HttpApi" {
				idKey, apiType = "ApiId", Prefix+"HttpApi"
			} else if kind != "Api" {
				continue
			}
			ref := ev.Value.Get("Properties").Get(idKey)
			if !ref.IsIntrinsic("Ref") {
				continue
			}
			name, _ := ref.Arg.Str()
			api := t.Resource(name)
			if api == nil || api.Type() != apiType {
				continue
			}
			if props := api.Get("Properties"); props.Get("DefinitionUri") != nil && props.Get("DefinitionBody") == nil {
				continue
			}
			if !slices.Contains(out[name], fn.Name) {
				out[name] = append(out[name], fn.Name)
			}
		}
	}
	return out
}

// kept lists, by serverless type, properties the transform copies onto the
// resource named after the serverless one (a function's Role and
// Environment onto its AWS::Lambda::Function), with its DependsOn.
var kept = map[string][]string{
	Prefix + "Function": {"Role", "Environment", "Layers", "VpcConfig", "KmsKeyArn", "FunctionName", "Description",
		"Handler", "Runtime", "MemorySize", "Timeout", "Tracing", "ReservedConcurrentExecutions", "FileSystemConfigs",
		"Architectures", "EphemeralStorage", "LoggingConfig", "CodeSigningConfigArn", "ImageConfig", "Tags"},
	Prefix + "StateMachine": {"Role", "Logging", "DefinitionSubstitutions", "Tracing", "Name", "Type", "Tags"},
	Prefix + "Application":  {"Parameters", "NotificationARNs", "TimeoutInMinutes", "Tags"},
}

// Kept reports whether n, a node of serverless resource e, stands in a
// property the transform copies as it is onto the resource named e: a
// reference there makes that resource depend on what it names, as in the
// template.
func Kept(e *template.Entry, n *template.Node) bool {
	prop, _ := property(e, n)
	return prop != nil && slices.Contains(kept[e.Type()], prop.KeyOf())
}

// MadeRole is the role the transform makes for a function or state machine
// that names none (its logical id and "Role"), which the resource made of
// it then refers to with Fn::GetAtt; "" for others and for those whose Role
// may be set.
func MadeRole(e *template.Entry) string {
	if t := e.Type(); t != Prefix+"Function" && t != Prefix+"StateMachine" {
		return ""
	}
	if e.Get("Properties").Get("Role") != nil {
		return ""
	}
	return e.Name + "Role"
}
