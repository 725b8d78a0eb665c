package schemacheck

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// The rules of this file judge each resource of their types (a resourceRule's
// resource) for what it needs to be created: an image, a handler and a
// runtime, a role its service can find, a key schema's attributes defined,
// a cluster-mode replication group's failover.

// ruleInstanceImageID reports an EC2 instance with no image: no ImageId and no
// launch template, or a launch template of this template that sets none
// either. EC2 cannot launch it. A launch template named by a parameter or a
// literal id is not known here and passes.
var ruleInstanceImageID = resourceRule{
	Rule: diag.Rule{ID: "E3673", ResourceTypes: []string{"AWS::EC2::Instance"},
		Summary: "An EC2 instance has an ImageId, itself or through its launch template"},
	resource: func(r *ruleRun, e *template.Entry) {
		pp := e.Value.GetPair("Properties")
		if pp == nil || pp.Value.Kind != template.Mapping || pp.Value.Get("ImageId") != nil {
			return
		}
		lt := pp.Value.Get("LaunchTemplate")
		if lt != nil && !r.launchTemplateWithoutImage(lt) {
			return
		}
		r.report(pp.Key.Range, e.Name, "'ImageId' is a required property: neither the instance nor its launch template sets one")
	},
}

// launchTemplateWithoutImage reports whether an instance's LaunchTemplate
// names a launch template of this template whose data sets no ImageId.
func (r *ruleRun) launchTemplateWithoutImage(lt *template.Node) bool {
	ref := lt.Get("LaunchTemplateId")
	if ref == nil {
		ref = lt.Get("LaunchTemplateName")
	}
	e := r.t.Resource(ref.Target())
	if e == nil || e.Type() != "AWS::EC2::LaunchTemplate" {
		return false
	}
	data := e.Get("Properties").Get("LaunchTemplateData")
	return data != nil && data.Kind == template.Mapping && data.Get("ImageId") == nil
}

// ruleZipPackage warns about a Lambda function deployed from a .zip package
// (PackageType Zip, inline ZipFile or an S3Key) without Handler or Runtime:
// Lambda needs both to run a .zip package and refuses to create the function.
var ruleZipPackage = resourceRule{
	Rule: diag.Rule{ID: "W2533", ResourceTypes: []string{"AWS::Lambda::Function"},
		Summary: "A Lambda function deployed from a .zip package has Handler and Runtime"},
	resource: func(r *ruleRun, e *template.Entry) {
		props := e.Get("Properties")
		if props == nil || props.Kind != template.Mapping {
			return
		}
		var at *template.Pair
		if pt := props.GetPair("PackageType"); pt != nil {
			if v, _ := pt.Value.Str(); v == "Zip" {
				at = pt
			}
		}
		if code := props.GetPair("Code"); at == nil && code != nil && props.Get("PackageType") == nil &&
			(code.Value.Get("ZipFile") != nil || code.Value.Get("S3Key") != nil) {
			at = code
		}
		if at == nil {
			return
		}
		var missing []string
		for _, name := range []string{"Handler", "Runtime"} {
			if props.Get(name) == nil {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			r.report(at.Key.Range, e.Name, "A .zip deployment package needs "+pyList(missing))
		}
	},
}

// ruleRefWithPath reports a CodeBuild project whose ServiceRole is a Ref to a
// role of the template with a Path other than "/": Ref gives the role's name,
// and CodeBuild looks a name up without its path, so it finds no role. GetAtt
// Role.Arn works.
var ruleRefWithPath = resourceRule{
	Rule: diag.Rule{ID: "E3050", ResourceTypes: []string{"AWS::CodeBuild::Project"},
		Summary: "A CodeBuild project names a role with a path by its ARN, not by Ref"},
	resource: func(r *ruleRun, e *template.Entry) {
		v := e.Get("Properties").Get("ServiceRole")
		if !v.IsIntrinsic("Ref") {
			return
		}
		name, _ := v.Arg.Str()
		role := r.t.Resource(name)
		if role == nil {
			return
		}
		if path, ok := role.Get("Properties").Get("Path").Str(); ok && path != "/" {
			r.report(v.Range, e.Name, "When using a Ref to IAM resource the Path must be '/': switch to Fn::GetAtt "+name+".Arn, since the Path is "+jsonschema.PyStr(path))
		}
	},
}

// ruleAttributeMismatch checks that a DynamoDB table defines exactly the
// attributes its key schemas (the table's and its indexes') name: DynamoDB
// rejects a definition no key uses, and a key without a definition.
var ruleAttributeMismatch = resourceRule{
	Rule: diag.Rule{ID: "E3039", ResourceTypes: []string{"AWS::DynamoDB::Table"},
		Summary: "A DynamoDB table's AttributeDefinitions are exactly the attributes its key schemas use"},
	resource: func(r *ruleRun, e *template.Entry) {
		pp := e.Value.GetPair("Properties")
		if pp == nil || pp.Value.Kind != template.Mapping {
			return
		}
		defined, ok := attributeNames(pp.Value.Get("AttributeDefinitions"))
		if !ok {
			return
		}
		keys, ok := attributeNames(pp.Value.Get("KeySchema"))
		for _, idx := range []string{"GlobalSecondaryIndexes", "LocalSecondaryIndexes"} {
			list := pp.Value.Get(idx)
			if list == nil {
				continue
			}
			if list.Kind != template.Sequence {
				ok = false
				break
			}
			for _, it := range list.Items {
				more, fine := attributeNames(it.Get("KeySchema"))
				ok = ok && fine
				keys = append(keys, more...)
			}
		}
		if !ok {
			return // a function stands where names are expected
		}
		defined, keys = sortedSet(defined), sortedSet(keys)
		if !slices.Equal(defined, keys) {
			r.report(pp.Key.Range, e.Name, fmt.Sprintf(
				"The set of attributes in AttributeDefinitions %s and in the key schemas %s must match", pyList(defined), pyList(keys)))
		}
	},
}

// attributeNames returns the AttributeName values of a list of definitions or
// key elements; ok is false when any is not a literal (or the list is not one).
func attributeNames(list *template.Node) (names []string, ok bool) {
	if list == nil {
		return nil, true
	}
	if list.Kind != template.Sequence {
		return nil, false
	}
	for _, it := range list.Items {
		n, isStr := it.Get("AttributeName").Str()
		if !isStr {
			return nil, false
		}
		names = append(names, n)
	}
	return names, true
}

func sortedSet(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

func pyList(s []string) string {
	out := "["
	for i, v := range s {
		if i > 0 {
			out += ", "
		}
		out += jsonschema.PyStr(v)
	}
	return out + "]"
}

// ruleCacheClusterFailover checks a Redis replication group whose parameter
// group (one of the template's) enables cluster mode: ElastiCache requires
// automatic failover there, and, without NumNodeGroups, more than one cache
// cluster. Each combination of Fn::If branches is judged on its own; one whose
// conditions cannot be decided is left alone.
var ruleCacheClusterFailover = resourceRule{
	Rule: diag.Rule{ID: "E3026", ResourceTypes: []string{"AWS::ElastiCache::ReplicationGroup"},
		Summary: "A Redis replication group in cluster mode has automatic failover and more than one cache cluster"},
	resource: func(r *ruleRun, e *template.Entry) {
		props := e.Get("Properties")
		pg := props.GetPair("CacheParameterGroupName")
		if pg == nil {
			return
		}
		when := conditions.Of(e)
		failover, clusters := "", ""
		for _, g := range alternatives(pg.Value, when) {
			name, _ := g.node.Arg.Str()
			group := r.t.Resource(name)
			if !g.node.IsIntrinsic("Ref") || group == nil || group.Type() != "AWS::ElastiCache::ParameterGroup" {
				continue
			}
			for _, ce := range alternatives(group.Get("Properties").Get("Properties").Get("cluster-enabled"), g.when) {
				if v, _ := ce.node.Str(); v != "yes" || !r.together(ce.when) {
					continue
				}
				for _, af := range alternatives(props.Get("AutomaticFailoverEnabled"), ce.when) {
					if af.node.Kind == template.Scalar && af.node.Text() == "false" && r.together(af.when) && failover == "" {
						failover = whenSuffix(af.when)
					}
				}
				if props.Get("NumNodeGroups") != nil {
					continue
				}
				counts := alternatives(props.Get("NumCacheClusters"), ce.when)
				if len(counts) == 0 && clusters == "" {
					clusters = whenSuffix(ce.when)
				}
				for _, nc := range counts {
					if n, err := strconv.Atoi(nc.node.Value); nc.node.Kind == template.Scalar && err == nil && n <= 1 && r.together(nc.when) && clusters == "" {
						clusters = whenSuffix(nc.when)
					}
				}
			}
		}
		if failover != "" {
			r.report(pg.Key.Range, e.Name, "AutomaticFailoverEnabled must be true or left out: the parameter group enables cluster mode"+failover)
		}
		if clusters != "" {
			r.report(pg.Key.Range, e.Name, "NumCacheClusters must be more than one (or NumNodeGroups set): the parameter group enables cluster mode"+clusters)
		}
	},
}

// whenSuffix words the conditions a finding holds under, or "." for none. It
// is never empty, so that callers can tell a finding from none.
func whenSuffix(facts []conditions.Fact) string {
	if len(facts) == 0 {
		return "."
	}
	s := " ("
	for i, f := range facts {
		if i > 0 {
			s += ", "
		}
		s += "where " + jsonschema.PyStr(f.Name) + " is " + strconv.FormatBool(f.Value)
	}
	return s + ")."
}
