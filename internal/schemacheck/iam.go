package schemacheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/suggest"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// policyServices are the only services a resource policy of these types can grant.
var policyServices = map[string]string{
	"AWS::S3::BucketPolicy": "s3",
	"AWS::SQS::QueuePolicy": "sqs",
	"AWS::SNS::TopicPolicy": "sns",
}

// checkStatementActions checks the Action and NotAction values of a policy
// document's statements against the IAM action table (W3037): the form
// service:action, the service prefix, and the action, wildcards allowed, with
// "did you mean" for a misspelt action or service.
func (c *checker) checkStatementActions(doc *template.Node, resourceType string) {
	if c.iamServices == nil {
		c.iamServices = c.spec.IAMServices()
	}
	if len(c.iamServices) == 0 {
		return
	}
	st := doc.Get("Statement")
	statements := []*template.Node{st}
	if st != nil && st.Kind == template.Sequence {
		statements = st.Items
	}
	for _, s := range statements {
		if s == nil || s.Kind != template.Mapping {
			continue
		}
		for _, key := range []string{"Action", "NotAction"} {
			for _, a := range literalStrings(s.Get(key)) {
				c.checkAction(a, resourceType)
			}
		}
	}
}

// literalStrings returns the string scalars of a value: itself, the items of a
// list, and the branches of Fn::If (other functions are not judged).
func literalStrings(n *template.Node) []*template.Node {
	switch {
	case n == nil:
		return nil
	case n.Kind == template.Scalar && n.Type == template.Str && n.Tag == "":
		return []*template.Node{n}
	case n.Kind == template.Sequence:
		var out []*template.Node
		for _, it := range n.Items {
			out = append(out, literalStrings(it)...)
		}
		return out
	}
	if _, yes, no, ok := n.IfArgs(); ok {
		return append(literalStrings(yes), literalStrings(no)...)
	}
	return nil
}

func (c *checker) checkAction(n *template.Node, resourceType string) {
	a := n.Value
	if a == "*" {
		return
	}
	service, action, ok := strings.Cut(a, ":")
	if !ok || service == "" || action == "" {
		c.report(n.Range, "W3037", jsonschema.PyStr(a)+" is not a valid action: write service:action or '*'")
		return
	}
	if only := policyServices[resourceType]; only != "" && !strings.EqualFold(service, only) {
		c.report(n.Range, "W3037", jsonschema.PyStr(a)+" cannot be granted by an "+resourceType+": only "+only+" actions can")
		return
	}
	actions := c.spec.IAMActions(service)
	if actions == nil {
		msg := jsonschema.PyStr(service) + " is not an IAM service prefix"
		if best := suggest.Closest(service, c.iamServices); best != "" {
			fixed := best + ":" + action
			d := c.report(n.Range, "W3037", msg+". Did you mean "+jsonschema.PyStr(fixed)+"?")
			d.Fix = &diag.Fix{Title: "Change to " + fixed, Range: n.Range, NewText: fixed}
			return
		}
		c.report(n.Range, "W3037", msg)
		return
	}
	if schema.MatchIAMActions(actions, action) != nil {
		return
	}
	if strings.ContainsAny(action, "*?") {
		c.report(n.Range, "W3037", jsonschema.PyStr(a)+" matches no "+strings.ToLower(service)+" action")
		return
	}
	msg := jsonschema.PyStr(action) + " is not an action of " + strings.ToLower(service)
	if best := suggest.Closest(action, actions); best != "" {
		fixed := service + ":" + best
		d := c.report(n.Range, "W3037", msg+". Did you mean "+jsonschema.PyStr(fixed)+"?")
		d.Fix = &diag.Fix{Title: "Change to " + fixed, Range: n.Range, NewText: fixed}
		return
	}
	c.report(n.Range, "W3037", msg)
}
