package schema

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"sort"
	"strings"
)

// IAMServices returns the IAM service prefixes ("s3", "ec2", ...) whose actions
// the spec knows, sorted; nil when it has no IAM table. Specs loaded from files
// use the embedded table.
func (s *Spec) IAMServices() []string {
	t := s.iamTable()
	out := make([]string, 0, len(t))
	for svc := range t {
		out = append(out, svc)
	}
	sort.Strings(out)
	return out
}

// IAMActions returns the actions of an IAM service prefix (matched without
// regard to case), sorted without regard to case; nil when the service is unknown.
func (s *Spec) IAMActions(service string) []string {
	return s.iamTable()[strings.ToLower(service)]
}

func (s *Spec) iamTable() map[string][]string {
	if s != nil && s.facts != nil {
		if t := s.facts.iamTable(); t != nil {
			return t
		}
	}
	return embeddedFacts().iamTable()
}

// iamTable decodes the IAM member on first use; nil when there is none or it is damaged.
func (f *facts) iamTable() map[string][]string {
	if f.index() != nil {
		return nil
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
		var t map[string][]string
		if json.NewDecoder(bufio.NewReader(zr)).Decode(&t) == nil {
			f.iam = t
		}
	})
	return f.iam
}
