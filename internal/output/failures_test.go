package output

import (
	"fmt"
	"os"
	"sync"
	"syscall"
	"testing"
)

// TestWriteFailuresAreOneLine: on a full disk every write fails; keel build
// reports the first failed path and a count, and stops writing after it.
func TestWriteFailuresAreOneLine(t *testing.T) {
	var calls int
	var mu sync.Mutex
	w := &Reporting{write: func(f File) error {
		mu.Lock()
		calls++
		mu.Unlock()
		return &os.PathError{Op: "open", Path: "/tmp/_site.tmp-123/" + f.Path, Err: syscall.ENOSPC}
	}}
	if w.Failure("_site") != "" {
		t.Error("no failure yet")
	}
	for i := range 5000 {
		if err := w.WriteFile(File{Path: fmt.Sprintf("p%d/index.html", i)}); err != nil {
			t.Fatal(err)
		}
	}
	want := "cannot write _site/p0/index.html: no space left on device (and 4999 more file(s) not written); nothing was written, the previous output is unchanged"
	if got := w.Failure("_site"); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if calls != 1 {
		t.Errorf("%d writes tried after the disk was full, want 1", calls)
	}
}
