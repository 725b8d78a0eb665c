// Command gen writes cfn-lsp's embedded facts file from cfn-lint's data (its
// registry, extension and other schemas) and the SAM translator's schema
// (see sam.go):
//
//	go run ./schema/gen -cfnlint DIR [-sam FILE] [-runtimes FILE] [-policies FILE] [-botocore DIR] [-handlers DIR] -o schema/data/spec.json.gz
//
// DIR is cfn-lint's data/schemas/resources directory. The same type appears there
// once per region variant, and data/schemas/providers/<region>.py says which file
// each region uses: the facts hold each type's registry schema as us-east-1 has
// it (or as the first file by name has it, for types us-east-1 lacks), the JSON
// merge patch of every other variant with the regions that use it, and the
// regions that lack the type. The schemas of cfn-lint's rules (DIR/../extensions
// and DIR/../other) are held by path. Every schema loses its prose (descriptions,
// titles, documentation links) and the registry's bookkeeping no check reads
// (handler permissions, ordering hints). Resource types keep the schemas'
// lifecycle status. FILE is cfn-lint's Lambda runtime lifecycle table (default:
// DIR/../../AdditionalSpecs/LmbdRuntimeLifecycle.json; "-" leaves runtimes out).
// The IAM action table comes from cfn-lint's Policies.json (-policies, default
// DIR/../../AdditionalSpecs/Policies.json; "-" for none), its names cased from
// botocore's data directory when -botocore names one.
// The permissions of each type's create, update and delete handlers come from
// the whole registry schemas under -handlers (cfn-lint ships its schemas
// without their handlers; rain's module keeps them, which `make spec` names).
// Beside the output it writes cfn-lint's rule table (cfnlint-rules.json, read
// from the installed cfn-lint with -python; -rules names another file).
// The output holds facts only (no descriptions) and is byte-identical on rerun.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

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
	handlers := flag.String("handlers", "", "a directory of registry schemas with their handlers (rain's internal/aws/cfn/schemas), for the handlers' permissions (empty: none)")
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
	if err := run(*cfnlint, *providers, *sam, *python, *runtimes, *policies, *botocore, *handlers, *out); err != nil {
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

func run(resDir, provDir, samFile, python, runtimeFile, policies, botoDir, handlerDir, out string) error {
	byRegion, err := providers(provDir)
	if err != nil {
		return err
	}
	handlers, err := readHandlers(handlerDir)
	if err != nil {
		return fmt.Errorf("handlers' permissions: %w", err)
	}
	preferred := byRegion[schema.DefaultRegion]
	files, err := filepath.Glob(filepath.Join(resDir, "*.json"))
	if err != nil {
		return err
	}
	sort.Strings(files)
	byType := map[string][]string{} // typeName -> files, sorted
	docs := map[string]map[string]any{}
	for _, f := range files {
		doc, err := readJSON(f)
		if err != nil {
			return err
		}
		if name, _ := doc["typeName"].(string); name != "" {
			byType[name] = append(byType[name], f)
			docs[f] = strip(doc).(map[string]any)
		}
	}
	if len(byType) == 0 {
		return fmt.Errorf("%s: no registry schemas found", resDir)
	}
	var ga *getAtts
	if python != "" {
		if ga, err = cfnlintGetAtts(python); err != nil {
			return fmt.Errorf("reading cfn-lint's GetAtt lists (use -python= to skip): %w", err)
		}
	}
	regions := slices.Sorted(maps.Keys(byRegion))
	var types []schema.TypeFacts
	byName := map[string]*schema.ResourceType{}
	for _, name := range slices.Sorted(maps.Keys(byType)) {
		fs := byType[name]
		base := fs[0]
		if h, ok := preferred[name]; ok {
			if p := filepath.Join(resDir, h+".json"); slices.Contains(fs, p) {
				base = p
			}
		}
		tf := schema.TypeFacts{Name: name, Schema: docs[base], GetAtts: ga.of(name), Handlers: handlers[name]}
		variants := map[string][]string{} // file -> regions
		for _, r := range regions {
			h, ok := byRegion[r][name]
			if !ok {
				tf.Missing = append(tf.Missing, r)
				continue
			}
			if f := filepath.Join(resDir, h+".json"); f != base && docs[f] != nil {
				variants[f] = append(variants[f], r)
			}
		}
		for _, f := range slices.Sorted(maps.Keys(variants)) {
			if patch := schema.MergePatch(tf.Schema, docs[f]); len(patch) > 0 {
				tf.Variants = append(tf.Variants, schema.RegionVariant{Regions: variants[f], Patch: patch})
			}
		}
		types = append(types, tf)
		data, err := os.ReadFile(base)
		if err != nil {
			return err
		}
		rt, err := schema.ParseRegistrySchema(data)
		if err != nil {
			return fmt.Errorf("%s: %w", base, err)
		}
		byName[name] = schema.WithGetAtts(rt, tf.GetAtts)
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
	ruleSchemas, err := readRuleSchemas(filepath.Dir(resDir))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := schema.WriteFacts(&buf, schema.Facts{Types: types, SAM: samTypes, Regions: regions,
		Tables: schema.Tables{Runtimes: runtimes, IAM: iam}, Files: ruleSchemas}); err != nil {
		return err
	}
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		return err
	}
	nv, nh := 0, 0
	for _, t := range types {
		nv += len(t.Variants)
		if t.Handlers != nil {
			nh++
		}
	}
	fmt.Fprintf(os.Stderr, "gen: %d resource types (%d region variants, %d regions, %d with handlers' permissions), %d SAM types, %d Lambda runtimes, %d IAM services, %d rule schemas, %d bytes -> %s\n",
		len(types), nv, len(regions), nh, len(samTypes), len(runtimes), len(iam), len(ruleSchemas), buf.Len(), out)
	return nil
}

// providers reads cfn-lint's providers/<region>.py tables: per region, the
// type -> schema file hash table.
func providers(dir string) (map[string]map[string]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.py"))
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]string{}
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), ".py")
		if strings.HasPrefix(base, "_") {
			continue
		}
		m, err := typeTable(f)
		if err != nil {
			return nil, err
		}
		out[strings.ReplaceAll(base, "_", "-")] = m
	}
	if out[schema.DefaultRegion] == nil {
		return nil, fmt.Errorf("%s: no %s table", dir, schema.DefaultRegion)
	}
	return out, nil
}

// typeTable reads the type -> file hash table of one providers/<region>.py.
func typeTable(path string) (map[string]string, error) {
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

func readJSON(file string) (map[string]any, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return doc, nil
}

// readHandlers reads the handlers' permissions of the registry schemas under
// dir, by type name (none when dir is empty).
func readHandlers(dir string) (map[string]*schema.Handlers, error) {
	out := map[string]*schema.Handlers{}
	if dir == "" {
		return out, nil
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".json" {
			return err
		}
		doc, err := readJSON(p)
		if err != nil {
			return err
		}
		name, _ := doc["typeName"].(string)
		if h := schema.RegistryHandlers(doc); name != "" && h != nil {
			if out[name] != nil {
				return fmt.Errorf("%s: a second schema of %s", p, name)
			}
			out[name] = h
		}
		return nil
	})
	if err == nil && len(out) == 0 {
		err = fmt.Errorf("%s: no registry schema with handlers", dir)
	}
	return out, err
}

// readRuleSchemas reads the schemas of cfn-lint's rules under dir (its
// data/schemas): extensions/ and other/, by path, prose removed, repeated
// subschemas shared. A schema kept per region is split into one document per
// region, named path#region. A directory without them (a test tree) gives none.
func readRuleSchemas(dir string) (map[string]any, error) {
	out := map[string]any{}
	for _, sub := range []string{"extensions", "other"} {
		root := filepath.Join(dir, sub)
		if _, err := os.Stat(root); err != nil {
			continue
		}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(p) != ".json" {
				return err
			}
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			var doc any
			if err := json.Unmarshal(data, &doc); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			doc = strip(doc)
			m, ok := doc.(map[string]any)
			if !ok {
				out[filepath.ToSlash(rel)] = doc
				return nil
			}
			if _, regional := m[schema.DefaultRegion]; regional {
				// One document per region ("...json#eu-west-1"): a check decodes
				// the regions it is for only.
				for region, sub := range m {
					if sm, ok := sub.(map[string]any); ok {
						out[filepath.ToSlash(rel)+"#"+region] = share(sm, false)
					}
				}
				return nil
			}
			out[filepath.ToSlash(rel)] = share(m, false)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// prose are the keys of schema annotations that no check reads: text for
// people, and registry bookkeeping (handlers' permissions, documentation
// links, ordering hints).
var prose = map[string]bool{
	"description": true, "markdownDescription": true, "$comment": true, "examples": true, "title": true,
	"sourceUrl": true, "documentationUrl": true, "handlers": true, "propertyTransform": true,
	"relationshipRef": true, "insertionOrder": true, "deprecatedProperties": true, "replacementStrategy": true,
	"writeOnlyProperties": true, "additionalIdentifiers": true, "$schema": true, "resourceLink": true,
}

// named are the keywords whose values map names (of properties, definitions,
// patterns) to schemas: their keys are not annotations.
var named = map[string]bool{"properties": true, "patternProperties": true, "definitions": true, "dependencies": true}

// strip removes the prose annotations from a schema document.
func strip(v any) any {
	return stripIn(v, false)
}

func stripIn(v any, names bool) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			if !names && prose[k] {
				continue
			}
			out[k] = stripIn(e, !names && named[k])
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = stripIn(e, false)
		}
		return out
	}
	return v
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

// of returns cfn-lint's GetAtt knowledge of one type, nil when it has none.
func (ga *getAtts) of(name string) *schema.GetAtts {
	if ga == nil {
		return nil
	}
	g := &schema.GetAtts{All: slices.Contains(ga.All, name), Extra: slices.Sorted(slices.Values(ga.Exceptions[name]))}
	if !g.All && len(g.Extra) == 0 {
		return nil
	}
	return g
}
