package schema

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// Lifecycle statuses of the service a resource type belongs to.
const (
	LifecycleShutdown    = "shutdown"    // the service is gone
	LifecycleSunset      = "sunset"      // the service is announced to shut down
	LifecycleMaintenance = "maintenance" // the service gets no new features
)

// Lifecycle is the lifecycle status of a resource type's service, when the
// source schema records one (registry schemas may carry a `lifecycle` keyword).
type Lifecycle struct {
	// Status is one of the Lifecycle* constants (other values may appear).
	Status string `json:"s"`
	// Date is when the status took or takes effect, "YYYY-MM-DD", or "".
	Date string `json:"d,omitempty"`
}

// LambdaRuntime is the support timeline of one Lambda runtime identifier.
// Dates are "YYYY-MM-DD"; an empty date is unknown.
type LambdaRuntime struct {
	Name string `json:"n"`
	// Deprecated is when the runtime stops receiving support.
	Deprecated string `json:"dep,omitempty"`
	// CreateBlock is from when functions can no longer be created with it.
	CreateBlock string `json:"cb,omitempty"`
	// UpdateBlock is from when functions using it can no longer be updated.
	UpdateBlock string `json:"ub,omitempty"`
	// Successor is the runtime to move to, or "" when none is named.
	Successor string `json:"s,omitempty"`
}

// DateLayout is the layout of lifecycle and runtime dates.
const DateLayout = "2006-01-02"

// ParseDate parses a lifecycle or runtime date; ok is false when d is empty or malformed.
func ParseDate(d string) (t time.Time, ok bool) {
	t, err := time.Parse(DateLayout, d)
	return t, err == nil
}

// Reached reports whether date (YYYY-MM-DD) is on or before the calendar day
// of now; an empty or malformed date is never reached.
func Reached(date string, now time.Time) bool {
	_, ok := ParseDate(date)
	return ok && date <= now.Format(DateLayout)
}

// LambdaRuntime returns the timeline of a Lambda runtime, or nil when the spec's
// source does not record it (only facts files written by schema/gen carry runtimes).
func (s *Spec) LambdaRuntime(name string) *LambdaRuntime {
	if s == nil || s.facts == nil {
		return nil
	}
	return s.facts.runtime(name)
}

// LambdaRuntimes returns every Lambda runtime the spec records, sorted by name.
func (s *Spec) LambdaRuntimes() []LambdaRuntime {
	if s == nil || s.facts == nil {
		return nil
	}
	return append([]LambdaRuntime(nil), s.facts.runtimeTable()...)
}

// runtimeTable decodes the runtime table on first use; a damaged or unsorted
// table counts as absent.
func (f *facts) runtimeTable() []LambdaRuntime {
	if f.index() != nil {
		return nil
	}
	f.runtimesOnce.Do(func() {
		var rs []LambdaRuntime
		if len(f.rawRuntimes) == 0 || json.Unmarshal(f.rawRuntimes, &rs) != nil {
			return
		}
		if sort.SliceIsSorted(rs, func(i, j int) bool { return rs[i].Name < rs[j].Name }) {
			f.runtimes = rs
		}
	})
	return f.runtimes
}

func (f *facts) runtime(name string) *LambdaRuntime {
	rs := f.runtimeTable()
	if rs == nil {
		return nil
	}
	i := sort.Search(len(rs), func(i int) bool { return rs[i].Name >= name })
	if i < len(rs) && rs[i].Name == name {
		return &rs[i]
	}
	return nil
}

// ParseLambdaRuntimes reads a runtime lifecycle table: a JSON object from runtime
// name to {"deprecated", "create-block", "update-block", "successor"} (the layout
// cfn-lint ships). The result is sorted by name. Used by schema/gen.
func ParseLambdaRuntimes(data []byte) ([]LambdaRuntime, error) {
	var raw map[string]struct {
		Deprecated  string  `json:"deprecated"`
		CreateBlock string  `json:"create-block"`
		UpdateBlock string  `json:"update-block"`
		Successor   *string `json:"successor"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	out := make([]LambdaRuntime, 0, len(raw))
	for name, r := range raw {
		for _, d := range []string{r.Deprecated, r.CreateBlock, r.UpdateBlock} {
			if _, ok := ParseDate(d); d != "" && !ok {
				return nil, fmt.Errorf("runtime %s: bad date %q", name, d)
			}
		}
		lr := LambdaRuntime{Name: name, Deprecated: r.Deprecated, CreateBlock: r.CreateBlock, UpdateBlock: r.UpdateBlock}
		if r.Successor != nil {
			lr.Successor = *r.Successor
		}
		out = append(out, lr)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// registryLifecycle reads a registry schema's `lifecycle` keyword, or nil.
func registryLifecycle(root map[string]any) *Lifecycle {
	m, ok := root["lifecycle"].(map[string]any)
	if !ok {
		return nil
	}
	status, _ := m["status"].(string)
	if status == "" {
		return nil
	}
	date, _ := m["date"].(string)
	return &Lifecycle{Status: status, Date: date}
}
