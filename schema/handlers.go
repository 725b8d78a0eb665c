package schema

import (
	"slices"
	"strings"
)

// Handlers are the IAM actions a resource type's provider performs as the
// caller (the registry schema's handlers.<name>.permissions), per handler: what
// the principal that creates, updates or deletes a resource of the type (the
// stack's service role, or the user) must be allowed. Each list is sorted and
// without repeats.
type Handlers struct {
	Create []string `json:"create,omitempty"`
	Update []string `json:"update,omitempty"`
	Delete []string `json:"delete,omitempty"`
}

// All returns the actions of every handler, sorted and without repeats.
func (h *Handlers) All() []string {
	if h == nil {
		return nil
	}
	return slices.Compact(slices.Sorted(slices.Values(slices.Concat(h.Create, h.Update, h.Delete))))
}

// RegistryHandlers reads the create, update and delete handlers' permissions
// of a registry schema document; nil when it lists none (schemas whose
// handlers were removed, as cfn-lint ships them, or types without handlers).
// Used by schema/gen and by the registry loader.
func RegistryHandlers(root map[string]any) *Handlers {
	hs, _ := root["handlers"].(map[string]any)
	perms := func(name string) []string {
		h, _ := hs[name].(map[string]any)
		var out []string
		for _, a := range StringList(h["permissions"]) {
			if a = strings.TrimSpace(a); a != "" {
				out = append(out, a)
			}
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	h := &Handlers{Create: perms("create"), Update: perms("update"), Delete: perms("delete")}
	if h.Create == nil && h.Update == nil && h.Delete == nil {
		return nil
	}
	return h
}
