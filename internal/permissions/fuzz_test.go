package permissions

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// FuzzPermissions computes the policy of arbitrary text: it must not panic,
// and the policy must be a well-formed document with CloudFormation's calls
// first and no action twice.
func FuzzPermissions(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add(`{"Resources": {"F": {"Type": "AWS::Lambda::Function", "Properties": {"Role": {"Fn::If": ["C", {"Fn::GetAtt": ["R", "Arn"]}, "x"]}}}}}`)
	f.Fuzz(func(t *testing.T, text string) {
		name := "fuzz.yaml"
		if strings.HasPrefix(strings.TrimSpace(text), "{") {
			name = "fuzz.json"
		}
		res := Compute(template.Parse(name, text), nil)
		var back Policy
		if err := json.Unmarshal(res.Policy.JSON(), &back); err != nil {
			t.Fatalf("policy JSON does not read back: %v", err)
		}
		if len(back.Statement) == 0 || back.Statement[0].Sid != "Cloudformation" || len(back.Statement[0].Action) < len(StackActions) {
			t.Fatalf("CloudFormation's calls are not first: %+v", back.Statement)
		}
		seen := map[string]bool{}
		for _, st := range back.Statement {
			for _, a := range st.Action {
				if k := strings.ToLower(a); seen[k] {
					t.Fatalf("%s granted twice", a)
				} else {
					seen[k] = true
				}
			}
		}
	})
}
