package schema

import (
	"bytes"
	"compress/gzip"
	"io"
	"path"
	"slices"
	"sort"
	"strings"
)

// IAMServices returns the IAM service prefixes ("s3", "ec2", ...) whose actions
// the spec knows, sorted; nil when it has no IAM table. Specs loaded from files
// use the embedded table.
func (s *Spec) IAMServices() []string {
	f := s.iamFacts()
	if f == nil {
		return nil
	}
	return slices.Clone(f.iamServices)
}

// IAMActions returns the actions of an IAM service prefix (matched without
// regard to case), sorted without regard to case; nil when the service is
// unknown. Callers must not modify the list.
func (s *Spec) IAMActions(service string) []string {
	f := s.iamFacts()
	if f == nil {
		return nil
	}
	service = strings.ToLower(service)
	if v, ok := f.iamActions.Load(service); ok {
		return v.([]string)
	}
	joined, ok := f.iam[service]
	if !ok {
		return nil
	}
	v, _ := f.iamActions.LoadOrStore(service, strings.Split(joined, ","))
	return v.([]string)
}

// iamFacts returns the facts whose IAM table answers: the spec's own, else the
// embedded ones; nil when neither has one.
func (s *Spec) iamFacts() *facts {
	if s != nil && s.facts != nil && s.facts.iamTable() {
		return s.facts
	}
	if f := embeddedFacts(); f.iamTable() {
		return f
	}
	return nil
}

// iamTable decodes the IAM member on first use and reports whether there is
// one (a damaged one counts as none).
func (f *facts) iamTable() bool {
	if f.index() != nil {
		return false
	}
	f.iamOnce.Do(func() {
		if len(f.iamRaw) == 0 {
			return
		}
		zr, err := gzip.NewReader(bytes.NewReader(f.iamRaw))
		if err != nil {
			return
		}
		zr.Multistream(false)
		data, err := io.ReadAll(zr)
		if err != nil {
			return
		}
		t := map[string]string{}
		for line := range strings.Lines(string(data)) {
			svc, actions, ok := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
			if !ok {
				return
			}
			t[svc] = actions
			f.iamServices = append(f.iamServices, svc)
		}
		sort.Strings(f.iamServices)
		f.iam = t
	})
	return f.iam != nil
}

// MatchIAMActions returns the actions among a service's that action names,
// without regard to case: the one equal to it, or every one a pattern with * and
// ? wildcards matches.
func MatchIAMActions(actions []string, action string) []string {
	if !strings.ContainsAny(action, "*?") {
		for _, a := range actions {
			if strings.EqualFold(a, action) {
				return []string{a}
			}
		}
		return nil
	}
	var out []string
	pattern := strings.ToLower(action)
	for _, a := range actions {
		if ok, _ := path.Match(pattern, strings.ToLower(a)); ok {
			out = append(out, a)
		}
	}
	return out
}
