package schemacheck

import (
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// ruleIndexes caches the rule index of each spec (its rule schemas).
var ruleIndexes memo[*schema.Spec, *jsonschema.Hooks]

// ruleIndex returns the rules of cfn-lint's table that validate with a schema
// of their own, indexed by keyword path, with the paths where a local file may
// stand for an object. Built once per spec.
func ruleIndex(spec *schema.Spec) *jsonschema.Hooks { return ruleIndexes.get(spec, buildRuleIndex) }

func buildRuleIndex(spec *schema.Spec) *jsonschema.Hooks {
	h := &jsonschema.Hooks{}
	for _, p := range packaged {
		h.SetTemplated("Resources/" + p)
	}
	docs := ruleDocuments(spec)
	for _, lr := range wiredRules() {
		r := lazyRule(lr, docs)
		if policyRules[lr.ID] {
			r = policyText(r)
		}
		for _, k := range lr.Keywords {
			switch {
			case lr.ID == "E3512" && strings.HasPrefix(k, "Resources/AWS::S3::BucketPolicy/"):
				h.Add(k, without(r, "uniqueKeys")) // S3 takes statements with the same Sid
			case k == rdsInstance && lr.ID != "E3707":
				// E3707 compares the Engine with the cluster's as written (cfn-lint
				// runs it before the rules that lower it)
				h.Add(k, engineLowered(r))
			default:
				h.Add(k, r)
			}
		}
		if lr.ID == "E3510" { // the transform makes each document a policy of the resource's role
			for _, k := range samPolicies {
				h.Add(k, policyDocument(r))
			}
		}
	}
	return h
}

// taggingSchemas caches the tagging schema of each spec.
var taggingSchemas memo[*schema.Spec, *jsonschema.Schema]

// taggingSchema returns the schema that cfn-lint's tagging keyword applies to
// the properties of taggable types (the file its rule table says the keyword's
// rule loads), compiled once per spec; nil when the spec lacks it.
func taggingSchema(spec *schema.Spec) *jsonschema.Schema {
	return taggingSchemas.get(spec, buildTaggingSchema)
}

func buildTaggingSchema(spec *schema.Spec) *jsonschema.Schema {
	var s *jsonschema.Schema
	if lr, ok := schema.LintRuleByID(schema.LintRuleForKeyword("E3002", "tagging")); ok {
		for _, file := range lr.Loads {
			if doc := ruleDocuments(spec)(strings.TrimPrefix(file, "schemas/")); doc != nil {
				s = doc.Root()
			}
		}
	}
	return s
}

// lazyRule makes the rule of a table entry whose schema is decoded and
// compiled when the rule first runs: the schemas of a few rules are large
// (RDS engine versions by region), and most templates meet few rules.
func lazyRule(lr schema.LintRule, docs func(string) *jsonschema.Document) *jsonschema.Rule {
	file := strings.TrimPrefix(lr.Schema, "schemas/")
	if lr.Kind == schema.LintRegional {
		return &jsonschema.Rule{ID: lr.ID, Check: regionalCheck(lr, file, docs)}
	}
	var once sync.Once
	var run *jsonschema.Rule
	return &jsonschema.Rule{ID: lr.ID, Check: func(v *jsonschema.Validator, n *template.Node, p jsonschema.Place) []*jsonschema.Error {
		once.Do(func() {
			if doc := docs(file); doc != nil {
				run = &jsonschema.Rule{ID: lr.ID, Schema: doc.Root(), AllMatches: lr.AllMatches, Message: ruleMessages[lr.ID]}
			}
		})
		if run == nil {
			return nil
		}
		return v.RunRule(run, n, p)
	}}
}

// extensionRules describes the schema rules wired from cfn-lint's table, for
// Rules: the resource types each applies to and the schema it validates with.
func extensionRules() []diag.Rule {
	var out []diag.Rule
	for _, lr := range wiredRules() {
		r := diag.Rule{ID: lr.ID, Severity: severityOf(lr.ID)}
		what := "Values"
		for _, k := range lr.Keywords {
			parts := strings.Split(k, "/")
			switch {
			case len(parts) > 1 && parts[0] == "Resources" && parts[1] == "*":
				what = "Resource entries" // any type's
			case len(parts) > 1 && parts[0] == "Resources" && !slices.Contains(r.ResourceTypes, parts[1]):
				r.ResourceTypes = append(r.ResourceTypes, parts[1])
			}
		}
		if len(r.ResourceTypes) > 0 {
			what = "Resource properties"
		}
		r.Summary = what + " satisfy cfn-lint's " + strings.TrimSuffix(path.Base(path.Dir(lr.Schema))+"/"+path.Base(lr.Schema), ".json") + " schema"
		if lr.Kind == schema.LintRegional {
			r.Summary += ", for each region checked"
		}
		out = append(out, r)
	}
	return out
}

// wiredRules are the rules of cfn-lint's table that validate with a schema
// this package runs: its extension and "other" schemas, and the IAM policy
// rules, whose schema is the policy kind's (policy_identity.json...) over the
// shared policy.json, and which report every failure, not the best one.
func wiredRules() []schema.LintRule {
	var out []schema.LintRule
	for _, lr := range schema.LintRules() {
		if (lr.Kind != schema.LintSchema && lr.Kind != schema.LintRegional) || handWritten[lr.ID] {
			continue
		}
		if lr.Schema == "" && policyRules[lr.ID] {
			for _, l := range lr.Loads {
				if strings.HasPrefix(l, "schemas/other/iam/") && path.Base(l) != "policy.json" {
					lr.Schema, lr.AllMatches = l, true
				}
			}
		}
		if lr.Schema != "" {
			out = append(out, lr)
		}
	}
	return out
}

// policyRules are the IAM policy document rules (identity, resource, ECR
// repository and trust policies).
var policyRules = map[string]bool{"E3510": true, "E3512": true, "E3513": true, "E3530": true}

// handWritten are the schema rules whose findings come from a check of this
// package instead (the sections and resource entries still checked by hand),
// and those whose schema cfn-lint applies only after work of its own that is
// not done here: parsing a definition string (E3601, E3051), building the
// schema from the resource's type (I3013, I3011, W3011, E3028, E3055).
var handWritten = map[string]bool{
	"E1001": true, "E1004": true, "E2001": true, "E3001": true, "E3002": true, "E6001": true, "E7001": true,
	"E3035": true, "E3036": true, "E3045": true,
	"E8001": true, "E3601": true, "E3051": true, "I3013": true, "I3011": true, "W3011": true,
	"E3028": true, "E3055": true, "E3015": true, "E2900": true,
}

// rdsInstance is where the RDS instance rules run; they compare the Engine in
// lower case, as RDS does ("MySQL" is "mysql"; cfn-lint's first of them
// lowers it for all).
const rdsInstance = "Resources/AWS::RDS::DBInstance/Properties"

// without drops the findings of one keyword from r's.
func without(r *jsonschema.Rule, keyword string) *jsonschema.Rule {
	return &jsonschema.Rule{ID: r.ID, Check: func(v *jsonschema.Validator, n *template.Node, p jsonschema.Place) []*jsonschema.Error {
		errs := v.RunRule(r, n, p)
		out := errs[:0]
		for _, e := range errs {
			if e.Keyword != keyword {
				out = append(out, e)
			}
		}
		return out
	}}
}

// samPolicies are where a SAM resource's Policies may hold identity policy
// documents: the value itself, or an item of its list.
var samPolicies = []string{
	"Resources/AWS::Serverless::Function/Properties/Policies",
	"Resources/AWS::Serverless::Function/Properties/Policies/*",
	"Resources/AWS::Serverless::StateMachine/Properties/Policies",
	"Resources/AWS::Serverless::StateMachine/Properties/Policies/*",
}

// policyDocument lets r judge only a policy document (a mapping with a
// Statement) among the values a SAM Policies property takes: managed policy
// names and ARNs, policy templates ({SQSPollerPolicy: {...}}) and documents.
func policyDocument(r *jsonschema.Rule) *jsonschema.Rule {
	return &jsonschema.Rule{ID: r.ID, Check: func(v *jsonschema.Validator, n *template.Node, p jsonschema.Place) []*jsonschema.Error {
		if n.Get("Statement") == nil {
			return nil
		}
		return v.RunRule(r, n, p)
	}}
}

// policyText lets r judge a policy document written as JSON text (as
// RepositoryPolicyText and KeyPolicy may be): the text is parsed and judged
// with no functions in it, its findings placed at the property; text that is
// not JSON is not judged.
func policyText(r *jsonschema.Rule) *jsonschema.Rule {
	return &jsonschema.Rule{ID: r.ID, Check: func(v *jsonschema.Validator, n *template.Node, p jsonschema.Place) []*jsonschema.Error {
		if n.Kind != template.Scalar || n.Type != template.Str {
			return v.RunRule(r, n, p)
		}
		doc := template.Parse("policy.json", n.Value)
		if doc.Err != nil || doc.Root == nil || doc.Format != template.JSON {
			return nil
		}
		q := p
		q.Functions = 0
		errs := v.RunRule(r, doc.Root, q)
		for _, e := range errs {
			e.Range = p.At
		}
		return errs
	}}
}

// engineLowered runs r over a copy of the properties whose Engine is in lower case.
func engineLowered(r *jsonschema.Rule) *jsonschema.Rule {
	return &jsonschema.Rule{ID: r.ID, Check: func(v *jsonschema.Validator, n *template.Node, p jsonschema.Place) []*jsonschema.Error {
		if e := n.GetPair("Engine"); e != nil && e.Value.Kind == template.Scalar {
			cp := *n
			cp.Pairs = make([]*template.Pair, len(n.Pairs))
			for i, pr := range n.Pairs {
				cp.Pairs[i] = pr
				if pr == e {
					low := *pr.Value
					low.Value = strings.ToLower(low.Value)
					cp.Pairs[i] = &template.Pair{Key: pr.Key, Value: &low}
				}
			}
			n = &cp
		}
		return v.RunRule(r, n, p)
	}}
}

// ruleDocuments returns a function that compiles the rule schemas of a spec
// by path, once each; a reference to another document ("policy#/definitions/Action")
// names a document of the same directory by its $id.
func ruleDocuments(spec *schema.Spec) func(file string) *jsonschema.Document {
	var mu sync.Mutex
	docs := map[string]*jsonschema.Document{}
	var get func(file string) *jsonschema.Document
	get = func(file string) *jsonschema.Document {
		mu.Lock()
		d, ok := docs[file]
		mu.Unlock()
		if ok {
			return d
		}
		raw := spec.RuleSchema(file)
		if raw == nil {
			return nil
		}
		dir := path.Dir(file)
		d = jsonschema.NewDocument(file, raw, func(name string) *jsonschema.Document {
			for _, f := range spec.RuleSchemas() {
				if path.Dir(f) != dir || f == file {
					continue
				}
				if m, ok := spec.RuleSchema(f).(map[string]any); ok && m["$id"] == name {
					return get(f)
				}
			}
			return nil
		})
		mu.Lock()
		docs[file] = d
		mu.Unlock()
		return d
	}
	return get
}

// regionalCheck runs a schema kept per region (cfn-lint's lists of instance
// types each region offers, one document per region: file#region) for each
// region the template is checked for, naming the region in the finding.
func regionalCheck(lr schema.LintRule, file string, docs func(string) *jsonschema.Document) func(v *jsonschema.Validator, n *template.Node, p jsonschema.Place) []*jsonschema.Error {
	return func(v *jsonschema.Validator, n *template.Node, p jsonschema.Place) []*jsonschema.Error {
		var out []*jsonschema.Error
		for _, region := range v.Regions {
			doc := docs(file + "#" + region)
			if doc == nil {
				continue
			}
			r := &jsonschema.Rule{ID: lr.ID, Schema: doc.Root(), AllMatches: lr.AllMatches}
			for _, e := range v.RunRule(r, n, p) {
				e.Message += " in " + jsonschema.PyStr(region)
				out = append(out, e)
			}
		}
		return out
	}
}

// ruleMessages word the findings of the rules that report one finding per
// value, where the failed keyword alone would not say what is wrong.
var ruleMessages = map[string]func(n *template.Node, e *jsonschema.Error) string{
	"E3687": func(n *template.Node, e *jsonschema.Error) string {
		return "FromPort and ToPort are required with IpProtocol " + jsonschema.Repr(n.Get("IpProtocol"))
	},
	"E3688": func(n *template.Node, e *jsonschema.Error) string {
		return "FromPort and ToPort must both be -1 when one is -1 (IpProtocol " + jsonschema.Repr(n.Get("IpProtocol")) + ")"
	},
	"W3687": func(n *template.Node, e *jsonschema.Error) string {
		return "FromPort and ToPort are ignored with IpProtocol " + jsonschema.Repr(n.Get("IpProtocol"))
	},
	"W3690": func(n *template.Node, e *jsonschema.Error) string { return deprecatedEngine(n, "clusters") },
	"W3691": func(n *template.Node, e *jsonschema.Error) string { return deprecatedEngine(n, "instances") },
	// the rules of the cfnGather keyword, judging a resource with those it references
	"E3052": gatherWords("A service whose task definition uses the awsvpc network mode needs a NetworkConfiguration"),
	"E3698": gatherWords("A stage deploys a deployment of its own REST API"),
	"E3699": gatherWords("A method's authorizer belongs to the method's REST API"),
	"E3705": gatherWords("Lambda reads at most 10 messages a batch from a FIFO queue"),
	"E3706": gatherWords("MaxSize is at least MinSize"),
	"E3707": gatherWords("An instance of a DB cluster runs the cluster's engine"),
	"E3708": gatherWords("The authorizer's Type does not suit the method's AuthorizationType"),
	"E3709": gatherWords("An instance of a DB cluster has the cluster's StorageEncrypted"),
	"E3054": func(n *template.Node, e *jsonschema.Error) string {
		if e.Keyword == "contains" {
			return "RequiresCompatibilities " + jsonschema.Repr(e.Node) + " of the task definition lacks 'FARGATE', the service's launch type"
		}
		return e.Message
	},
	"E3502": func(n *template.Node, e *jsonschema.Error) string {
		if e.Node != nil && strings.EqualFold(e.Node.Text(), "true") {
			return "The queue is FIFO but its dead-letter queue is standard: both must be of one type"
		}
		return "The queue is standard but its dead-letter queue is FIFO: both must be of one type"
	},
	"E3505": func(n *template.Node, e *jsonschema.Error) string {
		if _, min, ok := strings.Cut(e.Message, "minimum of "); ok {
			return "The queue's VisibilityTimeout " + jsonschema.Repr(e.Node) + " is less than the function's Timeout " + min + ": a message would be received again while being processed"
		}
		return e.Message
	},
	"E3711": func(n *template.Node, e *jsonschema.Error) string {
		return "The target group's Protocol is 'GENEVE', which only Gateway Load Balancers take: a listener rule cannot forward to it"
	},
	"E3712": func(n *template.Node, e *jsonschema.Error) string {
		return "A TargetTrackingScaling policy cannot scale its Auto Scaling group: the group's MaxSize must be greater than its MinSize"
	},
	"E3713": func(n *template.Node, e *jsonschema.Error) string {
		if e.Keyword == "enum" {
			return "Log driver " + jsonschema.Repr(e.Node) + " is not supported on Fargate: use 'awslogs', 'splunk' or 'awsfirelens'"
		}
		return e.Message
	},
	"E3714": func(n *template.Node, e *jsonschema.Error) string {
		return "The security group's VpcId differs from the VpcId of the launch template's subnet"
	},
	"W3663": func(n *template.Node, e *jsonschema.Error) string {
		if e.Keyword == "required" {
			return "SourceAccount should be set: SourceArn names no account, so a resource of that name in another account could invoke the function"
		}
		return e.Message
	},
	"W3664": func(n *template.Node, e *jsonschema.Error) string {
		if _, pat, ok := strings.Cut(e.Message, " does not match "); ok && e.Keyword == "pattern" {
			return "Principal " + jsonschema.Repr(e.Node) + " is not the service principal of the resource SourceArn names (" + pat + ")"
		}
		return e.Message
	},
}

// gatherWords words a finding of a cfnGather rule: what the rule compares,
// then the failed keyword's own words.
func gatherWords(what string) func(n *template.Node, e *jsonschema.Error) string {
	return func(n *template.Node, e *jsonschema.Error) string { return what + ": " + e.Message }
}

// deprecatedEngine words W3690 and W3691: an engine version RDS no longer
// creates DB clusters or instances with.
func deprecatedEngine(n *template.Node, what string) string {
	return "EngineVersion " + jsonschema.Repr(n.Get("EngineVersion")) + " of engine " + jsonschema.Repr(n.Get("Engine")) +
		" is deprecated: RDS creates no new DB " + what + " with it"
}

// checkSectionRules runs the rules of cfn-lint's table that run outside
// Resources (Transform E1005, Metadata E4002 and E4001, Rules E1700...) at the
// template paths they name; "*" stands for any name or list item.
func (c *checker) checkSectionRules() {
	if c.spec == nil || c.t.Root.Kind != template.Mapping {
		return
	}
	idx := ruleIndex(c.spec)
	p := jsonschema.Place{Functions: jsonschema.FunctionSet("Fn::Transform")}
	for _, pr := range c.t.Root.Pairs {
		if pr.Key.Value != "Resources" {
			c.rulesAt(pr.Value, pr.Key.Range, idx.At(pr.Key.Value), p)
		}
	}
}

// checkEntryRules runs the rules of cfn-lint's table that judge a resource
// entry or an attribute of it with a schema of their own (Resources/*: E3016,
// the UpdatePolicy a type takes; Resources/*/Metadata/AWS::CloudFormation::Init:
// E3009), at the paths they name. Properties are the property validation's.
func (c *checker) checkEntryRules(e *template.Entry) {
	if c.spec == nil {
		return
	}
	h := ruleIndex(c.spec).At("Resources", "*")
	if h == nil {
		return
	}
	p := jsonschema.Place{Conds: conditions.Of(e), Functions: jsonschema.AllFunctions}
	c.rulesAt(e.Value, e.Key.Range, h, p, "Properties")
}

// rulesAt runs the rules indexed at h over n, found at at, and those below h
// over the values below n whose keys or items they name ("*" for any), but
// not under the keys of n that skip lists.
func (c *checker) rulesAt(n *template.Node, at template.Range, h *jsonschema.Hooks, p jsonschema.Place, skip ...string) {
	if h == nil || n == nil {
		return
	}
	p.At = at
	for _, r := range h.Rules() {
		for _, e := range c.validator().RunRule(r, n, p) {
			c.out = append(c.out, c.diagnostic(e))
		}
	}
	switch n.Kind {
	case template.Mapping:
		for _, pr := range n.Pairs {
			if slices.Contains(skip, pr.Key.Value) {
				continue
			}
			next := h.At(pr.Key.Value)
			if next == nil {
				next = h.At("*")
			}
			c.rulesAt(pr.Value, pr.Key.Range, next, p)
		}
	case template.Sequence:
		for _, it := range n.Items {
			c.rulesAt(it, it.Range, h.At("*"), p)
		}
	}
}
