package output

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCheckPlace(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	for _, d := range []string{"content", "static", "templates"} {
		if err := os.MkdirAll(filepath.Join(site, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		out string
		ok  bool
	}{
		{filepath.Join(site, "_site"), true},
		{filepath.Join(root, "elsewhere"), true},
		{filepath.Join(site, "content", "out"), false},
		{filepath.Join(site, "static"), false},
		{filepath.Join(site, "templates", "x", "y"), false},
		{site, false},
		{root, false},
	} {
		if err := CheckPlace(site, c.out); (err == nil) != c.ok {
			t.Errorf("CheckPlace(site, %s) = %v, want ok: %v", c.out, err, c.ok)
		}
	}
	// keel pdf adds files to its folder: beside the site's folders is fine,
	// inside them or holding the site is not.
	for _, c := range []struct {
		out string
		ok  bool
	}{
		{filepath.Join(site, "_pdf"), true},
		{filepath.Join(root, "pdf"), true},
		{site, false},
		{root, false},
		{filepath.Join(site, "static", "pdf"), false},
		{filepath.Join(site, "content"), false},
	} {
		if err := CheckPDFPlace(site, c.out); (err == nil) != c.ok {
			t.Errorf("CheckPDFPlace(site, %s) = %v, want ok: %v", c.out, err, c.ok)
		}
	}
}
