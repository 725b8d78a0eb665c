// Package refcheck checks references, intrinsic functions and template-level rules:
// Ref, GetAtt, Sub, DependsOn, conditions, mappings, intrinsic shapes, circular
// dependencies, unused entries, outputs, limits and nested stacks.
package refcheck

import (
	"fmt"
	"runtime"
	"sort"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/langext"
	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/suggest"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// Check returns the reference, intrinsic and template-rule diagnostics of t.
// s may be nil (attributes are then not checked).
func Check(t *template.Template, s *schema.Spec) []diag.Diagnostic {
	return CheckWith(t, s, Options{})
}

// Options are what the checks may read besides the template.
type Options struct {
	// Children, when set, returns the current parse of a nested stack's local
	// child template (an open document's), or nil to have it read from disk.
	Children func(path string) *template.Template
}

// CheckWith is Check with options.
func CheckWith(t *template.Template, s *schema.Spec, opts Options) []diag.Diagnostic {
	if t == nil || t.Root == nil || t.Root.Kind != template.Mapping {
		return nil
	}
	if s != nil && t.HasSAM() {
		s = s.WithSAM()
	}
	c := newChecker(t, s)
	c.opts = opts
	c.checkRefs()
	runtime.Gosched()
	c.checkShapes()
	runtime.Gosched()
	c.checkCycles()
	runtime.Gosched()
	c.checkConditionCycles()
	runtime.Gosched()
	c.checkUnused()
	runtime.Gosched()
	c.checkOutputs()
	runtime.Gosched()
	c.checkLimits()
	runtime.Gosched()
	c.checkNested()
	runtime.Gosched()
	c.checkConditionalRefs()
	runtime.Gosched()
	c.checkUnreachableBranches()
	runtime.Gosched()
	c.checkHygiene()
	runtime.Gosched()
	c.checkTemplateRules()
	runtime.Gosched()
	diag.Sort(c.ds)
	return c.ds
}

type checker struct {
	t    *template.Template
	spec *schema.Spec
	ix   *refs.Index
	refs []*refs.Ref // the references checked (see checked)
	ds   []diag.Diagnostic

	// Names may come from outside the template text: SAM's generated resources,
	// AWS::Include snippets, Fn::ForEach loops the transform does not expand
	// (see external).
	forEach  bool
	macros   bool // a transform other than SAM and LanguageExtensions
	includes bool // AWS::Include snippets
	sam      bool

	children map[string]*template.Template // nested stack templates by logical id (nil: unreadable)
	opts     Options

	subPath []string // scratch: the property path of the Fn::Sub walk (hygiene.go)
}

func newChecker(t *template.Template, s *schema.Spec) *checker {
	c := &checker{t: t, spec: s, sam: t.HasSAM(), children: map[string]*template.Template{}}
	c.ix = refs.Of(t)
	c.refs = make([]*refs.Ref, 0, len(c.ix.Refs))
	for i := range c.ix.Refs {
		if r := &c.ix.Refs[i]; checked(r) {
			c.refs = append(c.refs, r)
		}
	}
	// Loops the AWS::LanguageExtensions transform expands are gone from the
	// template checked (see langext); those left were not expanded.
	c.forEach = strings.Contains(t.Text, "Fn::ForEach") && langext.HasLoops(t.Root)
	for _, tr := range t.Transforms() {
		if !strings.HasPrefix(tr, "AWS::Serverless") && tr != "AWS::LanguageExtensions" {
			c.macros = true
		}
	}
	if strings.Contains(t.Text, "Fn::Transform") || strings.Contains(t.Text, "!Transform") {
		c.macros = true
	}
	c.includes = strings.Contains(t.Text, "AWS::Include")
	return c
}

// checked reports whether the checks look at a reference: one to a
// template-level name (not a loop's variable) of the kinds they check, in a
// section where CloudFormation or SAM resolves names.
func checked(r *refs.Ref) bool {
	if r.BoundBy != nil || r.Kind > refs.KindFindInMap {
		return false
	}
	switch r.Section {
	case "Resources", "Outputs", "Conditions", "Rules", "Parameters", "Globals", "Metadata":
		return true
	}
	return false
}

// report adds a diagnostic at rng. entry is the logical id of the resource the
// finding sits in, when it does.
func (c *checker) report(rng template.Range, sev diag.Severity, code, resource, msg string, fix *diag.Fix) {
	c.ds = append(c.ds, diag.Diagnostic{Range: rng, Severity: sev, Code: code, Message: msg,
		Source: diag.SourceValidate, Resource: resource, Fix: fix})
}

func (c *checker) errorf(rng template.Range, code, resource, format string, args ...any) {
	c.report(rng, diag.Error, code, resource, fmt.Sprintf(format, args...), nil)
}

// resourceOf returns the logical id when sec/entry is a resource.
func resourceOf(sec, entry string) string {
	if sec == "Resources" {
		return entry
	}
	return ""
}

// didYouMean returns the " Did you mean X?" suffix and a Fix replacing rng with the
// closest candidate, or nothing when no candidate is close.
func didYouMean(name string, candidates []string, rng template.Range) (string, *diag.Fix) {
	best := suggest.Closest(name, candidates)
	if best == "" || best == name {
		return "", nil
	}
	return fmt.Sprintf(" Did you mean %q?", best), &diag.Fix{Title: fmt.Sprintf("Change to %q", best), Range: rng, NewText: best}
}

func names(es []*template.Entry) []string {
	out := make([]string, 0, len(es))
	for _, e := range es {
		out = append(out, e.Name)
	}
	return out
}

// Rule codes, as cfn-lint numbers the same checks.
const (
	codeRef          = "E1020"
	codeGetAtt       = "E1010"
	codeFindInMap    = "E1011"
	codeGetAZs       = "E1015"
	codeImportValue  = "E1016"
	codeSelect       = "E1017"
	codeSplit        = "E1018"
	codeSub          = "E1019"
	codeBase64       = "E1021"
	codeJoin         = "E1022"
	codeCidr         = "E1024"
	codeIf           = "E1028"
	codeLength       = "E1030"
	codeToJSONString = "E1031"
	codeTemplateSize = "E1002"
	codeSizeNote     = "I1002"
	codeParamFn      = "E2001"
	codeParamName    = "E2001" // shared with schemacheck, which lists it
	codeParamLimit   = "E2010"
	codeResourceName = "E3001" // shared with schemacheck, which lists it
	codeCycle        = "E3004"
	codeDependsOn    = "E3005"
	codeResLimit     = "E3010"
	codeResCondition = "E3015"
	codeNested       = "E3043"
	codeOutput       = "E6001"
	codeOutputValue  = "E6002"
	codeOutputName   = "E6001" // shared with schemacheck, which lists it
	codeOutCondition = "E6005"
	codeOutputLimit  = "E6010"
	codeMappingName  = "E7001" // shared with schemacheck, which lists it
	codeMappingLimit = "E7010"
	codeCondition    = "E8001"
	codeEquals       = "E8003"
	codeAnd          = "E8004"
	codeNot          = "E8005"
	codeOr           = "E8006"
	codeCondFn       = "E8007"
	codeUnusedParam  = "W2001"
	codeUnusedMap    = "W7001"
	codeUnusedCond   = "W8001"
	codeCondRef      = "W1001"
	codeUnreachable  = "W1028"

	codeSubNeeded         = "W1020"
	codeDependsOnObsolete = "W3005"
	codePolicies          = "W3011"
	codeInterfaceParam    = "W4001"
)

var rules = []diag.Rule{
	{ID: codeRef, Severity: diag.Error, Applies: []string{"Ref"}, Summary: "Ref names a parameter, resource or pseudo parameter of the template"},
	{ID: codeGetAtt, Severity: diag.Error, Applies: []string{"Fn::GetAtt"}, Summary: "Fn::GetAtt names an existing resource and an attribute its type has"},
	{ID: codeFindInMap, Severity: diag.Error, Applies: []string{"Fn::FindInMap"}, Summary: "Fn::FindInMap names an existing mapping and existing literal keys"},
	{ID: codeGetAZs, Severity: diag.Error, Applies: []string{"Fn::GetAZs"}, Summary: "Fn::GetAZs takes a region string or a Ref"},
	{ID: codeImportValue, Severity: diag.Error, Applies: []string{"Fn::ImportValue"}, Summary: "Fn::ImportValue takes a string or a string-valued function"},
	{ID: codeSelect, Severity: diag.Error, Applies: []string{"Fn::Select"}, Summary: "Fn::Select takes an index and a list"},
	{ID: codeSplit, Severity: diag.Error, Applies: []string{"Fn::Split"}, Summary: "Fn::Split takes a delimiter and a string"},
	{ID: codeSub, Severity: diag.Error, Applies: []string{"Fn::Sub"}, Summary: "Every ${} variable of Fn::Sub resolves"},
	{ID: codeBase64, Severity: diag.Error, Applies: []string{"Fn::Base64"}, Summary: "Fn::Base64 takes a string"},
	{ID: codeJoin, Severity: diag.Error, Applies: []string{"Fn::Join"}, Summary: "Fn::Join takes a delimiter and a list"},
	{ID: codeCidr, Severity: diag.Error, Applies: []string{"Fn::Cidr"}, Summary: "Fn::Cidr takes an address block, a count and a bit count"},
	{ID: codeIf, Severity: diag.Error, Applies: []string{"Fn::If"}, Summary: "Fn::If takes a defined condition name and two values"},
	{ID: codeLength, Severity: diag.Error, Applies: []string{"Fn::Length"}, Summary: "Fn::Length takes a list"},
	{ID: codeToJSONString, Severity: diag.Error, Applies: []string{"Fn::ToJsonString"}, Summary: "Fn::ToJsonString takes an object or a list"},
	{ID: codeTemplateSize, Severity: diag.Error, Applies: []string{"Resources"}, Summary: "The template body is at most 1 MB"},
	{ID: codeSizeNote, Severity: diag.Info, Applies: []string{"Resources"}, Summary: "A template body over 51,200 bytes must be uploaded to S3 to launch"},
	{ID: codeParamFn, Severity: diag.Error, Summary: "Parameters hold no intrinsic functions"},
	{ID: codeParamLimit, Severity: diag.Error, Summary: "At most 200 parameters"},
	{ID: codeCycle, Severity: diag.Error, Applies: []string{"Resources/*/DependsOn", "Ref", "Fn::GetAtt"}, Summary: "Resources do not depend on each other in a cycle"},
	{ID: codeDependsOn, Severity: diag.Error, Summary: "DependsOn names existing resources"},
	{ID: codeResLimit, Severity: diag.Error, Summary: "At most 500 resources"},
	{ID: codeResCondition, Severity: diag.Error, Summary: "A resource Condition names a defined condition"},
	{ID: codeNested, Severity: diag.Error, ResourceTypes: []string{"AWS::CloudFormation::Stack"}, Summary: "Parameters passed to a local nested stack match its template"},
	{ID: codeOutput, Severity: diag.Error, Summary: "Output export names are unique"},
	{ID: codeOutputValue, Severity: diag.Error, Summary: "Every output has a Value"},
	{ID: codeOutCondition, Severity: diag.Error, Summary: "An output Condition names a defined condition"},
	{ID: codeOutputLimit, Severity: diag.Error, Summary: "At most 200 outputs"},
	{ID: codeMappingLimit, Severity: diag.Error, Summary: "At most 200 mappings"},
	{ID: codeCondition, Severity: diag.Error, Summary: "Conditions have valid names and are built from condition functions only"},
	{ID: codeEquals, Severity: diag.Error, Applies: []string{"Fn::Equals"}, Summary: "Fn::Equals takes two values"},
	{ID: codeAnd, Severity: diag.Error, Applies: []string{"Fn::And"}, Summary: "Fn::And takes 2 to 10 conditions"},
	{ID: codeNot, Severity: diag.Error, Applies: []string{"Fn::Not"}, Summary: "Fn::Not takes one condition"},
	{ID: codeOr, Severity: diag.Error, Applies: []string{"Fn::Or"}, Summary: "Fn::Or takes 2 to 10 conditions"},
	{ID: codeCondFn, Severity: diag.Error, Applies: []string{"Condition"}, Summary: "The Condition function names a defined condition"},
	{ID: codeUnusedParam, Severity: diag.Warning, Applies: []string{"Parameters/*"}, Summary: "Every parameter is used"},
	{ID: codeUnusedMap, Severity: diag.Warning, Applies: []string{"Mappings/*"}, Summary: "Every mapping is used"},
	{ID: codeUnusedCond, Severity: diag.Warning, Applies: []string{"Conditions/*"}, Summary: "Every condition is used"},
	{ID: codeCondRef, Severity: diag.Warning, Applies: []string{"Resources/*/Condition"}, Summary: "Ref, GetAtt and Sub name a conditional resource only where its condition holds"},
	{ID: codeUnreachable, Severity: diag.Warning, Applies: []string{"Fn::If"}, Summary: "Every branch of Fn::If can be taken where it stands"},
	{ID: codeSubNeeded, Severity: diag.Warning, Applies: []string{"Fn::Sub"}, Summary: "Fn::Sub is used only on strings with a ${} variable"},
	{ID: codeDependsOnObsolete, Severity: diag.Warning, Summary: "DependsOn does not repeat a dependency a Ref, GetAtt or Sub already makes"},
	{ID: codePolicies, Severity: diag.Warning, Summary: "A resource with DeletionPolicy or UpdateReplacePolicy sets both"},
	{ID: codeInterfaceParam, Severity: diag.Warning, Applies: []string{"Metadata/AWS::CloudFormation::Interface"}, Summary: "AWS::CloudFormation::Interface metadata names existing parameters"},
}

// Rules lists the checks of this package.
func Rules() []diag.Rule {
	out := diag.WithSource(append(templateRuleList(), rules...), diag.SourceValidate)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
