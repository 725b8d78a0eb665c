package server

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
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

// tuneHeapLimit sets the soft limit from the live heap; a GOMEMLIMIT the user
// set is left alone.
func tuneHeapLimit() {
	if os.Getenv("GOMEMLIMIT") != "" {
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
