package server

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// The heap's soft limit. By default Go lets the heap grow to twice what is
// live before collecting; a large template's analyses make short-lived
// garbage at every keystroke, and that headroom was most of the server's peak
// memory (the 1,500-resource benchmark's live heap is about 35 MB, its peak
// RSS was 150-190 MB). A soft limit of twice the live heap, and at least
// minHeapLimit, makes the collector run before the heap doubles when it is
// small, and lets it grow with what a large workspace keeps live (a limit
// below the live heap would make the collector run without end).
const minHeapLimit = 48 << 20

// heapLimit is the state of the soft limit: opening counts the first
// analyses of documents under way, during which it is lifted.
var heapLimit struct {
	mu      sync.Mutex
	opening int
}

// liftHeapLimit lifts the soft limit while the first analysis of a document
// runs (its parse included) and returns the function that ends it. That
// analysis finds no cache to lend it findings: it builds the document's tree
// and checks every resource, and under a limit a little above the live heap
// the collector ran again and again (a quarter of the CPU of opening the
// 1,500-resource benchmark). The heap grows as GOGC says meanwhile (about 10
// MB more at its peak there); the limit is tuned again at the end.
func liftHeapLimit() func() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	heapLimit.mu.Lock()
	heapLimit.opening++
	debug.SetMemoryLimit(math.MaxInt64)
	heapLimit.mu.Unlock()
	return func() {
		heapLimit.mu.Lock()
		heapLimit.opening--
		last := heapLimit.opening == 0
		heapLimit.mu.Unlock()
		tuneHeapLimit()
		if last {
			// What the heap grew to goes back to the system now, not while the
			// edits that follow make garbage of their own.
			go debug.FreeOSMemory()
		}
	}
}

// tuneHeapLimit sets the soft limit from the live heap; a GOMEMLIMIT the user
// set is left alone, and so is a limit lifted (liftHeapLimit).
func tuneHeapLimit() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	heapLimit.mu.Lock()
	defer heapLimit.mu.Unlock()
	if heapLimit.opening > 0 {
		return
	}
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	live := int64(0)
	if s[0].Value.Kind() == metrics.KindUint64 {
		live = int64(s[0].Value.Uint64())
	}
	debug.SetMemoryLimit(max(minHeapLimit, 2*live))
}
