package security

import (
	"fmt"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// secretRule is one of cfn_nag's hardcoded-credential rules: a property (and
// optional sub-property, or a list of sub-properties when list is set) of a
// resource type.
type secretRule struct {
	id, typ, prop, sub string
	list               bool
}

// secretRules are the hardcoded-credential rules.
var secretRules = []secretRule{
	{"F23", "AWS::RDS::DBInstance", "MasterUserPassword", "", false},
	{"F24", "AWS::RDS::DBInstance", "MasterUsername", "", false},
	{"F31", "AWS::DirectoryService::SimpleAD", "Password", "", false},
	{"F34", "AWS::RDS::DBCluster", "MasterUserPassword", "", false},
	{"F35", "AWS::Redshift::Cluster", "MasterUserPassword", "", false},
	{"F36", "AWS::DirectoryService::MicrosoftAD", "Password", "", false},
	{"F37", "AWS::DMS::Endpoint", "Password", "", false},
	{"F41", "AWS::Amplify::App", "AccessToken", "", false},
	{"F42", "AWS::Pinpoint::APNSSandboxChannel", "PrivateKey", "", false},
	{"F43", "AWS::Pinpoint::APNSSandboxChannel", "TokenKey", "", false},
	{"F44", "AWS::ElastiCache::ReplicationGroup", "AuthToken", "", false},
	{"F45", "AWS::Lambda::Permission", "EventSourceToken", "", false},
	{"F46", "AWS::Pinpoint::APNSVoipSandboxChannel", "PrivateKey", "", false},
	{"F47", "AWS::Pinpoint::APNSVoipSandboxChannel", "TokenKey", "", false},
	{"F48", "AWS::Pinpoint::APNSVoipChannel", "PrivateKey", "", false},
	{"F49", "AWS::Pinpoint::APNSVoipChannel", "TokenKey", "", false},
	{"F50", "AWS::Amplify::App", "BasicAuthConfig", "Password", false},
	{"F51", "AWS::IAM::User", "LoginProfile", "Password", false},
	{"F52", "AWS::AmazonMQ::Broker", "Users", "Password", true},
	{"F53", "AWS::AppStream::DirectoryConfig", "ServiceAccountCredentials", "AccountPassword", false},
	{"F54", "AWS::OpsWorks::Stack", "RdsDbInstances", "DbPassword", true},
	{"F55", "AWS::DMS::Endpoint", "MongoDbSettings", "Password", false},
	{"F56", "AWS::Pinpoint::APNSChannel", "TokenKey", "", false},
	{"F57", "AWS::Pinpoint::APNSChannel", "PrivateKey", "", false},
	{"F58", "AWS::Amplify::App", "OauthToken", "", false},
	{"F60", "AWS::Amplify::Branch", "BasicAuthConfig", "Password", false},
	{"F61", "AWS::OpsWorks::App", "SslConfiguration", "PrivateKey", false},
	{"F62", "AWS::OpsWorks::Stack", "CustomCookbooksSource", "Password", false},
	{"F63", "AWS::EMR::Cluster", "KerberosAttributes", "ADDomainJoinPassword", false},
	{"F64", "AWS::EMR::Cluster", "KerberosAttributes", "CrossRealmTrustPrincipalPassword", false},
	{"F65", "AWS::EMR::Cluster", "KerberosAttributes", "KdcAdminPassword", false},
	{"F66", "AWS::KinesisFirehose::DeliveryStream", "RedshiftDestinationConfiguration", "Password", false},
	{"F67", "AWS::OpsWorks::App", "AppSource", "Password", false},
	{"F68", "AWS::KinesisFirehose::DeliveryStream", "SplunkDestinationConfiguration", "HECToken", false},
	{"F69", "AWS::CodePipeline::Webhook", "AuthenticationConfiguration", "SecretToken", false},
	{"F70", "AWS::DocDB::DBCluster", "MasterUserPassword", "", false},
	{"F71", "AWS::ManagedBlockchain::Member", "MemberConfiguration", "MemberFrameworkConfiguration.MemberFabricConfiguration.AdminPassword", false},
	{"F74", "Alexa::ASK::Skill", "AuthenticationConfiguration", "ClientSecret", false},
	{"F75", "Alexa::ASK::Skill", "AuthenticationConfiguration", "RefreshToken", false},
}

// insecureSecret reports why a credential value is unsafe, or "" when it is
// safe: a literal string other than a Secrets Manager or SSM SecureString dynamic
// reference, or a Ref to anything but a NoEcho parameter without a Default.
func (ev *evaluator) insecureSecret(v *template.Node) string {
	switch {
	case v == nil:
		return ""
	case v.IsIntrinsic("Ref"):
		name, _ := v.Arg.Str()
		if name == "AWS::NoValue" {
			return ""
		}
		p := ev.t.Parameter(name)
		if p == nil {
			return fmt.Sprintf("refers to %s, which is not a NoEcho parameter", name)
		}
		if truthy(p.Value.Get("NoEcho")) && p.Value.Get("Default") == nil {
			return ""
		}
		if p.Value.Get("Default") != nil {
			return fmt.Sprintf("refers to parameter %s, which has a Default", name)
		}
		return fmt.Sprintf("refers to parameter %s, which is not NoEcho", name)
	case v.Kind == template.Scalar && v.Type == template.Str:
		s := v.Value
		if (strings.HasPrefix(s, "{{resolve:secretsmanager:") || strings.HasPrefix(s, "{{resolve:ssm-secure:")) &&
			strings.HasSuffix(s, "}}") {
			return ""
		}
		return "is a literal string"
	}
	return ""
}

// credentialRules returns the rules of secretRules.
func credentialRules() []*rule {
	out := make([]*rule, len(secretRules))
	for i, sr := range secretRules {
		out[i] = sr.rule()
	}
	return out
}

// rule is the check of a hardcoded-credential rule.
func (sr secretRule) rule() *rule {
	name := sr.prop
	if sr.sub != "" {
		name += "." + sr.sub
	}
	if sr.list {
		name = sr.prop + "[]." + sr.sub
	}
	return &rule{id: sr.id, types: []string{sr.typ},
		text: fmt.Sprintf("%s %s must not be a literal or a parameter other than NoEcho without Default", shortType(sr.typ), name),
		check: func(ev *evaluator) []finding {
			return ev.each(sr.typ, func(r *template.Entry) []finding {
				// Raw values: a Ref keeps naming its parameter for the message.
				v := ev.pick(r.Get("Properties").Get(sr.prop))
				var vals []*template.Node
				switch {
				case v == nil:
				case sr.list:
					for _, it := range ev.items(v) {
						vals = append(vals, ev.pick(ev.pick(it).Get(sr.sub)))
					}
				case sr.sub != "":
					for _, k := range strings.Split(sr.sub, ".") {
						v = ev.pick(ev.pick(v).Get(k))
					}
					vals = append(vals, v)
				default:
					vals = append(vals, v)
				}
				for _, val := range vals {
					if why := ev.insecureSecret(val); why != "" {
						return one(r, val, "Hardcoded secret: %s of %s %s; use a NoEcho parameter without Default or a dynamic reference", name, r.Name, why)
					}
				}
				return nil
			})
		}}
}

// shortType drops the AWS:: prefix of a type name, for rule summaries.
func shortType(t string) string { return strings.TrimPrefix(t, "AWS::") }
