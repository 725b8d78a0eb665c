package schemacheck

// Until cfn-lint's rule table lands (schema.LintRules, from the formats
// branch), the golden tests run the extension rules they cover from these
// entries of it, as cfn-lint 1.51 has them.
func init() {
	if len(lintRules()) > 0 {
		return
	}
	lintRules = func() []lintRule {
		return []lintRule{
			{ID: "E1005", Kind: "schema", Schema: "schemas/other/transforms/configuration.json", AllMatches: true, Keywords: []string{"Transform"}},
			{ID: "E1700", Kind: "schema", Schema: "schemas/other/rules/configuration.json", AllMatches: true, Keywords: []string{"Rules"}},
			{ID: "E4001", Kind: "schema", Schema: "schemas/other/metadata/interface.json", AllMatches: true, Keywords: []string{"Metadata/AWS::CloudFormation::Interface"}},
			{ID: "E4002", Kind: "schema", Schema: "schemas/other/metadata/configuration.json", AllMatches: true, Keywords: []string{"Metadata"}},
			{ID: "W4005", Kind: "schema", Schema: "schemas/other/metadata/cfn_lint.json", AllMatches: true, Keywords: []string{"Metadata/cfn-lint"}},
			{ID: "E3023", Kind: "schema", Schema: "schemas/extensions/aws_route53_recordset/recordset_pattern.json", AllMatches: true, Keywords: []string{"Resources/AWS::Route53::RecordSet/Properties", "Resources/AWS::Route53::RecordSetGroup/Properties/RecordSets/*"}},
			{ID: "E3025", Kind: "regional", Schema: "schemas/extensions/aws_rds_dbinstance/dbinstanceclass_enum.json", Keywords: []string{"Resources/AWS::RDS::DBInstance/Properties"}},
			{ID: "E3029", Kind: "schema", Schema: "schemas/extensions/aws_route53_recordset/recordset_alias.json", Keywords: []string{"Resources/AWS::Route53::RecordSet/Properties", "Resources/AWS::Route53::RecordSetGroup/Properties/RecordSets/*"}},
			{ID: "E3628", Kind: "regional", Schema: "schemas/extensions/aws_ec2_instance/instancetype_enum.json", Keywords: []string{"Resources/AWS::EC2::Instance/Properties/InstanceType"}},
			{ID: "E3633", Kind: "schema", Schema: "schemas/extensions/aws_lambda_eventsourcemapping/eventsourcearn_stream_inclusive.json", Keywords: []string{"Resources/AWS::Lambda::EventSourceMapping/Properties"}},
			{ID: "E3672", Kind: "regional", Schema: "schemas/extensions/aws_dax_cluster/nodetype_enum.json", Keywords: []string{"Resources/AWS::DAX::Cluster/Properties/NodeType"}},
			{ID: "E3510", Kind: "schema", Loads: []string{"schemas/other/iam/policy.json", "schemas/other/iam/policy_identity.json"}, Keywords: []string{"Resources/AWS::IAM::Role/Properties/Policies/*/PolicyDocument", "Resources/AWS::IAM::Policy/Properties/PolicyDocument"}},
			{ID: "E3512", Kind: "schema", Loads: []string{"schemas/other/iam/policy.json", "schemas/other/iam/policy_resource.json"}, Keywords: []string{"Resources/AWS::S3::BucketPolicy/Properties/PolicyDocument", "Resources/AWS::SNS::TopicPolicy/Properties/PolicyDocument"}},
			{ID: "E3513", Kind: "schema", Loads: []string{"schemas/other/iam/policy.json", "schemas/other/iam/policy_resource_ecr.json"}, Keywords: []string{"Resources/AWS::ECR::Repository/Properties/RepositoryPolicyText"}},
			{ID: "E3530", Kind: "schema", Loads: []string{"schemas/other/iam/policy.json", "schemas/other/iam/policy_trust.json"}, Keywords: []string{"Resources/AWS::IAM::Role/Properties/AssumeRolePolicyDocument"}},
			{ID: "E3687", Kind: "schema", Schema: "schemas/extensions/aws_ec2_securitygroup/protocols_and_port_ranges_include.json", Keywords: []string{"Resources/AWS::EC2::SecurityGroup/Properties/SecurityGroupEgress/*", "Resources/AWS::EC2::SecurityGroup/Properties/SecurityGroupIngress/*", "Resources/AWS::EC2::SecurityGroupEgress/Properties", "Resources/AWS::EC2::SecurityGroupIngress/Properties"}},
			{ID: "E3688", Kind: "schema", Schema: "schemas/extensions/aws_ec2_securitygroup/all_to_and_from_ports.json", Keywords: []string{"Resources/AWS::EC2::SecurityGroup/Properties/SecurityGroupEgress/*", "Resources/AWS::EC2::SecurityGroup/Properties/SecurityGroupIngress/*", "Resources/AWS::EC2::SecurityGroupEgress/Properties", "Resources/AWS::EC2::SecurityGroupIngress/Properties"}},
			{ID: "E3691", Kind: "schema", Schema: "schemas/extensions/aws_rds_dbinstance/engine_version.json", AllMatches: true, Keywords: []string{"Resources/AWS::RDS::DBInstance/Properties"}},
			{ID: "E3501", Kind: "schema", Schema: "schemas/extensions/aws_sqs_queue/properties.json", AllMatches: true, Keywords: []string{"Resources/AWS::SQS::Queue/Properties"}},
			{ID: "E3615", Kind: "schema", Schema: "schemas/extensions/aws_cloudwatch_alarm/period.json", AllMatches: false, Keywords: []string{"Resources/AWS::CloudWatch::Alarm/Properties"}},
			{ID: "E3638", Kind: "schema", Schema: "schemas/extensions/aws_dynamodb_table/billingmode_exclusive.json", AllMatches: false, Keywords: []string{"Resources/AWS::DynamoDB::Table/Properties"}},
			{ID: "E3639", Kind: "schema", Schema: "schemas/extensions/aws_dynamodb_table/billingmode_provisioned_dependent.json", AllMatches: false, Keywords: []string{"Resources/AWS::DynamoDB::Table/Properties"}},
			{ID: "E3678", Kind: "schema", Schema: "schemas/extensions/aws_lambda_function/zipfile_runtime_exists.json", AllMatches: false, Keywords: []string{"Resources/AWS::Lambda::Function/Properties"}},
			{ID: "E3696", Kind: "schema", Schema: "schemas/extensions/aws_lambda_function/loglevel_logformat.json", AllMatches: false, Keywords: []string{"Resources/AWS::Lambda::Function/Properties"}},
			{ID: "E3718", Kind: "schema", Schema: "schemas/extensions/aws_apigateway_authorizer/ttl.json", AllMatches: false, Keywords: []string{"Resources/AWS::ApiGateway::Authorizer/Properties"}},
			{ID: "E3636", Kind: "schema", Schema: "schemas/extensions/aws_codebuild_project/s3_locations.json", AllMatches: false, Keywords: []string{"Resources/AWS::CodeBuild::Project/Properties/Artifacts", "Resources/AWS::CodeBuild::Project/Properties/Source"}},
			{ID: "E3661", Kind: "schema", Schema: "schemas/extensions/aws_route53_healthcheck/healthcheckconfig_type_inclusive.json", AllMatches: false, Keywords: []string{"Resources/AWS::Route53::HealthCheck/Properties/HealthCheckConfig"}},
			{ID: "E3663", Kind: "schema", Schema: "schemas/extensions/aws_lambda_function/environment_variable_keys.json", AllMatches: true, Keywords: []string{"Resources/AWS::Lambda::Function/Properties/Environment/Variables"}},
			{ID: "E3674", Kind: "schema", Schema: "schemas/extensions/aws_ec2_instance/privateipaddress.json", AllMatches: false, Keywords: []string{"Resources/AWS::EC2::Instance/Properties", "Resources/AWS::EC2::NetworkInterface/Properties"}},
			{ID: "E3680", Kind: "schema", Schema: "schemas/extensions/aws_elasticloadbalancingv2_loadbalancer/application_subnets.json", AllMatches: true, Keywords: []string{"Resources/AWS::ElasticLoadBalancingV2::LoadBalancer/Properties"}},
			{ID: "E3685", Kind: "schema", Schema: "schemas/extensions/aws_lambda_function/packagetype_image_exclusions.json", AllMatches: false, Keywords: []string{"Resources/AWS::Lambda::Function/Properties"}},
			{ID: "E3686", Kind: "schema", Schema: "schemas/extensions/aws_rds_dbcluster/serverless_exclusive.json", AllMatches: false, Keywords: []string{"Resources/AWS::RDS::DBCluster/Properties"}},
			{ID: "W3702", Kind: "schema", Schema: "schemas/extensions/aws_lambda_function/awslayer.json", AllMatches: false, Keywords: []string{"Resources/AWS::Lambda::Function/Properties/Layers/*"}},
			{ID: "E3677", Kind: "schema", Schema: "schemas/extensions/aws_lambda_function/zipfile_runtime_enum.json", Keywords: []string{"Resources/AWS::Lambda::Function/Properties"}},
			{ID: "W3690", Kind: "schema", Schema: "schemas/extensions/aws_rds_dbcluster/engine_version_deprecated.json", Keywords: []string{"Resources/AWS::RDS::DBCluster/Properties"}},
			{ID: "W3691", Kind: "schema", Schema: "schemas/extensions/aws_rds_dbinstance/engine_version_deprecated.json", Keywords: []string{"Resources/AWS::RDS::DBInstance/Properties"}},
			{ID: "W3687", Kind: "schema", Schema: "schemas/extensions/aws_ec2_securitygroup/protocols_and_port_ranges_exclude.json", Keywords: []string{"Resources/AWS::EC2::SecurityGroup/Properties/SecurityGroupEgress/*", "Resources/AWS::EC2::SecurityGroup/Properties/SecurityGroupIngress/*", "Resources/AWS::EC2::SecurityGroupEgress/Properties", "Resources/AWS::EC2::SecurityGroupIngress/Properties"}},
		}
	}
}
