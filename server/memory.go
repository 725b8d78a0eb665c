package server

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
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
// analyses of documents under way, during which it is lifted, and budget is
// what they may allocate between them before the collector runs.
var heapLimit struct {
	mu      sync.Mutex
	opening int
	budget  int64
	gcPct   int // GOGC before the first of them began
}

// openBytesPerByte bounds what the first analysis of a document allocates for
// each byte of its text, parse included (the 1,500-resource benchmark's,
// 1.3 MB, allocates about 60 MB; its tree, what stays live, is about half).
const openBytesPerByte = 56

// liftHeapLimit pauses the collector while the first analysis of a document
// of size bytes runs (its parse included) and returns the function that ends
// it. That analysis finds no cache to lend it findings: it builds the
// document's tree and checks every resource, and with the heap still small
// the collector ran again and again as it grew (a quarter of the CPU of
// opening the 1,500-resource benchmark, the parse's share included). The
// collector then runs only once the heap holds what was live before plus
// what such an analysis allocates at most (openBytesPerByte), a little more
// than it would have grown to under GOGC=100; the limit is tuned again at the
// end. A GOMEMLIMIT the user set is left alone, and so is the pace GOGC sets
// (then the limit is only lifted).
func liftHeapLimit(size int) func() {
	return pauseCollector(int64(size) * openBytesPerByte)
}

// pauseCollector pauses the collector until the heap holds budget bytes more
// than is live (see liftHeapLimit) and returns the function that ends the
// pause.
func pauseCollector(budget int64) func() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	pause := os.Getenv("GOGC") == ""
	heapLimit.mu.Lock()
	heapLimit.opening++
	heapLimit.budget += budget
	if !pause {
		// GOGC paces the collector as the user asked; only the limit is lifted.
		debug.SetMemoryLimit(math.MaxInt64)
	} else {
		if heapLimit.opening == 1 {
			heapLimit.gcPct = debug.SetGCPercent(-1)
		}
		debug.SetMemoryLimit(max(minHeapLimit, liveHeap()+heapLimit.budget))
	}
	heapLimit.mu.Unlock()
	return func() {
		heapLimit.mu.Lock()
		heapLimit.opening--
		heapLimit.budget -= budget
		last := heapLimit.opening == 0
		if last && pause {
			debug.SetGCPercent(heapLimit.gcPct)
		}
		heapLimit.mu.Unlock()
		if !last {
			return
		}
		if !pause {
			tuneHeapLimit()
		}
		// What the heap grew to goes back to the system now, not while the
		// edits that follow make garbage of their own. After a pause the
		// live heap is known only once that collection ran: the limit
		// stays where the pause set it until then.
		go func() {
			debug.FreeOSMemory()
			if pause {
				tuneHeapLimit()
			}
		}()
	}
}

// The start of a session allocates a little (the spec's index, the IAM
// action table read in the background, the first document's text as it is
// decoded) while the heap is a few megabytes: the collector ran three or four
// times, the last of them while the first document was parsed, its assists
// costing the parse as much again on a busy machine. The collector is paused
// from New with startupBudget until the first analysis ends (its own budget
// joins this one meanwhile), or at most startupPause.
const (
	startupBudget = 16 << 20
	startupPause  = 10 * time.Second
)

// startup is the pause of the process's start: the first server's (a process
// serves one session; tests make many servers, and pause once).
var startup struct {
	begin, end sync.Once
	resume     func()
}

// startPause begins the pause of the start, the first time it is called.
func startPause() {
	startup.begin.Do(func() {
		startup.resume = pauseCollector(startupBudget)
		time.AfterFunc(startupPause, endStartup)
	})
}

// endStartup ends the pause of the start, once.
func endStartup() {
	startup.begin.Do(func() {}) // never begun: nothing to end
	startup.end.Do(func() {
		if startup.resume != nil {
			startup.resume()
		}
	})
}

// liveHeap returns the bytes the last collection found live.
func liveHeap() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		return int64(s[0].Value.Uint64())
	}
	return 0
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
	debug.SetMemoryLimit(max(minHeapLimit, 2*liveHeap()))
}
