package cfnlintrc

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

// TestFind follows cfn-lint's ConfigFileArgs._find_config: .cfnlintrc, then
// .cfnlintrc.yaml, then .cfnlintrc.yml, in the home directory and in the
// current directory, never in a parent.
func TestFind(t *testing.T) {
	home, cwd := t.TempDir(), t.TempDir()
	sub := filepath.Join(cwd, "sub")
	os.Mkdir(sub, 0o755)
	if u, p := Find(home, cwd); u != "" || p != "" {
		t.Fatalf("empty dirs: %q %q", u, p)
	}
	testutil.WriteFile(t, filepath.Join(home, ".cfnlintrc.yml"), "")
	yaml := testutil.WriteFile(t, filepath.Join(cwd, ".cfnlintrc.yaml"), "")
	if u, p := Find(home, cwd); u != filepath.Join(home, ".cfnlintrc.yml") || p != yaml {
		t.Errorf("got %q %q", u, p)
	}
	plain := testutil.WriteFile(t, filepath.Join(cwd, ".cfnlintrc"), "")
	if _, p := Find(home, cwd); p != plain {
		t.Errorf(".cfnlintrc comes first: got %q", p)
	}
	if _, p := Find(home, sub); p != "" {
		t.Errorf("a parent's file is not the project's: got %q", p)
	}
	os.Remove(plain)
	os.Mkdir(plain, 0o755) // a directory of that name is not a configuration
	if _, p := Find(home, cwd); p != yaml {
		t.Errorf("directory .cfnlintrc: got %q", p)
	}
}

// TestLoadMerge: the project's file overrides the user's key by key; lists are
// replaced, rule settings merged (cfn-lint's merge_config); --config-file reads
// that file alone.
func TestLoadMerge(t *testing.T) {
	home, cwd := t.TempDir(), t.TempDir()
	testutil.WriteFile(t, filepath.Join(home, ".cfnlintrc"), `
regions: [eu-west-1]
ignore_checks: [W2001]
include_experimental: true
configure_rules:
  E3012: {strict: true}
  E2530: {x: 1}
`)
	testutil.WriteFile(t, filepath.Join(cwd, ".cfnlintrc.yaml"), `
templates: ["templates/**/*.yaml"]
ignore_checks: [E3002]
configure_rules:
  E3012: {strict: false}
format: parseable
`)
	c, err := Load("", home, cwd)
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Templates: []string{"templates/**/*.yaml"}, IgnoreChecks: []string{"E3002"}, Regions: []string{"eu-west-1"},
		IncludeExperimental: true, Format: "parseable",
		ConfigureRules: map[string]map[string]any{"E3012": {"strict": false}, "E2530": {"x": 1}},
		Files:          []string{filepath.Join(home, ".cfnlintrc"), filepath.Join(cwd, ".cfnlintrc.yaml")},
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("merged:\n got %+v\nwant %+v", c, want)
	}

	explicit := testutil.WriteFile(t, filepath.Join(t.TempDir(), "ci.yml"), "regions: [us-west-2]\nappend_rules: [rules/]\n")
	c, err = Load(explicit, home, cwd)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Regions, []string{"us-west-2"}) || c.IgnoreChecks != nil || !reflect.DeepEqual(c.Unsupported, []string{"append_rules"}) {
		t.Errorf("explicit file: %+v", c)
	}
	if _, err := Load(filepath.Join(cwd, "missing.yml"), home, cwd); err == nil {
		t.Error("a missing --config-file must be an error")
	}
}

// TestValidate: what cfn-lint's configuration schema rejects, rejected with
// the key named.
func TestValidate(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"regoins: [us-east-1]\n", `invalid configuration key "regoins"`},
		{"regions: us-east-1\n", `invalid type for "regions": expected a list of strings`},
		{"ignore_checks: [1]\n", `invalid type for "ignore_checks"`},
		{"format: xml\n", `invalid value "xml" for "format"`},
		{"non_zero_exit_code: warnings\n", `invalid value "warnings" for "non_zero_exit_code"`},
		{"include_experimental: maybe\n", `invalid type for "include_experimental": expected true or false`},
		{"configure_rules: {E3012: true}\n", `"configure_rules.E3012": expected a mapping`},
		{"- a\n- b\n", "must be a mapping"},
		{"regions: [\n", "yaml:"},
	} {
		p := testutil.WriteFile(t, filepath.Join(t.TempDir(), ".cfnlintrc"), tc.text)
		_, err := Load(p, "", "")
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), p) {
			t.Errorf("%q: got %v, want %q with the path", tc.text, err, tc.want)
		}
	}
	p := testutil.WriteFile(t, filepath.Join(t.TempDir(), ".cfnlintrc"), "")
	if c, err := Load(p, "", ""); err != nil || c.Regions != nil {
		t.Errorf("empty file: %+v %v", c, err)
	}
}
