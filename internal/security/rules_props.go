package security

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// simple is a rule that judges each resource of one type on its own.
// test returns the node to locate the finding on (nil: the resource's logical id),
// a message and whether the resource violates the rule.
func simple(id, typ, text string, test func(ev *evaluator, r *template.Entry) (*template.Node, string, bool)) *rule {
	return &rule{id: id, types: []string{typ}, text: text,
		check: func(ev *evaluator) []finding {
			return ev.each(typ, func(r *template.Entry) []finding {
				n, msg, bad := test(ev, r)
				if !bad {
					return nil
				}
				return []finding{{resource: r.Name, node: locate(r, n), msg: msg}}
			})
		}}
}

// path walks dotted keys from a resource's Properties with Fn::If applied.
func (ev *evaluator) path(r *template.Entry, keys string) *template.Node {
	n := r.Get("Properties")
	for _, k := range strings.Split(keys, ".") {
		n = ev.get(n, k)
		if n == nil {
			return nil
		}
	}
	return n
}

// missing is a rule flagging resources without a property (dotted path).
func missing(id, typ, prop, text, label string) *rule {
	return simple(id, typ, text, func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
		if ev.path(r, prop) != nil {
			return nil, "", false
		}
		return nil, fmt.Sprintf("%s: %s %s does not set %s", label, shortType(typ), r.Name, prop), true
	})
}

// notTrue is cfn_nag's boolean rule: the property is absent, "false" or
// a Ref to AWS::NoValue.
func notTrue(id, typ, prop, text, label string) *rule {
	return simple(id, typ, text, func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
		v := ev.prop(r, prop)
		if !notTruthy(v) && !v.IsNoValue() {
			return nil, "", false
		}
		if v == nil {
			return nil, fmt.Sprintf("%s: %s %s does not set %s", label, shortType(typ), r.Name, prop), true
		}
		return v, fmt.Sprintf("%s: %s %s sets %s to false", label, shortType(typ), r.Name, prop), true
	})
}

// subNotTrue flags a resource whose block is missing or whose flag in it is not
// "true" (cfn_nag compares the flag's text).
func subNotTrue(id, typ, block, flag, text, label string) *rule {
	return simple(id, typ, text, func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
		b := ev.prop(r, block)
		if b == nil {
			return nil, fmt.Sprintf("%s: %s %s does not set %s", label, shortType(typ), r.Name, block), true
		}
		v := ev.get(b, flag)
		if truthy(v) {
			return nil, "", false
		}
		return locate(r, orKey(b, v)), fmt.Sprintf("%s: %s %s does not set %s.%s to true", label, shortType(typ), r.Name, block, flag), true
	})
}

func orKey(parent, v *template.Node) *template.Node {
	if v != nil {
		return v
	}
	return parent
}

func strIs(n *template.Node, vals ...string) bool {
	s, ok := n.Str()
	if !ok {
		return false
	}
	for _, v := range vals {
		if s == v {
			return true
		}
	}
	return false
}

const enc = "Encryption at rest"

// propertyRules judge single properties of resources: encryption, logging, exposure.
var propertyRules = []*rule{
	// Boolean-style rules.
	notTrue("F1", "AWS::EC2::Volume", "Encrypted", "EBS volume is not encrypted", enc),
	notTrue("W37", "AWS::EC2::Volume", "KmsKeyId", "EBS volume does not name a KMS key", enc),
	notTrue("F25", "AWS::ElastiCache::ReplicationGroup", "AtRestEncryptionEnabled", "ElastiCache replication group is not encrypted at rest", enc),
	notTrue("F26", "AWS::RDS::DBCluster", "StorageEncrypted", "RDS DB cluster storage is not encrypted", enc),
	notTrue("F28", "AWS::Redshift::Cluster", "Encrypted", "Redshift cluster is not encrypted", enc),
	notTrue("F30", "AWS::Neptune::DBCluster", "StorageEncrypted", "Neptune DB cluster storage is not encrypted", enc),
	notTrue("F32", "AWS::EFS::FileSystem", "Encrypted", "EFS file system is not encrypted", enc),
	notTrue("F33", "AWS::ElastiCache::ReplicationGroup", "TransitEncryptionEnabled", "ElastiCache replication group does not encrypt in transit", "Encryption in transit"),
	notTrue("W1200", "AWS::SageMaker::EndpointConfig", "KmsKeyId", "SageMaker endpoint config does not name a KMS key", enc),
	notTrue("W1201", "AWS::SageMaker::NotebookInstance", "KmsKeyId", "SageMaker notebook instance does not name a KMS key", enc),
	notTrue("W77", "AWS::SecretsManager::Secret", "KmsKeyId", "Secrets Manager secret does not name a KMS key", enc),
	notTrue("W47", "AWS::SNS::Topic", "KmsMasterKeyId", "SNS topic does not name a KMS key", enc),
	notTrue("W48", "AWS::SQS::Queue", "KmsMasterKeyId", "SQS queue does not name a KMS key", enc),

	simple("F27", "AWS::RDS::DBInstance", "RDS DB instance outside a cluster is not encrypted",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.prop(r, "StorageEncrypted")
			if ev.prop(r, "DBClusterIdentifier") != nil || !notTruthy(v) {
				return nil, "", false
			}
			return v, fmt.Sprintf("%s: RDS DB instance %s does not set StorageEncrypted to true", enc, r.Name), true
		}),
	simple("F29", "AWS::WorkSpaces::Workspace", "WorkSpaces workspace user volume is not encrypted",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.prop(r, "UserVolumeEncryptionEnabled")
			if v != nil && !strIsFold(v, "false") {
				return nil, "", false
			}
			return v, fmt.Sprintf("%s: workspace %s does not enable UserVolumeEncryptionEnabled", enc, r.Name), true
		}),
	simple("F19", "AWS::KMS::Key", "KMS key rotation is not enabled",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.prop(r, "EnableKeyRotation")
			return v, fmt.Sprintf("Key rotation: KMS key %s does not set EnableKeyRotation to true", r.Name), !truthy(v)
		}),
	simple("F13", "AWS::Lambda::Permission", "Lambda permission grants access to any principal",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.prop(r, "Principal")
			s, ok := v.Str()
			return v, fmt.Sprintf("Wildcard principal: Lambda permission %s grants access to %q", r.Name, s), ok && strings.Contains(s, "*")
		}),
	simple("W24", "AWS::Lambda::Permission", "Lambda permission grants an action other than lambda:InvokeFunction",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.prop(r, "Action")
			return v, fmt.Sprintf("Lambda permission %s grants %s rather than lambda:InvokeFunction", r.Name, valueText(v)), !strIs(v, "lambda:InvokeFunction")
		}),
	simple("F14", "AWS::S3::Bucket", "S3 bucket ACL is PublicReadWrite",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.prop(r, "AccessControl")
			return v, fmt.Sprintf("Public bucket: S3 bucket %s lets anyone read and write (AccessControl PublicReadWrite)", r.Name), strIs(v, "PublicReadWrite")
		}),
	simple("W31", "AWS::S3::Bucket", "S3 bucket ACL is PublicRead",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.prop(r, "AccessControl")
			return v, fmt.Sprintf("Public bucket: S3 bucket %s lets anyone read its objects (AccessControl PublicRead)", r.Name), strIs(v, "PublicRead")
		}),
	missing("W35", "AWS::S3::Bucket", "LoggingConfiguration", "S3 bucket has no access logging", "Logging"),
	missing("W41", "AWS::S3::Bucket", "BucketEncryption", "S3 bucket has no default encryption", enc),
	{id: "W51", types: []string{"AWS::S3::Bucket", "AWS::S3::BucketPolicy"},
		text: "S3 bucket has no bucket policy in the template",
		check: func(ev *evaluator) []finding {
			// Index the policies once: by the bucket they Ref, or by a bucket name.
			byRef := map[string]bool{}
			var byName []*template.Node
			for _, p := range ev.resources("AWS::S3::BucketPolicy") {
				bn := ev.prop(p, "Bucket")
				if bn.IsIntrinsic("Ref") {
					id, _ := bn.Arg.Str()
					byRef[id] = true
				} else {
					byName = append(byName, bn)
				}
			}
			return ev.each("AWS::S3::Bucket", func(b *template.Entry) []finding {
				if byRef[b.Name] {
					return nil
				}
				if len(byName) > 0 {
					name := ev.prop(b, "BucketName")
					for _, bn := range byName {
						if sameValue(name, bn) {
							return nil
						}
					}
				}
				return one(b, b.Key, "No bucket policy: S3 bucket %s has no AWS::S3::BucketPolicy in this template", b.Name)
			})
		}},
	simple("F22", "AWS::RDS::DBInstance", "RDS DB instance is publicly accessible",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.prop(r, "PubliclyAccessible")
			if v == nil {
				return nil, fmt.Sprintf("Public database: RDS DB instance %s does not set PubliclyAccessible to false", r.Name), true
			}
			return v, fmt.Sprintf("Public database: RDS DB instance %s is publicly accessible", r.Name), strIsFold(v, "true")
		}),
	simple("F80", "AWS::RDS::DBInstance", "RDS DB instance has no deletion protection",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.prop(r, "DeletionProtection")
			if strIs(ev.prop(r, "Engine"), "aurora", "aurora-mysql", "aurora-postgresql") {
				return nil, "", false
			}
			return v, fmt.Sprintf("Deletion protection: RDS DB instance %s does not set DeletionProtection to true", r.Name), notTruthy(v) || v.IsNoValue()
		}),
	simple("W75", "AWS::RDS::DBInstance", "RDS DB instance disables automated backups",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.prop(r, "BackupRetentionPeriod")
			return v, fmt.Sprintf("Backups: RDS DB instance %s sets BackupRetentionPeriod to 0", r.Name), strIs(v, "0")
		}),
	simple("F77", "AWS::SDB::Domain", "SimpleDB domain", func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
		return r.Value.Get("Type"), fmt.Sprintf("SimpleDB: %s is an AWS::SDB::Domain, which has no encryption at rest; use DynamoDB", r.Name), true
	}),
	simple("F78", "AWS::Cognito::UserPool", "Cognito user pool MFA is OFF",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.prop(r, "MfaConfiguration")
			return v, fmt.Sprintf("MFA: Cognito user pool %s sets MfaConfiguration to OFF; use ON or OPTIONAL", r.Name), strIsFold(v, "off")
		}),
	simple("W57", "AWS::Cognito::IdentityPool", "Cognito identity pool allows unauthenticated identities",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.prop(r, "AllowUnauthenticatedIdentities")
			return v, fmt.Sprintf("Unauthenticated access: Cognito identity pool %s allows unauthenticated identities", r.Name), truthy(v)
		}),
	simple("F665", "AWS::WAF::WebACL", "WAF web ACL allows by default",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.path(r, "DefaultAction.Type")
			return v, fmt.Sprintf("WAF web ACL %s allows requests by default", r.Name), strIs(v, "ALLOW")
		}),
	{id: "W1", types: nil, text: "Resource metadata AWS::CloudFormation::Authentication holds credentials",
		check: func(ev *evaluator) []finding {
			var out []finding
			for _, r := range ev.t.Resources {
				auth := r.Value.Get("Metadata").Get("AWS::CloudFormation::Authentication")
				if auth == nil || auth.Kind != template.Mapping {
					continue
				}
			pairs:
				for _, p := range auth.Pairs {
					for _, k := range []string{"accessKeyId", "password", "secretKey"} {
						if v := p.Value.Get(k); v != nil && v.Kind != template.Null && !(v.Kind == template.Scalar && v.Type == template.Bool && v.Text() == "false") {
							out = append(out, finding{r.Name, p.Value.GetPair(k).Key,
								fmt.Sprintf("Credentials in template: authentication %s of %s sets %s", p.Key.Value, r.Name, k)})
							break pairs
						}
					}
				}
			}
			return out
		}},

	// Logging.
	simple("W10", "AWS::CloudFront::Distribution", "CloudFront distribution has no access logging",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			return keyNode(r.Get("Properties"), "DistributionConfig"), fmt.Sprintf("Logging: CloudFront distribution %s has no Logging configuration", r.Name), ev.path(r, "DistributionConfig.Logging") == nil
		}),
	simple("W70", "AWS::CloudFront::Distribution", "CloudFront distribution does not require TLS 1.2",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			vc := ev.path(r, "DistributionConfig.ViewerCertificate")
			msg := fmt.Sprintf("TLS: CloudFront distribution %s does not require TLSv1.2 viewers (MinimumProtocolVersion and a custom certificate)", r.Name)
			if vc == nil {
				return keyNode(r.Get("Properties"), "DistributionConfig"), msg, true
			}
			mpv := ev.get(vc, "MinimumProtocolVersion")
			if mpv == nil {
				return vc, msg, true
			}
			if s, ok := mpv.Str(); ok && !strings.HasPrefix(s, "TLSv1.2") {
				return mpv, msg, true
			}
			if d := ev.get(vc, "CloudFrontDefaultCertificate"); d != nil && !(d.Kind == template.Scalar && d.Type == template.Bool && d.Text() == "false") {
				return d, msg, true
			}
			return nil, "", false
		}),
	simple("W26", "AWS::ElasticLoadBalancing::LoadBalancer", "Classic load balancer has no access logging",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.path(r, "AccessLoggingPolicy.Enabled")
			ok := v != nil && v.Kind == template.Scalar && v.Type == template.Bool && v.Text() == "true"
			return orKey(keyNode(r.Get("Properties"), "AccessLoggingPolicy"), v), fmt.Sprintf("Logging: load balancer %s does not enable AccessLoggingPolicy", r.Name), !ok
		}),
	simple("W52", "AWS::ElasticLoadBalancingV2::LoadBalancer", "Load balancer (v2) has no access logging",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			attrs := ev.prop(r, "LoadBalancerAttributes")
			msg := fmt.Sprintf("Logging: load balancer %s does not set access_logs.s3.enabled to true", r.Name)
			if attrs == nil {
				return nil, msg, true
			}
			found := false
			for _, a := range ev.items(attrs) {
				if strIs(ev.get(a, "Key"), "access_logs.s3.enabled") {
					found = true
					if v := ev.get(a, "Value"); notTruthy(v) {
						return v, msg, true
					}
				}
			}
			return attrs, msg, !found
		}),
	simple("W45", "AWS::ApiGateway::Deployment", "API Gateway deployment stage has no access logging",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			sd := ev.prop(r, "StageDescription")
			msg := fmt.Sprintf("Logging: API Gateway deployment %s has no AccessLogSetting for its stage", r.Name)
			if sd != nil {
				return sd, msg, ev.get(sd, "AccessLogSetting") == nil
			}
			for _, s := range ev.resources("AWS::ApiGateway::Stage") {
				if ev.prop(s, "AccessLogSetting") == nil && ev.prop(s, "DeploymentId") == nil {
					continue
				}
				if id, ok := refTarget(ev.prop(s, "DeploymentId"), ""); ok && id == r.Name {
					return nil, "", false
				}
			}
			return nil, msg, true
		}),
	missing("W46", "AWS::ApiGatewayV2::Stage", "AccessLogSettings", "API Gateway v2 stage has no access logging", "Logging"),
	missing("W69", "AWS::ApiGateway::Stage", "AccessLogSetting", "API Gateway stage has no access logging", "Logging"),
	simple("W87", "AWS::ApiGateway::Deployment", "API Gateway deployment caches without encryption",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			sd := ev.prop(r, "StageDescription")
			bad := sd != nil && truthy(ev.get(sd, "CachingEnabled")) && !truthy(ev.get(sd, "CacheDataEncrypted"))
			return sd, fmt.Sprintf("%s: API Gateway deployment %s caches responses without CacheDataEncrypted", enc, r.Name), bad
		}),
	simple("W59", "AWS::ApiGateway::Method", "API Gateway method has no authorization",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			if strIsFold(ev.prop(r, "HttpMethod"), "options") {
				return nil, "", false
			}
			v := ev.prop(r, "AuthorizationType")
			return v, fmt.Sprintf("No authorization: API Gateway method %s has AuthorizationType NONE", r.Name), v == nil || strIsFold(v, "none")
		}),
	simple("W62", "AWS::ApiGateway::DomainName", "API Gateway domain does not use TLS 1.2",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.prop(r, "SecurityPolicy")
			return v, fmt.Sprintf("TLS: API Gateway domain %s does not set SecurityPolicy TLS_1_2", r.Name), v == nil || strIs(v, "TLS_1_0")
		}),
	simple("W64", "AWS::ApiGateway::Stage", "API Gateway stage has no usage plan",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			for _, up := range ev.resources("AWS::ApiGateway::UsagePlan") {
				for _, st := range ev.items(ev.prop(up, "ApiStages")) {
					if id, ok := refTarget(ev.get(st, "Stage"), ""); ok && id == r.Name {
						return nil, "", false
					}
				}
			}
			return nil, fmt.Sprintf("Usage plan: API Gateway stage %s is in no AWS::ApiGateway::UsagePlan", r.Name), true
		}),
	simple("W68", "AWS::ApiGateway::Deployment", "API Gateway deployment has no usage plan",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			msg := fmt.Sprintf("Usage plan: API Gateway deployment %s is in no AWS::ApiGateway::UsagePlan", r.Name)
			stageName := ev.prop(r, "StageName")
			for _, up := range ev.resources("AWS::ApiGateway::UsagePlan") {
				for _, st := range ev.items(ev.prop(up, "ApiStages")) {
					sn := ev.get(st, "Stage")
					if stageName != nil {
						if sameValue(sn, stageName) {
							return nil, "", false
						}
						continue
					}
					id, ok := refTarget(sn, "")
					if !ok {
						continue
					}
					if s := ev.t.Resource(id); s != nil && s.Type() == "AWS::ApiGateway::Stage" {
						if d, ok := refTarget(ev.prop(s, "DeploymentId"), ""); ok && d == r.Name {
							return nil, "", false
						}
					}
				}
			}
			return nil, msg, true
		}),

	// Network.
	simple("W33", "AWS::EC2::Subnet", "Subnet assigns public IPs on launch",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.prop(r, "MapPublicIpOnLaunch")
			return v, fmt.Sprintf("Public IPs: subnet %s sets MapPublicIpOnLaunch to true", r.Name), truthy(v)
		}),
	{id: "W60", types: []string{"AWS::EC2::VPC", "AWS::EC2::FlowLog"}, text: "VPC has no flow log",
		check: func(ev *evaluator) []finding {
			logged := map[string]bool{}
			for _, fl := range ev.resources("AWS::EC2::FlowLog") {
				if rid := ev.prop(fl, "ResourceId"); rid.IsIntrinsic("Ref") {
					id, _ := rid.Arg.Str()
					logged[id] = true
				}
			}
			return ev.each("AWS::EC2::VPC", func(v *template.Entry) []finding {
				if logged[v.Name] {
					return nil
				}
				return one(v, v.Key, "Flow log: VPC %s has no AWS::EC2::FlowLog", v.Name)
			})
		}},
	simple("W65", "AWS::GameLift::Fleet", "GameLift fleet inbound permission spans a port range",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			for _, p := range ev.items(ev.prop(r, "EC2InboundPermissions")) {
				from, to := ev.get(p, "FromPort"), ev.get(p, "ToPort")
				if rubyText(from) != rubyText(to) {
					return orKey(p, from), fmt.Sprintf("Port range: GameLift fleet %s opens ports %s to %s", r.Name, portText(from), portText(to)), true
				}
			}
			return nil, "", false
		}),

	// Encryption and configuration of other services.
	missing("W32", "AWS::CodeBuild::Project", "EncryptionKey", "CodeBuild project names no encryption key", enc),
	simple("W34", "AWS::Batch::JobDefinition", "Batch job container runs privileged",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.path(r, "ContainerProperties.Privileged")
			return v, fmt.Sprintf("Privileged container: Batch job definition %s runs its container privileged", r.Name), truthy(v)
		}),
	simple("W49", "AWS::Kinesis::Stream", "Kinesis stream is not encrypted with KMS",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			se := ev.prop(r, "StreamEncryption")
			et := ev.get(se, "EncryptionType")
			bad := se == nil || et == nil || ev.get(se, "KeyId") == nil || strIs(et, "NONE")
			return orKey(se, et), fmt.Sprintf("%s: Kinesis stream %s has no StreamEncryption with KMS and a key id", enc, r.Name), bad
		}),
	simple("W50", "AWS::IAM::User", "IAM user login profile does not require a password reset",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			lp := ev.prop(r, "LoginProfile")
			if lp == nil {
				return nil, "", false
			}
			v := ev.get(lp, "PasswordResetRequired")
			return orKey(lp, v), fmt.Sprintf("Password reset: IAM user %s has a LoginProfile without PasswordResetRequired true", r.Name), notTruthy(v)
		}),
	missing("W53", "AWS::AmazonMQ::Broker", "EncryptionOptions", "Amazon MQ broker does not set EncryptionOptions", enc),
	subNotFalse("W54", "AWS::Elasticsearch::Domain", "EncryptionAtRestOptions", "Enabled", "Elasticsearch domain is not encrypted at rest", enc),
	subNotFalse("W85", "AWS::Elasticsearch::Domain", "NodeToNodeEncryptionOptions", "Enabled", "Elasticsearch domain has no node-to-node encryption", "Encryption in transit"),
	missing("W90", "AWS::Elasticsearch::Domain", "VPCOptions", "Elasticsearch domain is outside a VPC", "Public endpoint"),
	simple("W55", "AWS::ElasticLoadBalancingV2::Listener", "Load balancer listener allows TLS older than 1.2",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			if !strIs(ev.prop(r, "Protocol"), "HTTPS", "TLS") {
				return nil, "", false
			}
			v := ev.prop(r, "SslPolicy")
			bad := v == nil || strIs(v, "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS-1-0-2015-04",
				"ELBSecurityPolicy-TLS-1-1-2017-01", "ELBSecurityPolicy-FS-2018-06", "ELBSecurityPolicy-FS-1-1-2019-08", "ELBSecurityPolicy-2015")
			return v, fmt.Sprintf("TLS: listener %s uses an SslPolicy that allows TLS older than 1.2", r.Name), bad
		}),
	simple("W56", "AWS::ElasticLoadBalancingV2::Listener", "Load balancer listener uses plain HTTP",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.prop(r, "Protocol")
			return v, fmt.Sprintf("Unencrypted listener: listener %s uses HTTP; use HTTPS", r.Name), strIs(v, "HTTP")
		}),
	simple("W61", "AWS::EMR::SecurityConfiguration", "EMR security configuration does not fully configure encryption",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			ec := ev.path(r, "SecurityConfiguration.EncryptionConfiguration")
			msg := fmt.Sprintf("%s: EMR security configuration %s does not enable and configure encryption at rest and in transit", enc, r.Name)
			if ec == nil || !rubyTruthy(ev.get(ec, "EnableAtRestEncryption")) || !rubyTruthy(ev.get(ec, "EnableInTransitEncryption")) {
				return ec, msg, true
			}
			ar := ev.get(ec, "AtRestEncryptionConfiguration")
			atRest := ar != nil && (ev.get(ev.get(ar, "LocalDiskEncryptionConfiguration"), "EncryptionKeyProviderType") != nil ||
				ev.get(ev.get(ar, "S3EncryptionConfiguration"), "EncryptionMode") != nil)
			inTransit := ev.get(ev.get(ev.get(ec, "InTransitEncryptionConfiguration"), "TLSCertificateConfiguration"), "CertificateProviderType") != nil
			return ec, msg, !atRest || !inTransit
		}),
	simple("W63", "AWS::EMR::Cluster", "EMR cluster has no security configuration",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.prop(r, "SecurityConfiguration")
			msg := fmt.Sprintf("%s: EMR cluster %s has no SecurityConfiguration of this template", enc, r.Name)
			if v == nil {
				return nil, msg, true
			}
			id, ok := v.Str()
			if !ok {
				id, ok = refTarget(v, "Arn")
			}
			return v, msg, !ok || ev.t.Resource(id) == nil
		}),
	simple("W73", "AWS::DynamoDB::Table", "DynamoDB table billing mode is not set",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.prop(r, "BillingMode")
			return v, fmt.Sprintf("Billing mode: DynamoDB table %s does not set BillingMode to PAY_PER_REQUEST or PROVISIONED", r.Name), !strIs(v, "PAY_PER_REQUEST", "PROVISIONED")
		}),
	subNotTrue("W74", "AWS::DynamoDB::Table", "SSESpecification", "SSEEnabled", "DynamoDB table is not encrypted with a KMS key", enc),
	subNotTrue("W78", "AWS::DynamoDB::Table", "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled", "DynamoDB table has no point-in-time recovery", "Backups"),
	subNotTrue("W79", "AWS::ECR::Repository", "ImageScanningConfiguration", "ScanOnPush", "ECR repository does not scan images on push", "Image scanning"),
	subNotTrue("W83", "AWS::DAX::Cluster", "SSESpecification", "SSEEnabled", "DAX cluster is not encrypted", enc),
	simple("W80", "AWS::Kendra::Index", "Kendra index names no KMS key",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			return nil, fmt.Sprintf("%s: Kendra index %s sets no ServerSideEncryptionConfiguration.KmsKeyId", enc, r.Name), ev.path(r, "ServerSideEncryptionConfiguration.KmsKeyId") == nil
		}),
	simple("W81", "AWS::DLM::LifecyclePolicy", "DLM cross-region copy is not encrypted",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			for _, a := range ev.items(ev.path(r, "PolicyDetails.Actions")) {
				for _, c := range ev.items(ev.get(a, "CrossRegionCopy")) {
					if v := ev.get(ev.get(c, "EncryptionConfiguration"), "Encrypted"); !truthy(v) {
						return orKey(c, v), fmt.Sprintf("%s: lifecycle policy %s copies snapshots across regions without encryption", enc, r.Name), true
					}
				}
			}
			return nil, "", false
		}),
	simple("W82", "AWS::EKS::Cluster", "EKS cluster does not encrypt secrets with a KMS key",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			cfgs := ev.prop(r, "EncryptionConfig")
			msg := fmt.Sprintf("%s: EKS cluster %s has no EncryptionConfig with a Provider KeyArn", enc, r.Name)
			if cfgs == nil {
				return nil, msg, true
			}
			for _, c := range ev.items(cfgs) {
				p := ev.get(c, "Provider")
				if p == nil {
					return c, msg, true
				}
				if k := ev.get(p, "KeyArn"); k == nil || strIs(k, "") {
					return p, msg, true
				}
			}
			return nil, "", false
		}),
	missing("W84", "AWS::Logs::LogGroup", "KmsKeyId", "CloudWatch Logs log group names no KMS key", enc),
	missing("W86", "AWS::Logs::LogGroup", "RetentionInDays", "CloudWatch Logs log group has no retention", "Retention"),
	simple("W88", "AWS::KinesisFirehose::DeliveryStream", "Firehose delivery stream has no server-side encryption",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			if strIs(ev.prop(r, "DeliveryStreamType"), "KinesisStreamAsSource") {
				return nil, "", false
			}
			return nil, fmt.Sprintf("%s: delivery stream %s sets no DeliveryStreamEncryptionConfigurationInput.KeyType", enc, r.Name),
				ev.path(r, "DeliveryStreamEncryptionConfigurationInput.KeyType") == nil
		}),
	functionMissing("W89", "VpcConfig", "Lambda function is outside a VPC", "No VPC"),
	functionMissing("W92", "ReservedConcurrentExecutions", "Lambda function reserves no concurrency", "Concurrency"),
	simple("W91", "AWS::DMS::ReplicationInstance", "DMS replication instance is publicly accessible",
		func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
			v := ev.prop(r, "PubliclyAccessible")
			return v, fmt.Sprintf("Public endpoint: DMS replication instance %s does not set PubliclyAccessible to false", r.Name), v == nil || truthy(v)
		}),

	explicitName(),
}

// physicalNames are the properties that give a resource an explicit physical
// name, which blocks the updates that replace it (W28).
var physicalNames = map[string]string{
	"AWS::ApiGateway::ApiKey": "Name", "AWS::CloudWatch::Alarm": "AlarmName",
	"AWS::CodeDeploy::DeploymentConfig": "DeploymentConfigName", "AWS::CodeDeploy::DeploymentGroup": "DeploymentGroupName",
	"AWS::DynamoDB::Table": "TableName", "AWS::EC2::SecurityGroup": "GroupName", "AWS::ECR::Repository": "RepositoryName",
	"AWS::ElasticLoadBalancingV2::LoadBalancer": "Name", "AWS::Elasticsearch::Domain": "DomainName",
	"AWS::IAM::Group": "GroupName", "AWS::IAM::ManagedPolicy": "ManagedPolicyName", "AWS::IAM::Role": "RoleName",
	"AWS::Kinesis::Stream": "Name", "AWS::RDS::DBInstance": "DBInstanceIdentifier",
}

// explicitName is W28: a resource of physicalNames sets its name property.
func explicitName() *rule {
	types := slices.Sorted(maps.Keys(physicalNames))
	return &rule{id: "W28", types: types, text: "Resource sets an explicit physical name, blocking replacement updates",
		check: func(ev *evaluator) []finding {
			var out []finding
			for _, typ := range types {
				prop := physicalNames[typ]
				out = append(out, ev.each(typ, func(r *template.Entry) []finding {
					v := ev.prop(r, prop)
					if v == nil {
						return nil
					}
					return one(r, v, "Explicit name: %s %s sets %s, so updates that need a replacement will fail", shortType(typ), r.Name, prop)
				})...)
			}
			return out
		}}
}

// subNotFalse flags a resource whose block is missing or whose flag is absent
// or "false".
func subNotFalse(id, typ, block, flag, text, label string) *rule {
	return simple(id, typ, text, func(ev *evaluator, r *template.Entry) (*template.Node, string, bool) {
		b := ev.prop(r, block)
		if b == nil {
			return nil, fmt.Sprintf("%s: %s %s does not set %s", label, shortType(typ), r.Name, block), true
		}
		v := ev.get(b, flag)
		return orKey(b, v), fmt.Sprintf("%s: %s %s does not set %s.%s to true", label, shortType(typ), r.Name, block, flag), notTruthy(v)
	})
}

func strIsFold(n *template.Node, v string) bool {
	return n != nil && n.Kind == template.Scalar && strings.EqualFold(n.Text(), v)
}

// rubyTruthy is Ruby truthiness: present and not false.
func rubyTruthy(n *template.Node) bool {
	return n != nil && n.Kind != template.Null && !(n.Kind == template.Scalar && n.Type == template.Bool && n.Text() == "false")
}

// rubyText is a value's to_s for comparisons ("" when absent).
func rubyText(n *template.Node) string {
	if n == nil {
		return ""
	}
	if n.Kind == template.Scalar {
		return n.Text()
	}
	return nodeText(n)
}

func valueText(n *template.Node) string {
	if s, ok := n.Str(); ok {
		return fmt.Sprintf("%q", s)
	}
	if n == nil {
		return "no action"
	}
	return "a computed action"
}

const (
	typeFunction    = "AWS::Lambda::Function"
	typeSAMFunction = "AWS::Serverless::Function"
)

// functions returns the Lambda functions of the template, SAM functions included.
func (ev *evaluator) functions() []*template.Entry {
	return append(append([]*template.Entry(nil), ev.resources(typeFunction)...), ev.resources(typeSAMFunction)...)
}

// functionProp returns a function property; SAM functions inherit Globals.Function.
func (ev *evaluator) functionProp(f *template.Entry, prop string) *template.Node {
	if v := ev.prop(f, prop); v != nil || f.Type() != typeSAMFunction {
		return v
	}
	return ev.get(ev.t.Root.Get("Globals").Get("Function"), prop)
}

// functionMissing flags Lambda (and SAM) functions without a property.
func functionMissing(id, prop, text, label string) *rule {
	return &rule{id: id, types: []string{typeFunction, typeSAMFunction}, text: text,
		check: func(ev *evaluator) []finding {
			var out []finding
			for _, f := range ev.functions() {
				if ev.functionProp(f, prop) == nil {
					out = append(out, one(f, f.Key, "%s: Lambda function %s does not set %s", label, f.Name, prop)...)
				}
			}
			return out
		}}
}
