package server

import (
	"encoding/json"
	"fmt"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/schema"
)

// Settings are the client's `cfn-lsp` settings.
type Settings struct {
	Spec string `json:"spec"`
	AWS  struct {
		Region      string `json:"region"`
		Profile     string `json:"profile"`
		EndpointURL string `json:"endpointUrl"`
		S3Bucket    string `json:"s3Bucket"`
		// CheckPermissions simulates the caller against the template's
		// policy before a launch and warns of what is missing.
		CheckPermissions bool `json:"checkPermissions"`
	} `json:"aws"`
	IgnoreRules []string `json:"ignoreRules"`
	Security    struct {
		Enabled     bool `json:"enabled"`
		FailAsError bool `json:"failAsError"`
	} `json:"security"`
	RulesDir string `json:"rulesDir"`
	Validate struct {
		OnChange bool `json:"onChange"`
	} `json:"validate"`
	// Deployment names the deployment (in .cfn-lsp.yaml) that previews, hints
	// and drift are for; "" or a name a template lacks: its first.
	Deployment string `json:"deployment"`

	// RegistrySchemas are directories, zips or files of registry schemas for
	// private and third-party resource types, added to the spec.
	RegistrySchemas []string `json:"registrySchemas"`

	Workspace struct {
		// UnresolvedImports is how an import no template of the workspace
		// exports is reported: "information" (I6202, the default: the export
		// may live in another repository) or "warning" (W6202).
		UnresolvedImports string `json:"unresolvedImports"`
	} `json:"workspace"`
}

// DefaultSettings are the settings before the client sends any.
func DefaultSettings() Settings {
	var st Settings
	st.Security.Enabled = true
	st.Validate.OnChange = true
	return st
}

// parseSettings reads settings sent by a client: either the `cfn-lsp` object
// itself or an object holding it under "cfn-lsp"; nested or flat dotted keys.
// Keys left out keep their current values.
func parseSettings(raw any, base Settings) Settings {
	m, ok := raw.(map[string]any)
	if !ok {
		return base
	}
	if inner, ok := m["cfn-lsp"].(map[string]any); ok {
		m = inner
	}
	m = nestDotted(m)
	b, err := json.Marshal(m)
	if err != nil {
		return base
	}
	st := base
	if err := json.Unmarshal(b, &st); err != nil {
		return base
	}
	return st
}

// nestDotted turns {"aws.region": "x"} into {"aws": {"region": "x"}}.
func nestDotted(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		k = strings.TrimPrefix(k, "cfn-lsp.")
		parts := strings.Split(k, ".")
		cur := out
		for _, p := range parts[:len(parts)-1] {
			next, ok := cur[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				cur[p] = next
			}
			cur = next
		}
		if sub, ok := v.(map[string]any); ok {
			sub = nestDotted(sub)
			if prev, ok := cur[parts[len(parts)-1]].(map[string]any); ok {
				for kk, vv := range sub {
					prev[kk] = vv
				}
				continue
			}
			v = sub
		}
		cur[parts[len(parts)-1]] = v
	}
	return out
}

func (s *Server) currentSettings() Settings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settings
}

// updateSettings applies new settings and re-analyses the open documents.
func (s *Server) updateSettings(st Settings) {
	s.mu.Lock()
	switched := s.settings.Deployment != st.Deployment
	s.settings = st
	uris := make([]string, 0, len(s.docs))
	for u := range s.docs {
		uris = append(uris, string(u))
	}
	s.mu.Unlock()
	s.resetCustomRules()
	for _, u := range uris {
		s.schedule(uriOf(u), 0)
	}
	if switched {
		s.deploymentSwitched()
		s.index().SetDeployment(st.Deployment)
	}
}

// currentSpec returns the resource specification chosen by --spec, the `spec`
// setting, the user cache or the embedded default, in that order, with the
// registry schemas of --registry-schemas or the `registrySchemas` setting. A
// spec that fails to load is said to the user, once, with the spec used
// instead (the cached one, else the embedded default).
func (s *Server) currentSpec() *schema.Spec {
	st := s.currentSettings()
	path, registry := s.opts.SpecPath, s.opts.RegistrySchemas
	if path == "" {
		path = st.Spec
	}
	if len(registry) == 0 {
		registry = st.RegistrySchemas
	}
	key := strings.Join(append([]string{path}, registry...), "\x00")
	s.specMu.Lock()
	defer s.specMu.Unlock()
	if s.spec != nil && s.specPath == key {
		return s.spec
	}
	sp, err := schema.Resolve(path)
	if err == nil {
		sp, err = sp.WithRegistrySchemas(registry)
	}
	if err != nil {
		fallback := schema.Default()
		if path != "" {
			if cached, err := schema.Resolve(""); err == nil {
				fallback = cached
			}
		}
		what := "the embedded default spec"
		if fallback.Source() != schema.Default().Source() {
			what = "the spec at " + fallback.Source()
		}
		if !strings.Contains(err.Error(), path) {
			err = fmt.Errorf("%s: %w", path, err)
		}
		msg := fmt.Sprintf("cfn-lsp cannot load the spec: %v; checking with %s instead", err, what)
		s.log.Print(msg)
		s.showMessage(protocol.MessageTypeWarning, msg)
		sp = fallback
	}
	s.spec, s.specPath = sp, key
	return sp
}
