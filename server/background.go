package server

import "sync"

// background counts the server's background work (analyses, messages being
// sent) so that tests can wait until it is done. Unlike a sync.WaitGroup, work
// may start while someone waits: the workspace index starts analyses from its
// own goroutine at any time.
type background struct {
	mu   sync.Mutex
	cond *sync.Cond
	n    int
}

// Add counts delta more (or, negative, fewer) pieces of work.
func (b *background) Add(delta int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.n += delta
	if b.n < 0 {
		panic("server: background work done more often than started")
	}
	if b.n == 0 && b.cond != nil {
		b.cond.Broadcast()
	}
}

// Done counts one piece of work finished.
func (b *background) Done() { b.Add(-1) }

// Wait blocks until no work is left.
func (b *background) Wait() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.cond == nil {
		b.cond = sync.NewCond(&b.mu)
	}
	for b.n > 0 {
		b.cond.Wait()
	}
}
