package stack

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

// TestConfigFoundUpwards reads the deployments of a template from the
// workspace file two directories up, with their parameter files.
func TestConfigFoundUpwards(t *testing.T) {
	root := testutil.Tree(t, map[string]string{ConfigName: `# our stacks
templates:
  app/cfn/orders.yaml:
    - name: dev
      stackName: orders-dev
      region: eu-west-1
      parameterFiles: [app/dev.json, app/dev-overrides.json]
    - name: prod
      stackName: orders-prod
`,
		"app/dev.json":           `{"Env": "dev", "Size": "1"}`,
		"app/dev-overrides.json": `[{"ParameterKey": "Size", "ParameterValue": "2"}]`,
		"app/cfn/orders.yaml":    "Resources: {}\n",
	})
	tmpl := filepath.Join(root, "app/cfn/orders.yaml")

	path := FindConfig(tmpl)
	if path != filepath.Join(root, ConfigName) {
		t.Fatalf("FindConfig = %q", path)
	}
	c, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	ds := c.Deployments(tmpl)
	if len(ds) != 2 || ds[0].Name != "dev" || ds[1].StackName != "orders-prod" {
		t.Fatalf("deployments %+v", ds)
	}
	if c.Deployments(filepath.Join(root, "app/other.yaml")) != nil {
		t.Error("another template has deployments")
	}
	d, err := Choose(ds, "")
	if err != nil || d.Name != "dev" {
		t.Fatalf("Choose default: %v %v", d, err)
	}
	if _, err := Choose(ds, "qa"); err == nil || !strings.Contains(err.Error(), "dev, prod") {
		t.Errorf("Choose(qa): %v", err)
	}
	vals, err := c.ParameterValues(d)
	if err != nil || vals["Env"] != "dev" || vals["Size"] != "2" {
		t.Errorf("parameter values %v, %v", vals, err)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"templates:\n  a.yaml:\n    - stackName: s\n", "has no name"},
		{"templates:\n  a.yaml:\n    - {name: d, stackName: s}\n    - {name: d, stackName: t}\n", "two deployments"},
		{"templates:\n  a.yaml:\n    - {name: d, stackName: 9bad}\n", "invalid stackName"},
		{"templates:\n  a.yaml:\n    - {name: d, stackName: s, password: x}\n", "password"},
		{"templates: [\n", "did not find"},
	} {
		path := filepath.Join(t.TempDir(), ConfigName)
		testutil.WriteFile(t, path, tc.text)
		if _, err := LoadConfig(path); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.text, err, tc.want)
		}
	}
	path := filepath.Join(t.TempDir(), ConfigName)
	testutil.WriteFile(t, path, "")
	if c, err := LoadConfig(path); err != nil || len(c.Templates) != 0 {
		t.Errorf("empty file: %v %v", c, err)
	}
}

// TestLink writes the workspace file on a first deploy, then adds a second
// deployment to it, keeping what the user wrote.
func TestLink(t *testing.T) {
	root := t.TempDir()
	tmpl := filepath.Join(root, "stacks", "orders.yaml")
	testutil.WriteFile(t, tmpl, "Resources: {}\n")
	path, err := Link(tmpl, Deployment{Name: "default", StackName: "orders", Region: "us-east-1", ParameterFiles: []string{"orders.yaml.params.json"}})
	if err != nil {
		t.Fatal(err)
	}
	if path != filepath.Join(root, "stacks", ConfigName) {
		t.Fatalf("created %s", path)
	}
	b, _ := os.ReadFile(path)
	os.WriteFile(path, append([]byte("# keep me\n"), b...), 0o644)

	if _, err := Link(tmpl, Deployment{Name: "prod", StackName: "orders-prod"}); err != nil {
		t.Fatal(err)
	}
	if _, err := Link(tmpl, Deployment{Name: "default", StackName: "orders", Region: "eu-west-1"}); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(path)
	if !strings.Contains(string(b), "# keep me") {
		t.Errorf("comment lost:\n%s", b)
	}
	c, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	ds := c.Deployments(tmpl)
	if len(ds) != 2 || ds[0].Name != "default" || ds[0].Region != "eu-west-1" || ds[1].Name != "prod" {
		t.Fatalf("deployments %+v\n%s", ds, b)
	}
	if !strings.Contains(string(b), "orders.yaml:") {
		t.Errorf("template key not relative:\n%s", b)
	}
}

func TestTargetFor(t *testing.T) {
	root := t.TempDir()
	tmpl := filepath.Join(root, "orders.yaml")
	testutil.WriteFile(t, tmpl, "Resources: {}\n")
	testutil.WriteFile(t, tmpl+".params.json", `{"Env": "local"}`)

	// Unlinked: the launch's own parameter file and stack name.
	tg, err := TargetFor(tmpl, "", false)
	if err != nil || tg.Linked || tg.Deployment.StackName != "orders" || tg.Given["Env"] != "local" {
		t.Fatalf("unlinked target %+v %v", tg, err)
	}
	if _, err := TargetFor(tmpl, "prod", true); err == nil {
		t.Error("a named deployment without a workspace file")
	}

	testutil.WriteFile(t, filepath.Join(root, "dev.json"), `{"Env": "dev"}`)
	testutil.WriteFile(t, filepath.Join(root, ConfigName), "templates:\n  orders.yaml:\n    - {name: dev, stackName: orders-dev, parameterFiles: [dev.json]}\n    - {name: prod, stackName: orders-prod}\n")
	for _, tc := range []struct {
		name   string
		strict bool
		want   string
	}{{"", false, "dev"}, {"prod", true, "prod"}, {"qa", false, "dev"}, {"qa", true, "error"}} {
		tg, err := TargetFor(tmpl, tc.name, tc.strict)
		got := "error"
		if err == nil {
			got = tg.Deployment.Name
		}
		if got != tc.want {
			t.Errorf("TargetFor(%q, strict %v) = %s (%v), want %s", tc.name, tc.strict, got, err, tc.want)
		}
	}
	tg, _ = TargetFor(tmpl, "", false)
	if !tg.Linked || tg.Given["Env"] != "dev" || strings.Join(tg.Names, ",") != "dev,prod" {
		t.Errorf("linked target %+v", tg)
	}
}
