package stack

import (
	"context"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/analysis"
	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// BenchmarkPreviewVsOpen measures, in the same run, the preview of an edit to
// a deployed stack of 500 resources (parse the edited text, compare it with
// the deployed template prepared once) and the open of that template in the
// editor (parse, then the whole analysis with the security rules): preview/open
// is the ratio of their times, and must stay below 1. Times are process CPU
// time (GC included), which a busy shared machine disturbs less than wall time.
func BenchmarkPreviewVsOpen(b *testing.B) {
	const n = 500
	spec := schema.Default()
	src := benchgen.YAML(n)
	given := map[string]string{"VpcId": "vpc-1234"}
	deployed := template.Parse("bench.yaml", src)
	stack := &deploy.Stack{Name: "bench", ID: "arn:aws:cloudformation:us-east-1:123456789012:stack/bench/1",
		Region: "us-east-1", Template: deployed, Parameters: map[string]string{"Env": "dev", "VpcId": "vpc-1234", "Retention": "14"},
		Resources: map[string]deploy.StackResource{}}
	for _, e := range deployed.Resources {
		if _, cond := e.Get("Condition").Str(); !cond {
			stack.Resources[e.Name] = deploy.StackResource{LogicalID: e.Name, PhysicalID: e.Name + "-x", Type: e.Type()}
		}
	}
	live := NewLive(stack)
	edited := strings.Replace(src, `"${AWS::StackName}-data-7-${Env}"`, `"${AWS::StackName}-files-7-${Env}"`, 1)
	if edited == src {
		b.Fatal("the edit did not apply")
	}
	ctx := context.Background()
	if _, err := analysis.Analyze(ctx, deployed, spec, analysis.Options{Security: true}); err != nil {
		b.Fatal(err) // warm the lazily decoded spec
	}
	if c := live.Preview(template.Parse("bench.yaml", edited), given, spec).Change("Bucket7"); c == nil || c.Action != Replace {
		b.Fatalf("the edit previews as %+v", c)
	}
	b.ReportAllocs()
	// Each in a loop of its own, after a collection, so that each pays for
	// the garbage it makes.
	runtime.GC()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		if _, err := analysis.Analyze(ctx, template.Parse("bench.yaml", src), spec, analysis.Options{Security: true}); err != nil {
			b.Fatal(err)
		}
	}
	open := cpuTime() - c0
	runtime.GC()
	c0 = cpuTime()
	for i := 0; i < b.N; i++ {
		live.Preview(template.Parse("bench.yaml", edited), given, spec)
	}
	preview := cpuTime() - c0
	b.ReportMetric(float64(open)/1e6/float64(b.N), "open-ms/op")
	b.ReportMetric(float64(preview)/1e6/float64(b.N), "preview-ms/op")
	b.ReportMetric(float64(preview)/float64(open), "preview/open")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
