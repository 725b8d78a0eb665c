package security

import (
	"fmt"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// docSource yields the policy documents of a resource a rule inspects.
type docSource func(ev *evaluator, r *template.Entry) []policyDoc

func propDoc(prop, label string) docSource {
	return func(ev *evaluator, r *template.Entry) []policyDoc {
		if d := ev.prop(r, prop); d != nil {
			return []policyDoc{{label: label, doc: d}}
		}
		return nil
	}
}

var (
	trustDoc   = propDoc("AssumeRolePolicyDocument", "trust policy")
	policyDoc_ = propDoc("PolicyDocument", "policy document")
	keyDoc     = propDoc("KeyPolicy", "key policy")
	inlineDoc  = func(ev *evaluator, r *template.Entry) []policyDoc { return ev.inlinePolicies(r) }
)

// stmtTest returns the offending node of a statement, or nil.
type stmtTest func(st *statement) *template.Node

var (
	testWildcardAction = func(st *statement) *template.Node {
		if st.allow() {
			return st.wildcardAction()
		}
		return nil
	}
	testWildcardResource = func(st *statement) *template.Node {
		if st.allow() {
			return st.wildcardResource()
		}
		return nil
	}
	testWildcardPrincipal = func(st *statement) *template.Node {
		if st.allow() {
			return st.wildcardPrincipal()
		}
		return nil
	}
	testNotAction = func(st *statement) *template.Node {
		if st.allow() && len(st.notActions) > 0 {
			return keyNode(st.node, "NotAction")
		}
		return nil
	}
	testNotResource = func(st *statement) *template.Node {
		if st.allow() && len(st.notResources) > 0 {
			return keyNode(st.node, "NotResource")
		}
		return nil
	}
	testNotPrincipal = func(st *statement) *template.Node {
		if st.allow() && st.notPrincipal != nil {
			return keyNode(st.node, "NotPrincipal")
		}
		return nil
	}
	testPassRole = func(st *statement) *template.Node {
		if !st.allow() || st.wildcardResource() == nil {
			return nil
		}
		for _, a := range st.actions {
			s, ok := a.Str()
			if !ok {
				continue
			}
			if s == "*" {
				return a
			}
			if p, ok := strings.CutPrefix(s, "iam:"); ok && wildcardMatches(p, "PassRole") {
				return a
			}
		}
		return nil
	}
)

func keyNode(m *template.Node, key string) *template.Node {
	if p := m.GetPair(key); p != nil {
		return p.Key
	}
	return m
}

// policyRule is a rule that flags statements of policy documents.
func policyRule(id, typ string, src docSource, test stmtTest, text, what string) *rule {
	return &rule{id: id, types: []string{typ}, text: text,
		check: func(ev *evaluator) []finding {
			var out []finding
			for _, r := range ev.resources(typ) {
				for _, d := range src(ev, r) {
					for _, st := range ev.statements(d.doc) {
						if n := test(st); n != nil {
							subject := fmt.Sprintf("%s of %s", d.label, r.Name)
							out = append(out, finding{r.Name, n, fmt.Sprintf(what, subject, quoted(n))})
						}
					}
				}
			}
			return out
		}}
}

// The resource types and the message formats of the policy rules.
const (
	typeRole          = "AWS::IAM::Role"
	typePolicy        = "AWS::IAM::Policy"
	typeManagedPolicy = "AWS::IAM::ManagedPolicy"
	typeBucketPolicy  = "AWS::S3::BucketPolicy"
	typeTopicPolicy   = "AWS::SNS::TopicPolicy"
	typeQueuePolicy   = "AWS::SQS::QueuePolicy"

	msgWildcardAction    = "Wildcard action: %s allows Action %s"
	msgWildcardResource  = "Wildcard resource: %s allows Resource %s"
	msgNotAction         = "Allow with NotAction: %s allows every action except those listed (%s)"
	msgNotResource       = "Allow with NotResource: %s applies to every resource except those listed (%s)"
	msgNotPrincipal      = "Allow with NotPrincipal: %s allows every principal except those listed (%s)"
	msgWildcardPrincipal = "Wildcard principal: %s allows Principal %s"
	msgPassRole          = "PassRole on any role: %s allows Action %s, which covers iam:PassRole, on Resource \"*\""
)

// iamRules judge IAM policies, users, roles and their managed policies.
var iamRules = []*rule{
	policyRule("F2", typeRole, trustDoc, testWildcardAction, "IAM role trust policy allows a wildcard action", msgWildcardAction),
	policyRule("F3", typeRole, inlineDoc, testWildcardAction, "IAM role inline policy allows a wildcard action", msgWildcardAction),
	policyRule("F4", typePolicy, policyDoc_, testWildcardAction, "IAM policy allows a wildcard action", msgWildcardAction),
	policyRule("F5", typeManagedPolicy, policyDoc_, testWildcardAction, "IAM managed policy allows a wildcard action", msgWildcardAction),
	policyRule("F6", typeRole, trustDoc, testNotPrincipal, "IAM role trust policy uses Allow with NotPrincipal", msgNotPrincipal),
	policyRule("F7", typeQueuePolicy, policyDoc_, testNotPrincipal, "SQS queue policy uses Allow with NotPrincipal", msgNotPrincipal),
	policyRule("F8", typeTopicPolicy, policyDoc_, testNotPrincipal, "SNS topic policy uses Allow with NotPrincipal", msgNotPrincipal),
	policyRule("F9", typeBucketPolicy, policyDoc_, testNotPrincipal, "S3 bucket policy uses Allow with NotPrincipal", msgNotPrincipal),
	policyRule("F15", typeBucketPolicy, policyDoc_, testWildcardAction, "S3 bucket policy allows a wildcard action", msgWildcardAction),
	policyRule("F16", typeBucketPolicy, policyDoc_, testWildcardPrincipal, "S3 bucket policy allows a wildcard principal", msgWildcardPrincipal),
	policyRule("F18", typeTopicPolicy, policyDoc_, testWildcardPrincipal, "SNS topic policy allows a wildcard principal", msgWildcardPrincipal),
	policyRule("F20", typeQueuePolicy, policyDoc_, testWildcardAction, "SQS queue policy allows a wildcard action", msgWildcardAction),
	policyRule("F21", typeQueuePolicy, policyDoc_, testWildcardPrincipal, "SQS queue policy allows a wildcard principal", msgWildcardPrincipal),
	policyRule("F38", typeRole, inlineDoc, testPassRole, "IAM role inline policy allows iam:PassRole on any resource", msgPassRole),
	policyRule("F39", typePolicy, policyDoc_, testPassRole, "IAM policy allows iam:PassRole on any resource", msgPassRole),
	policyRule("F40", typeManagedPolicy, policyDoc_, testPassRole, "IAM managed policy allows iam:PassRole on any resource", msgPassRole),
	policyRule("F76", "AWS::KMS::Key", keyDoc, testWildcardPrincipal, "KMS key policy allows a wildcard principal", msgWildcardPrincipal),
	policyRule("W11", typeRole, inlineDoc, testWildcardResource, "IAM role inline policy allows a wildcard resource", msgWildcardResource),
	policyRule("W12", typePolicy, policyDoc_, testWildcardResource, "IAM policy allows a wildcard resource", msgWildcardResource),
	policyRule("W13", typeManagedPolicy, policyDoc_, testWildcardResource, "IAM managed policy allows a wildcard resource", msgWildcardResource),
	policyRule("W14", typeRole, trustDoc, testNotAction, "IAM role trust policy uses Allow with NotAction", msgNotAction),
	policyRule("W15", typeRole, inlineDoc, testNotAction, "IAM role inline policy uses Allow with NotAction", msgNotAction),
	policyRule("W16", typePolicy, policyDoc_, testNotAction, "IAM policy uses Allow with NotAction", msgNotAction),
	policyRule("W17", typeManagedPolicy, policyDoc_, testNotAction, "IAM managed policy uses Allow with NotAction", msgNotAction),
	policyRule("W18", typeQueuePolicy, policyDoc_, testNotAction, "SQS queue policy uses Allow with NotAction", msgNotAction),
	policyRule("W19", typeTopicPolicy, policyDoc_, testNotAction, "SNS topic policy uses Allow with NotAction", msgNotAction),
	policyRule("W20", typeBucketPolicy, policyDoc_, testNotAction, "S3 bucket policy uses Allow with NotAction", msgNotAction),
	policyRule("W21", typeRole, inlineDoc, testNotResource, "IAM role inline policy uses Allow with NotResource", msgNotResource),
	policyRule("W22", typePolicy, policyDoc_, testNotResource, "IAM policy uses Allow with NotResource", msgNotResource),
	policyRule("W23", typeManagedPolicy, policyDoc_, testNotResource, "IAM managed policy uses Allow with NotResource", msgNotResource),
	policyRule("W38", "AWS::IoT::Policy", policyDoc_, testWildcardAction, "IoT policy allows a wildcard action", msgWildcardAction),
	policyRule("W39", "AWS::IoT::Policy", policyDoc_, testWildcardResource, "IoT policy allows a wildcard resource", msgWildcardResource),

	{id: "F10", types: []string{"AWS::IAM::User"},
		text: "IAM user has inline policies; grant permissions through groups",
		check: func(ev *evaluator) []finding {
			return ev.each("AWS::IAM::User", func(r *template.Entry) []finding {
				if len(ev.inlinePolicies(r)) == 0 {
					return nil
				}
				return one(r, keyNode(r.Get("Properties"), "Policies"),
					"Inline user policy: IAM user %s has inline policies; attach permissions to a group instead", r.Name)
			})
		}},
	{id: "F2000", types: []string{"AWS::IAM::User", "AWS::IAM::UserToGroupAddition"},
		text: "IAM user belongs to no group",
		check: func(ev *evaluator) []finding {
			return ev.each("AWS::IAM::User", func(r *template.Entry) []finding {
				if len(ev.items(ev.prop(r, "Groups"))) > 0 {
					return nil
				}
				userName := ev.prop(r, "UserName")
				for _, a := range ev.resources("AWS::IAM::UserToGroupAddition") {
					for _, u := range ev.items(ev.prop(a, "Users")) {
						if id, ok := refTarget(u, ""); ok && u.IsIntrinsic("Ref") && id == r.Name {
							return nil
						}
						if userName != nil && sameValue(u, userName) {
							return nil
						}
					}
				}
				return one(r, r.Key, "User without group: IAM user %s belongs to no group", r.Name)
			})
		}},
	onUser("F11", typePolicy, "IAM policy"),
	onUser("F12", typeManagedPolicy, "IAM managed policy"),

	managedArn("W43", "IAM role attaches the AdministratorAccess managed policy", "arn:aws:iam::aws:policy/AdministratorAccess"),
	managedArn("W44", "IAM role attaches the PowerUserAccess or IAMFullAccess managed policy",
		"arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws:iam::aws:policy/IAMFullAccess"),

	{id: "W58", types: []string{typeFunction, typeSAMFunction, typeRole},
		text: "Lambda function's role grants no permission to write CloudWatch Logs",
		check: func(ev *evaluator) []finding {
			var out []finding
			for _, f := range ev.functions() {
				out = append(out, ev.functionLogs(f)...)
			}
			return out
		}},
}

// onUser is a rule flagging a policy attached directly to users.
func onUser(id, typ, what string) *rule {
	return &rule{id: id, types: []string{typ}, text: what + " is attached directly to users",
		check: func(ev *evaluator) []finding {
			return ev.each(typ, func(r *template.Entry) []finding {
				if len(ev.items(ev.prop(r, "Users"))) == 0 {
					return nil
				}
				return one(r, keyNode(r.Get("Properties"), "Users"),
					"Policy on users: %s %s is attached directly to users; attach it to a group instead", what, r.Name)
			})
		}}
}

// managedArn is a rule flagging a role that attaches one of the managed policies arns.
func managedArn(id, text string, arns ...string) *rule {
	return &rule{id: id, types: []string{typeRole}, text: text,
		check: func(ev *evaluator) []finding {
			return ev.each(typeRole, func(r *template.Entry) []finding {
				for _, a := range ev.items(ev.prop(r, "ManagedPolicyArns")) {
					s, ok := a.Str()
					if !ok {
						continue
					}
					for _, arn := range arns {
						if strings.Contains(s, arn) {
							return one(r, a, "Privileged managed policy: IAM role %s attaches %s", r.Name, arn[strings.LastIndexByte(arn, '/')+1:])
						}
					}
				}
				return nil
			})
		}}
}

// functionLogs checks that a function's role can write CloudWatch Logs. A SAM
// function without a Role gets one with basic execution rights.
func (ev *evaluator) functionLogs(f *template.Entry) []finding {
	roleNode := ev.functionProp(f, "Role")
	if roleNode == nil && f.Type() == typeSAMFunction {
		return nil
	}
	var target *template.Entry
	if s, ok := roleNode.Str(); ok {
		target = ev.t.Resource(s)
	} else if id, ok := refTarget(roleNode, "Arn"); ok {
		target = ev.t.Resource(id)
	}
	if target != nil && ev.writesLogs(target) {
		return nil
	}
	return one(f, locate(f, roleNode), "No log permissions: the role of Lambda function %s grants no permission to write CloudWatch Logs", f.Name)
}

var logsManagedPolicies = map[string]bool{
	"arn:aws:iam::aws:policy/CloudWatchLogsFullAccess":                     true,
	"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole":     true,
	"arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole":  true,
	"arn:aws:iam::aws:policy/AWSLambdaExecute":                             true,
	"arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole":   true,
	"arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole":  true,
	"arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole": true,
}

// writesLogs reports whether a role may create log groups and streams and put
// log events, by an inline statement or one of the AWS managed policies that do.
func (ev *evaluator) writesLogs(role *template.Entry) bool {
	for _, a := range ev.items(ev.prop(role, "ManagedPolicyArns")) {
		if s, ok := a.Str(); ok && logsManagedPolicies[s] {
			return true
		}
	}
	for _, d := range ev.inlinePolicies(role) {
		for _, st := range ev.statements(d.doc) {
			if st.allowsAction("logs:CreateLogGroup") && st.allowsAction("logs:CreateLogStream") &&
				st.allowsAction("logs:PutLogEvents") {
				return true
			}
		}
	}
	return false
}

// quoted renders a value for messages: a scalar in quotes, a key as its name.
func quoted(n *template.Node) string {
	if n == nil {
		return "?"
	}
	if n.Kind == template.Scalar && n.Parent != nil && n.Parent.Kind == template.Mapping {
		for _, p := range n.Parent.Pairs {
			if p.Key == n {
				return n.Value
			}
		}
	}
	if s, ok := n.Str(); ok {
		return fmt.Sprintf("%q", s)
	}
	return "(computed)"
}
