package schema

import (
	"slices"
	"testing"
)

func TestTypeNames(t *testing.T) {
	for _, c := range []struct {
		typ                      string
		custom, module, registry bool
	}{
		{"Custom::Thing", true, false, false},
		{"Custom::", false, false, false},
		{"AWS::CloudFormation::CustomResource", true, false, false},
		{"MyOrg::Storage::Archive", false, false, true},
		{"MyOrg::Storage::Archive::MODULE", false, true, false},
		{"AWSQS::EKS::Cluster", false, false, true}, // a published third-party type
		{"AWS::S3::Buckett", false, false, false},   // reserved: a typo
		{"aws::S3::Bucket", false, false, false},
		{"Amazon::X::Y", false, false, false},
		{"Dev::Test::Thing", false, false, false},
		{"AWS::S3::Bucket::MODULE", false, false, false},
		{"My-Org::Storage::Archive", false, false, false}, // letters and digits only
		{"M::Storage::Archive", false, false, false},      // two characters at least
		{"MyOrg::Storage", false, false, false},
		{"MyOrg::Storage::Archive::Extra", false, false, false},
	} {
		if got := IsCustomResource(c.typ); got != c.custom {
			t.Errorf("IsCustomResource(%q) = %v", c.typ, got)
		}
		if got := IsModule(c.typ); got != c.module {
			t.Errorf("IsModule(%q) = %v", c.typ, got)
		}
		if got := IsRegistryType(c.typ); got != c.registry {
			t.Errorf("IsRegistryType(%q) = %v", c.typ, got)
		}
	}
}

func TestExtend(t *testing.T) {
	base := Default()
	s, err := base.WithRegistrySchemas([]string{"../testdata/types/schemas"})
	if err != nil {
		t.Fatal(err)
	}
	if s.ResourceType("MyOrg::Storage::Archive") == nil || base.ResourceType("MyOrg::Storage::Archive") != nil {
		t.Error("the private type is not added, or is added to the base")
	}
	if s.ResourceType("AWS::S3::Bucket") == nil {
		t.Error("the base types are lost")
	}
	if sam := s.WithSAM(); sam.ResourceType("MyOrg::Storage::Archive") == nil || sam.ResourceType("AWS::Serverless::Function") == nil {
		t.Error("WithSAM drops the added types")
	}
	names := s.TypeNames()
	if len(names) != base.Len()+2 || !slices.Contains(names, "Acme::Billing::Account") || !slices.IsSorted(names) {
		t.Errorf("%d type names, want %d sorted with the added ones", len(names), base.Len()+2)
	}
	// A type both know: the added schema wins, and is named once.
	again, err := s.WithRegistrySchemas([]string{"../testdata/types/schemas/acme-billing-account.json"})
	if err != nil || again.Len() != s.Len() {
		t.Errorf("extending with known types: %d names, want %d", again.Len(), s.Len())
	}
	if rt := s.ResourceType("Custom::Anything"); rt == nil || rt.Name != customResource || !rt.Open {
		t.Errorf("a custom resource reads as %+v", rt)
	}
}
