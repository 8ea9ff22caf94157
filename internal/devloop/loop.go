// Package devloop is keel serve's edit loop: each batch of changed files
// from the watcher is rebuilt and published to the server at once, and the
// search index of a fast rebuild follows on the side once the author pauses,
// so a save never waits for it. It holds no file system or network code of
// its own: the builder, the batches and the server are handed in, which lets
// tests run the loop in a synctest bubble with fakes.
//
//	l := devloop.New(devloop.Options{Builder: b, Server: srv, Logf: logf})
//	l.Publish(b.Build())        // the first build
//	l.Run(ctx, w.Batches())     // until ctx ends or the batches close
package devloop

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"time"

	"keel/internal/build"
	"keel/internal/diag"
	"keel/internal/render"
	"keel/internal/serve"
	"keel/internal/site"
	"keel/internal/watch"
)

// Builder is what the loop needs of build.Builder.
type Builder interface {
	// Rebuild re-reads the given site-relative paths and builds again.
	Rebuild(paths []string) build.Result
	// SearchChanges puts the index a Result.Search produced into the last
	// build and returns the files it changed (with build.Options.Changes,
	// the index) and removed; false means a later build made it stale.
	SearchChanges(generation int, index []render.File) (files []render.File, removed []string, ok bool)
	// SourceLine is line n of a site file as the build read it (the overlay).
	SourceLine(path string, n int) string
}

// Publisher is what the loop needs of serve.Server.
type Publisher interface {
	Publish(serve.Snapshot)
}

// Options configure a Loop.
type Options struct {
	Builder Builder
	Server  Publisher
	Logf    func(format string, args ...any)
	// SearchDelay is how long the author must pause before the search index
	// of body-only edits is rebuilt (default 300ms).
	SearchDelay time.Duration
	// Release collects garbage and returns free memory to the system
	// (default debug.FreeOSMemory); it runs after ReleaseAfter without a
	// change (default 2s), when a build happened since the last release.
	Release      func()
	ReleaseAfter time.Duration
}

// DefaultReleaseAfter is Options.ReleaseAfter's default.
const DefaultReleaseAfter = 2 * time.Second

// DefaultSearchDelay is Options.SearchDelay's default.
const DefaultSearchDelay = 300 * time.Millisecond

// Loop rebuilds and publishes. Publish and Run must not run concurrently.
type Loop struct {
	b     Builder
	srv   Publisher
	logf  func(string, ...any)
	delay time.Duration
	warn  warningLog
	last  published
	site  *site.Site // the site of the last build, compared by identity only

	release      func()
	releaseAfter time.Duration
	releasing    atomic.Bool
	dirty        bool // a build was published since the last release
}

// published is what the loop keeps of the last build that had files: only
// what a search-index follow-up needs to publish again. Holding the whole
// Result (its Site) would keep the previous site alive through the next
// full rebuild.
type published struct {
	snap serve.Snapshot // without Files
	ok   bool
}

// New returns a loop; nothing runs until Publish or Run.
func New(opts Options) *Loop {
	if opts.SearchDelay <= 0 {
		opts.SearchDelay = DefaultSearchDelay
	}
	if opts.Release == nil {
		opts.Release = debug.FreeOSMemory
	}
	if opts.ReleaseAfter <= 0 {
		opts.ReleaseAfter = DefaultReleaseAfter
	}
	return &Loop{b: opts.Builder, srv: opts.Server, logf: opts.Logf, delay: opts.SearchDelay,
		release: opts.Release, releaseAfter: opts.ReleaseAfter}
}

// Publish prints a build's new warnings and hands it to the server. A build
// that could not render the site (Files nil with errors) shows its
// diagnostics over the last good files; one with content errors only is
// published with them.
func (l *Loop) Publish(res build.Result) {
	l.dirty = true
	l.warn.print(res.Diags, l.logf)
	snap := serve.Snapshot{Diags: res.Diags, Excerpt: l.b.SourceLine, Outputs: map[string]string{}}
	switch {
	case res.Site != nil && res.Site == l.site && l.last.ok:
		// A fast rebuild patches the same site: its pages and outputs stand.
		snap.Editor, snap.Outputs = l.last.snap.Editor, l.last.snap.Outputs
	case res.Site != nil:
		snap.Editor = res.Site.Config.Editor
		for _, p := range res.Site.Pages {
			if p.Path != "" {
				snap.Outputs[p.Path] = p.OutPath
			}
		}
	}
	if l.last.ok && (res.Site == nil || configError(res.Diags)) {
		// keel.yaml could not be read (whole): its editor: is the last one
		// read, since the link to that error most of all must open the author's editor
		snap.Editor = l.last.snap.Editor
	}
	if res.Files == nil && !res.Changes && res.Diags.HasErrors() {
		l.srv.Publish(snap)
		return
	}
	if res.Files != nil || res.Changes {
		l.last, l.site = published{snap: snap, ok: true}, res.Site
	}
	snap.Partial = res.Changes // a fast rebuild returns only the pages it rendered
	l.publishFiles(snap, res.Files, nil)
}

func configError(diags diag.List) bool {
	for _, d := range diags {
		if d.Severity == diag.Error && d.Path == "keel.yaml" {
			return true
		}
	}
	return false
}

// releaseMemory collects the builds' garbage and gives the free memory back
// to the system, on the side. Without it the process keeps the peak of the
// first build (the runtime returns free pages only slowly) and, while
// editing, a heap twice the live one: each save's search index leaves some
// 200 MB of garbage at 10,000 pages. It runs once the author paused for
// ReleaseAfter, since a collection of a 2 GB heap slows a rebuild running
// beside it several times over.
func (l *Loop) releaseMemory() {
	if l.releasing.Swap(true) {
		return // one at a time: the running one frees this build's too
	}
	go func() {
		defer l.releasing.Store(false)
		l.release()
	}()
}

// publishFiles publishes snap with files (all of the site's, or with
// snap.Partial those that changed, and removed). The server compares them
// with what it serves (the one file-list diff of keel serve) and keeps the
// only copy of the site: the builder keeps none (build.Options.Changes).
func (l *Loop) publishFiles(snap serve.Snapshot, files []render.File, removed []string) {
	snap.Files = make(map[string][]byte, len(files))
	for _, f := range files {
		snap.Files[f.Path] = f.Data
	}
	snap.Removed = removed
	l.srv.Publish(snap)
}

// index is a search index built on the side for a build's generation.
type index struct {
	generation int
	files      []render.File
}

// Run rebuilds on every batch until ctx ends or batches closes.
func (l *Loop) Run(ctx context.Context, batches <-chan watch.Batch) {
	indexes := make(chan index)
	var pending func() []render.File // index work of the latest fast rebuild, not started
	pendingGen, running := 0, false
	idle := time.NewTimer(time.Hour)
	idle.Stop()
	defer idle.Stop()
	quiet := time.NewTimer(l.releaseAfter) // the first build's garbage goes soon after start
	defer quiet.Stop()
	for {
		select {
		case <-ctx.Done():
			l.profileHook()
			return
		case <-quiet.C:
			if l.dirty {
				l.dirty = false
				l.releaseMemory()
			}
		case <-idle.C:
			if pending != nil && !running {
				go func(gen int, run func() []render.File) {
					select {
					case indexes <- index{gen, run()}:
					case <-ctx.Done():
					}
				}(pendingGen, pending)
				pending, running = nil, true
			}
		case ix := <-indexes:
			running = false
			// A later build may have made this index stale; it then brings its own.
			if files, removed, ok := l.b.SearchChanges(ix.generation, ix.files); ok && l.last.ok {
				snap := l.last.snap
				snap.Partial = true // the index changes nothing else
				l.publishFiles(snap, files, removed)
			}
			quiet.Reset(l.releaseAfter)
			if pending != nil {
				idle.Reset(l.delay)
			}
		case batch, ok := <-batches:
			if !ok {
				return
			}
			res := l.b.Rebuild(batch.Paths)
			l.Publish(res)
			quiet.Reset(l.releaseAfter)
			latency := time.Since(batch.First)
			if res.Files != nil && res.Generation != pendingGen {
				pending = nil // a newer build: it brings its own index, or a new pending one
			}
			if res.Search != nil {
				pending, pendingGen = res.Search, res.Generation
				idle.Reset(l.delay)
			}
			l.logf("rebuilt %d changed path(s), %d re-parsed, in %s; reload signal %s after the first event",
				len(batch.Paths), res.Stats.Reparsed, res.Stats.Duration.Round(time.Millisecond), latency.Round(time.Millisecond))
		}
	}
}

// profileHook, with KEEL_MEMPROFILE set (cmd/keel writes the heap profile
// as it exits), collects garbage while the session's state is still alive,
// so the profile shows what a session holds rather than the last build's
// garbage or nothing at all.
func (l *Loop) profileHook() {
	if os.Getenv("KEEL_MEMPROFILE") != "" {
		runtime.GC()
		runtime.KeepAlive(l)
	}
}
