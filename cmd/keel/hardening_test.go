package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"keel/internal/render"
)

// TestWriteFailuresAreOneLine: on a full disk every write fails; keel build
// reports the first failed path and a count, and stops writing after it.
func TestWriteFailuresAreOneLine(t *testing.T) {
	var calls int
	var mu sync.Mutex
	w := &writeLog{write: func(f render.File) error {
		mu.Lock()
		calls++
		mu.Unlock()
		return &os.PathError{Op: "open", Path: "/tmp/_site.tmp-123/" + f.Path, Err: syscall.ENOSPC}
	}}
	if w.failure("_site") != "" {
		t.Error("no failure yet")
	}
	for i := range 5000 {
		if err := w.emit(render.File{Path: fmt.Sprintf("p%d/index.html", i)}); err != nil {
			t.Fatal(err)
		}
	}
	want := "cannot write _site/p0/index.html: no space left on device (and 4999 more file(s) not written); nothing was written, the previous output is unchanged"
	if got := w.failure("_site"); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if calls != 1 {
		t.Errorf("%d writes tried after the disk was full, want 1", calls)
	}
}

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
