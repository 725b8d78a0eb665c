package refcheck

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// This file checks dynamic references ({{resolve:ssm:...}},
// {{resolve:ssm-secure:...}}, {{resolve:secretsmanager:...}}): their syntax
// (E1050), where a service may be resolved (E1051 Secrets Manager, E1027 SSM
// secure strings), a secret given where its ARN is expected (W1051) and spaces
// that keep one from being resolved (W1053). cfn-lint's E1052 (SSM parameters
// outside properties, parameter defaults and output values) is left out: it
// reports nothing in practice (cfn-lint 1.51 does not flag an SSM reference in
// Mappings, Metadata, a parameter's Description or an export name), and
// whether CloudFormation rejects those is not documented.
// As in cfn-lint, a reference inside a function other than Fn::If is not
// judged: the function's result is what CloudFormation resolves.

var (
	dynRef       = regexp.MustCompile(`\{\{(resolve:.*?)\}\}`)
	dynRefSpaces = regexp.MustCompile(`\{\{\s+resolve\s*:\s*(?:ssm|ssm-secure|secretsmanager)\s*:`)
)

// secretArnFields are properties that want a secret's ARN, not the secret.
var secretArnFields = []string{"SecretArn", "SecretARN", "SecretsManagerSecretId",
	"SecretsManagerOracleAsmSecretId", "SecretsManagerSecurityDbEncryptionSecretId", "SecretsManagerConfiguration"}

// dynSite is where a string stands: its section, entry and the keys below the
// entry ("Properties", "Password"; "*" for a list item), and the resource type.
type dynSite struct {
	section, entry, typ string
	keys                []string
}

func (c *checker) checkDynamicReferences() {
	if !strings.Contains(c.t.Text, "resolve") {
		return
	}
	for _, sec := range c.t.Root.Pairs {
		switch sec.Key.Value {
		case "AWSTemplateFormatVersion", "Description", "Transform":
			continue
		}
		if sec.Value.Kind != template.Mapping {
			c.dynWalk(sec.Value, dynSite{section: sec.Key.Value})
			continue
		}
		for _, e := range sec.Value.Pairs {
			s := dynSite{section: sec.Key.Value, entry: e.Key.Value}
			if s.section == "Resources" {
				s.typ, _ = e.Value.Get("Type").Str()
			}
			c.dynWalk(e.Value, s)
		}
	}
}

func (c *checker) dynWalk(n *template.Node, s dynSite) {
	switch n.Kind {
	case template.Mapping:
		for _, p := range n.Pairs {
			c.dynWalk(p.Value, dynSite{s.section, s.entry, s.typ, append(slices.Clip(s.keys), p.Key.Value)})
		}
	case template.Sequence:
		for _, it := range n.Items {
			c.dynWalk(it, dynSite{s.section, s.entry, s.typ, append(slices.Clip(s.keys), "*")})
		}
	case template.Intrinsic:
		if _, yes, no, ok := n.IfArgs(); ok {
			c.dynWalk(yes, s)
			c.dynWalk(no, s)
		}
	case template.Scalar:
		if n.Type == template.Str && strings.Contains(n.Value, "resolve") {
			c.dynString(n, s)
		}
	}
}

func (c *checker) dynString(n *template.Node, s dynSite) {
	res := resourceOf(s.section, s.entry)
	if dynRefSpaces.MatchString(n.Value) {
		c.report(n.Range, diag.Warning, "W1053", res, pyQuote(n.Value)+" has spaces and is not resolved as a dynamic reference: write {{resolve:...}} without them", nil)
	}
	attr := ""
	if len(s.keys) > 0 {
		attr = s.keys[0]
	}
	for _, m := range dynRef.FindAllStringSubmatch(n.Value, -1) {
		ref, parts := m[0], strings.Split(m[1], ":")
		if msg := dynSyntax(parts); msg != "" {
			c.errorf(n.Range, "E1050", res, "Dynamic reference %s: %s", ref, msg)
			continue
		}
		inProps := s.section == "Resources" && attr == "Properties"
		switch parts[1] {
		case "ssm-secure":
			if s.section != "Resources" || attr != "Properties" ||
				!slices.Contains(schema.SecureStringProperties[s.typ], strings.Join(s.keys[1:], "/")) {
				c.errorf(n.Range, "E1027", res, "Dynamic reference %s: SSM secure strings are resolved only in a few resource properties (database and directory passwords, auth tokens)", ref)
			}
		case "secretsmanager":
			if !inProps && !(s.section == "Parameters" && attr == "Default") {
				c.errorf(n.Range, "E1051", res, "Dynamic reference %s: Secrets Manager secrets are resolved only in resource properties", ref)
				continue
			}
			if inProps {
				for _, f := range secretArnFields {
					if slices.Contains(s.keys, f) {
						c.report(n.Range, diag.Warning, "W1051", res, fmt.Sprintf("Dynamic reference %s resolves the secret, but %s expects the secret's ARN", ref, f), nil)
						break
					}
				}
			}
		}
	}
}

// dynSyntax checks the parts of resolve:SERVICE:..., returning what is wrong.
func dynSyntax(p []string) string {
	if len(p) < 3 {
		return "it needs a service and a name (resolve:SERVICE:NAME)"
	}
	switch p[1] {
	case "ssm", "ssm-secure":
		switch {
		case len(p) > 4:
			return "an SSM reference is resolve:" + p[1] + ":NAME or resolve:" + p[1] + ":NAME:VERSION"
		case p[2] == "":
			return "the parameter name is empty"
		case len(p) == 4 && !allDigits(p[3]):
			return "the version must be a number"
		}
	case "secretsmanager":
		if p[2] == "arn" {
			switch {
			case len(p) < 9 || len(p) > 13 || p[7] != "secret":
				return "a secret ARN reference is resolve:secretsmanager:arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME[:SecretString[:JSON-KEY[:STAGE[:ID]]]]"
			case len(p) > 9 && p[9] != "SecretString" && p[9] != "":
				return "the secret part must be SecretString"
			}
			return ""
		}
		switch {
		case len(p) > 7:
			return "a secret reference is resolve:secretsmanager:SECRET[:SecretString[:JSON-KEY[:STAGE[:ID]]]]"
		case len(p) > 3 && p[3] != "SecretString" && p[3] != "":
			return "the secret part must be SecretString"
		}
	default:
		return "the service must be ssm, ssm-secure or secretsmanager"
	}
	return ""
}

func allDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// pyQuote quotes s for a message.
func pyQuote(s string) string { return "'" + s + "'" }
