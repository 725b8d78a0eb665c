package server

import (
	"context"
	"time"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/analysis"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// schedule arranges for the latest version of a document to be analysed after
// delay, cancelling any analysis of an older version that is still running.
func (s *Server) schedule(uri protocol.DocumentURI, delay time.Duration) {
	s.mu.Lock()
	d := s.docs[uri]
	s.mu.Unlock()
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	s.stopPending(d)
	sn := d.latest
	ctx, cancel := context.WithCancel(context.Background())
	d.cancel = cancel
	d.inflight = sn
	s.bg.Add(1)
	d.timer = time.AfterFunc(delay, func() {
		defer s.bg.Done()
		s.analyze(ctx, sn)
	})
}

// instantAnalysis is an analysis short enough to run on every change.
const instantAnalysis = 10 * time.Millisecond

// debounce returns how long to wait after a change to d before analysing it.
// An analysis that costs little runs at once; so does any when no analysis of
// the document is pending or running (the change came after the last one was
// published: nothing is typing faster than the analysis). In a burst of
// changes faster than the analysis, each waits for the next, as long as an
// analysis takes and at most the configured debounce, so that analyses that
// would be superseded do not pile up.
func (s *Server) debounce(d *document) time.Duration {
	cost := time.Duration(d.cost.Load())
	d.mu.Lock()
	busy := d.inflight != nil
	d.mu.Unlock()
	if cost < instantAnalysis || !busy {
		return 0
	}
	return min(cost, s.opts.Debounce)
}

// stopPending cancels a document's pending or running analysis; d.mu is held.
func (s *Server) stopPending(d *document) {
	if d.timer != nil && d.timer.Stop() {
		s.bg.Done() // the timer will not fire: its analysis never starts
	}
	d.timer = nil
	if d.cancel != nil {
		d.cancel()
		d.cancel = nil
	}
}

// analyze runs the analysis of one snapshot and publishes its diagnostics unless
// a newer version superseded it meanwhile.
func (s *Server) analyze(ctx context.Context, sn *snapshot) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Printf("panic analysing %s: %v", sn.URI, p)
		}
		d := sn.doc
		d.mu.Lock()
		if d.inflight == sn {
			d.inflight = nil // nothing pending: the next change is analysed at once
		}
		d.mu.Unlock()
	}()
	if ctx.Err() != nil {
		return
	}
	if sn.doc.analysed.Load() == nil {
		defer endStartup() // after the first analysis's own pause ends
		defer liftHeapLimit(len(sn.Text))()
	}
	start := time.Now()
	t := sn.Template()
	// The index summarises the parse (a large template's takes a tenth of
	// its first analysis) beside the checks; the workspace findings, a Late
	// stage, wait for it, and so does the end of analyze.
	indexed := make(chan struct{})
	go func() {
		defer close(indexed)
		defer func() {
			if p := recover(); p != nil {
				s.log.Printf("panic indexing %s: %v", sn.URI, p)
			}
		}()
		s.indexDocument(sn, t)
	}()
	defer func() { <-indexed }()
	opts := s.analysisOptions()
	opts.Cache = sn.doc.cache
	opts.Late = append([]func(*template.Template) []diag.Diagnostic{func(*template.Template) []diag.Diagnostic {
		<-indexed
		return nil
	}}, opts.Late...)
	ds, err := analysis.Analyze(ctx, t, s.currentSpec(), opts)
	if err != nil {
		return
	}
	sn.doc.cost.Store(int64(time.Since(start)))
	tuneHeapLimit()
	for {
		a := sn.doc.analysed.Load()
		if a != nil && a.Version >= sn.Version || sn.doc.analysed.CompareAndSwap(a, sn) {
			break
		}
	}
	analysed := ds // a variable of its own: ds grows below
	sn.diags.Store(&analysed)
	ds = append(ds, s.cloudDiagnostics(sn)...)
	ds = append(ds, s.stackDiagnostics(sn)...)
	s.publish(ctx, sn, ds)
}

// publish sends the diagnostics of sn unless a newer version superseded it.
// The check and the send are one step under d.pub, so that versions are
// published in order and a superseded one never after its successor; d.mu is
// held only for the check, so that changes arriving meanwhile (and the
// requests behind them) do not wait for a large message to be written.
func (s *Server) publish(ctx context.Context, sn *snapshot, ds []diag.Diagnostic) {
	out := make([]protocol.Diagnostic, 0, len(ds)) // never null: an empty list clears
	doc := sn.stamp()
	for _, d := range ds {
		out = append(out, toDiagnostic(d, doc))
	}
	d := sn.doc
	d.pub.Lock()
	defer d.pub.Unlock()
	d.mu.Lock()
	current := d.latest == sn && ctx.Err() == nil
	d.mu.Unlock()
	if !current {
		return // superseded: never publish stale results
	}
	s.notify(context.Background(), "textDocument/publishDiagnostics", &protocol.PublishDiagnosticsParams{
		URI: sn.URI, Version: uint32(sn.Version), Diagnostics: out,
	})
}

// sizeHint guesses the encoded size of a publishDiagnostics, the one message
// that can be large, so that its buffer is allocated once instead of grown by
// copying.
func sizeHint(params any) int {
	p, ok := params.(*protocol.PublishDiagnosticsParams)
	if !ok {
		return 0
	}
	n := 128 + len(p.URI)
	for i := range p.Diagnostics {
		d := &p.Diagnostics[i]
		// The fixed fields take about 130 bytes; escapes make text a little longer.
		n += 150 + len(d.Source) + len(d.Message) + len(d.Message)/8
		if code, ok := d.Code.(string); ok {
			n += len(code)
		}
	}
	return n
}

// clearDiagnostics removes a closed document's diagnostics from the client.
func (s *Server) clearDiagnostics(uri protocol.DocumentURI) {
	s.notify(context.Background(), "textDocument/publishDiagnostics", &protocol.PublishDiagnosticsParams{
		URI: uri, Diagnostics: []protocol.Diagnostic{},
	})
}

func (s *Server) analysisOptions() analysis.Options {
	st := s.currentSettings()
	return analysis.Options{
		Security:    st.Security.Enabled,
		FailAsError: st.Security.FailAsError,
		Ignore:      st.IgnoreRules,
		Extra:       s.customRules(),
		// Late: the index a document's first analysis starts is built by then.
		Late:     []func(*template.Template) []diag.Diagnostic{s.workspaceDiagnostics},
		Children: s.openChild,
	}
}
