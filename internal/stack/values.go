package stack

import (
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Masked is what a NoEcho value is shown as, everywhere.
const Masked = "****"

// Origin says where a parameter's value comes from.
type Origin string

const (
	FromFile     Origin = "file"     // a parameter file (or a value given on the command line)
	FromDefault  Origin = "default"  // the template's Default
	FromPrevious Origin = "previous" // the stack's current value, kept by the update
	FromStack    Origin = "stack"    // the deployed stack's value (the deployed side of a preview)
)

// Parameters are the values one deployment gives a template's parameters and
// the pseudo parameters. A NoEcho value is held for conditions only: every
// value derived from it is shown as Masked, and compares equal to the stack's.
type Parameters struct {
	values map[string]string // parameter and pseudo parameter -> text (lists joined by commas)
	list   map[string]bool   // list-typed parameters and AWS::NotificationARNs
	secret map[string]bool   // NoEcho parameters
	origin map[string]Origin
}

// Pseudo are the pseudo parameter values a deployment knows; empty fields stay unknown.
type Pseudo struct {
	Region, AccountID, StackName, StackID string
	NotificationARNs                      []string
}

// PseudoOf reads the region and account out of a stack id
// (arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/GUID).
func PseudoOf(stackName, stackID, region string) Pseudo {
	p := Pseudo{Region: region, StackName: stackName, StackID: stackID}
	if parts := strings.Split(stackID, ":"); len(parts) >= 6 && parts[0] == "arn" {
		if p.Region == "" {
			p.Region = parts[3]
		}
		p.AccountID = parts[4]
	}
	return p
}

// partitionOf returns the partition and URL suffix of a region.
func partitionOf(region string) (partition, suffix string) {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn", "amazonaws.com.cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov", "amazonaws.com"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso", "c2s.ic.gov"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b", "sc2s.sgov.gov"
	}
	return "aws", "amazonaws.com"
}

func newParameters(p Pseudo) *Parameters {
	ps := &Parameters{values: map[string]string{}, list: map[string]bool{}, secret: map[string]bool{}, origin: map[string]Origin{}}
	set := func(name, v string) {
		if v != "" {
			ps.values[name] = v
		}
	}
	set("AWS::Region", p.Region)
	set("AWS::AccountId", p.AccountID)
	set("AWS::StackName", p.StackName)
	set("AWS::StackId", p.StackID)
	if p.Region != "" {
		part, suffix := partitionOf(p.Region)
		set("AWS::Partition", part)
		set("AWS::URLSuffix", suffix)
	}
	if p.NotificationARNs != nil {
		ps.values["AWS::NotificationARNs"] = strings.Join(p.NotificationARNs, ",")
	}
	ps.list["AWS::NotificationARNs"] = true
	return ps
}

// NewParameters decides the value of each parameter of t for an update, as the
// launch sends it: a given value (a parameter file's, the command line's), else
// the template's Default, else the stack's current value (previous, as
// DescribeStacks reports it). A parameter with none of these stays unknown.
func NewParameters(t *template.Template, given, previous map[string]string, p Pseudo) *Parameters {
	ps := newParameters(p)
	for _, dp := range deploy.Parameters(t) {
		ps.declare(dp)
		if v, ok := given[dp.Name]; ok {
			ps.values[dp.Name], ps.origin[dp.Name] = v, FromFile
		} else if dp.HasDefault {
			ps.values[dp.Name], ps.origin[dp.Name] = dp.Default, FromDefault
		} else if v, ok := previous[dp.Name]; ok {
			ps.origin[dp.Name] = FromPrevious
			if !dp.NoEcho {
				ps.values[dp.Name] = v
			}
		}
	}
	return ps
}

// StackParameters are the values a deployed stack's parameters have, as
// DescribeStacks reports them (NoEcho values come back masked and stay
// unknown to conditions).
func StackParameters(t *template.Template, stack map[string]string, p Pseudo) *Parameters {
	ps := newParameters(p)
	for _, dp := range deploy.Parameters(t) {
		ps.declare(dp)
		v, ok := stack[dp.Name]
		if !ok && dp.HasDefault {
			v, ok = dp.Default, true
		}
		if !ok {
			continue
		}
		ps.origin[dp.Name] = FromStack
		if !dp.NoEcho {
			ps.values[dp.Name] = v
		}
	}
	return ps
}

func (ps *Parameters) declare(dp deploy.Param) {
	ps.secret[dp.Name] = dp.NoEcho
	ps.list[dp.Name] = dp.Type == "CommaDelimitedList" || strings.HasPrefix(dp.Type, "List<") || strings.Contains(dp.Type, "::List<")
}

// Lookup returns the value of a parameter or pseudo parameter as the resolver
// sees it; ok is false when it is unknown.
func (ps *Parameters) Lookup(name string) (Value, bool) {
	if ps.secret[name] {
		if _, known := ps.origin[name]; !known {
			return Value{}, false
		}
		// Never compared by value: the stack's comes back masked. A given
		// value is taken to be the one deployed (it usually comes from the
		// same parameter file); only CloudFormation sees a new one.
		return Value{Kind: String, Str: Masked, Secret: true, id: "secret:" + name}, true
	}
	v, ok := ps.values[name]
	if !ok {
		return Value{}, false
	}
	if ps.list[name] {
		items := []Value{}
		if v != "" {
			for _, s := range strings.Split(v, ",") {
				items = append(items, Value{Kind: String, Str: strings.TrimSpace(s)})
			}
		}
		return Value{Kind: List, Items: items}, true
	}
	return Value{Kind: String, Str: v}, true
}

// Origin says where a parameter's value comes from ("" when it has none).
func (ps *Parameters) Origin(name string) Origin { return ps.origin[name] }

// conditionValues are the values conditions are evaluated with.
func (ps *Parameters) conditionValues() map[string]string { return ps.values }

// signature is the text of every value, as the resolver compares them: two
// parameter sets with the same signature resolve the same text the same way.
func (ps *Parameters) signature() string {
	names := make([]string, 0, len(ps.values)+len(ps.origin))
	for n := range ps.values {
		names = append(names, n)
	}
	for n := range ps.origin {
		if _, ok := ps.values[n]; !ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	var b strings.Builder
	for _, n := range names {
		v, _ := ps.Lookup(n)
		b.WriteString(n)
		b.WriteByte('=')
		v.writeKey(&b)
		b.WriteByte(';')
	}
	return b.String()
}
