package server

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// snapshot is one immutable version of an open document. Its template is parsed
// on first use, once.
type snapshot struct {
	URI     protocol.DocumentURI
	Version int32
	Text    string
	doc     *document

	once sync.Once
	tmpl *template.Template
	// diags is the analysis of this version once it has run (code actions reuse it).
	diags atomic.Pointer[[]diag.Diagnostic]
}

// Template returns the parse of this exact version, parsing it if nobody has yet.
func (sn *snapshot) Template() *template.Template {
	sn.once.Do(func() {
		sn.tmpl = template.Parse(string(sn.URI), sn.Text)
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

type parsedVersion struct {
	snap *snapshot
	tmpl *template.Template
}

// document is an open document: its latest snapshot and its pending analysis.
type document struct {
	mu     sync.Mutex
	latest *snapshot
	timer  *time.Timer
	cancel context.CancelFunc // the analysis in flight, if any
	parsed atomic.Pointer[parsedVersion]
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

// setText records a new version of a document and returns its snapshot.
func (s *Server) setText(uri protocol.DocumentURI, version int32, text string) *snapshot {
	s.mu.Lock()
	d := s.docs[uri]
	if d == nil {
		d = &document{}
		s.docs[uri] = d
	}
	s.mu.Unlock()
	d.mu.Lock()
	defer d.mu.Unlock()
	sn := &snapshot{URI: uri, Version: version, Text: text, doc: d}
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
	d.mu.Lock()
	defer d.mu.Unlock()
	s.stopPending(d)
	d.latest = nil
}
