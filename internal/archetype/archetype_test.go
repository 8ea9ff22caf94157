//go:build linux

package archetype

import (
	"errors"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

// TestCreateLeavesNoPartialFile: when the page cannot be written whole (a
// full disk; here a file size limit of 16 bytes), keel new fails and leaves
// no file behind, so the next try is not refused as "already exists".
func TestCreateLeavesNoPartialFile(t *testing.T) {
	theme := fstest.MapFS{"templates/archetypes/page.md": {Data: []byte("---\ntitle: {{.Title}}\ndate: {{.Date}}\n---\n\nWrite the page here, at some length.\n")}}
	root := t.TempDir()
	signal.Ignore(syscall.SIGXFSZ) // a write past the limit fails with EFBIG instead
	defer signal.Reset(syscall.SIGXFSZ)
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Skip(err)
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: 16, Max: old.Max}); err != nil {
		t.Skip(err)
	}
	_, err := Create(root, theme, "page", "Hello there", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(err, syscall.EFBIG) {
		t.Fatalf("Create: %v, want a write error", err)
	}
	if _, err := os.Stat(filepath.Join(root, "content", "hello-there.md")); !os.IsNotExist(err) {
		t.Errorf("a partial content/hello-there.md is left behind (%v)", err)
	}
	rel, err := Create(root, theme, "page", "Hello there", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || rel != "content/hello-there.md" {
		t.Errorf("second try: %q, %v", rel, err)
	}
}
