package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// TestWriteLintRules runs the table writer over a stand-in for Python that prints
// rules out of order: the file must come out sorted, one rule a line, the same
// bytes twice.
func TestWriteLintRules(t *testing.T) {
	fake := testutil.TempFile(t, "python", `#!/bin/sh
cat <<'END'
{"version": "9.9.9", "rules": [
 {"id": "W2030", "severity": "warning", "kind": "keyword-rule", "parents": ["E3030"]},
 {"id": "E3023", "severity": "error", "kind": "schema", "keywords": ["Resources/AWS::Route53::RecordSet/Properties"],
  "schema": "schemas/extensions/aws_route53_recordset/recordset_pattern.json", "allMatches": true},
 {"id": "E3030", "severity": "error", "kind": "keyword-rule", "reports": [{"parent": "E3002", "keyword": "enum"}], "children": ["W2030"]}
]}
END
`)
	if err := os.Chmod(fake, 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(fake)
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	for _, out := range []string{a, b} {
		if err := writeLintRules(fake, out); err != nil {
			t.Fatal(err)
		}
	}
	da, _ := os.ReadFile(a)
	db, _ := os.ReadFile(b)
	if !bytes.Equal(da, db) {
		t.Fatal("output is not deterministic")
	}
	if lines := bytes.Count(da, []byte("\n")); lines != 5 {
		t.Errorf("%d lines, want a header, 3 rules and a footer:\n%s", lines, da)
	}
	var table struct {
		Version string
		Rules   []schema.LintRule
	}
	if err := json.Unmarshal(da, &table); err != nil {
		t.Fatal(err)
	}
	if table.Version != "9.9.9" || len(table.Rules) != 3 || table.Rules[0].ID != "E3023" || table.Rules[2].ID != "W2030" ||
		!table.Rules[0].AllMatches || table.Rules[1].Reports[0] != (schema.LintKeywordReport{Parent: "E3002", Keyword: "enum"}) {
		t.Errorf("table = %+v", table)
	}

	if err := writeLintRules(filepath.Join(dir, "missing"), filepath.Join(dir, "c.json")); err == nil {
		t.Error("no error without Python")
	}
}
