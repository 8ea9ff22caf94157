package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	keel "keel"
	"keel/internal/build"
	"keel/internal/diag"
	"keel/internal/render"
	"keel/internal/serve"
	"keel/internal/watch"
)

func cmdServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", stderr)
	var sf siteFlags
	sf.register(fs)
	bind := fs.String("bind", "127.0.0.1", "address to listen on (keep the default unless you mean to share your drafts)")
	port := fs.Int("port", 1313, "port to listen on; the next free one is used if it is taken")
	var allow hostList
	fs.Var(&allow, "allow-host", "also answer requests for this host `NAME` (repeatable or comma-separated; localhost, 127.0.0.1, [::1] and the bound address always work)")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if err := sf.validate(); err != nil {
		fmt.Fprintln(stderr, "keel serve:", err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger := log.New(stderr, "", log.Ltime)
	return runServe(ctx, sf, *bind, *port, allow, stdout, logger.Printf, nil)
}

// hostList collects --allow-host values.
type hostList []string

func (h *hostList) String() string     { return strings.Join(*h, ",") }
func (h *hostList) Set(v string) error { *h = append(*h, v); return nil }

// runServe builds, serves and rebuilds on every change until ctx ends.
// ready, when set, receives the URL once the server listens (for tests).
func runServe(ctx context.Context, sf siteFlags, bind string, port int, allow []string, stdout io.Writer, logf func(string, ...any), ready chan<- string) int {
	// Lenient: content errors mark their pages, every other page keeps updating.
	b := build.New(build.Options{Source: sf.source, Audience: sf.audience, Drafts: sf.drafts, Theme: keel.Theme(),
		CacheDir: cacheDir(sf.source), Lenient: true})
	res := b.Build()
	base := "/"
	if res.Site != nil {
		base = res.Site.Config.BasePath
	}
	root, _ := filepath.Abs(sf.source)
	srv := serve.New(serve.Options{BasePath: base, Logf: logf, AllowHosts: allow, Root: root})
	defer srv.Close()
	var warnings warningLog
	warnings.print(res.Diags, logf)
	publish(srv, b, res, build.Result{}, logf)

	w, err := watch.New(sf.source, []string{"content", "templates", "static"}, []string{"keel.yaml"}, watch.Options{Logf: logf})
	if err != nil {
		logf("keel serve: cannot watch %s: %v", sf.source, err)
		return exitUsage
	}
	defer w.Close()
	url, err := serve.ListenAndServe(ctx, srv, bind, port, logf)
	if err != nil {
		logf("keel serve: %v", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "serving the %s edition of %s at %s (Ctrl-C to stop)\n", sf.audience, sf.source, url)
	if ready != nil {
		ready <- url
	}
	prev := res
	// The search index of a fast rebuild is built on the side once the author
	// pauses (searchDelay), one build at a time, so saves never queue behind it.
	type index struct {
		generation int
		files      []render.File
	}
	indexes := make(chan index)
	var pending func() []render.File // index work of the latest fast rebuild, not started
	pendingGen, running := 0, false
	idle := time.NewTimer(time.Hour)
	idle.Stop()
	for {
		select {
		case <-ctx.Done():
			return exitOK
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
			if files, ok := b.ApplySearch(ix.generation, ix.files); ok {
				next := build.Result{Files: files, Diags: prev.Diags, Site: prev.Site} // the index changes nothing else
				publish(srv, b, next, prev, logf)
				prev = next
			}
			if pending != nil {
				idle.Reset(searchDelay)
			}
		case batch, ok := <-w.Batches():
			if !ok {
				return exitOK
			}
			res := b.Rebuild(batch.Paths)
			warnings.print(res.Diags, logf)
			publish(srv, b, res, prev, logf)
			latency := time.Since(batch.First)
			if res.Files != nil {
				prev = res
				if res.Generation != pendingGen {
					pending = nil // a newer build: it brings its own index, or a new pending one
				}
			}
			if res.Search != nil {
				pending, pendingGen = res.Search, res.Generation
				idle.Reset(searchDelay)
			}
			logf("rebuilt %d changed path(s), %d re-parsed, in %s; reload signal %s after the first event",
				len(batch.Paths), res.Stats.Reparsed, res.Stats.Duration.Round(time.Millisecond), latency.Round(time.Millisecond))
		}
	}
}

// searchDelay is how long the author must pause before the search index of
// body-only edits is rebuilt.
const searchDelay = 300 * time.Millisecond

// publish hands a build to the server. A build that could not render the
// site keeps the last good files (nil) and shows its diagnostics; one with
// content errors only is published with them. Files whose bytes did not
// change share the previous slices, so the server's comparison is nearly free.
func publish(srv *serve.Server, b *build.Builder, res build.Result, prev build.Result, logf func(string, ...any)) {
	editor, outputs := "", map[string]string{}
	if res.Site != nil {
		editor = res.Site.Config.Editor
		for _, p := range res.Site.Pages {
			if p.Path != "" {
				outputs[p.Path] = p.OutPath
			}
		}
	}
	if res.Files == nil && res.Diags.HasErrors() {
		srv.Publish(serve.Snapshot{Diags: res.Diags, Editor: editor, Excerpt: b.SourceLine, Outputs: outputs})
		return
	}
	// Both file lists are sorted by path: one merge walk finds what changed
	// (so the server need not compare 20,000 files) and lets unchanged files
	// share the previous bytes.
	files := make(map[string][]byte, len(res.Files))
	changed := []string{}
	old := prev.Files
	i := 0
	for _, f := range res.Files {
		for i < len(old) && old[i].Path < f.Path {
			changed = append(changed, old[i].Path) // removed
			i++
		}
		if i < len(old) && old[i].Path == f.Path {
			if string(old[i].Data) == string(f.Data) {
				files[f.Path] = old[i].Data
			} else {
				files[f.Path] = f.Data
				changed = append(changed, f.Path)
			}
			i++
			continue
		}
		files[f.Path] = f.Data
		changed = append(changed, f.Path) // added
	}
	for ; i < len(old); i++ {
		changed = append(changed, old[i].Path)
	}
	snap := serve.Snapshot{Files: files, Diags: res.Diags, Changed: changed, Editor: editor, Excerpt: b.SourceLine, Outputs: outputs}
	if prev.Files == nil {
		snap.Changed = nil // first publish, or after a failed build: let the server compare
	}
	srv.Publish(snap)
}

// warningLog prints a build's warnings once: the first build prints all of
// them, a rebuild only the new ones and how many went away, so a busy
// editing session does not repeat the same lines on every save. (A failed
// build's diagnostics are printed whole by the server.)
type warningLog struct {
	shown map[string]bool
}

func (l *warningLog) print(diags diag.List, logf func(string, ...any)) {
	if diags.HasErrors() {
		return
	}
	now := map[string]bool{}
	for _, d := range diags {
		s := d.String()
		if now[s] {
			continue
		}
		now[s] = true
		if !l.shown[s] {
			logf("%s", s)
		}
	}
	gone := 0
	for s := range l.shown {
		if !now[s] {
			gone++
		}
	}
	if gone > 0 {
		logf("%d warning(s) fixed; %d remain", gone, len(now))
	}
	l.shown = now
}
