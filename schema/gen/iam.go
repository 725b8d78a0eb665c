package main

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
)

// readIAM reads cfn-lint's Policies.json (IAM service prefixes and their actions,
// in lower case) and gives the actions their usual case: from botocore's API
// operation names when botoDir (botocore's data directory) is set and names the
// action, else by splitting the name into words those operation names use,
// else lower case.
func readIAM(policies, botoDir string) (map[string][]string, error) {
	data, err := os.ReadFile(policies)
	if err != nil {
		return nil, err
	}
	var raw map[string]struct {
		Actions map[string]json.RawMessage `json:"Actions"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", policies, err)
	}
	ops, words := map[string]map[string]string{}, map[string]string{}
	if botoDir != "" {
		if ops, words, err = botocoreOperations(botoDir); err != nil {
			return nil, err
		}
	}
	out := make(map[string][]string, len(raw))
	for svc, s := range raw {
		svc = strings.ToLower(svc)
		names := make([]string, 0, len(s.Actions))
		for a := range s.Actions {
			a = strings.ToLower(a)
			if c, ok := ops[svc][a]; ok {
				names = append(names, c)
			} else {
				names = append(names, segment(a, words))
			}
		}
		sort.Slice(names, func(i, j int) bool { return strings.ToLower(names[i]) < strings.ToLower(names[j]) })
		out[svc] = names
	}
	return out, nil
}

// botocoreOperations returns, per signing name (which is the IAM service prefix
// for nearly every service), the operation names by their lower case, and the
// words operation names are made of, by their lower case.
func botocoreOperations(dir string) (map[string]map[string]string, map[string]string, error) {
	services, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		return nil, nil, err
	}
	ops, words := map[string]map[string]string{}, map[string]string{}
	for _, svc := range services {
		versions, _ := filepath.Glob(filepath.Join(svc, "*", "service-2.json*"))
		if len(versions) == 0 {
			continue
		}
		sort.Strings(versions)
		var model struct {
			Metadata struct {
				SigningName    string `json:"signingName"`
				EndpointPrefix string `json:"endpointPrefix"`
			} `json:"metadata"`
			Operations map[string]json.RawMessage `json:"operations"`
		}
		if err := readMaybeGzip(versions[len(versions)-1], &model); err != nil {
			return nil, nil, err
		}
		prefix := model.Metadata.SigningName
		if prefix == "" {
			prefix = model.Metadata.EndpointPrefix
		}
		prefix = strings.ToLower(prefix)
		if ops[prefix] == nil {
			ops[prefix] = map[string]string{}
		}
		for op := range model.Operations {
			ops[prefix][strings.ToLower(op)] = op
			for _, w := range splitWords(op) {
				w = strings.ToUpper(w[:1]) + w[1:] // a few operation names start in lower case
				lw := strings.ToLower(w)
				if old, ok := words[lw]; !ok || w < old {
					words[lw] = w // the smallest spelling, so that reruns agree
				}
			}
		}
	}
	return ops, words, nil
}

func readMaybeGzip(path string, v any) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		r = zr
	}
	if err := json.NewDecoder(r).Decode(v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// splitWords splits "GetObjectACLs2" into "Get", "Object", "ACLs2".
func splitWords(s string) []string {
	var out []string
	start := 0
	rs := []rune(s)
	for i := 1; i < len(rs); i++ {
		if unicode.IsUpper(rs[i]) && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) ||
			(i+1 < len(rs) && unicode.IsLower(rs[i+1]))) {
			out = append(out, string(rs[start:i]))
			start = i
		}
	}
	return append(out, string(rs[start:]))
}

// segment spells a lower-case action name as known words (each costs 1) and,
// where none fits, unknown chunks (each costs 3 plus its length, so known words
// win), capitalised.
func segment(a string, words map[string]string) string {
	if len(words) == 0 {
		return a
	}
	// cost[i] is the cheapest spelling of a[:i]; from[i] where its last word starts.
	cost := make([]int, len(a)+1)
	from := make([]int, len(a)+1)
	for i := 1; i <= len(a); i++ {
		cost[i] = -1
		for j := max(0, i-40); j < i; j++ {
			if cost[j] < 0 {
				continue
			}
			c := cost[j] + 3 + (i - j)
			if _, ok := words[a[j:i]]; ok {
				c = cost[j] + 1
			}
			if cost[i] < 0 || c < cost[i] {
				cost[i], from[i] = c, j
			}
		}
	}
	if cost[len(a)] < 0 {
		return a
	}
	var parts []string
	for i := len(a); i > 0; i = from[i] {
		w, ok := words[a[from[i]:i]]
		if !ok {
			w = strings.ToUpper(a[from[i]:from[i]+1]) + a[from[i]+1:i]
		}
		parts = append(parts, w)
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteString(parts[i])
	}
	return b.String()
}
