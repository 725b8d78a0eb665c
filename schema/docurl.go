package schema

import "strings"

const (
	userGuide = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
	samGuide  = "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/"
)

// setDocURLs fills the DocURLs of rt, its properties and its property types using
// the UserGuide page naming scheme (aws-resource-s3-bucket.html#cfn-s3-bucket-bucketname,
// aws-properties-s3-bucket-versioningconfiguration.html#cfn-s3-bucket-versioningconfiguration-status).
func setDocURLs(rt *ResourceType) {
	parts := strings.Split(strings.ToLower(rt.Name), "::")
	if len(parts) != 3 {
		return
	}
	if strings.HasPrefix(rt.Name, samPrefix) {
		page := samGuide + "sam-resource-" + parts[2] + ".html"
		rt.DocURL = page
		for n, p := range rt.Properties {
			p.DocURL = page + "#sam-" + parts[2] + "-" + strings.ToLower(n)
		}
		return
	}
	stem := parts[1] + "-" + parts[2]
	page := userGuide + "aws-resource-" + stem + ".html"
	rt.DocURL = page
	for n, p := range rt.Properties {
		p.DocURL = page + "#cfn-" + stem + "-" + strings.ToLower(n)
	}
	for dn, d := range rt.Definitions {
		dstem := stem + "-" + strings.ToLower(dn)
		d.DocURL = userGuide + "aws-properties-" + dstem + ".html"
		for n, p := range d.Properties {
			p.DocURL = d.DocURL + "#cfn-" + dstem + "-" + strings.ToLower(n)
		}
	}
}
