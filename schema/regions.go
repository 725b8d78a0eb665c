package schema

// Region is an AWS region and the partition it belongs to.
type Region struct {
	Name      string
	Partition string // "aws" for the commercial regions
}

// regions are the regions a template may be checked for, as cfn-lint 1.51 knows
// them (cfnlint/helpers.py, REGIONS), with their partitions.
var regions = []Region{
	{"af-south-1", "aws"},
	{"ap-east-1", "aws"},
	{"ap-east-2", "aws"},
	{"ap-northeast-1", "aws"},
	{"ap-northeast-2", "aws"},
	{"ap-northeast-3", "aws"},
	{"ap-south-1", "aws"},
	{"ap-south-2", "aws"},
	{"ap-southeast-1", "aws"},
	{"ap-southeast-2", "aws"},
	{"ap-southeast-3", "aws"},
	{"ap-southeast-4", "aws"},
	{"ap-southeast-5", "aws"},
	{"ap-southeast-6", "aws"},
	{"ap-southeast-7", "aws"},
	{"ca-central-1", "aws"},
	{"ca-west-1", "aws"},
	{"eu-central-1", "aws"},
	{"eu-central-2", "aws"},
	{"eu-north-1", "aws"},
	{"eu-south-1", "aws"},
	{"eu-south-2", "aws"},
	{"eu-west-1", "aws"},
	{"eu-west-2", "aws"},
	{"eu-west-3", "aws"},
	{"il-central-1", "aws"},
	{"me-central-1", "aws"},
	{"me-south-1", "aws"},
	{"mx-central-1", "aws"},
	{"sa-east-1", "aws"},
	{"us-east-1", "aws"},
	{"us-east-2", "aws"},
	{"us-west-1", "aws"},
	{"us-west-2", "aws"},
	{"cn-north-1", "aws-cn"},
	{"cn-northwest-1", "aws-cn"},
	{"eusc-de-east-1", "aws-eusc"},
	{"us-iso-east-1", "aws-iso"},
	{"us-iso-west-1", "aws-iso"},
	{"us-isob-east-1", "aws-iso-b"},
	{"us-isob-west-1", "aws-iso-b"},
	{"eu-isoe-west-1", "aws-iso-e"},
	{"us-isof-east-1", "aws-iso-f"},
	{"us-isof-south-1", "aws-iso-f"},
	{"us-gov-east-1", "aws-us-gov"},
	{"us-gov-west-1", "aws-us-gov"},
}

// Regions returns every known region's name, the commercial partition's first.
func Regions() []string {
	out := make([]string, len(regions))
	for i, r := range regions {
		out[i] = r.Name
	}
	return out
}

// CommercialRegions returns the names of the regions of the "aws" partition.
func CommercialRegions() []string {
	var out []string
	for _, r := range regions {
		if r.Partition == "aws" {
			out = append(out, r.Name)
		}
	}
	return out
}

// KnownRegion reports whether name is one of Regions.
func KnownRegion(name string) bool {
	for _, r := range regions {
		if r.Name == name {
			return true
		}
	}
	return false
}
