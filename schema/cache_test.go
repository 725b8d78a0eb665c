package schema

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

func TestCacheDirOverride(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(CacheDirEnv, dir)
	if got, err := CacheDir(); err != nil || got != dir {
		t.Errorf("CacheDir = %q, %v; want %q", got, err, dir)
	}
	t.Setenv(CacheDirEnv, "")
	t.Setenv("XDG_CACHE_HOME", dir)
	t.Setenv("HOME", dir)
	if got, err := CacheDir(); err != nil || filepath.Base(got) != "cfn-lsp" {
		t.Errorf("CacheDir = %q, %v; want .../cfn-lsp", got, err)
	}
}

func TestResolvePrecedence(t *testing.T) {
	cache := t.TempDir()
	t.Setenv(CacheDirEnv, cache)

	s, err := Resolve("")
	if err != nil || s != Default() {
		t.Fatalf("empty cache: got %v, %v; want Default()", s, err)
	}

	cached := filepath.Join(cache, cachedSpecName)
	data, err := os.ReadFile(writeFixtureZip(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cached, data, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err = Resolve("")
	if err != nil || s.Source() != cached || s.ResourceType("Example::Shop::Widget") == nil {
		t.Fatalf("with cache: got %v, %v; want the cached zip", s, err)
	}

	explicit := filepath.Join("testdata", "classic.json")
	s, err = Resolve(explicit)
	if err != nil || s.Source() != explicit {
		t.Fatalf("explicit path: got %v, %v", s, err)
	}

	if err := os.WriteFile(cached, []byte("damaged"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Resolve(""); err == nil {
		t.Error("damaged cache: want an error")
	}
	if _, err := Resolve(filepath.Join(cache, "missing.json")); err == nil {
		t.Error("missing explicit path: want an error")
	}
}

func TestUpdate(t *testing.T) {
	good, err := os.ReadFile(writeFixtureZip(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	var body []byte
	status := http.StatusOK
	var gotPath string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath = r.URL.Path
		w.WriteHeader(status)
		w.Write(body)
	}))
	defer srv.Close()
	cache := filepath.Join(t.TempDir(), "nested", "cache")
	ctx := context.Background()

	body = good
	path, err := Update(ctx, "eu-west-1", srv.URL+"/", cache)
	if err != nil {
		t.Fatal(err)
	}
	if gotPath != "/CloudformationSchema.zip" || path != filepath.Join(cache, cachedSpecName) {
		t.Errorf("requested %q, stored %q", gotPath, path)
	}
	t.Setenv(CacheDirEnv, cache)
	if s, err := Resolve(""); err != nil || s.ResourceType("Example::Shop::Gadget") == nil {
		t.Errorf("Resolve after Update: %v, %v", s, err)
	}

	// Failed updates leave the cached spec alone and leave no temporary files.
	for name, tc := range map[string]struct {
		status int
		body   []byte
		region string
	}{
		"not found":  {http.StatusNotFound, []byte("no"), "eu-west-1"},
		"not a zip":  {http.StatusOK, []byte("<html>"), "eu-west-1"},
		"bad region": {http.StatusOK, good, "eu-west-1/../x"},
		"empty zip":  {http.StatusOK, emptyZip(t), ""},
	} {
		status, body = tc.status, tc.body
		if _, err := Update(ctx, tc.region, srv.URL, cache); err == nil {
			t.Errorf("%s: no error", name)
		}
		entries, _ := os.ReadDir(cache)
		if len(entries) != 1 {
			t.Errorf("%s: cache holds %d files", name, len(entries))
		}
		if s, err := Load(path); err != nil || s.Len() != 2 {
			t.Errorf("%s: cached spec damaged: %v", name, err)
		}
	}

	ctxDone, cancel := context.WithCancel(ctx)
	cancel()
	status, body = http.StatusOK, good
	if _, err := Update(ctxDone, "", srv.URL, cache); err == nil {
		t.Error("cancelled context: no error")
	}
}

func emptyZip(t *testing.T) []byte {
	t.Helper()
	return []byte("PK\x05\x06" + string(make([]byte, 18)))
}
