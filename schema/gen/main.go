// Command gen writes cfn-lsp's embedded facts file from cfn-lint's registry
// schemas and the SAM translator's schema (see sam.go):
//
//	go run ./schema/gen -cfnlint DIR [-sam FILE] [-runtimes FILE] [-policies FILE] [-botocore DIR] -o schema/data/spec.json.gz
//
// DIR is cfn-lint's data/schemas/resources directory. The same type appears there
// once per region variant; the file that data/schemas/providers/us_east_1.py names
// is preferred, other types are taken from the first file (by name) that has them.
// Resource types keep the schemas' lifecycle status. FILE is cfn-lint's Lambda
// runtime lifecycle table (default: DIR/../../AdditionalSpecs/LmbdRuntimeLifecycle.json;
// "-" leaves runtimes out). The IAM action table comes from cfn-lint's Policies.json
// (-policies, default DIR/../../AdditionalSpecs/Policies.json; "-" for none), its
// names cased from botocore's data directory when -botocore names one.
// Beside the output it writes cfn-lint's rule table (cfnlint-rules.json, read
// from the installed cfn-lint with -python; -rules names another file).
// The output holds facts only (no descriptions) and is byte-identical on rerun.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"

	"github.com/cfn-lsp/cfn-lsp/schema"
)

func main() {
	cfnlint := flag.String("cfnlint", "", "cfn-lint's data/schemas/resources directory")
	providers := flag.String("providers", "", "cfn-lint's providers directory (default: DIR/../providers)")
	sam := flag.String("sam", "", "the SAM translator's schema and Globals as schema/gen/sam.go's script prints them (default: run that script with -python)")
	python := flag.String("python", "python3", "Python with cfn-lint installed, to read its Fn::GetAtt exception lists (empty: skip)")
	runtimes := flag.String("runtimes", "", "cfn-lint's LmbdRuntimeLifecycle.json (default: DIR/../../AdditionalSpecs/LmbdRuntimeLifecycle.json; - for none)")
	policies := flag.String("policies", "", "cfn-lint's Policies.json (default: DIR/../../AdditionalSpecs/Policies.json; - for none)")
	botocore := flag.String("botocore", "", "botocore's data directory, to give IAM actions their case (empty: lower case)")
	out := flag.String("o", "schema/data/spec.json.gz", "output file")
	rules := flag.String("rules", "", "where to write cfn-lint's rule table, read with -python (default: cfnlint-rules.json beside -o; - for none)")
	flag.Parse()
	if *cfnlint == "" {
		flag.Usage()
		os.Exit(2)
	}
	if *providers == "" {
		*providers = filepath.Join(*cfnlint, "..", "providers")
	}
	if *runtimes == "" {
		*runtimes = filepath.Join(*cfnlint, "..", "..", "AdditionalSpecs", "LmbdRuntimeLifecycle.json")
	}
	if *policies == "" {
		*policies = filepath.Join(*cfnlint, "..", "..", "AdditionalSpecs", "Policies.json")
	}
	if err := run(*cfnlint, *providers, *sam, *python, *runtimes, *policies, *botocore, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if *rules == "" {
		*rules = filepath.Join(filepath.Dir(*out), "cfnlint-rules.json")
	}
	if *python != "" && *rules != "-" {
		if err := writeLintRules(*python, *rules); err != nil {
			fmt.Fprintln(os.Stderr, "gen: cfn-lint's rule table (use -rules=- to skip):", err)
			os.Exit(1)
		}
	}
}

func run(resDir, provDir, samFile, python, runtimeFile, policies, botoDir, out string) error {
	preferred, err := usEast1(filepath.Join(provDir, "us_east_1.py"))
	if err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(resDir, "*.json"))
	if err != nil {
		return err
	}
	sort.Strings(files)
	byType := map[string][]string{} // typeName -> files, sorted
	for _, f := range files {
		name, err := typeName(f)
		if err != nil {
			return err
		}
		if name != "" {
			byType[name] = append(byType[name], f)
		}
	}
	if len(byType) == 0 {
		return fmt.Errorf("%s: no registry schemas found", resDir)
	}
	var types []*schema.ResourceType
	byName := map[string]*schema.ResourceType{}
	for name, fs := range byType {
		file := fs[0]
		if h, ok := preferred[name]; ok {
			if p := filepath.Join(resDir, h+".json"); contains(fs, p) {
				file = p
			}
		}
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		rt, err := schema.ParseRegistrySchema(data)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		types = append(types, rt)
		byName[rt.Name] = rt
	}

	if python != "" {
		ga, err := cfnlintGetAtts(python)
		if err != nil {
			return fmt.Errorf("reading cfn-lint's GetAtt lists (use -python= to skip): %w", err)
		}
		ga.apply(byName)
	}

	samTypes, err := readSAMTypes(samFile, python, byName)
	if err != nil {
		return err
	}

	var runtimes []schema.LambdaRuntime
	if runtimeFile != "-" {
		data, err := os.ReadFile(runtimeFile)
		if err != nil {
			return fmt.Errorf("reading the Lambda runtime table (use -runtimes=- to skip): %w", err)
		}
		if runtimes, err = schema.ParseLambdaRuntimes(data); err != nil {
			return fmt.Errorf("%s: %w", runtimeFile, err)
		}
	}

	var iam map[string][]string
	if policies != "-" {
		if iam, err = readIAM(policies, botoDir); err != nil {
			return fmt.Errorf("IAM actions (use -policies=- to skip): %w", err)
		}
	}
	var buf bytes.Buffer
	if err := schema.WriteFacts(&buf, types, samTypes, schema.Tables{Runtimes: runtimes, IAM: iam}); err != nil {
		return err
	}
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: %d resource types, %d SAM types, %d Lambda runtimes, %d IAM services, %d bytes -> %s\n",
		len(types), len(samTypes), len(runtimes), len(iam), buf.Len(), out)
	return nil
}

// usEast1 reads the type -> file hash table of cfn-lint's providers/us_east_1.py.
func usEast1(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, g := range regexp.MustCompile(`"([A-Za-z0-9:]+)":\s*"([0-9a-f]+)"`).FindAllSubmatch(data, -1) {
		m[string(g[1])] = string(g[2])
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("%s: no type table found", path)
	}
	return m, nil
}

func typeName(file string) (string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	var head struct {
		TypeName string `json:"typeName"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return "", fmt.Errorf("%s: %w", file, err)
	}
	return head.TypeName, nil
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// getAtts holds cfn-lint's knowledge of Fn::GetAtt beyond readOnlyProperties:
// types whose every (non-list-of-object) property path is an attribute, and extra
// attribute names per type.
type getAtts struct {
	All        []string            `json:"all"`
	Exceptions map[string][]string `json:"exceptions"`
}

const getAttsScript = `import json
from cfnlint.schema._getatts import _all_property_types, _exceptions
print(json.dumps({"all": sorted(_all_property_types), "exceptions": _exceptions}))`

func cfnlintGetAtts(python string) (*getAtts, error) {
	out, err := exec.Command(python, "-c", getAttsScript).Output()
	if err != nil {
		return nil, err
	}
	var ga getAtts
	if err := json.Unmarshal(out, &ga); err != nil {
		return nil, err
	}
	if len(ga.All) == 0 {
		return nil, fmt.Errorf("empty list from cfn-lint")
	}
	return &ga, nil
}

func (ga *getAtts) apply(types map[string]*schema.ResourceType) {
	for _, name := range ga.All {
		if rt := types[name]; rt != nil {
			for pn, p := range rt.Properties {
				addPropertyAttrs(rt, pn, p.Type, map[string]bool{})
			}
		}
	}
	for name, props := range ga.Exceptions {
		rt := types[name]
		if rt == nil {
			continue
		}
		for _, pn := range props {
			if p := rt.Properties[pn]; p != nil && rt.Attributes[pn] == nil {
				rt.Attributes[pn] = &schema.Attribute{Name: pn, Type: p.Type}
			}
		}
	}
}

// addPropertyAttrs makes path an attribute, or for objects with known properties,
// each of their property paths. Lists of objects or lists are not addressable.
func addPropertyAttrs(rt *schema.ResourceType, path string, vt schema.ValueType, seen map[string]bool) {
	if obj := rt.PropertiesOf(&vt); obj != nil && vt.Kind.Has(schema.KindObject) {
		if seen[vt.Object] {
			return
		}
		seen[vt.Object] = true
		for pn, p := range obj.Properties {
			addPropertyAttrs(rt, path+"."+pn, p.Type, seen)
		}
		delete(seen, vt.Object)
		return
	}
	if vt.Kind.Has(schema.KindList) && vt.Item != nil && vt.Item.Kind&(schema.KindObject|schema.KindList|schema.KindMap) != 0 {
		return
	}
	if rt.Attributes[path] == nil {
		rt.Attributes[path] = &schema.Attribute{Name: path, Type: vt}
	}
}
