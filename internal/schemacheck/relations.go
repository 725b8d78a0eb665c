package schemacheck

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// The rules of this file judge how the properties of one value at cfn-lint's
// paths go together (a resourceRule's value): one that makes another
// ignored, or two that must agree.

// ruleVirtualNameIgnored warns about a block device mapping with both
// VirtualName and Ebs: EC2 silently ignores VirtualName then.
var ruleVirtualNameIgnored = resourceRule{
	Rule: diag.Rule{ID: "W3698", Summary: "A block device mapping does not set VirtualName with Ebs, which makes EC2 ignore it"},
	value: func(r *ruleRun, s site) {
		vn := s.value.GetPair("VirtualName")
		if vn != nil && s.value.Get("Ebs") != nil {
			r.report(vn.Key.Range, s.resource.Name, "'VirtualName' is ignored when 'Ebs' is specified")
		}
	},
}

// ruleEbsIopsIgnored warns about Iops on an EBS volume type without
// provisioned IOPS (gp2, st1, sc1, standard): EC2 ignores it.
var ruleEbsIopsIgnored = resourceRule{
	Rule: diag.Rule{ID: "W3671", Summary: "Iops is set only on EBS volume types that provision IOPS"},
	value: func(r *ruleRun, s site) {
		vt, _ := s.value.Get("VolumeType").Str()
		iops := s.value.GetPair("Iops")
		switch strings.ToLower(vt) {
		case "gp2", "st1", "sc1", "standard":
			if iops != nil {
				r.report(iops.Key.Range, s.resource.Name, "'Iops' is ignored when 'VolumeType' is "+jsonschema.PyStr(vt))
			}
		}
	},
}

// ruleReplicaModeIgnored warns about ReplicaMode on a DB instance whose engine
// has no replica modes (only Oracle and Db2 do): RDS ignores it.
var ruleReplicaModeIgnored = resourceRule{
	Rule: diag.Rule{ID: "W3699", ResourceTypes: []string{"AWS::RDS::DBInstance"}, Summary: "ReplicaMode is set only for Oracle and Db2 engines"},
	value: func(r *ruleRun, s site) {
		rm := s.value.GetPair("ReplicaMode")
		engine, ok := s.value.Get("Engine").Str()
		if rm == nil || !ok {
			return
		}
		e := strings.ToLower(engine)
		if strings.HasPrefix(e, "oracle") || strings.HasPrefix(e, "custom-oracle") || strings.HasPrefix(e, "db2") {
			return
		}
		r.report(rm.Key.Range, s.resource.Name, "'ReplicaMode' is ignored when 'Engine' is "+jsonschema.PyStr(engine))
	},
}

// ruleDomainValidation reports a certificate's domain validation option whose
// ValidationDomain is not the DomainName or a superdomain of it: ACM cannot
// validate the domain through it.
var ruleDomainValidation = resourceRule{
	Rule: diag.Rule{ID: "E3503", ResourceTypes: []string{"AWS::CertificateManager::Certificate"},
		Summary: "A certificate's ValidationDomain is its DomainName or a superdomain of it"},
	value: func(r *ruleRun, s site) {
		dn := s.value.GetPair("DomainName")
		vd, ok := s.value.Get("ValidationDomain").Str()
		if dn == nil || !ok {
			return
		}
		if name, ok := dn.Value.Str(); ok && name != vd && !strings.HasSuffix(name, "."+vd) {
			r.report(dn.Value.Range, s.resource.Name, jsonschema.PyStr(vd)+" must be a superdomain of "+jsonschema.PyStr(name))
		}
	},
}

// ruleRecordSetName checks a record set's Name against its HostedZoneName
// (both literal): the zone name ends in a dot, and the record is the zone's
// apex or below it. Route 53 rejects a record outside its zone.
var ruleRecordSetName = resourceRule{
	Rule: diag.Rule{ID: "E3041", ResourceTypes: []string{"AWS::Route53::RecordSet"}, Summary: "A record set's Name is its HostedZoneName or a subdomain of it"},
	value: func(r *ruleRun, s site) {
		np, zp := s.value.GetPair("Name"), s.value.GetPair("HostedZoneName")
		if np == nil || zp == nil {
			return
		}
		name, ok1 := np.Value.Str()
		zone, ok2 := zp.Value.Str()
		if !ok1 || !ok2 {
			return
		}
		if !strings.HasSuffix(zone, ".") {
			r.report(zp.Value.Range, s.resource.Name, jsonschema.PyStr(zone)+" must end in a dot")
			zone += "."
		}
		if !strings.HasSuffix(name, ".") {
			name += "."
		}
		if !strings.EqualFold(name, zone) && !strings.HasSuffix(strings.ToLower(name), "."+strings.ToLower(zone)) {
			r.report(np.Value.Range, s.resource.Name, jsonschema.PyStr(np.Value.Value)+" must be a subdomain of or equal to "+jsonschema.PyStr(zp.Value.Value))
		}
	},
}

// ruleBackupLifecycle reports a backup lifecycle that deletes recovery points
// less than 90 days after moving them to cold storage: AWS Backup keeps cold
// storage for at least 90 days and rejects the plan.
var ruleBackupLifecycle = resourceRule{
	Rule: diag.Rule{ID: "E3504", ResourceTypes: []string{"AWS::Backup::BackupPlan"},
		Summary: "A backup lifecycle deletes at least 90 days after moving to cold storage"},
	value: func(r *ruleRun, s site) {
		del := s.value.GetPair("DeleteAfterDays")
		cold, okCold := intValue(s.value.Get("MoveToColdStorageAfterDays"))
		if del == nil || !okCold {
			return
		}
		if d, ok := intValue(del.Value); ok && d-cold < 90 {
			r.report(del.Value.Range, s.resource.Name,
				fmt.Sprintf("DeleteAfterDays %d must be at least 90 days after MoveToColdStorageAfterDays %d", d, cold))
		}
	},
}

// intValue reads a literal integer (YAML int).
func intValue(n *template.Node) (int, bool) {
	if n == nil || n.Kind != template.Scalar || n.Type != template.Int {
		return 0, false
	}
	v, err := strconv.Atoi(n.Value)
	return v, err == nil
}

// ruleTargetOriginID reports a distribution whose default cache behavior
// targets an origin id that none of its origins or origin groups has:
// CloudFront rejects the distribution. Ids written with functions leave the
// question open.
var ruleTargetOriginID = resourceRule{
	Rule: diag.Rule{ID: "E3057", ResourceTypes: []string{"AWS::CloudFront::Distribution"},
		Summary: "A distribution's default cache behavior targets one of its origins or origin groups"},
	value: func(r *ruleRun, s site) {
		target := s.value.Get("DefaultCacheBehavior").Get("TargetOriginId")
		id, ok := target.Str()
		if !ok {
			return
		}
		var ids []string
		for _, list := range []*template.Node{s.value.Get("Origins"), s.value.Get("OriginGroups").Get("Items")} {
			if list == nil {
				continue
			}
			if list.Kind != template.Sequence {
				return
			}
			for _, it := range list.Items {
				v, ok := it.Get("Id").Str()
				if !ok {
					return
				}
				if v == id {
					return
				}
				ids = append(ids, v)
			}
		}
		if len(ids) == 0 {
			return // no origins at all: E3003 says Origins is required
		}
		r.report(target.Range, s.resource.Name, jsonschema.PyStr(id)+" is not one of "+pyList(ids)+", the ids of the distribution's origins")
	},
}
