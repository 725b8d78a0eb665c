package refcheck

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Limits CloudFormation enforces.
const (
	MaxResources   = 500
	MaxParameters  = 200
	MaxOutputs     = 200
	MaxMappings    = 200
	MaxNameLength  = 255
	MaxDirectBody  = 51200   // bytes of a template body passed inline
	MaxTemplateURL = 1000000 // bytes of a template body uploaded to S3
)

// conditionName is what cfn-lint accepts as a condition name.
var conditionName = regexp.MustCompile(`^[A-Za-z0-9&_]{1,255}$`)

// checkLimits checks section sizes, logical ids and the template body size.
func (c *checker) checkLimits() {
	for _, s := range []struct {
		sec, code, nameCode, what string
		max                       int
		entries                   []*template.Entry
	}{
		{"Resources", codeResLimit, codeResourceName, "resources", MaxResources, c.t.Resources},
		{"Parameters", codeParamLimit, codeParamName, "parameters", MaxParameters, c.t.Parameters},
		{"Outputs", codeOutputLimit, codeOutputName, "outputs", MaxOutputs, c.t.Outputs},
		{"Mappings", codeMappingLimit, codeMappingName, "mappings", MaxMappings, c.t.Mappings},
	} {
		if len(s.entries) > s.max {
			key := c.t.Root.GetPair(s.sec).Key
			c.errorf(key.Range, s.code, "", "The template has %d %s; CloudFormation allows at most %d", len(s.entries), s.what, s.max)
		}
		for _, e := range s.entries {
			if strings.HasPrefix(e.Name, "Fn::ForEach::") {
				continue
			}
			res := ""
			if s.sec == "Resources" {
				res = e.Name
			}
			// Characters are schemacheck's (E3001, E2001, E6001, E7001); length is ours.
			if len(e.Name) > MaxNameLength {
				c.errorf(e.Key.Range, s.nameCode, res, "Logical id %q is %d characters long; at most %d are allowed", e.Name, len(e.Name), MaxNameLength)
			}
		}
	}
	for _, e := range c.t.Conditions {
		if !conditionName.MatchString(e.Name) && !strings.HasPrefix(e.Name, "Fn::ForEach::") {
			c.errorf(e.Key.Range, codeCondition, "", "Condition name %q must be 1 to 255 letters, digits, '_' or '&'", e.Name)
		}
	}
	c.ds = append(c.ds, SizeFindings(c.t)...)
}

// SizeFindings are the findings about the size of t's body, on its first line:
// over CloudFormation's limit (E1002), or over what can be passed without an
// upload to S3. A document named for checking that is not a template gets the
// first too, as from cfn-lint.
func SizeFindings(t *template.Template) []diag.Diagnostic {
	size := len(t.Text)
	first := template.Range{End: t.Lines.LineEnd(0)}
	switch {
	case size > MaxTemplateURL:
		return []diag.Diagnostic{{Range: first, Severity: diag.Error, Code: codeTemplateSize, Source: diag.SourceValidate,
			Message: fmt.Sprintf("The template body is %d bytes; CloudFormation accepts at most %d", size, MaxTemplateURL)}}
	case size > MaxDirectBody:
		return []diag.Diagnostic{{Range: first, Severity: diag.Info, Code: codeSizeNote, Source: diag.SourceValidate,
			Message: fmt.Sprintf("The template body is %d bytes, over the %d bytes that can be passed directly: launching it needs an upload to S3", size, MaxDirectBody)}}
	}
	return nil
}
