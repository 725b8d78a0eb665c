package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// defaultCache is where cfn-lint's findings are kept between runs.
func defaultCache() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "cfn-compare")
}

// runLintCached runs cfn-lint over the files whose findings the cache does not
// hold, in one batch, and caches each file's findings under the file's path,
// content and cfn-lint's version (a nested stack's child template is not part of
// the key: clear the cache after editing one).
func runLintCached(lint string, files []string, cache string, stderr io.Writer) ([]finding, error) {
	if cache == "" {
		return runLint(lint, files, stderr)
	}
	version, err := exec.Command(lint, "--version").Output()
	if err != nil {
		return runLint(lint, files, stderr)
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return nil, err
	}
	keys := map[string]string{}
	var out []finding
	var missing []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		h := sha256.New()
		fmt.Fprintf(h, "%s\x00%s\x00", version, f)
		h.Write(data)
		keys[f] = filepath.Join(cache, hex.EncodeToString(h.Sum(nil))+".json")
		var cached []finding
		if b, err := os.ReadFile(keys[f]); err == nil && json.Unmarshal(b, &cached) == nil {
			out = append(out, cached...)
			continue
		}
		missing = append(missing, f)
	}
	if len(missing) == 0 {
		return out, nil
	}
	fresh, err := runLint(lint, missing, stderr)
	if err != nil {
		return nil, err
	}
	byFile := map[string][]finding{}
	for _, f := range fresh {
		byFile[f.File] = append(byFile[f.File], f)
	}
	for _, f := range missing {
		b, err := json.Marshal(append([]finding{}, byFile[filepath.Clean(f)]...))
		if err == nil {
			err = os.WriteFile(keys[f], b, 0o644)
		}
		if err != nil {
			return nil, err
		}
	}
	return append(out, fresh...), nil
}

// readResults reads cfn-lint's parseable output (path:line:col:endline:endcol:id:message),
// paths relative to base, and the list of templates it was run on: the
// neighbouring .files list when there is one, else the files the results name.
func readResults(path, base string) (files []string, fs []finding, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), ":", 7)
		if len(parts) != 7 || parts[5] == "" {
			continue
		}
		line, err := strconv.Atoi(parts[1])
		if err != nil {
			continue
		}
		file := filepath.Clean(filepath.Join(base, parts[0]))
		code := parts[5]
		fs = append(fs, finding{File: file, Line: line, Code: code, Error: code[0] == 'E', Message: parts[6]})
		seen[file] = true
	}
	if err := sc.Err(); err != nil {
		return nil, nil, err
	}
	list := strings.TrimSuffix(path, ".cfnlint.txt") + ".files"
	if data, err := os.ReadFile(list); err == nil && list != path {
		for _, l := range strings.Split(string(data), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				files = append(files, filepath.Clean(filepath.Join(base, l)))
			}
		}
		return files, fs, nil
	}
	for file := range seen {
		files = append(files, file)
	}
	sort.Strings(files)
	return files, fs, nil
}
