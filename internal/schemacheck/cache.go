package schemacheck

import (
	"fmt"
	"hash/maphash"
	"strings"
	"sync"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// Cache keeps the findings of each resource's checks (checkResource: its
// structure, type and properties, the bulk of a large template's analysis)
// from one analysis of a document to the next, so that after an edit only the
// resources whose text changed are checked again.
//
// A resource's findings depend on its own text and on facts read elsewhere:
// the parameters, conditions, mappings and transforms (the sections outside
// Resources), the types of the other resources (a GetAtt's attribute), the
// spec and the regions. (A resource judged with the properties of those it
// references, by cfn-lint's cfnGather rules, is not kept.) An entry is keyed by its text and by a hash of all of
// those, so any change to them misses. Findings are kept relative to the
// entry's first line, so an entry that moved is still found. One Cache serves
// one document; the analyses of different versions may share it side by side.
type Cache struct {
	mu sync.Mutex
	// cur holds what the newest analysis used or found; prev the one before,
	// whose entries not used again are dropped at the next analysis.
	cur, prev map[resourceKey][]diag.Diagnostic
}

type resourceKey struct {
	context, text [2]uint64
	char          int // the key's column: findings keep their characters
}

var seeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

func hash2(parts ...string) [2]uint64 {
	var out [2]uint64
	for i, seed := range seeds {
		var h maphash.Hash
		h.SetSeed(seed)
		for _, p := range parts {
			h.WriteString(p)
			h.WriteByte(0)
		}
		out[i] = h.Sum64()
	}
	return out
}

// begin starts an analysis: what the one before did not use goes.
func (c *Cache) begin() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.prev, c.cur = c.cur, map[resourceKey][]diag.Diagnostic{}
}

func (c *Cache) get(k resourceKey) ([]diag.Diagnostic, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ds, ok := c.cur[k]
	if !ok {
		if ds, ok = c.prev[k]; ok {
			c.cur[k] = ds
		}
	}
	return ds, ok
}

func (c *Cache) put(k resourceKey, ds []diag.Diagnostic) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cur[k] = ds
}

// resourceContext hashes what a resource's checks read outside the resource.
func resourceContext(t *template.Template, s *schema.Spec, regions []string) ([2]uint64, bool) {
	sec := t.Root.GetPair("Resources")
	if sec == nil {
		return [2]uint64{}, false
	}
	start, end := t.Lines.Offset(sec.Value.Range.Start), t.Lines.Offset(sec.Value.Range.End)
	var types strings.Builder
	for _, e := range t.Resources {
		types.WriteString(e.Name)
		types.WriteByte(0)
		types.WriteString(e.Type())
		types.WriteByte(0)
	}
	// The spec by identity: a spec loaded again is another one.
	spec := fmt.Sprintf("%p", s)
	return hash2(t.Text[:start], t.Text[end:], types.String(), spec, strings.Join(regions, ","), t.Format.String()), true
}

// checkResourceCached is checkResource through the cache.
func (c *checker) checkResourceCached(e *template.Entry, context [2]uint64) {
	l := c.t.Lines
	s, end := l.Offset(e.Key.Range.Start), l.Offset(e.Value.Range.End)
	if end < s {
		c.checkResource(e)
		return
	}
	first, last := e.Key.Range.Start.Line, e.Value.Range.End.Line
	k := resourceKey{context: context, text: hash2(c.t.Text[s:end]), char: e.Key.Range.Start.Char}
	if ds, ok := c.cache.get(k); ok {
		for _, d := range ds {
			c.out = append(c.out, moved(d, first))
		}
		return
	}
	n := len(c.out)
	if c.v != nil {
		c.v.ReadOthers = false
	}
	c.checkResource(e)
	if c.v != nil && c.v.ReadOthers {
		return // judged with the properties of resources it references: not kept
	}
	found := make([]diag.Diagnostic, 0, len(c.out)-n)
	for _, d := range c.out[n:] {
		if d.Range.Start.Line < first || d.Range.End.Line > last ||
			d.Fix != nil && (d.Fix.Range.Start.Line < first || d.Fix.Range.End.Line > last) {
			return // about something outside the entry: not kept
		}
		found = append(found, moved(d, -first))
	}
	c.cache.put(k, found)
}

// moved returns d with its ranges lines lines further down.
func moved(d diag.Diagnostic, lines int) diag.Diagnostic {
	d.Range.Start.Line += lines
	d.Range.End.Line += lines
	if d.Fix != nil {
		f := *d.Fix
		f.Range.Start.Line += lines
		f.Range.End.Line += lines
		d.Fix = &f
	}
	return d
}
