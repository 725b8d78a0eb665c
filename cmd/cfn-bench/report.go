package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// percentile returns the p-th percentile (0-100) of ds, or -1 when empty.
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return -1
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p + 99) / 100
	if i > 0 {
		i--
	}
	return s[min(i, len(s)-1)]
}

func ms(d time.Duration) string {
	switch {
	case d < 0:
		return "—"
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/1e6)
	case d < 10*time.Second:
		return fmt.Sprintf("%.0f ms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

// cpuMS prints a CPU time measured in 10 ms clock ticks.
func cpuMS(d time.Duration) string {
	if d <= 0 {
		return "< 10 ms"
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}

func orNone(d time.Duration, ok bool) time.Duration {
	if !ok {
		return -1
	}
	return d
}

// ratio prints d as a multiple of the size's bare yaml.v3 parse.
func ratio(d time.Duration, r *sizeResult) string {
	if d < 0 || r.yamlParse <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.3g×", float64(d)/float64(r.yamlParse))
}

// within reports whether d is at most limit times the size's yaml.v3 parse.
func within(d time.Duration, r *sizeResult, limit float64) bool {
	return r.yamlParse > 0 && d >= 0 && float64(d) <= limit*float64(r.yamlParse)
}

// row is one line of the table: a value per size and whether the largest size
// meets the target (nil when there is no target).
type row struct {
	name, target string
	cell         func(*sizeResult) string
	met          func(*sizeResult) bool
}

func report(w io.Writer, cfg config, rs []*sizeResult, corpus *corpusResult) {
	rows := []row{
		{"template size", "", func(r *sizeResult) string { return fmt.Sprintf("%d KB", r.bytes>>10) }, nil},
		{"process start → initialize response", "< 50 ms",
			func(r *sizeResult) string { return ms(orNone(r.init, r.init > 0)) },
			func(r *sizeResult) bool { return r.init > 0 && r.init < 50*time.Millisecond }},
		{"bare yaml.v3 parse of the file (median of 5, the yardstick)", "",
			func(r *sizeResult) string { return ms(orNone(r.yamlParse, r.yamlParse > 0)) }, nil},
		{"didOpen → first diagnostics", "≤ 1.0× parse",
			func(r *sizeResult) string {
				if r.open <= 0 {
					return "—"
				}
				return fmt.Sprintf("%s = %s (%d diags)", ms(r.open), ratio(r.open, r), r.openDiags)
			},
			func(r *sizeResult) bool { return r.open > 0 && within(r.open, r, 1.0) }},
		{"server CPU: start → initialize / open → diagnostics", "",
			func(r *sizeResult) string {
				return fmt.Sprintf("%s / %s", cpuMS(r.initCPU), cpuMS(r.openCPU))
			}, nil},
		{fmt.Sprintf("didChange → diagnostics, p50 / p99 of %d (debounce included)", cfg.edits), "≤ 0.5× parse",
			func(r *sizeResult) string {
				p50, p99 := percentile(r.edits, 50), percentile(r.edits, 99)
				return fmt.Sprintf("%s / %s = %s / %s", ms(p50), ms(p99), ratio(p50, r), ratio(p99, r))
			},
			func(r *sizeResult) bool { return len(r.edits) > 0 && within(percentile(r.edits, 99), r, 0.5) }},
		{fmt.Sprintf("completion p50 / p99 during edits (%d requests)", cfg.n), "p99 ≤ 0.03× parse",
			func(r *sizeResult) string {
				p99 := percentile(r.completion, 99)
				return fmt.Sprintf("%s / %s = %s (%d items)", ms(percentile(r.completion, 50)), ms(p99), ratio(p99, r), r.items)
			},
			func(r *sizeResult) bool {
				return len(r.completion) > 0 && within(percentile(r.completion, 99), r, 0.03)
			}},
		{fmt.Sprintf("hover p50 / p99 during edits (%d requests)", cfg.n), "p99 ≤ 0.01× parse",
			func(r *sizeResult) string {
				p99 := percentile(r.hover, 99)
				return fmt.Sprintf("%s / %s = %s (%d non-empty)", ms(percentile(r.hover, 50)), ms(p99), ratio(p99, r), r.hovers)
			},
			func(r *sizeResult) bool { return len(r.hover) > 0 && within(percentile(r.hover, 99), r, 0.01) }},
		{"peak RSS (VmHWM)", "≤ 100 MB",
			func(r *sizeResult) string {
				if r.rss == 0 {
					return "—"
				}
				return fmt.Sprintf("%d MB", r.rss>>20)
			},
			func(r *sizeResult) bool { return r.rss > 0 && r.rss <= 100<<20 }},
	}
	if cfg.cfnLint {
		rows = append(rows, row{"cfn-lint on the same file", "",
			func(r *sizeResult) string {
				if r.lintErr != nil {
					return "error: " + r.lintErr.Error()
				}
				return ms(r.lint)
			}, nil})
	}
	rows = append(rows, row{"load average (1 min) at the end", "", func(r *sizeResult) string { return r.load }, nil})

	last := rs[len(rs)-1]
	fmt.Fprintf(w, "| | target |")
	for _, r := range rs {
		fmt.Fprintf(w, " %d resources |", r.n)
	}
	fmt.Fprintf(w, " %d meets target |\n|---|---|", last.n)
	for range rs {
		fmt.Fprint(w, "---|")
	}
	fmt.Fprintln(w, "---|")
	for _, ro := range rows {
		fmt.Fprintf(w, "| %s | %s |", ro.name, ro.target)
		for _, r := range rs {
			fmt.Fprintf(w, " %s |", ro.cell(r))
		}
		verdict := ""
		if ro.met != nil {
			verdict = "no"
			if ro.met(last) {
				verdict = "yes"
			}
		}
		fmt.Fprintf(w, " %s |\n", verdict)
	}
	if corpus != nil {
		fmt.Fprintf(w, "\nCorpus: %d files under %s (load %s → %s)\n\n", corpus.files, cfg.corpus, corpus.load, corpus.loadEnd)
		fmt.Fprintln(w, "| | time |\n|---|---|")
		if corpus.checkErr != nil {
			fmt.Fprintf(w, "| cfn-lsp check DIR | error: %v |\n", corpus.checkErr)
		} else {
			fmt.Fprintf(w, "| cfn-lsp check DIR | %s |\n", ms(corpus.check))
		}
		if cfg.cfnLint {
			switch {
			case corpus.lintErr != nil:
				fmt.Fprintf(w, "| cfn-lint FILES (one process) | error: %v |\n", corpus.lintErr)
			case corpus.checkErr == nil && corpus.check > 0:
				ratio := float64(corpus.lint) / float64(corpus.check)
				verdict := "no"
				if ratio >= 20 {
					verdict = "yes"
				}
				fmt.Fprintf(w, "| cfn-lint FILES (one process) | %s |\n| ratio (target ≥ 20×) | %.1f× (meets target: %s) |\n", ms(corpus.lint), ratio, verdict)
			default:
				fmt.Fprintf(w, "| cfn-lint FILES (one process) | %s |\n", ms(corpus.lint))
			}
		}
	}
	var errs []string
	for _, r := range rs {
		for _, e := range r.errs {
			errs = append(errs, fmt.Sprintf("%d resources: %s", r.n, e))
		}
		if r.open > 0 && !r.openVersion {
			errs = append(errs, fmt.Sprintf("%d resources: diagnostics carry no version; edit latency is to the next publication", r.n))
		}
	}
	if len(errs) > 0 {
		fmt.Fprintf(w, "\nNotes:\n- %s\n", strings.Join(errs, "\n- "))
	}
}
