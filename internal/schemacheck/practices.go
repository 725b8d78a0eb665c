package schemacheck

import (
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// ownerACLs are the canned ACLs a bucket may keep when ACLs are disabled
// (ObjectOwnership BucketOwnerEnforced, the default of new buckets).
var ownerACLs = map[string]bool{"Private": true, "BucketOwnerFullControl": true, "BucketOwnerRead": true}

// checkPractices checks what the resource schemas cannot say: S3 access control
// lists (W3045, E3045), and in policy documents outdated versions (W2511) and
// unknown actions (W3037).
func (c *checker) checkPractices(e *template.Entry) {
	props := e.Value.GetPair("Properties")
	if props == nil || props.Value.Kind != template.Mapping {
		return
	}
	if e.Type() == "AWS::S3::Bucket" {
		c.checkBucketACL(props)
	}
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
	if acl == nil || isNoValue(acl.Value) {
		return
	}
	c.report(acl.Key.Range, "W3045", "'AccessControl' is a legacy property: grant access with an AWS::S3::BucketPolicy instead")
	v, ok := acl.Value.Str()
	if !ok || ownerACLs[v] {
		return
	}
	rules := props.Value.Get("OwnershipControls").Get("Rules")
	if rules == nil || (rules.Kind == template.Sequence && len(rules.Items) == 0) {
		c.report(props.Key.Range, "E3045", "AccessControl "+pyStr(v)+" needs 'OwnershipControls' with a rule: new buckets disable ACLs (BucketOwnerEnforced), so this bucket would fail to create")
	}
}
