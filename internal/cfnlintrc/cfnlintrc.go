// Package cfnlintrc reads cfn-lint's configuration files (.cfnlintrc,
// .cfnlintrc.yaml, .cfnlintrc.yml) where cfn-lint finds them, checks them
// against the keys cfn-lint accepts and merges them as cfn-lint does, so that a
// repository's existing configuration applies to `cfn-lsp check` unchanged.
package cfnlintrc

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
)

// Names are the file names cfn-lint looks for, in this order, first in the
// home directory (the user's configuration), then in the current directory
// (the project's). It does not look in parent directories.
var Names = []string{".cfnlintrc", ".cfnlintrc.yaml", ".cfnlintrc.yml"}

// maxSize bounds a configuration file.
const maxSize = 1 << 20

// Config is the merged configuration. Keys absent from every file are zero.
type Config struct {
	Templates           []string
	IgnoreTemplates     []string
	IgnoreChecks        []string
	IncludeChecks       []string
	MandatoryChecks     []string
	Regions             []string
	ConfigureRules      map[string]map[string]any
	Format              string
	OutputFile          string
	NonZeroExitCode     string
	IgnoreBadTemplate   bool
	IncludeExperimental bool
	MergeConfigs        bool
	Debug               bool
	// Unsupported lists the keys present that name cfn-lint features cfn-lsp
	// does not have (Python rule directories, spec patches...), sorted.
	Unsupported []string
	// Files are the files read, lowest precedence first.
	Files []string
}

// kind is the shape cfn-lint's configuration schema gives a key
// (cfnlint/data/CfnLintCli/config/schema.json).
type kind int

const (
	kindList kind = iota // a list of strings
	kindString
	kindBool
	kindObjects // a list of mappings
	kindRuleSettings
)

type key struct {
	kind        kind
	enum        []string
	unsupported bool
}

var keys = map[string]key{
	"templates":            {kind: kindList},
	"ignore_templates":     {kind: kindList},
	"ignore_checks":        {kind: kindList},
	"include_checks":       {kind: kindList},
	"mandatory_checks":     {kind: kindList},
	"regions":              {kind: kindList},
	"configure_rules":      {kind: kindRuleSettings},
	"format":               {kind: kindString, enum: []string{"quiet", "parseable", "json", "junit", "pretty", "sarif"}},
	"output_file":          {kind: kindString},
	"non_zero_exit_code":   {kind: kindString, enum: []string{"informational", "warning", "error", "none"}},
	"ignore_bad_template":  {kind: kindBool},
	"include_experimental": {kind: kindBool},
	"merge_configs":        {kind: kindBool},
	"debug":                {kind: kindBool},
	"append_rules":         {kind: kindList, unsupported: true},
	"registry_schemas":     {kind: kindList, unsupported: true},
	"deployment_files":     {kind: kindList, unsupported: true},
	"parameter_files":      {kind: kindList, unsupported: true},
	"parameters":           {kind: kindObjects, unsupported: true},
	"template_parameters":  {kind: kindObjects, unsupported: true},
	"custom_rules":         {kind: kindString, unsupported: true},
	"override_spec":        {kind: kindString, unsupported: true},
}

// Find returns the user's and the project's configuration files, as cfn-lint
// looks for them in home and cwd; "" where there is none.
func Find(home, cwd string) (user, project string) {
	return first(home), first(cwd)
}

func first(dir string) string {
	if dir == "" {
		return ""
	}
	for _, n := range Names {
		p := filepath.Join(dir, n)
		if _, ok := fileio.Regular(p); ok {
			return p
		}
	}
	return ""
}

// Load reads the configuration: explicit alone when it is given (cfn-lint's
// --config-file), else the user's file under home merged with the project's
// under cwd, the project's winning key by key (nested rule settings merge).
func Load(explicit, home, cwd string) (*Config, error) {
	var files []string
	if explicit != "" {
		files = []string{explicit}
	} else {
		user, project := Find(home, cwd)
		for _, f := range []string{user, project} {
			if f != "" {
				files = append(files, f)
			}
		}
	}
	merged := map[string]any{}
	for _, f := range files {
		m, err := read(f)
		if err != nil {
			return nil, err
		}
		merge(merged, m)
	}
	c := build(merged)
	c.Files = files
	return c, nil
}

// read parses and validates one file.
func read(path string) (map[string]any, error) {
	data, err := fileio.ReadFile(path, maxSize)
	if err != nil {
		return nil, err
	}
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if doc == nil {
		return map[string]any{}, nil
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: the configuration must be a mapping of cfn-lint's keys", path)
	}
	for _, name := range slices.Sorted(maps.Keys(m)) {
		if err := validate(name, m[name]); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return m, nil
}

func validate(name string, v any) error {
	k, ok := keys[name]
	if !ok {
		return fmt.Errorf("invalid configuration key %q (cfn-lint's keys: %s)", name, strings.Join(slices.Sorted(maps.Keys(keys)), ", "))
	}
	typeErr := func(want string) error { return fmt.Errorf("invalid type for %q: expected %s", name, want) }
	switch k.kind {
	case kindList:
		l, ok := v.([]any)
		if !ok {
			return typeErr("a list of strings")
		}
		for _, it := range l {
			if _, ok := it.(string); !ok {
				return typeErr("a list of strings")
			}
		}
	case kindObjects:
		l, ok := v.([]any)
		if !ok {
			return typeErr("a list of mappings")
		}
		for _, it := range l {
			if _, ok := it.(map[string]any); !ok {
				return typeErr("a list of mappings")
			}
		}
	case kindString:
		s, ok := v.(string)
		if !ok {
			return typeErr("a string")
		}
		if k.enum != nil && !slices.Contains(k.enum, s) {
			return fmt.Errorf("invalid value %q for %q: one of %s", s, name, strings.Join(k.enum, ", "))
		}
	case kindBool:
		if _, ok := v.(bool); !ok {
			return typeErr("true or false")
		}
	case kindRuleSettings:
		m, ok := v.(map[string]any)
		if !ok {
			return typeErr("a mapping of rule ids to settings")
		}
		for id, settings := range m {
			if _, ok := settings.(map[string]any); !ok {
				return fmt.Errorf("invalid type for \"configure_rules.%s\": expected a mapping of settings", id)
			}
		}
	}
	return nil
}

// merge copies src over dst, key by key; mappings on both sides merge
// recursively (cfn-lint's ConfigFileArgs.merge_config).
func merge(dst, src map[string]any) {
	for k, v := range src {
		dm, ok1 := dst[k].(map[string]any)
		sm, ok2 := v.(map[string]any)
		if ok1 && ok2 {
			merge(dm, sm)
			continue
		}
		dst[k] = v
	}
}

func build(m map[string]any) *Config {
	c := &Config{}
	// Each key's value goes to its field; the field's type is the key's kind.
	for name, field := range map[string]any{
		"templates":            &c.Templates,
		"ignore_templates":     &c.IgnoreTemplates,
		"ignore_checks":        &c.IgnoreChecks,
		"include_checks":       &c.IncludeChecks,
		"mandatory_checks":     &c.MandatoryChecks,
		"regions":              &c.Regions,
		"format":               &c.Format,
		"output_file":          &c.OutputFile,
		"non_zero_exit_code":   &c.NonZeroExitCode,
		"ignore_bad_template":  &c.IgnoreBadTemplate,
		"include_experimental": &c.IncludeExperimental,
		"merge_configs":        &c.MergeConfigs,
		"debug":                &c.Debug,
	} {
		switch f := field.(type) {
		case *[]string:
			l, _ := m[name].([]any)
			for _, it := range l {
				*f = append(*f, it.(string))
			}
		case *string:
			*f, _ = m[name].(string)
		case *bool:
			*f, _ = m[name].(bool)
		}
	}
	if rc, ok := m["configure_rules"].(map[string]any); ok {
		c.ConfigureRules = map[string]map[string]any{}
		for id, settings := range rc {
			c.ConfigureRules[id] = settings.(map[string]any)
		}
	}
	for name := range m {
		if keys[name].unsupported {
			c.Unsupported = append(c.Unsupported, name)
		}
	}
	slices.Sort(c.Unsupported)
	return c
}

// Home is the directory cfn-lint reads the user's configuration from; "" when
// the system has none.
func Home() string {
	h, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return h
}
