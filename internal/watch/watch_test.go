package watch

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The tests use real fsnotify on temporary directories. They never assert
// how long something takes: they wait (with a generous timeout that only
// catches hangs) until the expected paths are reported, and prove that
// nothing else was reported by writing a sentinel file last and checking
// everything received up to it.

var (
	siteDirs  = []string{"content", "templates", "static"}
	siteFiles = []string{"keel.yaml"}
)

// newSite writes a small site and returns its root.
func newSite(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range map[string]string{
		"keel.yaml":           "title: x\n",
		"content/a.md":        "# A\n",
		"content/docs/b.md":   "# B\n",
		"templates/page.html": "{{.}}",
		"static/site.css":     "body{}",
		"static/img/logo.svg": "<svg/>",
		"README.md":           "not watched",
	} {
		write(t, root, name, body)
	}
	return root
}

func write(t testing.TB, root, name, body string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func start(t *testing.T, root string, opts Options) *Watcher {
	t.Helper()
	if opts.Logf == nil {
		opts.Logf = t.Logf
	}
	w, err := New(root, siteDirs, siteFiles, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// collect receives batches until every path in want has been reported and
// returns the union of all reported paths.
func collect(t *testing.T, w *Watcher, want ...string) []string {
	t.Helper()
	seen := map[string]bool{}
	timeout := time.After(10 * time.Second)
	for !containsAll(seen, want) {
		select {
		case b, ok := <-w.Batches():
			if !ok {
				t.Fatal("batches closed")
			}
			if len(b.Paths) == 0 || !slices.IsSorted(b.Paths) || len(slices.Compact(slices.Clone(b.Paths))) != len(b.Paths) {
				t.Fatalf("batch not sorted, deduplicated and non-empty: %q", b.Paths)
			}
			for _, p := range b.Paths {
				seen[p] = true
			}
		case <-timeout:
			t.Fatalf("timed out waiting for %q; got %q", want, slices.Sorted(maps.Keys(seen)))
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

func containsAll(seen map[string]bool, want []string) bool {
	for _, p := range want {
		if !seen[p] {
			return false
		}
	}
	return true
}

// onlyReported fails unless the union of reported paths is exactly want.
func onlyReported(t *testing.T, got []string, want ...string) {
	t.Helper()
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("reported %q, want %q", got, want)
	}
}

func TestChanges(t *testing.T) {
	tests := []struct {
		name string
		do   func(t *testing.T, root string)
		want []string // the paths reported, up to and including the sentinel
	}{
		{"edit in place", func(t *testing.T, root string) {
			write(t, root, "content/a.md", "# A edited\n")
		}, []string{"content/a.md"}},
		{"create", func(t *testing.T, root string) {
			write(t, root, "content/new.md", "# New\n")
		}, []string{"content/new.md"}},
		{"delete", func(t *testing.T, root string) {
			rm(t, root, "content/a.md")
		}, []string{"content/a.md"}},
		{"rename", func(t *testing.T, root string) {
			mv(t, root, "content/a.md", "content/c.md")
		}, []string{"content/a.md", "content/c.md"}},
		{"template and static", func(t *testing.T, root string) {
			write(t, root, "templates/page.html", "<p>{{.}}</p>")
			write(t, root, "static/img/logo.svg", "<svg></svg>")
		}, []string{"templates/page.html", "static/img/logo.svg"}},
		{"keel.yaml rename-save, other root files ignored", func(t *testing.T, root string) {
			write(t, root, "keel.yaml.tmp", "title: y\n")
			mv(t, root, "keel.yaml.tmp", "keel.yaml")
			write(t, root, "README.md", "still not watched")
			write(t, root, "_site/index.html", "output")
		}, []string{"keel.yaml"}},
		{"new nested directory with files", func(t *testing.T, root string) {
			// mkdir -p and write at once: the files exist before the watch does.
			write(t, root, "content/x/y/z/n.md", "# N\n")
			write(t, root, "content/x/m.md", "# M\n")
		}, []string{"content/x", "content/x/m.md", "content/x/y", "content/x/y/z", "content/x/y/z/n.md"}},
		{"delete directory", func(t *testing.T, root string) {
			if err := os.RemoveAll(filepath.Join(root, "content/docs")); err != nil {
				t.Fatal(err)
			}
		}, []string{"content/docs", "content/docs/b.md"}},
		{"rename directory", func(t *testing.T, root string) {
			mv(t, root, "content/docs", "content/guides")
		}, []string{"content/docs", "content/docs/b.md", "content/guides", "content/guides/b.md"}},
		{"tree recreated", func(t *testing.T, root string) {
			if err := os.RemoveAll(filepath.Join(root, "static")); err != nil {
				t.Fatal(err)
			}
			write(t, root, "static/new.css", "a{}")
		}, []string{"static", "static/img", "static/img/logo.svg", "static/new.css", "static/site.css"}},
		{"editor files ignored", func(t *testing.T, root string) {
			for _, name := range []string{".a.md.swp", ".a.md.swx", "a.md~", "4913", ".#a.md", "a.md___jb_tmp___", "a.md___jb_old___", ".DS_Store"} {
				write(t, root, "content/"+name, "junk")
				write(t, root, "static/"+name, "junk")
			}
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := newSite(t)
			w := start(t, root, Options{})
			tt.do(t, root)
			write(t, root, "content/zz-sentinel.md", "done")
			want := append(slices.Clone(tt.want), "content/zz-sentinel.md")
			onlyReported(t, collect(t, w, want...), want...)
		})
	}
}

// TestRenameSave replays how editors save: the target must be reported,
// their temporary and backup files must not.
func TestRenameSave(t *testing.T) {
	tests := []struct {
		name string
		save func(t *testing.T, root string)
	}{
		{"vim (backup by rename)", func(t *testing.T, root string) {
			write(t, root, "content/4913", "")
			rm(t, root, "content/4913")
			write(t, root, "content/.a.md.swp", "swap")
			mv(t, root, "content/a.md", "content/a.md~")
			write(t, root, "content/a.md", "# A saved by vim\n")
			rm(t, root, "content/a.md~")
			rm(t, root, "content/.a.md.swp")
		}},
		{"JetBrains safe write", func(t *testing.T, root string) {
			write(t, root, "content/a.md___jb_tmp___", "# A saved by IDEA\n")
			mv(t, root, "content/a.md", "content/a.md___jb_old___")
			mv(t, root, "content/a.md___jb_tmp___", "content/a.md")
			rm(t, root, "content/a.md___jb_old___")
		}},
		{"write temp then rename (VS Code, atomic writers)", func(t *testing.T, root string) {
			write(t, root, "content/a.md.tmp-8431", "# A saved atomically\n")
			mv(t, root, "content/a.md.tmp-8431", "content/a.md")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := newSite(t)
			w := start(t, root, Options{})
			tt.save(t, root)
			write(t, root, "content/zz-sentinel.md", "done")
			got := collect(t, w, "content/a.md", "content/zz-sentinel.md")
			onlyReported(t, got, "content/a.md", "content/zz-sentinel.md")
		})
	}
}

// TestWatchesFollowDirectories checks that directories created later are
// watched from then on and that removed or renamed ones are dropped.
func TestWatchesFollowDirectories(t *testing.T) {
	root := newSite(t)
	w := start(t, root, Options{})

	write(t, root, "content/new/deep/p.md", "# P\n")
	collect(t, w, "content/new/deep/p.md")
	write(t, root, "content/new/deep/q.md", "# Q\n") // needs the watch added above
	collect(t, w, "content/new/deep/q.md")

	mv(t, root, "content/new", "content/moved")
	collect(t, w, "content/moved/deep/p.md")
	// After the rename, events must carry the new name, not the stale one.
	write(t, root, "content/moved/deep/r.md", "# R\n")
	write(t, root, "content/zz-sentinel.md", "done")
	got := collect(t, w, "content/moved/deep/r.md", "content/zz-sentinel.md")
	if slices.Contains(got, "content/new/deep/r.md") {
		t.Errorf("event reported under the directory's old name: %q", got)
	}

	if err := os.RemoveAll(filepath.Join(root, "content/moved")); err != nil {
		t.Fatal(err)
	}
	collect(t, w, "content/moved/deep/r.md")
	write(t, root, "content/zz-sentinel.md", "done again")
	collect(t, w, "content/zz-sentinel.md")
	for _, p := range w.fsw.WatchList() {
		if strings.Contains(p, "moved") || strings.Contains(p, string(filepath.Separator)+"new") {
			t.Errorf("watch on a removed directory kept: %s", p)
		}
	}
}

// TestBurst writes 1,000 files at once, as a git checkout does: they must
// arrive as one batch, and nothing of the burst may trail behind it.
func TestBurst(t *testing.T) {
	root := newSite(t)
	// The windows are widened so that a loaded machine, where the writing
	// goroutine may stall for more than 10ms or the writes take longer than
	// the default cap, still tests coalescing rather than the clock.
	w := start(t, root, Options{Debounce: 50 * time.Millisecond, MaxWait: time.Minute})
	var want []string
	for i := range 1000 {
		name := fmt.Sprintf("content/burst/p%04d.md", i)
		write(t, root, name, "# page\n")
		want = append(want, name)
	}
	var b Batch
	select {
	case b = <-w.Batches():
	case <-time.After(10 * time.Second):
		t.Fatal("no batch")
	}
	want = append(want, "content/burst")
	slices.Sort(want)
	if !slices.Equal(b.Paths, want) {
		t.Fatalf("first batch has %d paths, want the %d of the burst", len(b.Paths), len(want))
	}
	write(t, root, "content/zz-sentinel.md", "done")
	select {
	case b = <-w.Batches():
	case <-time.After(10 * time.Second):
		t.Fatal("no batch")
	}
	if !slices.Equal(b.Paths, []string{"content/zz-sentinel.md"}) {
		t.Errorf("batch after the burst = %q, want only the sentinel", b.Paths)
	}
}

func TestForcedPolling(t *testing.T) {
	root := newSite(t)
	w := start(t, root, Options{Poll: true, PollInterval: 10 * time.Millisecond})
	if w.fsw != nil {
		t.Fatal("fsnotify used despite Poll")
	}
	write(t, root, "content/a.md", "# A, edited and longer\n")
	write(t, root, "content/sub/new.md", "# New\n")
	rm(t, root, "content/docs/b.md")
	write(t, root, "keel.yaml", "title: polled\n")
	write(t, root, "content/.a.md.swp", "swap")
	write(t, root, "content/zz-sentinel.md", "done")
	want := []string{"content/a.md", "content/sub", "content/sub/new.md", "content/docs/b.md", "keel.yaml", "content/zz-sentinel.md"}
	onlyReported(t, collect(t, w, want...), want...)
}

// TestFallbackWhenWatchesRunOut fakes inotify's ENOSPC for static/: keel
// must say so once and poll static/, while content/ keeps using fsnotify.
func TestFallbackWhenWatchesRunOut(t *testing.T) {
	root := newSite(t)
	static := filepath.Join(root, "static")
	var mu sync.Mutex
	var logs []string
	opts := Options{PollInterval: 10 * time.Millisecond, Logf: func(f string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		logs = append(logs, fmt.Sprintf(f, a...))
	}}
	refuse := func(abs string) error {
		if abs == static || strings.HasPrefix(abs, static+string(filepath.Separator)) {
			return syscall.ENOSPC
		}
		return nil
	}
	w, err := newWatcher(root, siteDirs, siteFiles, opts, refuse)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	write(t, root, "static/site.css", "body{color:red}")
	collect(t, w, "static/site.css")
	write(t, root, "static/fonts/a.woff2", "font") // a new directory in the polled tree
	collect(t, w, "static/fonts/a.woff2")
	write(t, root, "content/a.md", "# A edited\n")
	collect(t, w, "content/a.md")
	for _, p := range w.fsw.WatchList() {
		if strings.HasPrefix(p, static) {
			t.Errorf("polled tree still has a watch: %s", p)
		}
	}

	mu.Lock()
	defer mu.Unlock()
	n := 0
	for _, l := range logs {
		if strings.Contains(l, "polling static") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("fallback logged %d times, want once: %q", n, logs)
	}
}

func TestNewRejectsBadPaths(t *testing.T) {
	root := t.TempDir()
	for _, dirs := range [][]string{{"../x"}, {"/abs"}, {"."}} {
		if w, err := New(root, dirs, nil, Options{}); err == nil {
			w.Close()
			t.Errorf("New accepted dirs %q", dirs)
		}
	}
	if _, err := New(filepath.Join(root, "missing"), siteDirs, nil, Options{}); err == nil {
		t.Error("New accepted a missing root")
	}
}

func rm(t *testing.T, root, name string) {
	t.Helper()
	if err := os.Remove(filepath.Join(root, filepath.FromSlash(name))); err != nil {
		t.Fatal(err)
	}
}

func mv(t *testing.T, root, from, to string) {
	t.Helper()
	if err := os.Rename(filepath.Join(root, filepath.FromSlash(from)), filepath.Join(root, filepath.FromSlash(to))); err != nil {
		t.Fatal(err)
	}
}
