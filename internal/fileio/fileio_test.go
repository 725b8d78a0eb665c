package fileio

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

func TestReadFile(t *testing.T) {
	small := testutil.TempFile(t, "small.yaml", "Resources: {}\n")
	dir := filepath.Dir(small)
	big := filepath.Join(dir, "big.yaml")
	testutil.WriteFile(t, big, strings.Repeat("x", 101))
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink(small, link); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.yaml")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path string
		want       string
		err        error
	}{
		{"regular file", small, "Resources: {}\n", nil},
		{"symlink to a regular file", link, "Resources: {}\n", nil},
		{"over the limit", big, "", ErrTooLarge},
		{"directory", dir, "", ErrNotRegular},
		{"symlink to /dev/zero", zero, "", ErrNotRegular},
		{"missing", filepath.Join(dir, "nope.yaml"), "", os.ErrNotExist},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadFile(tc.path, 100)
			if tc.err == nil {
				if err != nil || string(got) != tc.want {
					t.Fatalf("ReadFile = %q, %v; want %q", got, err, tc.want)
				}
				return
			}
			if !errors.Is(err, tc.err) {
				t.Fatalf("ReadFile error = %v; want %v", err, tc.err)
			}
			if !strings.Contains(err.Error(), tc.path) {
				t.Errorf("error %q does not name the path", err)
			}
		})
	}
}

func TestReadAll(t *testing.T) {
	if got, err := ReadAll(strings.NewReader("abc"), "stdin", 3); err != nil || string(got) != "abc" {
		t.Fatalf("ReadAll at the limit = %q, %v", got, err)
	}
	if _, err := ReadAll(strings.NewReader("abcd"), "stdin", 3); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "stdin") {
		t.Fatalf("ReadAll over the limit: %v", err)
	}
}
