package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"log"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Options tune a Watcher; the zero value is the intended default.
type Options struct {
	// Debounce is the quiet window after the last event before a batch is
	// sent (default 10ms; bursts of many paths wait 5× longer).
	Debounce time.Duration
	// MaxWait caps how long a batch may grow under a continuous stream of
	// events (default 250ms).
	MaxWait time.Duration
	// PollInterval is how often a polled tree is scanned (default 500ms).
	PollInterval time.Duration
	// Poll forces polling everywhere instead of fsnotify.
	Poll bool
	// Logf reports fallbacks and watcher errors (default log.Printf).
	Logf func(format string, args ...any)
}

// Watcher watches the dirs of a site root recursively and some single files.
// Its state is owned by one goroutine; the public methods are safe to call
// from any goroutine.
type Watcher struct {
	root  string
	dirs  []string        // slash paths relative to root, watched recursively
	files map[string]bool // slash paths relative to root
	opts  Options

	fsw    *fsnotify.Watcher      // nil when everything is polled
	addErr func(abs string) error // tests fake a refused watch with it

	// Owned by the run goroutine after New returns.
	known     map[string]entry // every file and directory seen under dirs, plus files
	watched   map[string]bool  // directories with an fsnotify watch
	polled    map[string]bool  // trees (elements of dirs) scanned by polling
	pollFiles bool             // the single files are polled too
	ticker    *time.Ticker
	co        *coalescer

	out       chan Batch
	quit      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

// entry is what polling compares to see a change.
type entry struct {
	dir  bool
	mod  time.Time
	size int64
}

func entryOf(fi fs.FileInfo) entry {
	if fi.IsDir() {
		return entry{dir: true}
	}
	return entry{mod: fi.ModTime(), size: fi.Size()}
}

// New starts watching. dirs and files are slash paths relative to root;
// they need not exist yet (a directory created later is picked up).
func New(root string, dirs, files []string, opts Options) (*Watcher, error) {
	return newWatcher(root, dirs, files, opts, nil)
}

// newWatcher lets tests make adding a watch fail, to fake an exhausted inotify.
func newWatcher(root string, dirs, files []string, opts Options, addErr func(string) error) (*Watcher, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(abs); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("watch %s: not a directory", root)
	}
	opts.Debounce = cmpOr(opts.Debounce, 10*time.Millisecond)
	opts.MaxWait = max(cmpOr(opts.MaxWait, 250*time.Millisecond), opts.Debounce)
	opts.PollInterval = cmpOr(opts.PollInterval, 500*time.Millisecond)
	if opts.Logf == nil {
		opts.Logf = log.Printf
	}
	w := &Watcher{
		root:    abs,
		files:   map[string]bool{},
		opts:    opts,
		known:   map[string]entry{},
		watched: map[string]bool{},
		polled:  map[string]bool{},
		co:      newCoalescer(opts.Debounce, opts.MaxWait),
		addErr:  addErr,
		out:     make(chan Batch),
		quit:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	for _, d := range dirs {
		if d, err = cleanRel(d); err != nil {
			return nil, err
		}
		w.dirs = append(w.dirs, d)
	}
	for _, f := range files {
		if f, err = cleanRel(f); err != nil {
			return nil, err
		}
		w.files[f] = true
	}

	if !opts.Poll {
		// A buffer absorbs bursts while the loop is busy scanning a new tree.
		w.fsw, err = fsnotify.NewBufferedWatcher(4096)
		if err != nil {
			opts.Logf("watch: cannot use fsnotify (%v); polling every %v instead", err, opts.PollInterval)
		}
	}
	w.start()
	go w.run()
	return w, nil
}

func cmpOr(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func cleanRel(p string) (string, error) {
	c := path.Clean(filepath.ToSlash(p))
	if c == "." || path.IsAbs(c) || c == ".." || strings.HasPrefix(c, "../") {
		return "", fmt.Errorf("watch: %q is not a path inside the root", p)
	}
	return c, nil
}

// Batches delivers coalesced changes; it is closed by Close.
func (w *Watcher) Batches() <-chan Batch { return w.out }

// Close stops watching and closes the Batches channel.
func (w *Watcher) Close() error {
	var err error
	w.closeOnce.Do(func() {
		close(w.quit)
		<-w.done
		if w.fsw != nil {
			err = w.fsw.Close()
		}
	})
	return err
}

// start records the initial state: watches every directory (or falls back
// to polling) and remembers every file, without reporting anything.
func (w *Watcher) start() {
	if w.fsw == nil {
		w.pollFiles = true
		for _, d := range w.dirs {
			w.polled[d] = true
		}
	}
	// The parents of dirs and files see those being created, removed or
	// replaced by a rename-save.
	parents := map[string]bool{}
	for _, p := range w.dirs {
		parents[path.Dir(p)] = true
	}
	for p := range w.files {
		parents[path.Dir(p)] = true
	}
	for _, p := range slices.Sorted(maps.Keys(parents)) {
		if w.fsw == nil || w.tree(p) != "" {
			continue
		}
		if err := w.addWatch(w.abs(p)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			// Without the parent, creations of whole trees go unseen: poll all.
			w.opts.Logf("watch: cannot watch %s (%v); polling every %v instead", w.abs(p), err, w.opts.PollInterval)
			w.pollFiles = true
			for _, d := range w.dirs {
				w.fallback(d, nil)
			}
		}
	}
	for p := range w.files {
		if fi, err := os.Lstat(w.abs(p)); err == nil {
			w.known[p] = entryOf(fi)
		}
	}
	if w.pollFiles {
		w.startPolling()
	}
	for _, d := range w.dirs {
		w.enter(d, time.Time{}, false)
	}
}

func (w *Watcher) addWatch(abs string) error {
	if w.addErr != nil {
		if err := w.addErr(abs); err != nil {
			return err
		}
	}
	return w.fsw.Add(abs)
}

// unwatch removes the watch on directory p; errors only mean that the
// kernel dropped it already.
func (w *Watcher) unwatch(p string) {
	delete(w.watched, p)
	if w.fsw != nil {
		_ = w.fsw.Remove(w.abs(p))
	}
}

func (w *Watcher) abs(rel string) string {
	if rel == "." {
		return w.root
	}
	return filepath.Join(w.root, filepath.FromSlash(rel))
}

// rel turns an event's name into a root-relative slash path.
func (w *Watcher) rel(name string) (string, bool) {
	if name == w.root {
		return ".", true
	}
	r, ok := strings.CutPrefix(name, w.root+string(filepath.Separator))
	return filepath.ToSlash(r), ok
}

// tree returns the element of dirs that contains p, or "".
func (w *Watcher) tree(p string) string {
	for _, d := range w.dirs {
		if p == d || strings.HasPrefix(p, d+"/") {
			return d
		}
	}
	return ""
}

func (w *Watcher) run() {
	defer close(w.done)
	defer close(w.out)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var (
		timerC  <-chan time.Time
		ready   Batch      // due, waiting for the consumer
		outC    chan Batch // w.out while ready holds paths
		events  chan fsnotify.Event
		errorsC chan error
	)
	if w.fsw != nil {
		events, errorsC = w.fsw.Events, w.fsw.Errors
	}
	for {
		var pollC <-chan time.Time
		if w.ticker != nil {
			pollC = w.ticker.C
		}
		select {
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			w.handle(ev, time.Now())
		case err, ok := <-errorsC:
			if !ok {
				errorsC = nil
				continue
			}
			w.handleError(err)
		case <-pollC:
			w.poll(time.Now())
		case <-timerC:
			timerC = nil
			b := w.co.take(w.exists)
			ready = merge(ready, b)
			if len(ready.Paths) > 0 {
				outC = w.out
			}
		case outC <- ready:
			ready, outC = Batch{}, nil
		case <-w.quit:
			timer.Stop()
			if w.ticker != nil {
				w.ticker.Stop()
			}
			return
		}
		if !w.co.empty() {
			timer.Reset(time.Until(w.co.due()))
			timerC = timer.C
		}
	}
}

func (w *Watcher) exists(p string) bool {
	_, ok := w.known[p]
	return ok
}

// merge joins a newly due batch into one still waiting for the consumer.
func merge(a, b Batch) Batch {
	if len(a.Paths) == 0 {
		return b
	}
	if len(b.Paths) == 0 {
		return a
	}
	a.Paths = slices.Compact(slices.Sorted(slices.Values(append(a.Paths, b.Paths...))))
	return a
}

// handle treats every event as "this path is dirty": event sequences differ
// between editors and systems, so the file system is asked what is there now.
func (w *Watcher) handle(ev fsnotify.Event, now time.Time) {
	p, ok := w.rel(ev.Name)
	if !ok {
		return
	}
	if w.files[p] {
		if !w.pollFiles {
			w.change(p, ev.Op, now)
		}
		return
	}
	t := w.tree(p)
	if t == "" || w.polled[t] || ignoredPath(p, t) {
		return
	}
	w.change(p, ev.Op, now)
}

// ignoredPath reports whether p, inside tree t, is an editor file or lies
// in an ignored directory.
func ignoredPath(p, t string) bool {
	for p != t && p != "." {
		if Ignored(path.Base(p)) {
			return true
		}
		p = path.Dir(p)
	}
	return false
}

// change brings the state of p up to date and records it in the batch.
func (w *Watcher) change(p string, op fsnotify.Op, now time.Time) {
	old, had := w.known[p]
	if had && old.dir && op.Has(fsnotify.Remove|fsnotify.Rename) {
		// The directory went away, even if a new one already took its name:
		// its watches now point elsewhere or nowhere.
		w.drop(p, now)
		had = false
	}
	fi, err := os.Lstat(w.abs(p))
	if err != nil {
		if had && old.dir {
			w.drop(p, now)
		}
		delete(w.known, p)
		w.co.add(p, had, now)
		return
	}
	e := entryOf(fi)
	if e.dir {
		if !had || !old.dir || op.Has(fsnotify.Create) {
			w.enter(p, now, true)
		}
		return
	}
	if had && old.dir {
		w.drop(p, now)
		had = true
	}
	w.known[p] = e
	w.co.add(p, had, now)
}

// drop forgets directory p: every known path under it is reported and its
// watches are removed.
func (w *Watcher) drop(p string, now time.Time) {
	prefix := p + "/"
	for k := range w.known {
		if k == p || strings.HasPrefix(k, prefix) {
			w.co.add(k, true, now)
			delete(w.known, k)
		}
	}
	for k := range w.watched {
		if k == p || strings.HasPrefix(k, prefix) {
			w.unwatch(k)
		}
	}
}

// enter walks the directory p (an element of dirs or a directory that just
// appeared), watching every directory in it and recording every file. With
// report set, everything found joins the batch: files written into a new
// directory before its watch existed are found this way.
func (w *Watcher) enter(p string, now time.Time, report bool) {
	t := w.tree(p)
	w.walk(p, func(q string, e entry) {
		old, had := w.known[q]
		w.known[q] = e
		if e.dir {
			w.watchDir(q, t)
		}
		if report && (!had || old != e || e.dir) {
			w.co.add(q, had, now)
		}
	})
}

// walk calls fn for p and everything below it, skipping editor files.
// Entries that vanish during the walk are skipped.
func (w *Watcher) walk(p string, fn func(rel string, e entry)) {
	_ = filepath.WalkDir(w.abs(p), func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // vanished or unreadable: skip; events will follow
		}
		q, ok := w.rel(name)
		if !ok {
			return nil
		}
		if q != p && Ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return nil
		}
		fn(q, entryOf(fi))
		return nil
	})
}

func (w *Watcher) watchDir(p, tree string) {
	if w.polled[tree] || w.watched[p] {
		return
	}
	err := w.addWatch(w.abs(p))
	switch {
	case err == nil:
		w.watched[p] = true
	case isLimit(err):
		w.fallback(tree, err)
	case errors.Is(err, fs.ErrNotExist):
		// Removed again already; its parent reports that.
	default:
		w.opts.Logf("watch: %s: %v", w.abs(p), err)
	}
}

// isLimit reports whether the system refused a watch for lack of resources.
func isLimit(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE)
}

// fallback switches tree to polling, once, saying so (unless err is nil:
// the caller already did).
func (w *Watcher) fallback(tree string, err error) {
	if w.polled[tree] {
		return
	}
	w.polled[tree] = true
	if err != nil {
		w.opts.Logf("watch: the system refuses more file watches (%v); polling %s every %v instead "+
			"(raise fs.inotify.max_user_watches to avoid this)", err, tree, w.opts.PollInterval)
	}
	for k := range w.watched {
		if w.tree(k) == tree {
			w.unwatch(k)
		}
	}
	w.startPolling()
}

func (w *Watcher) startPolling() {
	if w.ticker == nil {
		w.ticker = time.NewTicker(w.opts.PollInterval)
	}
}

func (w *Watcher) handleError(err error) {
	if errors.Is(err, fsnotify.ErrEventOverflow) {
		// Events were lost: compare everything with what we knew.
		w.opts.Logf("watch: %v; rescanning", err)
		w.rescanAll(time.Now(), false)
		return
	}
	w.opts.Logf("watch: %v", err)
}

func (w *Watcher) poll(now time.Time) { w.rescanAll(now, true) }

// rescanAll compares the disk with the known state: the polled trees only
// (polledOnly) or every tree after lost events.
func (w *Watcher) rescanAll(now time.Time, polledOnly bool) {
	if w.pollFiles || !polledOnly {
		for f := range w.files {
			w.rescanFile(f, now)
		}
	}
	for _, d := range w.dirs {
		if w.polled[d] || !polledOnly {
			w.rescan(d, now)
		}
	}
}

func (w *Watcher) rescanFile(f string, now time.Time) {
	old, had := w.known[f]
	fi, err := os.Lstat(w.abs(f))
	if err != nil {
		if had {
			delete(w.known, f)
			w.co.add(f, true, now)
		}
		return
	}
	if e := entryOf(fi); !had || e != old {
		w.known[f] = e
		w.co.add(f, had, now)
	}
}

// rescan reports every difference between tree t on disk and the known state.
func (w *Watcher) rescan(t string, now time.Time) {
	seen := map[string]bool{}
	w.walk(t, func(q string, e entry) {
		seen[q] = true
		old, had := w.known[q]
		if !had || old != e {
			w.known[q] = e
			w.co.add(q, had, now)
		}
		if e.dir {
			w.watchDir(q, t)
		}
	})
	for k := range w.known {
		if !seen[k] && w.tree(k) == t {
			delete(w.known, k)
			w.co.add(k, true, now)
		}
	}
	for k := range w.watched {
		if !seen[k] && w.tree(k) == t {
			delete(w.watched, k)
		}
	}
}
