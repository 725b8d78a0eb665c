package schema

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestEmbeddedHasNoProse(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(embeddedData))
	if err != nil {
		t.Fatal(err)
	}
	text, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"desc":`, `"description":"`, `"d":"http`, `"markdownDescription"`, `"title":"`} {
		if bytes.Contains(text, []byte(key)) {
			t.Errorf("embedded facts contain %s", key)
		}
	}
	s := Default()
	for _, n := range s.WithSAM().TypeNames() {
		rt := s.WithSAM().ResourceType(n)
		if rt == nil {
			t.Fatalf("%s listed but not decodable", n)
		}
		objs := append([]*Object{&rt.Object}, mapValues(rt.Definitions)...)
		for _, o := range objs {
			if o.Description != "" {
				t.Fatalf("%s: %s has a description", n, o.Name)
			}
			for _, p := range o.Properties {
				if p.Description != "" {
					t.Fatalf("%s: %s.%s has a description", n, o.Name, p.Name)
				}
			}
		}
		for _, a := range rt.Attributes {
			if a.Description != "" {
				t.Fatalf("%s: attribute %s has a description", n, a.Name)
			}
		}
	}
}

func mapValues[K comparable, V any](m map[K]V) []V {
	out := make([]V, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func TestEmbeddedFacts(t *testing.T) {
	s := Default()
	if s.Source() != "embedded" || s.HasDescriptions() {
		t.Errorf("Source=%q HasDescriptions=%v", s.Source(), s.HasDescriptions())
	}
	if s.Len() < 1200 {
		t.Errorf("Len = %d, want >= 1200", s.Len())
	}
	if names := s.TypeNames(); !slices.IsSorted(names) || len(names) != s.Len() {
		t.Error("TypeNames not sorted or inconsistent with Len")
	}

	b := s.ResourceType("AWS::S3::Bucket")
	if b == nil {
		t.Fatal("no AWS::S3::Bucket")
	}
	if b.DocURL != "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html" {
		t.Errorf("DocURL = %q", b.DocURL)
	}
	bn := b.Properties["BucketName"]
	if bn == nil || bn.Type.Kind != KindString || bn.Update != UpdateImmutable || bn.DocURL != b.DocURL+"#cfn-s3-bucket-bucketname" {
		t.Errorf("BucketName = %+v", bn)
	}
	vc := b.PropertiesOf(&b.Properties["VersioningConfiguration"].Type)
	if vc == nil || !slices.Equal(vc.RequiredNames(), []string{"Status"}) || !slices.Equal(vc.Properties["Status"].Type.Enum, []string{"Enabled", "Suspended"}) {
		t.Errorf("VersioningConfiguration = %+v", vc)
	}
	if vc != nil && vc.DocURL != "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-s3-bucket-versioningconfiguration.html" {
		t.Errorf("VersioningConfiguration DocURL = %q", vc.DocURL)
	}
	for _, a := range []string{"Arn", "DomainName", "RegionalDomainName"} {
		if b.Attributes[a] == nil {
			t.Errorf("S3 bucket attribute %s missing", a)
		}
	}
	if arn := b.Properties["Arn"]; arn == nil || !arn.ReadOnly || bn.ReadOnly {
		t.Errorf("Arn = %+v, want a read-only property", arn)
	}

	if a := s.ResourceType("AWS::RDS::DBInstance").Attributes["Endpoint.Address"]; a == nil || a.Type.Kind != KindString {
		t.Errorf("DBInstance Endpoint.Address = %+v", a)
	}
	// The registry schema requires nothing on AWS::EC2::VPC (CidrBlock or an IPAM pool).
	vpc := s.ResourceType("AWS::EC2::VPC")
	if vpc == nil || len(vpc.RequiredNames()) != 0 || vpc.Properties["CidrBlock"] == nil {
		t.Errorf("AWS::EC2::VPC = %+v", vpc)
	}
	// cfn-lint's GetAtt knowledge beyond readOnlyProperties.
	if vpc.Attribute("CidrBlock") == nil || vpc.Attribute("CidrBlockAssociations") == nil || vpc.Attribute("Nope") != nil {
		t.Errorf("AWS::EC2::VPC attributes = %v", vpc.Attributes)
	}
	fn := s.ResourceType("AWS::Lambda::Function")
	if fn == nil || !slices.Equal(fn.RequiredNames(), []string{"Code", "Role"}) {
		t.Errorf("AWS::Lambda::Function required = %v", fn.RequiredNames())
	}
	cr := s.ResourceType("AWS::CloudFormation::CustomResource")
	if cr == nil || !cr.Open || !cr.Properties["ServiceToken"].Required || cr.Attribute("Anything") == nil {
		t.Errorf("AWS::CloudFormation::CustomResource = %+v", cr)
	}
	stack := s.ResourceType("AWS::CloudFormation::Stack")
	if stack.Attribute("Outputs.BucketName") == nil || stack.Attribute("Outputs.") != nil || stack.Attribute("Other") != nil {
		t.Error("AWS::CloudFormation::Stack should accept Outputs.<Name> only")
	}
	if s.ResourceType("AWS::Nope::Nope") != nil || s.ResourceType("AWS::Serverless::Function") != nil {
		t.Error("unknown or SAM type found in the plain default spec")
	}
}

func TestEmbeddedSAM(t *testing.T) {
	sam := Default().WithSAM()
	if Default().WithSAM() != sam || sam.WithSAM() != sam {
		t.Error("WithSAM should be idempotent and cached")
	}
	if sam.Len() <= Default().Len() {
		t.Error("WithSAM adds no types")
	}
	for _, n := range []string{"Function", "Api", "HttpApi", "SimpleTable", "LayerVersion", "Application", "StateMachine", "Connector", "GraphQLApi"} {
		if sam.ResourceType("AWS::Serverless::"+n) == nil {
			t.Errorf("AWS::Serverless::%s missing", n)
		}
	}
	fn := sam.ResourceType("AWS::Serverless::Function")
	if fn.Properties["CodeUri"] == nil || !fn.Properties["CodeUri"].Type.Kind.Has(KindString|KindObject) {
		t.Errorf("Function CodeUri = %+v", fn.Properties["CodeUri"])
	}
	if ev := fn.Properties["Events"]; ev == nil || ev.Type.Kind != KindMap || ev.Type.Item == nil || fn.PropertiesOf(ev.Type.Item) == nil {
		t.Errorf("Function Events = %+v", ev)
	}
	// the attributes of the AWS::Lambda::Function the transform makes, those only
	if fn.Attributes["Arn"] == nil || fn.Attribute("Whatever") != nil {
		t.Error("Function should list Arn and accept no other attribute")
	}
	if fn.SAM == nil || fn.SAM.Events["SQS"] == "" || fn.Definitions[fn.SAM.Events["SQS"]] == nil || !slices.Contains(fn.SAM.Globals, "Runtime") ||
		!slices.Contains(fn.SAM.EntryKeys, "IgnoreGlobals") {
		t.Errorf("Function SAM facts = %+v", fn.SAM)
	}
	if sm := sam.ResourceType("AWS::Serverless::StateMachine"); sm == nil || sm.Properties["AutoPublishAlias"] == nil {
		t.Error("StateMachine lacks AutoPublishAlias")
	}
	if sam.ResourceType("AWS::S3::Bucket") != Default().ResourceType("AWS::S3::Bucket") {
		t.Error("WithSAM should share decoded types with Default")
	}
	if c := sam.ResourceType("AWS::Serverless::Connector"); c == nil || !slices.Equal(c.RequiredNames(), []string{"Destination", "Permissions", "Source"}) {
		t.Errorf("Connector = %+v", c)
	}
}

func TestEmbeddedConcurrentLookups(t *testing.T) {
	f := &facts{data: embeddedData}
	s := &Spec{source: "embedded", facts: f}
	names := []string{"AWS::S3::Bucket", "AWS::Lambda::Function", "AWS::IAM::Role", "AWS::EC2::Instance"}
	var wg sync.WaitGroup
	got := make([][]*ResourceType, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, n := range names {
				got[i] = append(got[i], s.ResourceType(n))
			}
			_ = s.TypeNames()
		}()
	}
	wg.Wait()
	for i := range got {
		for j := range names {
			if got[i][j] == nil || got[i][j] != got[0][j] {
				t.Fatalf("goroutine %d got a different %s", i, names[j])
			}
		}
	}
}

func TestWriteFactsRoundTrip(t *testing.T) {
	parse := func() Facts {
		rawDoc := func(name string) map[string]any {
			data, err := os.ReadFile(filepath.Join("testdata", "registry", name))
			if err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			return doc
		}
		rt := newResourceType("AWS::Serverless::Thing")
		rt.Properties["Name"] = &Property{Name: "Name", Required: true, Type: ValueType{Kind: KindString}}
		widget := rawDoc("widget.json")
		variant := rawDoc("widget.json")
		delete(variant, "required")
		return Facts{
			Types: []TypeFacts{
				{Name: "Example::Shop::Widget", Schema: widget, Missing: []string{"eu-west-9"},
					Variants: []RegionVariant{{Regions: []string{"ap-east-9"}, Patch: MergePatch(widget, variant)}}},
				{Name: "Example::Shop::Gadget", Schema: rawDoc("gadget.json")},
			},
			SAM:     []*ResourceType{rt},
			Regions: []string{"us-east-1", "eu-west-9", "ap-east-9"},
			Files:   map[string]any{"other/x/y.json": map[string]any{"type": "string"}},
		}
	}
	var a, b bytes.Buffer
	if err := WriteFacts(&a, parse()); err != nil {
		t.Fatal(err)
	}
	if err := WriteFacts(&b, parse()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("WriteFacts is not deterministic")
	}
	s := &Spec{facts: &facts{data: a.Bytes()}}
	if !slices.Equal(s.TypeNames(), []string{"Example::Shop::Gadget", "Example::Shop::Widget"}) {
		t.Errorf("TypeNames = %v", s.TypeNames())
	}
	w := s.ResourceType("Example::Shop::Widget")
	if w == nil || w.Description != "" || w.Properties["Name"].Description != "" {
		t.Fatalf("widget = %+v", w)
	}
	if !strings.HasSuffix(w.Properties["Name"].DocURL, "#cfn-shop-widget-name") {
		t.Errorf("doc URLs are not recomputed: %q", w.Properties["Name"].DocURL)
	}
	if w.Definitions["Color"].Properties["Shade"].Type.Enum[1] != "Dark" || len(w.ReadOnly) != 4 {
		t.Errorf("facts lost in round trip: %+v", w)
	}
	if s.ResourceType("AWS::Serverless::Thing") != nil {
		t.Error("SAM types must not show without WithSAM")
	}
	reg := s.Registry("Example::Shop::Widget")
	if reg == nil {
		t.Fatal("no registry schema for the widget")
	}
	if doc, v := reg.Doc("us-east-1"); v != 0 || doc["required"] == nil {
		t.Errorf("us-east-1: variant %d, required %v", v, doc["required"])
	}
	if doc, v := reg.Doc("ap-east-9"); v != 1 || doc["required"] != nil || doc["typeName"] != "Example::Shop::Widget" {
		t.Errorf("ap-east-9: variant %d, %v", v, doc)
	}
	if in, known := s.InRegion("Example::Shop::Widget", "eu-west-9"); in || !known {
		t.Errorf("widget in eu-west-9 = %v, %v; want false, true", in, known)
	}
	if in, known := s.InRegion("Example::Shop::Gadget", "eu-west-9"); !in || !known {
		t.Errorf("gadget in eu-west-9 = %v, %v; want true, true", in, known)
	}
	if _, known := s.InRegion("Example::Shop::Gadget", "mars-1"); known {
		t.Error("an unknown region is known")
	}
	if got, ok := s.RuleSchema("other/x/y.json").(map[string]any); !ok || got["type"] != "string" {
		t.Errorf("rule schema = %v", s.RuleSchema("other/x/y.json"))
	}
	sf := &Spec{facts: s.facts, sam: s.facts}
	if rt := sf.ResourceType("AWS::Serverless::Thing"); rt == nil || !rt.Properties["Name"].Required {
		t.Errorf("SAM type = %+v", rt)
	}

	for name, data := range map[string][]byte{
		"empty":     nil,
		"garbage":   []byte("not gzip at all"),
		"truncated": a.Bytes()[:len(a.Bytes())/2],
	} {
		s := &Spec{facts: &facts{data: data}}
		if name != "truncated" && s.Len() != 0 {
			t.Errorf("%s: Len = %d", name, s.Len())
		}
		_ = s.ResourceType("Example::Shop::Widget") // must not panic
	}
}

// TestEmbeddedReferencesResolve checks that every property type a value refers to
// exists, in every embedded type.
func TestEmbeddedReferencesResolve(t *testing.T) {
	s := Default().WithSAM()
	var check func(rt *ResourceType, where string, vt *ValueType)
	check = func(rt *ResourceType, where string, vt *ValueType) {
		if vt.Kind == 0 {
			t.Errorf("%s: %s has no kind", rt.Name, where)
		}
		if vt.Object != "" && rt.Definitions[vt.Object] == nil {
			t.Errorf("%s: %s refers to missing %q", rt.Name, where, vt.Object)
		}
		if vt.Item != nil {
			check(rt, where+"[]", vt.Item)
		}
	}
	for _, n := range s.TypeNames() {
		rt := s.ResourceType(n)
		for _, o := range append([]*Object{&rt.Object}, mapValues(rt.Definitions)...) {
			for _, p := range o.Properties {
				check(rt, o.Name+"."+p.Name, &p.Type)
			}
		}
		for _, a := range rt.Attributes {
			check(rt, "attribute "+a.Name, &a.Type)
		}
	}
}

// The embedded spec carries the IAM action table, cased, and files loaded
// without one fall back on it.
func TestEmbeddedIAM(t *testing.T) {
	s := Default()
	if !slices.Contains(s.IAMActions("S3"), "GetObject") || !slices.Contains(s.IAMActions("iam"), "PassRole") {
		t.Errorf("s3 or iam actions missing: %d, %d", len(s.IAMActions("s3")), len(s.IAMActions("iam")))
	}
	if n := len(s.IAMServices()); n < 300 {
		t.Errorf("%d IAM services", n)
	}
	if s.IAMActions("no-such-service") != nil {
		t.Error("an unknown service has actions")
	}
	var buf bytes.Buffer
	if err := WriteFacts(&buf, Facts{Tables: Tables{IAM: map[string][]string{"x": {"DoThing"}}}}); err != nil {
		t.Fatal(err)
	}
	own := &Spec{facts: &facts{data: buf.Bytes()}}
	if got := own.IAMActions("X"); !slices.Equal(got, []string{"DoThing"}) {
		t.Errorf("own table: %v", got)
	}
	none := &Spec{}
	if !slices.Contains(none.IAMActions("s3"), "GetObject") {
		t.Error("a spec without a table does not fall back on the embedded one")
	}
}

func TestMatchIAMActions(t *testing.T) {
	actions := []string{"GetObject", "GetObjectAcl", "PutObject"}
	for _, c := range []struct {
		action string
		want   []string
	}{
		{"getobject", []string{"GetObject"}},
		{"Get*", []string{"GetObject", "GetObjectAcl"}},
		{"?utObject", []string{"PutObject"}},
		{"*", actions},
		{"GetObjekt", nil},
		{"Fetch*", nil},
	} {
		if got := MatchIAMActions(actions, c.action); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.action, got, c.want)
		}
	}
}
