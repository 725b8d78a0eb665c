package benchgen

import (
	"slices"
	"syscall"
	"testing"
	"time"
)

// CPUTime returns the CPU time the process has used (GC included), which a
// busy shared machine disturbs less than wall time.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Latency runs f b.N times and reports, beside ns/op, the CPU time per call
// (cpu-ms/op) and the 99th percentile of the wall time of one call (p99-ms):
// what an editor's user waits for.
func Latency(b *testing.B, f func()) {
	d := make([]time.Duration, 0, b.N)
	cpu0 := CPUTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := time.Now()
		f()
		d = append(d, time.Since(t))
	}
	b.StopTimer()
	b.ReportMetric(float64((CPUTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)*99/100].Microseconds())/1000, "p99-ms")
}
