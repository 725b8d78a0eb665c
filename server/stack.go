package server

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"time"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/stack"
)

// stackStore is what the server knows of the deployed stacks of open
// templates: the deployment each one targets, the deployed state (fetched on
// open, refreshed on save and on demand), the last drift detection and the
// last change set's answer.
type stackStore struct {
	mu      sync.Mutex
	chosen  map[string]string // template path -> deployment picked with cfn-lsp.selectDeployment
	targets map[protocol.DocumentURI]*targetEntry
	live    map[liveKey]*liveEntry
	drift   map[protocol.DocumentURI][]deploy.ResourceDrift
	answers map[protocol.DocumentURI]*changeSetAnswer
	plans   map[protocol.DocumentURI]*planEntry
}

type targetEntry struct {
	tg  *stack.Target
	err error
}

// liveKey names a stack: its name, region and profile.
type liveKey struct{ stack, region, profile string }

type liveEntry struct {
	live     *stack.Live // nil until fetched, or when the stack does not exist
	err      error       // the last fetch's failure (deploy.ErrNoStack: not deployed)
	fetching bool
	done     chan struct{} // closed when the fetch in flight ends
}

// changeSetAnswer is CloudFormation's plan for one text of a template and
// one deployed state of its stack.
type changeSetAnswer struct {
	text string
	live *stack.Live
	plan *stack.Plan
}

// planEntry caches the plan of one snapshot against one deployed state.
type planEntry struct {
	sn   *snapshot
	tg   *stack.Target
	live *stack.Live
	plan *stack.Plan
}

func (st *stackStore) init() {
	if st.targets == nil {
		st.chosen = map[string]string{}
		st.targets = map[protocol.DocumentURI]*targetEntry{}
		st.live = map[liveKey]*liveEntry{}
		st.drift = map[protocol.DocumentURI][]deploy.ResourceDrift{}
		st.answers = map[protocol.DocumentURI]*changeSetAnswer{}
		st.plans = map[protocol.DocumentURI]*planEntry{}
	}
}

// target returns the deployment a document targets, reading the workspace
// file and the parameter files once (until forgetTarget). Documents that are
// not files have none.
func (s *Server) target(uri protocol.DocumentURI) (*stack.Target, error) {
	path := pathOf(uri)
	if path == "" {
		return nil, nil
	}
	st := &s.stacks
	st.mu.Lock()
	st.init()
	if te := st.targets[uri]; te != nil {
		st.mu.Unlock()
		return te.tg, te.err
	}
	name, strict := st.chosen[path], true
	st.mu.Unlock()
	if name == "" {
		name, strict = s.currentSettings().Deployment, false
	}
	tg, err := stack.TargetFor(path, name, strict)
	st.mu.Lock()
	st.targets[uri] = &targetEntry{tg, err}
	st.mu.Unlock()
	return tg, err
}

// forgetTargets drops the targets read for the given documents (all when none
// are given), so that the next use reads the files again.
func (s *Server) forgetTargets(uris ...protocol.DocumentURI) {
	st := &s.stacks
	st.mu.Lock()
	defer st.mu.Unlock()
	st.init()
	if len(uris) == 0 {
		clear(st.targets)
		return
	}
	for _, u := range uris {
		delete(st.targets, u)
	}
}

// keyOf names a target's stack, with the settings' region and profile as defaults.
func (s *Server) keyOf(tg *stack.Target) liveKey {
	aws := s.currentSettings().AWS
	k := liveKey{stack: tg.Deployment.StackName, region: tg.Deployment.Region, profile: tg.Deployment.Profile}
	if k.region == "" {
		k.region = aws.Region
	}
	if k.profile == "" {
		k.profile = aws.Profile
	}
	return k
}

// liveOf returns what is known of a target's deployed stack, without fetching.
func (s *Server) liveOf(tg *stack.Target) (*stack.Live, error) {
	st := &s.stacks
	st.mu.Lock()
	defer st.mu.Unlock()
	st.init()
	le := st.live[s.keyOf(tg)]
	if le == nil {
		return nil, nil
	}
	return le.live, le.err
}

// maxFetch bounds one read of a deployed stack.
const maxFetch = 2 * time.Minute

// refreshLive reads a linked target's deployed stack again (force), or once
// (!force), and waits for it when wait is set; the documents that target it
// are analysed again and the client asked to refresh lenses and hints.
func (s *Server) refreshLive(ctx context.Context, tg *stack.Target, force, wait bool) (*stack.Live, error) {
	if tg == nil || !tg.Linked {
		return nil, nil
	}
	key := s.keyOf(tg)
	st := &s.stacks
	st.mu.Lock()
	st.init()
	le := st.live[key]
	if le == nil {
		le = &liveEntry{}
		st.live[key] = le
	}
	if !le.fetching && (force || (le.live == nil && le.err == nil)) {
		le.fetching, le.done = true, make(chan struct{})
		s.bg.Add(1)
		go s.fetchLive(key, le)
	}
	done, fetching := le.done, le.fetching
	st.mu.Unlock()
	if wait && fetching {
		select {
		case <-done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return s.liveOf(tg)
}

func (s *Server) fetchLive(key liveKey, le *liveEntry) {
	defer s.bg.Done()
	ctx, cancel := context.WithTimeout(context.Background(), maxFetch)
	defer cancel()
	var live *stack.Live
	c, err := deploy.NewClient(ctx, deploy.AWSOptions{Region: key.region, Profile: key.profile, EndpointURL: s.currentSettings().AWS.EndpointURL})
	if err == nil {
		live, err = stack.Fetch(ctx, c, key.stack)
	}
	if err != nil && !errors.Is(err, deploy.ErrNoStack) {
		s.log.Printf("reading stack %s: %v", key.stack, err)
		s.logMessage(protocol.MessageTypeWarning, "Reading stack "+key.stack+": "+err.Error())
	}
	st := &s.stacks
	st.mu.Lock()
	le.live, le.err, le.fetching = live, err, false
	close(le.done)
	st.mu.Unlock()
	s.stackChanged()
}

// stackChanged re-analyses the open documents and asks the client to ask
// again for the lenses, hints and tokens that depend on the deployed stacks.
func (s *Server) stackChanged() {
	s.mu.Lock()
	uris := make([]protocol.DocumentURI, 0, len(s.docs))
	for u := range s.docs {
		uris = append(uris, u)
	}
	ws := s.caps.Workspace
	s.mu.Unlock()
	for _, u := range uris {
		s.schedule(u, 0)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if ws != nil && ws.CodeLens != nil && ws.CodeLens.RefreshSupport {
		s.call(ctx, "workspace/codeLens/refresh", nil, nil)
	}
	if s.inlayHintRefresh.Load() {
		s.call(ctx, "workspace/inlayHint/refresh", nil, nil)
	}
}

// stackView is what the editor shows of a document's deployment.
type stackView struct {
	tg   *stack.Target
	live *stack.Live // nil: not read (yet), not deployed, or unreadable
	err  error       // why live is nil, when known
	plan *stack.Plan // the preview (CloudFormation's answer for this text, when there is one); NotCreated only without live
}

// viewOf returns the deployment view of a snapshot, nil when the document has
// no deployment: not a file, a broken workspace file, or neither a linked
// deployment nor a parameter file of its own.
func (s *Server) viewOf(sn *snapshot) *stackView {
	// The target first: without one (most documents) the request needs no
	// parse of this version.
	tg, err := s.target(sn.URI)
	if err != nil || tg == nil || !tg.Linked && len(tg.Deployment.ParameterFiles) == 0 {
		return nil
	}
	t := sn.Template()
	if t.Root == nil || !t.IsTemplate() {
		return nil
	}
	live, lerr := s.liveOf(tg)
	v := &stackView{tg: tg, live: live, err: lerr}
	st := &s.stacks
	st.mu.Lock()
	pe := st.plans[sn.URI]
	ans := st.answers[sn.URI]
	st.mu.Unlock()
	switch {
	case ans != nil && ans.text == sn.Text && ans.live == live:
		v.plan = ans.plan
	case pe != nil && pe.sn == sn && pe.tg == tg && pe.live == live:
		v.plan = pe.plan
	default:
		if live != nil {
			v.plan = live.Preview(t, tg.Given, s.currentSpec())
		} else {
			v.plan = &stack.Plan{NotCreated: stack.Skips(tg.Resolver(t, nil))}
		}
		st.mu.Lock()
		st.plans[sn.URI] = &planEntry{sn: sn, tg: tg, live: live, plan: v.plan}
		st.mu.Unlock()
	}
	return v
}

// stackName is the name of a view's stack.
func (v *stackView) stackName() string { return v.tg.Deployment.StackName }

// where names the view's deployment in messages: its stack when linked, else
// where its values come from.
func (v *stackView) where() string {
	switch {
	case v.tg.Linked:
		return "stack " + v.stackName()
	case len(v.tg.Deployment.ParameterFiles) > 0:
		return "the values of " + v.tg.Deployment.ParameterFiles[0]
	}
	return "the template's defaults"
}

// stackDiagnostics are the findings of a document's deployment: what the
// edit deletes, what the deployment leaves out, the last drift detection.
func (s *Server) stackDiagnostics(sn *snapshot) []diag.Diagnostic {
	v := s.viewOf(sn)
	if v == nil {
		return nil
	}
	ds := stack.Diagnostics(sn.Template(), v.plan, v.where())
	s.stacks.mu.Lock()
	drift := s.stacks.drift[sn.URI]
	s.stacks.mu.Unlock()
	return append(ds, stack.DriftDiagnostics(sn.Template(), drift)...)
}

// stackOpened reads, in the background, the deployed stack of a document
// just opened (once) or saved (again: the save is when the author looks at
// what the edit does).
func (s *Server) stackOpened(uri protocol.DocumentURI, saved bool) {
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		s.readStack(uri, saved)
	}()
}

func (s *Server) readStack(uri protocol.DocumentURI, saved bool) {
	if saved {
		if filepath.Base(pathOf(uri)) == stack.ConfigName {
			s.deploymentSwitched() // the workspace file itself: every target may change
			return
		}
		s.forgetTargets(uri)
	}
	tg, err := s.target(uri)
	if err != nil {
		s.logMessage(protocol.MessageTypeWarning, err.Error())
		return
	}
	s.refreshLive(context.Background(), tg, saved, false)
}

// deploymentSwitched follows a change of the active deployment: targets are
// read again, their stacks fetched when not known yet, and everything shown
// for the old deployment is asked for again.
func (s *Server) deploymentSwitched() {
	s.forgetTargets()
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		s.mu.Lock()
		uris := make([]protocol.DocumentURI, 0, len(s.docs))
		for u := range s.docs {
			uris = append(uris, u)
		}
		s.mu.Unlock()
		for _, u := range uris {
			if tg, err := s.target(u); err == nil {
				s.refreshLive(context.Background(), tg, false, false)
			}
		}
		s.stackChanged()
	}()
}

// stackClosed forgets what was kept for a closed document's text (the
// stacks stay, other documents may target them, and so does its last drift
// detection, until the next one).
func (s *Server) stackClosed(uri protocol.DocumentURI) {
	st := &s.stacks
	st.mu.Lock()
	defer st.mu.Unlock()
	st.init()
	delete(st.targets, uri)
	delete(st.plans, uri)
	delete(st.answers, uri)
}
