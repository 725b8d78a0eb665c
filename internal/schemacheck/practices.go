package schemacheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// ownerACLs are the canned ACLs a bucket may keep when ACLs are disabled
// (ObjectOwnership BucketOwnerEnforced, the default of new buckets).
var ownerACLs = map[string]bool{"Private": true, "BucketOwnerFullControl": true, "BucketOwnerRead": true}

// checkPractices checks what the resource schemas cannot say: S3 access control
// lists (W3045, E3045), secrets passed as parameters (W1011), and in policy
// documents outdated versions (W2511) and unknown actions (W3037).
func (c *checker) checkPractices(e *template.Entry) {
	props := e.Value.GetPair("Properties")
	if props == nil || props.Value.Kind != template.Mapping {
		return
	}
	if e.Type() == "AWS::S3::Bucket" {
		c.checkBucketACL(props)
	}
	c.checkSecretParameters(e, props.Value)
	template.Walk(props.Value, func(n *template.Node) bool {
		if n.Kind != template.Mapping || n.GetPair("Statement") == nil {
			return true
		}
		if v := n.Get("Version"); v != nil && v.Kind == template.Scalar && v.Value == "2008-10-17" {
			c.report(v.Range, "W2511", "IAM policy version '2008-10-17' is outdated: use '2012-10-17' (policy variables and newer condition operators need it)")
		}
		c.checkStatementActions(n, e.Type())
		return false
	})
}

// checkBucketACL reports a bucket's AccessControl: legacy in any case (W3045),
// and an error when it grants more than the owner without OwnershipControls
// rules (E3045), as ACLs are then disabled and the bucket fails to create.
func (c *checker) checkBucketACL(props *template.Pair) {
	acl := props.Value.GetPair("AccessControl")
	if acl == nil || acl.Value.IsNoValue() {
		return
	}
	c.report(acl.Key.Range, "W3045", "'AccessControl' is a legacy property: grant access with an AWS::S3::BucketPolicy instead")
	v, ok := acl.Value.Str()
	if !ok || ownerACLs[v] {
		return
	}
	rules := props.Value.Get("OwnershipControls").Get("Rules")
	if rules == nil || (rules.Kind == template.Sequence && len(rules.Items) == 0) {
		c.report(props.Key.Range, "E3045", "AccessControl "+jsonschema.PyStr(v)+" needs 'OwnershipControls' with a rule: new buckets disable ACLs (BucketOwnerEnforced), so this bucket would fail to create")
	}
}

// checkSecretParameters reports a secret property fed by a Ref to a parameter
// (W1011): a dynamic reference keeps the secret out of the stack's parameters.
func (c *checker) checkSecretParameters(e *template.Entry, props *template.Node) {
	for _, path := range schema.SecureStringProperties[e.Type()] {
		for _, v := range valuesAt(props, strings.Split(path, "/")) {
			for _, ref := range refBranches(v) {
				name, _ := ref.Arg.Str()
				if c.t.Parameter(name) != nil {
					c.report(ref.Range, "W1011", "Pass this secret with a dynamic reference ({{resolve:secretsmanager:...}} or {{resolve:ssm-secure:...}}) rather than parameter "+jsonschema.PyStr(name))
				}
			}
		}
	}
}

// valuesAt returns the values at a property path below n ("*" for each item).
func valuesAt(n *template.Node, path []string) []*template.Node {
	if n == nil {
		return nil
	}
	if len(path) == 0 {
		return []*template.Node{n}
	}
	if path[0] == "*" {
		if n.Kind != template.Sequence {
			return nil
		}
		var out []*template.Node
		for _, it := range n.Items {
			out = append(out, valuesAt(it, path[1:])...)
		}
		return out
	}
	return valuesAt(n.Get(path[0]), path[1:])
}

// refBranches returns the Ref nodes a value is or may be: itself, or the branches of Fn::If.
func refBranches(n *template.Node) []*template.Node {
	if n.IsIntrinsic("Ref") {
		return []*template.Node{n}
	}
	if _, yes, no, ok := n.IfArgs(); ok {
		return append(refBranches(yes), refBranches(no)...)
	}
	return nil
}
