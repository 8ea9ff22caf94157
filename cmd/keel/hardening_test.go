package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNewLongTitleAndMissingSource(t *testing.T) {
	site := t.TempDir()
	title := strings.Repeat("Migrate the reporting warehouse ", 20) // 640 bytes
	code, stdout, stderr := runKeel("new", "page", title, "--source", site)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rel := strings.TrimSpace(strings.TrimPrefix(stdout, "created "))
	if name := filepath.Base(rel); len(name) > 90 || !strings.HasPrefix(name, "migrate-the-reporting-warehouse-") {
		t.Errorf("file name %q: want a shortened slug", name)
	}
	data, err := os.ReadFile(filepath.Join(site, rel))
	if err != nil || !strings.Contains(string(data), strings.TrimSpace(title)) {
		t.Errorf("the whole title must be in the front matter (%v)", err)
	}
	if code, _, stderr := runKeel("build", "--source", site, "--out", filepath.Join(t.TempDir(), "out")); code != 0 {
		t.Errorf("the new page does not build: %s", stderr)
	}

	missing := filepath.Join(t.TempDir(), "no-such-site")
	code, _, stderr = runKeel("new", "page", "Hello", "--source", missing)
	if code != 2 || stderr != "keel new: --source "+missing+": not a folder\n" {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("keel new created the missing --source folder")
	}
	for _, cmd := range []string{"build", "check", "serve"} {
		if code, _, stderr := runKeel(cmd, "--source", missing); code != 2 || !strings.Contains(stderr, "not a folder") {
			t.Errorf("keel %s --source missing: exit %d, %q", cmd, code, stderr)
		}
	}
}
