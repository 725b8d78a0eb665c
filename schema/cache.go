package schema

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// CacheDirEnv names an environment variable that overrides CacheDir.
const CacheDirEnv = "CFN_LSP_CACHE_DIR"

// cachedSpecName is the file Update writes into the cache directory.
const cachedSpecName = "CloudformationSchema.zip"

// maxDownload bounds the size of a downloaded schema zip.
const maxDownload = 256 << 20

// CacheDir returns cfn-lsp's cache directory: $CFN_LSP_CACHE_DIR when set, else
// os.UserCacheDir()/cfn-lsp. It does not create it.
func CacheDir() (string, error) {
	if d := os.Getenv(CacheDirEnv); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "cfn-lsp"), nil
}

// Resolve picks the spec to use: Load(path) when path is given; else the spec
// Update stored in CacheDir when present; else Default().
func Resolve(path string) (*Spec, error) {
	if path != "" {
		return Load(path)
	}
	dir, err := CacheDir()
	if err != nil {
		return Default(), nil // no cache dir on this system: nothing cached
	}
	cached := filepath.Join(dir, cachedSpecName)
	if _, err := os.Stat(cached); err == nil {
		s, err := Load(cached)
		if err != nil {
			return nil, fmt.Errorf("cached spec (run the update again or delete it): %w", err)
		}
		return s, nil
	}
	return Default(), nil
}

// Update downloads the registry schema zip of region (default us-east-1) from
// baseURL (default https://schema.cloudformation.<region>.amazonaws.com) into
// cacheDir (default CacheDir()), checks that it loads, and atomically replaces the
// cached spec. It returns the path of the cached file.
func Update(ctx context.Context, region, baseURL, cacheDir string) (string, error) {
	if region == "" {
		region = "us-east-1"
	}
	if strings.ContainsAny(region, "/:?#@ ") {
		return "", fmt.Errorf("invalid region %q", region)
	}
	if cacheDir == "" {
		d, err := CacheDir()
		if err != nil {
			return "", err
		}
		cacheDir = d
	}
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return "", err
	}
	url := schemaURL(region, baseURL)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	tmp, err := os.CreateTemp(cacheDir, ".download-*.zip")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	n, err := io.Copy(tmp, io.LimitReader(resp.Body, maxDownload+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("GET %s: %w", url, err)
	}
	if n > maxDownload {
		return "", fmt.Errorf("GET %s: larger than %d bytes", url, maxDownload)
	}
	if _, err := Load(tmp.Name()); err != nil {
		return "", fmt.Errorf("downloaded spec is not usable: %w", err)
	}
	dst := filepath.Join(cacheDir, cachedSpecName)
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return "", err
	}
	return dst, nil
}

// schemaURL returns the download URL of the registry schema zip.
func schemaURL(region, baseURL string) string {
	if baseURL == "" {
		baseURL = "https://schema.cloudformation." + region + ".amazonaws.com"
	}
	return strings.TrimRight(baseURL, "/") + "/" + cachedSpecName
}
