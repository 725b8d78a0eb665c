package deploy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Param describes one template parameter.
type Param struct {
	Name          string
	Type          string
	Default       string
	HasDefault    bool
	NoEcho        bool
	AllowedValues []string
	Description   string
}

// Parameters lists a template's parameters in document order.
func Parameters(t *template.Template) []Param {
	var out []Param
	for _, e := range t.Parameters {
		p := Param{Name: e.Name}
		p.Type, _ = e.Get("Type").Str()
		p.Description, _ = e.Get("Description").Str()
		if d := e.Get("Default"); d != nil {
			p.Default, p.HasDefault = scalarOrList(d)
		}
		if ne, ok := e.Get("NoEcho").Str(); ok {
			p.NoEcho = strings.EqualFold(ne, "true")
		}
		if av := e.Get("AllowedValues"); av != nil && av.Kind == template.Sequence {
			for _, it := range av.Items {
				if s, ok := it.Str(); ok {
					p.AllowedValues = append(p.AllowedValues, s)
				}
			}
		}
		out = append(out, p)
	}
	return out
}

// scalarOrList returns a Default as CloudFormation reads it: a scalar, or a
// list joined by commas (for List<...> parameters).
func scalarOrList(n *template.Node) (string, bool) {
	if s, ok := n.Str(); ok {
		return s, true
	}
	if n.Kind == template.Sequence {
		var parts []string
		for _, it := range n.Items {
			s, ok := it.Str()
			if !ok {
				return "", false
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, ","), true
	}
	if n.Kind == template.Null {
		return "", true
	}
	return "", false
}

// ParamsFileFor returns the parameters file that belongs beside a template:
// `<template>.params.json`.
func ParamsFileFor(templatePath string) string { return templatePath + ".params.json" }

// maxParamsFile bounds a parameters file (CloudFormation takes at most 200
// parameters of at most 4 KB each).
const maxParamsFile = 1 << 20

// ReadParamsFile reads a parameters file: the AWS CLI form
// `[{"ParameterKey": K, "ParameterValue": V}]`, a `{K: V}` map, or a
// `{"Parameters": {K: V}}` template configuration file. Numbers and booleans
// become their text; lists are joined with commas.
func ReadParamsFile(path string) (map[string]string, error) {
	data, err := fileio.ReadFile(path, maxParamsFile)
	if err != nil {
		return nil, err
	}
	m, err := ParseParams(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// ParseParams parses the contents of a parameters file (see ReadParamsFile).
func ParseParams(data []byte) (map[string]string, error) {
	data = bytes.TrimSpace(data)
	out := map[string]string{}
	if len(data) == 0 {
		return out, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("invalid parameters file: %w", err)
	}
	switch v := v.(type) {
	case []any:
		for i, item := range v {
			m, ok := item.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("invalid parameters file: item %d is not an object", i+1)
			}
			key, _ := m["ParameterKey"].(string)
			if key == "" {
				return nil, fmt.Errorf("invalid parameters file: item %d has no ParameterKey", i+1)
			}
			if val, ok := m["ParameterValue"]; ok {
				s, err := paramText(val)
				if err != nil {
					return nil, fmt.Errorf("invalid parameters file: %s: %w", key, err)
				}
				out[key] = s
			}
		}
	case map[string]any:
		if inner, ok := v["Parameters"].(map[string]any); ok && len(v) <= 3 {
			v = inner // template configuration file: {Parameters, Tags, StackPolicy}
		}
		for key, val := range v {
			s, err := paramText(val)
			if err != nil {
				return nil, fmt.Errorf("invalid parameters file: %s: %w", key, err)
			}
			out[key] = s
		}
	default:
		return nil, fmt.Errorf("invalid parameters file: expected a list of {ParameterKey, ParameterValue} or an object")
	}
	return out, nil
}

func paramText(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case json.Number:
		return v.String(), nil
	case bool:
		return fmt.Sprint(v), nil
	case []any:
		parts := make([]string, 0, len(v))
		for _, it := range v {
			s, err := paramText(it)
			if err != nil {
				return "", err
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("value must be a string, number, boolean or list")
}

// Resolution is the outcome of resolving a template's parameter values.
type Resolution struct {
	// Values are the explicit values to send (given or from the parameters file).
	Values map[string]string
	// Defaulted lists the parameters left to the template's Default.
	Defaulted []string
	// Missing lists the parameters with no value and no Default.
	Missing []string
	// Unknown lists given names the template does not declare.
	Unknown []string
}

// Resolve decides each parameter's value: given values first, then the
// parameters file's, then the template's Default. Names are reported in
// template order; unknown given names are reported sorted.
func Resolve(params []Param, given, fromFile map[string]string) Resolution {
	r := Resolution{Values: map[string]string{}}
	declared := map[string]bool{}
	for _, p := range params {
		declared[p.Name] = true
		if v, ok := given[p.Name]; ok {
			r.Values[p.Name] = v
		} else if v, ok := fromFile[p.Name]; ok {
			r.Values[p.Name] = v
		} else if p.HasDefault {
			r.Defaulted = append(r.Defaulted, p.Name)
		} else {
			r.Missing = append(r.Missing, p.Name)
		}
	}
	for k := range given {
		if !declared[k] {
			r.Unknown = append(r.Unknown, k)
		}
	}
	sort.Strings(r.Unknown)
	return r
}

var (
	invalidNameChars = regexp.MustCompile(`[^a-zA-Z0-9-]+`)
	dashes           = regexp.MustCompile(`-{2,}`)
)

// maxStackName is CloudFormation's limit on stack names.
const maxStackName = 128

// StackName derives a stack name from a template's file name, sanitised to
// CloudFormation's rules ([a-zA-Z][-a-zA-Z0-9]*, at most 128 characters):
// "my_app.template.yaml" -> "my-app".
func StackName(templatePath string) string {
	base := filepath.Base(templatePath)
	for {
		ext := strings.ToLower(filepath.Ext(base))
		switch ext {
		case ".yaml", ".yml", ".json", ".template", ".cfn", ".txt":
			base = strings.TrimSuffix(base, base[len(base)-len(ext):])
			continue
		}
		break
	}
	name := invalidNameChars.ReplaceAllString(base, "-")
	name = dashes.ReplaceAllString(name, "-")
	name = strings.Trim(name, "-")
	if name == "" {
		return "stack"
	}
	if c := name[0]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
		name = "stack-" + name
	}
	if len(name) > maxStackName {
		name = strings.TrimRight(name[:maxStackName], "-")
	}
	return name
}

// ValidStackName reports whether name satisfies CloudFormation's rules.
func ValidStackName(name string) bool {
	return len(name) <= maxStackName && stackNameRE.MatchString(name)
}

var stackNameRE = regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]*$`)
