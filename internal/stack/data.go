package stack

// holdsData are the resource types whose deletion deletes data the stack does
// not recreate: databases, tables, buckets, file systems, streams, queues, log
// groups, keys, secrets, repositories, backups and user directories. Replacing
// or removing one without a Retain or Snapshot policy loses it.
var holdsData = map[string]bool{
	"AWS::ACMPCA::CertificateAuthority":  true,
	"AWS::AmazonMQ::Broker":              true,
	"AWS::Backup::BackupVault":           true,
	"AWS::Cassandra::Keyspace":           true,
	"AWS::Cassandra::Table":              true,
	"AWS::CodeCommit::Repository":        true,
	"AWS::Cognito::UserPool":             true,
	"AWS::DocDB::DBCluster":              true,
	"AWS::DocDBElastic::Cluster":         true,
	"AWS::DynamoDB::GlobalTable":         true,
	"AWS::DynamoDB::Table":               true,
	"AWS::EC2::Volume":                   true,
	"AWS::ECR::Repository":               true,
	"AWS::EFS::FileSystem":               true,
	"AWS::ElastiCache::ReplicationGroup": true,
	"AWS::ElastiCache::ServerlessCache":  true,
	"AWS::Elasticsearch::Domain":         true,
	"AWS::Events::Archive":               true,
	"AWS::FSx::FileSystem":               true,
	"AWS::Kinesis::Stream":               true,
	"AWS::KinesisVideo::Stream":          true,
	"AWS::KMS::Key":                      true,
	"AWS::Lightsail::Database":           true,
	"AWS::Lightsail::Disk":               true,
	"AWS::Logs::LogGroup":                true,
	"AWS::MemoryDB::Cluster":             true,
	"AWS::MSK::Cluster":                  true,
	"AWS::Neptune::DBCluster":            true,
	"AWS::OpenSearchService::Domain":     true,
	"AWS::QLDB::Ledger":                  true,
	"AWS::RDS::DBCluster":                true,
	"AWS::RDS::DBInstance":               true,
	"AWS::Redshift::Cluster":             true,
	"AWS::RedshiftServerless::Namespace": true,
	"AWS::S3::Bucket":                    true,
	"AWS::S3Express::DirectoryBucket":    true,
	"AWS::SecretsManager::Secret":        true,
	"AWS::Serverless::SimpleTable":       true,
	"AWS::SQS::Queue":                    true,
	"AWS::Timestream::Database":          true,
	"AWS::Timestream::Table":             true,
}

// HoldsData reports whether deleting a resource of type typ deletes data.
func HoldsData(typ string) bool { return holdsData[typ] }

// keepsData reports whether a DeletionPolicy or UpdateReplacePolicy value keeps
// the old resource (or a snapshot of it).
func keepsData(policy string) bool {
	switch policy {
	case "Retain", "Snapshot", "RetainExceptOnCreate":
		return true
	}
	return false
}
