package schema

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestEmbeddedLifecycle checks facts the generator takes from cfn-lint: service
// lifecycle statuses on resource types and the Lambda runtime table.
func TestEmbeddedLifecycle(t *testing.T) {
	s := Default()
	for _, tc := range []struct {
		typ    string
		status string
	}{
		{"AWS::OpsWorks::Stack", LifecycleShutdown},
		{"AWS::IoTAnalytics::Channel", LifecycleShutdown},
		{"AWS::Greengrass::Group", LifecycleSunset},
		{"AWS::AutoScaling::LaunchConfiguration", LifecycleMaintenance},
		{"AWS::S3::Bucket", ""},
	} {
		rt := s.ResourceType(tc.typ)
		if rt == nil {
			t.Fatalf("%s missing", tc.typ)
		}
		got := ""
		if rt.Lifecycle != nil {
			got = rt.Lifecycle.Status
			if _, ok := ParseDate(rt.Lifecycle.Date); !ok {
				t.Errorf("%s: lifecycle date %q", tc.typ, rt.Lifecycle.Date)
			}
		}
		if got != tc.status {
			t.Errorf("%s: status %q, want %q", tc.typ, got, tc.status)
		}
	}

	py := s.LambdaRuntime("python2.7")
	if py == nil || py.Deprecated != "2021-07-15" || py.UpdateBlock == "" || py.Successor == "" {
		t.Errorf("python2.7 = %+v", py)
	}
	for _, name := range []string{"nodejs4.3", "go1.x", "dotnet6", "java11"} {
		r := s.LambdaRuntime(name)
		if r == nil {
			t.Errorf("%s missing", name)
			continue
		}
		for _, d := range []string{r.Deprecated, r.CreateBlock, r.UpdateBlock} {
			if _, ok := ParseDate(d); !ok {
				t.Errorf("%s: bad date %q", name, d)
			}
		}
	}
	if r := s.LambdaRuntime("cobol85"); r != nil {
		t.Errorf("unknown runtime = %+v", r)
	}
	if s.WithSAM().LambdaRuntime("python2.7") == nil {
		t.Error("WithSAM spec lost the runtime table")
	}
	all := s.LambdaRuntimes()
	if len(all) < 20 {
		t.Fatalf("%d runtimes", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].Name >= all[i].Name {
			t.Fatalf("runtimes not sorted at %s", all[i].Name)
		}
	}
}

// TestLifecycleOtherSources: registry sources carry lifecycle; none carries runtimes.
func TestLifecycleOtherSources(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.json": `{"typeName":"Example::Old::Thing","lifecycle":{"status":"maintenance","date":"2024-01-02"},"properties":{}}`,
		"b.json": `{"typeName":"Example::New::Thing","properties":{}}`,
		"c.json": `{"typeName":"Example::Odd::Thing","lifecycle":"retired","properties":{}}`,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if lc := s.ResourceType("Example::Old::Thing").Lifecycle; lc == nil || *lc != (Lifecycle{Status: LifecycleMaintenance, Date: "2024-01-02"}) {
		t.Errorf("old thing lifecycle = %+v", lc)
	}
	for _, n := range []string{"Example::New::Thing", "Example::Odd::Thing"} {
		if lc := s.ResourceType(n).Lifecycle; lc != nil {
			t.Errorf("%s lifecycle = %+v, want none", n, lc)
		}
	}
	if s.LambdaRuntime("python2.7") != nil || s.LambdaRuntimes() != nil || s.WithSAM().LambdaRuntime("python2.7") != nil {
		t.Error("a registry directory has no runtime table")
	}
	var nilSpec *Spec
	if nilSpec.LambdaRuntime("python2.7") != nil {
		t.Error("nil spec")
	}
}

func TestParseLambdaRuntimes(t *testing.T) {
	got, err := ParseLambdaRuntimes([]byte(`{"b1":{"deprecated":"2020-01-01","create-block":"2020-02-01","update-block":"2020-03-01","successor":"b2"},"a1":{"successor":null}}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != (LambdaRuntime{Name: "a1"}) ||
		got[1] != (LambdaRuntime{Name: "b1", Deprecated: "2020-01-01", CreateBlock: "2020-02-01", UpdateBlock: "2020-03-01", Successor: "b2"}) {
		t.Errorf("got %+v", got)
	}
	for _, bad := range []string{`[]`, `{"x":{"update-block":"03/01/2020"}}`, `{`} {
		if _, err := ParseLambdaRuntimes([]byte(bad)); err == nil {
			t.Errorf("%s: want an error", bad)
		}
	}
}

// TestDamagedRuntimeTable: an unsorted or malformed table counts as absent,
// while the resource types stay readable.
func TestDamagedRuntimeTable(t *testing.T) {
	rt := TypeFacts{Name: "Example::Shop::Thing", Schema: map[string]any{"typeName": "Example::Shop::Thing"}}
	var good bytes.Buffer
	if err := WriteFacts(&good, Facts{Types: []TypeFacts{rt}, Tables: Tables{Runtimes: []LambdaRuntime{{Name: "b1"}, {Name: "a1"}}}}); err != nil {
		t.Fatal(err)
	}
	s := &Spec{facts: &facts{data: good.Bytes()}}
	if s.LambdaRuntime("a1") == nil || s.LambdaRuntime("b1") == nil || s.LambdaRuntime("c1") != nil {
		t.Fatalf("runtimes = %+v", s.LambdaRuntimes())
	}
	for _, raw := range []string{`[{"n":"b1"},{"n":"a1"}]`, `{"n":"a1"}`} {
		idx := factsIndex{Version: factsVersion}
		f := &facts{data: good.Bytes()}
		if err := f.index(); err != nil {
			t.Fatal(err)
		}
		first := len(good.Bytes()) - f.entries["Example::Shop::Thing"].size
		idx.Types, idx.TypeSizes = []string{"Example::Shop::Thing"}, []int{f.entries["Example::Shop::Thing"].size}
		idx.Runtimes = json.RawMessage(raw)
		head, _ := json.Marshal(idx)
		hz, err := gzipBytes(append(head, '\n'))
		if err != nil {
			t.Fatal(err)
		}
		s := &Spec{facts: &facts{data: append(hz, good.Bytes()[first:]...)}}
		if s.ResourceType("Example::Shop::Thing") == nil {
			t.Fatalf("%s: types unreadable", raw)
		}
		if s.LambdaRuntime("a1") != nil || s.LambdaRuntimes() != nil {
			t.Errorf("%s: runtimes = %+v, want none", raw, s.LambdaRuntimes())
		}
	}
}
