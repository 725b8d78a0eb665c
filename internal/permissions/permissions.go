// Package permissions computes the least IAM policy that deploying a template
// needs: the actions the handlers of its resource types perform (create,
// update and delete, from the registry schemas' handlers in the facts), the
// CloudFormation calls of a change-set launch and of the stack's deletion,
// and iam:PassRole on the roles its resources pass. What the facts cannot
// say (custom resources, types without handlers' permissions, macros) comes
// back as notes rather than as guessed actions. It is protocol-free.
package permissions

import (
	"bytes"
	"cmp"
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/cfn-lsp/cfn-lsp/internal/langext"
	"github.com/cfn-lsp/cfn-lsp/internal/sam"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// StackActions are the CloudFormation calls of a launch through a change set
// (cfn-lsp's launch, internal/deploy: the stack looked up, a change set
// created, described, executed or discarded, the events followed) and of the
// stack's deletion.
var StackActions = []string{
	"cloudformation:CreateChangeSet", "cloudformation:DeleteChangeSet", "cloudformation:DeleteStack",
	"cloudformation:DescribeChangeSet", "cloudformation:DescribeStackEvents", "cloudformation:DescribeStacks",
	"cloudformation:ExecuteChangeSet",
}

// passRole is the action that hands a role to a service.
const passRole = "iam:PassRole"

// Policy is an IAM policy document.
type Policy struct {
	Version   string      `json:"Version" yaml:"Version"`
	Statement []Statement `json:"Statement" yaml:"Statement"`
}

// Statement is one statement of a Policy: Resource is "*" or a list of ARNs.
type Statement struct {
	Sid      string   `json:"Sid" yaml:"Sid"`
	Effect   string   `json:"Effect" yaml:"Effect"`
	Action   []string `json:"Action" yaml:"Action"`
	Resource any      `json:"Resource" yaml:"Resource"`
}

// Note says what the policy does not cover, about one resource ("" for the
// template as a whole).
type Note struct {
	Resource string
	Type     string
	Text     string
}

func (n Note) String() string {
	if n.Resource == "" {
		return n.Text
	}
	return n.Resource + " (" + n.Type + "): " + n.Text
}

// Result is the policy a template needs and what it leaves out.
type Result struct {
	Policy Policy
	Notes  []Note
}

// Compute returns the policy deploying and deleting t needs. SAM resources
// count as the resources the transform makes of them (internal/sam).
func Compute(t *template.Template, spec *schema.Spec) *Result {
	if spec == nil {
		spec = schema.Default()
	}
	c := &computer{t: t, spec: spec.WithSAM(), actions: map[string]string{}}
	for _, a := range StackActions {
		c.add(a)
	}
	if t != nil && t.Root != nil {
		c.transforms()
		// The templates CloudFormation deploys: loops expanded, then the SAM
		// transform's (as internal/analysis reads them).
		x := sam.Of(langext.Of(t).Template)
		c.t = x.Template
		for _, e := range x.Template.Resources {
			c.resourceOf(e.Name, e.Type(), e.Get("Properties"))
		}
		for _, m := range x.Made {
			c.typ(m.Name, m.Type, nil)
			if m.Type == "AWS::IAM::Role" {
				// The transform makes a role to pass it (to the function, the
				// state machine, an event's rule...), under a name it generates.
				c.roles = append(c.roles, "*")
			}
		}
	}
	return &Result{Policy: c.policy(), Notes: c.notes}
}

type computer struct {
	t    *template.Template
	spec *schema.Spec
	// actions maps each action, lower-cased (IAM reads them so), to how the
	// first handler to name it writes it: as AWS's schemas case it
	// ("apigateway:POST"), which the IAM table, cased from botocore's
	// operation names, does not always know.
	actions map[string]string
	// roles are the roles passed: ARNs or patterns, "*" for a role whose ARN
	// is not known before the deployment.
	roles []string
	notes []Note
}

func (c *computer) add(action string) {
	if k := strings.ToLower(action); c.actions[k] == "" {
		c.actions[k] = action
	}
}

func (c *computer) note(resource, typ, text string) {
	c.notes = append(c.notes, Note{Resource: resource, Type: typ, Text: text})
}

// transforms notes the transforms whose own needs the facts do not hold: a
// macro runs its function, AWS::Include reads S3.
func (c *computer) transforms() {
	for _, tr := range c.t.Transforms() {
		switch {
		case strings.HasPrefix(tr, "AWS::Serverless"), tr == "AWS::LanguageExtensions":
		case tr == "AWS::Include":
			c.note("", "", "the AWS::Include transform reads the included template from S3 (s3:GetObject on it): not included")
		default:
			c.note("", "", "the "+tr+" transform is a macro: invoking its function (lambda:InvokeFunction) and what it needs are not included")
		}
	}
}

// resourceOf adds what one resource needs.
func (c *computer) resourceOf(name, typ string, props *template.Node) {
	switch {
	case typ == "":
		return
	case schema.IsCustomResource(typ):
		c.custom(name, typ, props)
		return
	}
	rt := c.spec.ResourceType(typ)
	if rt != nil && rt.SAM != nil {
		if rt.SAM.Made == "" {
			return // all it makes is in sam.Of(t).Made
		}
		typ = rt.SAM.Made
	}
	c.typ(name, typ, props)
}

// typ adds the handlers' actions of a resource of type typ, and the roles
// its properties pass when its handlers pass roles.
func (c *computer) typ(name, typ string, props *template.Node) {
	rt := c.spec.ResourceType(typ)
	if rt == nil {
		c.note(name, typ, "an unknown resource type: its permissions are not included")
		return
	}
	if rt.Handlers == nil {
		c.note(name, typ, "the facts hold no handlers' permissions for this type: its permissions are not included")
		return
	}
	if typ == "AWS::CloudFormation::Stack" {
		c.note(name, typ, "a nested stack: the permissions of its template's resources are not included")
	}
	passes := false
	for _, a := range rt.Handlers.All() {
		if strings.EqualFold(a, passRole) {
			passes = true
			continue
		}
		c.add(a)
	}
	if passes {
		c.passedRoles(props, "")
	}
}

// custom adds what a custom resource needs of the stack's principal: to
// invoke its provider (a Lambda function or an SNS topic, by its
// ServiceToken). What the provider itself does is its own role's affair.
func (c *computer) custom(name, typ string, props *template.Node) {
	switch provider := c.arnService(props.Get("ServiceToken")); provider {
	case "lambda":
		c.add("lambda:InvokeFunction")
	case "sns":
		c.add("sns:Publish")
	default:
		c.note(name, typ, "a custom resource whose ServiceToken is neither a Lambda function nor an SNS topic cfn-lsp can tell: invoking its provider is not included")
		return
	}
	c.note(name, typ, "a custom resource: the policy lets CloudFormation invoke its provider; what the provider does is not included")
}

// arnService returns the service of the ARN a value is ("lambda", "sns"):
// a literal ARN, a Fn::Sub of one, or Fn::GetAtt/Ref of a resource of t of a
// type whose ARN that is; "" when it cannot tell.
func (c *computer) arnService(n *template.Node) string {
	if s, ok := literalARN(n); ok {
		if parts := strings.SplitN(s, ":", 4); len(parts) == 4 {
			return parts[2]
		}
		return ""
	}
	if e := c.t.Resource(n.Target()); e != nil {
		typ := e.Type()
		if rt := c.spec.ResourceType(typ); rt != nil && rt.SAM != nil {
			typ = rt.SAM.Made
		}
		switch typ {
		case "AWS::Lambda::Function", "AWS::Lambda::Alias", "AWS::Lambda::Version":
			return "lambda"
		case "AWS::SNS::Topic":
			return "sns"
		}
	}
	return ""
}

// roleKey matches the names of properties that hold a role ("Role",
// "ServiceRoleArn", "ExecutionRoleARN", "Roles").
var roleKey = regexp.MustCompile(`Role(Arn|ARN|Name)?s?$`)

// passedRoles records the roles a resource's properties pass: values under
// a role's property name (a list's items under its name), Ref and
// Fn::GetAtt of the template's roles and instance profiles, and literal
// role ARNs, at any depth.
func (c *computer) passedRoles(n *template.Node, key string) {
	if n == nil || n.IsNoValue() {
		return
	}
	if role, ok := c.role(n); ok {
		c.roles = append(c.roles, role)
		return
	}
	switch n.Kind {
	case template.Mapping:
		for _, p := range n.Pairs {
			c.passedRoles(p.Value, p.Key.Value)
		}
	case template.Sequence:
		for _, it := range n.Items {
			c.passedRoles(it, key)
		}
	case template.Intrinsic:
		if _, yes, no, ok := n.IfArgs(); ok {
			c.passedRoles(yes, key)
			c.passedRoles(no, key)
			return
		}
		fallthrough
	default:
		if roleKey.MatchString(key) && n.Kind != template.Null {
			c.roles = append(c.roles, "*") // a parameter, an import, a computed ARN
		}
	}
}

// role returns the ARN (or pattern) of the role a value passes, and whether
// it passes one.
func (c *computer) role(n *template.Node) (string, bool) {
	if s, ok := literalARN(n); ok {
		if !strings.Contains(s, ":role/") {
			return "", false
		}
		return s, true
	}
	if n.Kind != template.Intrinsic || (n.Fn != "Ref" && n.Fn != "Fn::GetAtt") {
		return "", false
	}
	e := c.t.Resource(n.Target())
	if e == nil {
		return "", false
	}
	switch e.Type() {
	case "AWS::IAM::Role":
		return roleARN(e.Get("Properties")), true
	case "AWS::IAM::InstanceProfile":
		return "*", true // its roles, by name
	}
	return "", false
}

// roleARN is the ARN pattern of a role the template makes: its name when the
// template gives it, else any (CloudFormation names it after the stack).
func roleARN(props *template.Node) string {
	name, ok := props.Get("RoleName").Str()
	if !ok || name == "" {
		return "*"
	}
	path := "/"
	if p := props.Get("Path"); p != nil {
		if path, ok = p.Str(); !ok {
			return "*"
		}
	}
	return "arn:*:iam::*:role" + path + name
}

// literalARN returns an ARN written as a string or as a Fn::Sub whose
// placeholders become wildcards ("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/x"
// is arn:*:iam::*:role/x).
func literalARN(n *template.Node) (string, bool) {
	s, ok := n.Str()
	if !ok && n.IsIntrinsic("Fn::Sub") {
		arg := n.Arg
		if arg != nil && arg.Kind == template.Sequence && len(arg.Items) > 0 {
			arg = arg.Items[0]
		}
		if s, ok = arg.Str(); ok {
			s = placeholder.ReplaceAllString(s, "*")
		}
	}
	return s, ok && strings.HasPrefix(s, "arn:")
}

var placeholder = regexp.MustCompile(`\$\{[^!][^}]*\}`)

// policy groups the actions per service, one statement each, the stack's
// first, then iam:PassRole on the roles passed.
func (c *computer) policy() Policy {
	byService := map[string][]string{}
	for _, a := range c.actions {
		svc, _, _ := strings.Cut(a, ":")
		svc = strings.ToLower(svc)
		_, name, _ := strings.Cut(a, ":")
		byService[svc] = append(byService[svc], svc+":"+name)
	}
	services := slices.Sorted(maps.Keys(byService))
	slices.SortStableFunc(services, func(a, b string) int {
		return cmp.Compare(boolInt(a != "cloudformation"), boolInt(b != "cloudformation"))
	})
	p := Policy{Version: "2012-10-17"}
	for _, svc := range services {
		acts := byService[svc]
		slices.SortFunc(acts, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
		p.Statement = append(p.Statement, Statement{Sid: sid(svc), Effect: "Allow", Action: acts, Resource: "*"})
	}
	if len(c.roles) > 0 {
		var res any = "*"
		if !slices.Contains(c.roles, "*") {
			res = slices.Compact(slices.Sorted(slices.Values(c.roles)))
		}
		p.Statement = append(p.Statement, Statement{Sid: "PassRole", Effect: "Allow", Action: []string{passRole}, Resource: res})
	}
	return p
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sid names a service's statement: its prefix in words' capitals
// ("ssm-contacts" is SsmContacts), as a Sid must be alphanumeric.
func sid(svc string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(svc, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// JSON returns the policy as an indented JSON document.
func (p Policy) JSON() []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(p); err != nil {
		panic(err) // strings and lists of strings always encode
	}
	return b.Bytes()
}

// YAML returns the policy as a YAML document.
func (p Policy) YAML() []byte {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(p); err != nil {
		panic(err)
	}
	return b.Bytes()
}
