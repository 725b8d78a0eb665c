package schema

// SecureStringProperties are the property paths, per resource type, where
// CloudFormation resolves SSM secure string dynamic references
// ({{resolve:ssm-secure:...}}): the passwords and tokens that hold a secret.
// "*" stands for each item of a list.
var SecureStringProperties = map[string][]string{
	"AWS::DirectoryService::MicrosoftAD":   {"Password"},
	"AWS::DirectoryService::SimpleAD":      {"Password"},
	"AWS::ElastiCache::ReplicationGroup":   {"AuthToken"},
	"AWS::IAM::User":                       {"LoginProfile/Password"},
	"AWS::KinesisFirehose::DeliveryStream": {"RedshiftDestinationConfiguration/Password"},
	"AWS::OpsWorks::App":                   {"AppSource/Password"},
	"AWS::OpsWorks::Stack":                 {"RdsDbInstances/*/DbPassword", "CustomCookbooksSource/Password"},
	"AWS::RDS::DBCluster":                  {"MasterUserPassword"},
	"AWS::RDS::DBInstance":                 {"MasterUserPassword"},
	"AWS::Redshift::Cluster":               {"MasterUserPassword"},
}
