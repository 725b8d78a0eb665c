package server

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/analysis"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// snapshot is one immutable version of an open document. Its template is parsed
// on first use, once: from the template of the version before (base) when there
// is one, re-parsing only what the change touched (template.Reparse).
type snapshot struct {
	URI     protocol.DocumentURI
	Version int32
	Text    string
	doc     *document

	once sync.Once
	tmpl *template.Template
	// base is the version this one was edited from, until this one is parsed;
	// depth counts the versions in the chain of bases not parsed yet.
	base   *snapshot
	depth  int
	parsed atomic.Bool
	// lines is the line index of Text when a change built it (didChange
	// updates the one of the version before), or nil.
	lines *template.Lines
	// diags is the analysis of this version once it has run (code actions reuse it).
	diags atomic.Pointer[[]diag.Diagnostic]
}

// Template returns the parse of this exact version, parsing it if nobody has yet.
func (sn *snapshot) Template() *template.Template {
	sn.once.Do(func() {
		if sn.base != nil {
			sn.tmpl = template.Reparse(sn.base.Template(), sn.Text)
		} else {
			sn.tmpl = template.Parse(string(sn.URI), sn.Text)
		}
		sn.base = nil // the old version may go
		sn.parsed.Store(true)
		sn.doc.recordParse(sn)
	})
	return sn.tmpl
}

// Parsed returns the parse of this version if it is already done, or nil. It never blocks.
func (sn *snapshot) Parsed() *template.Template {
	if p := sn.doc.parsed.Load(); p != nil && p.snap == sn {
		return p.tmpl
	}
	return nil
}

// LastParsed returns the newest parse of the document that is already done: this
// version's, or an older one's while this version is still being parsed. Completion
// uses it to answer at once after an edit; nil when nothing was parsed yet.
func (sn *snapshot) LastParsed() *template.Template {
	if p := sn.doc.parsed.Load(); p != nil {
		return p.tmpl
	}
	return nil
}

// Settled returns a template to answer a request at pos from without waiting:
// this version's once its analysis is done (the reference index every request
// reads is built by then), else the last analysed version's while this one is
// analysed, provided the two texts have the same lines and the same line at
// pos (the edit was elsewhere), else this version's.
func (sn *snapshot) Settled(pos template.Pos) *template.Template {
	if sn.diags.Load() != nil {
		return sn.Template()
	}
	a := sn.doc.analysed.Load()
	lines := sn.lines
	if p := sn.Parsed(); p != nil {
		lines = p.Lines
	}
	if a == nil || a == sn || lines == nil || a.Version > sn.Version {
		return sn.Template()
	}
	at := a.Template()
	if at.Lines.Count() != lines.Count() || at.Lines.Line(pos.Line) != lines.Line(pos.Line) {
		return sn.Template()
	}
	return at
}

// Analysed returns the last analysed version's template (whose reference
// index is built), or the last parse (see LastParsed) until one is analysed.
func (sn *snapshot) Analysed() *template.Template {
	if a := sn.doc.analysed.Load(); a != nil {
		return a.Template()
	}
	return sn.LastParsed()
}

type parsedVersion struct {
	snap *snapshot
	tmpl *template.Template
}

// document is an open document: its latest snapshot and its pending analysis.
type document struct {
	mu     sync.Mutex
	pub    sync.Mutex // held while publishing (see publish); taken before mu
	latest *snapshot
	timer  *time.Timer
	cancel context.CancelFunc // the analysis in flight, if any
	parsed atomic.Pointer[parsedVersion]
	// cost is how long the last analysis that ran to its end took (parse
	// included), and inflight the version whose analysis is pending or running
	// (d.mu): the debounce adapts to them.
	cost     atomic.Int64
	inflight *snapshot
	// analysed is the newest version whose analysis ran to its end.
	analysed atomic.Pointer[snapshot]
	// cache is what the analysis of one version lends the next.
	cache *analysis.Cache
}

func (d *document) recordParse(sn *snapshot) {
	for {
		old := d.parsed.Load()
		if old != nil && old.snap.Version > sn.Version {
			return
		}
		if d.parsed.CompareAndSwap(old, &parsedVersion{snap: sn, tmpl: sn.tmpl}) {
			return
		}
	}
}

// snapshot returns the latest snapshot of an open document, or nil.
func (s *Server) snapshot(uri protocol.DocumentURI) *snapshot {
	s.mu.Lock()
	d := s.docs[uri]
	s.mu.Unlock()
	if d == nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.latest
}

// maxBases bounds a chain of versions none of which was parsed: each holds its
// text until the newest is parsed.
const maxBases = 8

// setText records a new version of a document and returns its snapshot. An
// edit (edited) parses from the version before, once that one is parsed or
// will be soon. lines, when not nil, is text's line index.
func (s *Server) setText(uri protocol.DocumentURI, version int32, text string, edited bool, lines *template.Lines) *snapshot {
	s.mu.Lock()
	d := s.docs[uri]
	if d == nil {
		d = &document{cache: analysis.NewCache()}
		s.docs[uri] = d
	}
	s.mu.Unlock()
	d.mu.Lock()
	defer d.mu.Unlock()
	sn := &snapshot{URI: uri, Version: version, Text: text, doc: d, lines: lines}
	if prev := d.latest; edited && prev != nil {
		switch {
		case prev.parsed.Load():
			sn.base, sn.depth = prev, 1
		case prev.depth < maxBases:
			sn.base, sn.depth = prev, prev.depth+1
		}
	}
	d.latest = sn
	return sn
}

// closeDoc forgets a document and cancels its analysis.
func (s *Server) closeDoc(uri protocol.DocumentURI) {
	s.mu.Lock()
	d := s.docs[uri]
	delete(s.docs, uri)
	s.mu.Unlock()
	if d == nil {
		return
	}
	d.pub.Lock() // a publication under way ends before the client's diagnostics are cleared
	defer d.pub.Unlock()
	d.mu.Lock()
	defer d.mu.Unlock()
	s.stopPending(d)
	d.latest = nil
}
