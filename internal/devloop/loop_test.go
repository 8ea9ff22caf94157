package devloop

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"keel/internal/build"
	"keel/internal/diag"
	"keel/internal/render"
	"keel/internal/serve"
	"keel/internal/watch"
)

// fakeBuilder answers Rebuild with results the test queued and keeps the
// generation of the last build, as build.Builder does for SearchChanges.
type fakeBuilder struct {
	mu       sync.Mutex
	results  []build.Result
	rebuilds [][]string
	gen      int
	indexed  []int    // generations whose index was applied
	removed  []string // what SearchChanges says the index lost
}

func (f *fakeBuilder) Rebuild(paths []string) build.Result {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rebuilds = append(f.rebuilds, paths)
	res := f.results[0]
	f.results = f.results[1:]
	f.gen = res.Generation
	return res
}

func (f *fakeBuilder) SearchChanges(gen int, index []render.File) ([]render.File, []string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if gen != f.gen {
		return nil, nil, false
	}
	f.indexed = append(f.indexed, gen)
	return index, f.removed, true
}

func (f *fakeBuilder) SourceLine(string, int) string { return "" }

type fakeServer struct {
	mu    sync.Mutex
	snaps []serve.Snapshot
}

func (s *fakeServer) Publish(snap serve.Snapshot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.snaps = append(s.snaps, snap)
}

func (s *fakeServer) published() []serve.Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.snaps)
}

// fastResult is a body-only rebuild: pages now, the search index on request.
// The index takes indexTime to build (fake time, inside the bubble).
func fastResult(gen int, indexTime time.Duration, calls *runs) build.Result {
	return build.Result{
		Files:      []render.File{{Path: "a/index.html", Data: []byte(fmt.Sprint("a", gen))}},
		Generation: gen,
		Search: func() []render.File {
			calls.add(gen)
			time.Sleep(indexTime)
			return []render.File{{Path: "search/index.json", Data: []byte(fmt.Sprint(gen))}}
		},
	}
}

// runs records which generations' index was built.
type runs struct {
	mu   sync.Mutex
	gens []int
}

func (r *runs) add(gen int) { r.mu.Lock(); r.gens = append(r.gens, gen); r.mu.Unlock() }

func (r *runs) get() []int { r.mu.Lock(); defer r.mu.Unlock(); return slices.Clone(r.gens) }

func (f *fakeBuilder) applied() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.indexed)
}

// run starts a loop in the bubble and returns its batch channel and a stop
// function that waits for Run to return.
func run(b *fakeBuilder, s *fakeServer) (chan<- watch.Batch, func()) {
	l := New(Options{Builder: b, Server: s, Logf: func(string, ...any) {}, Release: func() {}})
	ctx, cancel := context.WithCancel(context.Background())
	batches := make(chan watch.Batch)
	done := make(chan struct{})
	go func() { l.Run(ctx, batches); close(done) }()
	return batches, func() { cancel(); <-done }
}

func hasIndex(s serve.Snapshot) bool { _, ok := s.Files["search/index.json"]; return ok }

// A fast rebuild is published at once; its search index is built only
// after the author paused for SearchDelay, then published too.
func TestSearchIndexFollowsAfterPause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var calls runs
		b := &fakeBuilder{results: []build.Result{fastResult(1, 50*time.Millisecond, &calls)}}
		s := &fakeServer{}
		batches, stop := run(b, s)
		defer stop()

		batches <- watch.Batch{Paths: []string{"content/a.md"}, First: time.Now()}
		synctest.Wait()
		if n := len(s.published()); n != 1 || hasIndex(s.published()[0]) {
			t.Fatalf("after the rebuild: %d snapshot(s), want 1 without the index", n)
		}
		time.Sleep(DefaultSearchDelay - time.Millisecond)
		synctest.Wait()
		if len(calls.get()) != 0 {
			t.Fatalf("index built before the pause ended")
		}
		time.Sleep(time.Millisecond + 50*time.Millisecond)
		synctest.Wait()
		snaps := s.published()
		if len(snaps) != 2 || !hasIndex(snaps[1]) || !slices.Equal(b.applied(), []int{1}) {
			t.Fatalf("after the pause: %d snapshot(s), indexed %v; want the index published", len(snaps), b.applied())
		}
	})
}

// Saves in quick succession each publish at once and push the index back;
// only the last build's index is built.
func TestSearchIndexWaitsForTheLastSave(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var calls runs
		b := &fakeBuilder{}
		for g := 1; g <= 5; g++ {
			b.results = append(b.results, fastResult(g, 10*time.Millisecond, &calls))
		}
		s := &fakeServer{}
		batches, stop := run(b, s)
		defer stop()
		for range 5 {
			batches <- watch.Batch{Paths: []string{"content/a.md"}, First: time.Now()}
			time.Sleep(DefaultSearchDelay / 2)
		}
		synctest.Wait()
		if len(calls.get()) != 0 || len(s.published()) != 5 {
			t.Fatalf("while saving: index runs %v, %d snapshots; want none and 5", calls.get(), len(s.published()))
		}
		time.Sleep(time.Second)
		synctest.Wait()
		if !slices.Equal(calls.get(), []int{5}) || !slices.Equal(b.applied(), []int{5}) || len(s.published()) != 6 {
			t.Fatalf("index runs %v, applied %v, %d snapshots; want only generation 5's", calls.get(), b.applied(), len(s.published()))
		}
	})
}

// A save while an index is being built is rebuilt and published at once,
// not behind the index; the stale index is dropped and the new build's
// index follows.
func TestSaveDuringIndexBuild(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var calls runs
		b := &fakeBuilder{results: []build.Result{fastResult(1, time.Second, &calls), fastResult(2, 10*time.Millisecond, &calls)}}
		s := &fakeServer{}
		batches, stop := run(b, s)
		defer stop()
		batches <- watch.Batch{Paths: []string{"content/a.md"}, First: time.Now()}
		time.Sleep(DefaultSearchDelay + 100*time.Millisecond) // index 1 is running
		synctest.Wait()
		start := time.Now()
		batches <- watch.Batch{Paths: []string{"content/a.md"}, First: time.Now()}
		synctest.Wait()
		if len(s.published()) != 2 || time.Since(start) != 0 {
			t.Fatalf("the second save waited for the index (%d snapshots)", len(s.published()))
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if !slices.Equal(calls.get(), []int{1, 2}) || !slices.Equal(b.applied(), []int{2}) {
			t.Fatalf("index runs %v, applied %v; want both run, only 2 applied", calls.get(), b.applied())
		}
		if snaps := s.published(); len(snaps) != 3 || string(snaps[2].Files["search/index.json"]) != "2" {
			t.Fatalf("%d snapshots; want the second build's index last", len(snaps))
		}
	})
}

// A build that could not render the site publishes its diagnostics without
// files (the server keeps the last good ones); one with content errors only
// is published with its files and errors.
func TestPublishFailedAndLenientBuilds(t *testing.T) {
	var errs diag.List
	errs.Errorf("keel.yaml", 2, 1, "does not parse")
	var contentErr diag.List
	contentErr.Errorf("content/a.md", 3, 1, "broken link")
	tests := []struct {
		name      string
		res       build.Result
		wantFiles bool
		wantErrs  int
	}{
		{"failed", build.Result{Diags: errs, Generation: 1}, false, 1},
		{"content errors only", build.Result{Files: []render.File{{Path: "a/index.html", Data: []byte("a")}}, Diags: contentErr, Generation: 1}, true, 1},
		{"clean", build.Result{Files: []render.File{{Path: "a/index.html", Data: []byte("a")}}, Generation: 1}, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &fakeServer{}
			l := New(Options{Builder: &fakeBuilder{}, Server: s, Logf: func(string, ...any) {}, Release: func() {}})
			l.Publish(tt.res)
			snap := s.published()[0]
			if (snap.Files != nil) != tt.wantFiles || len(snap.Diags) != tt.wantErrs {
				t.Errorf("files %v, %d diagnostics; want files %v, %d", snap.Files != nil, len(snap.Diags), tt.wantFiles, tt.wantErrs)
			}
			if tt.wantFiles && string(snap.Files["a/index.html"]) != "a" {
				t.Errorf("files = %v", snap.Files)
			}
		})
	}
}

// Run returns when the watcher closes its batches.
func TestRunEndsWithTheWatcher(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New(Options{Builder: &fakeBuilder{}, Server: &fakeServer{}, Logf: func(string, ...any) {}, Release: func() {}})
		batches := make(chan watch.Batch)
		done := make(chan struct{})
		go func() { l.Run(context.Background(), batches); close(done) }()
		close(batches)
		<-done
	})
}

// Garbage goes back to the system once the author paused for ReleaseAfter
// after a build, never while saves keep coming, and not again without a
// new build.
func TestReleaseMemoryWhenQuiet(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := &fakeBuilder{}
		for g := 1; g <= 10; g++ {
			b.results = append(b.results, build.Result{Files: []render.File{{Path: "a/index.html", Data: []byte{'a'}}}, Generation: g})
		}
		var released runs
		l := New(Options{Builder: b, Server: &fakeServer{}, Logf: func(string, ...any) {}, Release: func() { released.add(1) }})
		l.Publish(build.Result{Generation: 0}) // the first build
		ctx, cancel := context.WithCancel(context.Background())
		batches := make(chan watch.Batch)
		done := make(chan struct{})
		go func() { l.Run(ctx, batches); close(done) }()
		defer func() { cancel(); <-done }()

		time.Sleep(DefaultReleaseAfter + time.Millisecond)
		synctest.Wait()
		if n := len(released.get()); n != 1 {
			t.Fatalf("%d release(s) after start, want 1", n)
		}
		for range 10 { // saves a second apart: never quiet long enough
			batches <- watch.Batch{Paths: []string{"content/a.md"}, First: time.Now()}
			time.Sleep(DefaultReleaseAfter / 2)
		}
		synctest.Wait()
		if n := len(released.get()); n != 1 {
			t.Fatalf("%d release(s) while editing, want still 1", n)
		}
		time.Sleep(10 * DefaultReleaseAfter)
		synctest.Wait()
		if n := len(released.get()); n != 2 {
			t.Fatalf("%d release(s) after the pause, want 2 (one per quiet period after builds)", n)
		}
	})
}

// A fast rebuild (build.Options.Changes) is published as a partial
// snapshot of the pages it rendered, even with none (a save that changed
// nothing) and beside content errors; its index follows as one too, with
// the index files it lost: the loop never asks for, nor holds, the site.
func TestFastRebuildPublishesOnlyItsFiles(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var calls runs
		var contentErr diag.List
		contentErr.Errorf("content/b.md", 3, 1, "broken link")
		first := fastResult(1, 0, &calls)
		first.Changes = true
		none := build.Result{Changes: true, Generation: 1, Diags: contentErr} // nothing re-rendered
		b := &fakeBuilder{results: []build.Result{first, none}, removed: []string{"search/old.json"}}
		s := &fakeServer{}
		batches, stop := run(b, s)
		defer stop()
		batches <- watch.Batch{Paths: []string{"content/a.md"}, First: time.Now()}
		synctest.Wait()
		batches <- watch.Batch{Paths: []string{"content/a.md"}, First: time.Now()}
		synctest.Wait()
		time.Sleep(time.Second)
		synctest.Wait()
		snaps := s.published()
		if len(snaps) != 3 {
			t.Fatalf("%d snapshots, want the two rebuilds and the index", len(snaps))
		}
		if !snaps[0].Partial || len(snaps[0].Files) != 1 || snaps[0].Files["a/index.html"] == nil {
			t.Errorf("fast rebuild: partial %v, files %v", snaps[0].Partial, snaps[0].Files)
		}
		if !snaps[1].Partial || snaps[1].Files == nil || len(snaps[1].Files) != 0 || len(snaps[1].Diags) != 1 {
			t.Errorf("empty fast rebuild: partial %v, files %v, diags %v (nil files would mean a failed build)", snaps[1].Partial, snaps[1].Files, snaps[1].Diags)
		}
		if ix := snaps[2]; !ix.Partial || len(ix.Files) != 1 || !hasIndex(ix) || !slices.Equal(ix.Removed, []string{"search/old.json"}) {
			t.Errorf("index: partial %v, files %v, removed %q", ix.Partial, ix.Files, ix.Removed)
		}
	})
}
