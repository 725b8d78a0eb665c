package main

import (
	"github.com/cfn-lsp/cfn-lsp/internal/customrules"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// loadCustomRules loads the rule files of dir as an extra analysis check.
func loadCustomRules(dir string) (func(*template.Template) []diag.Diagnostic, error) {
	set, err := customrules.LoadDir(dir)
	if err != nil {
		return nil, err
	}
	return set.Check, nil
}

// customRuleList lists the custom rules of dir ("" or a broken dir: none).
func customRuleList(dir string) []diag.Rule {
	if dir == "" {
		return nil
	}
	set, err := customrules.LoadDir(dir)
	if err != nil {
		return nil
	}
	return set.Rules()
}
