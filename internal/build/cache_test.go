package build

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	keel "keel"
	"keel/internal/diag"
	"keel/internal/output"
)

// streamBuild builds like keel build does (streaming, persistent cache) and
// returns the files it emitted.
func streamBuild(t *testing.T, dir, cache string) (map[string]string, Result) {
	t.Helper()
	var mu sync.Mutex
	out := map[string]string{}
	res := buildSite(t, dir, Options{CacheDir: cache, Output: writeFunc(func(f output.File) error {
		mu.Lock()
		out[f.Path] = string(f.Data)
		mu.Unlock()
		return nil
	})})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	return out, res
}

// A warm build from the persistent cache re-parses only changed files and
// writes exactly what a cold build writes; a damaged cache is ignored.
func TestPersistentCache(t *testing.T) {
	f := loadFixture(t, "kinds.txtar")
	cache := filepath.Join(t.TempDir(), "cache")
	cold, res := streamBuild(t, f.dir, cache)
	if res.Stats.Reparsed == 0 {
		t.Fatal("cold build parsed nothing")
	}
	docs := res.Stats.Reparsed
	if res.Stats.FromCache != 0 {
		t.Errorf("cold build took %d bodies from an empty cache", res.Stats.FromCache)
	}
	warm, res := streamBuild(t, f.dir, cache)
	assertIdentical(t, cold, warm)
	if res.Stats.FromCache != docs {
		t.Errorf("warm build took %d of %d bodies from the cache", res.Stats.FromCache, docs)
	}
	writeFile(t, f.dir, "content/about.md", "---\ntitle: About\n---\nChanged body with `code`.\n")
	edited, res := streamBuild(t, f.dir, cache)
	if res.Stats.FromCache != docs-1 {
		t.Errorf("after one edit %d of %d bodies came from the cache, want %d", res.Stats.FromCache, docs, docs-1)
	}
	fresh, _ := streamBuild(t, f.dir, "")
	assertIdentical(t, edited, fresh)

	if !strings.Contains(edited["about/index.html"], "Changed body") {
		t.Error("the edit is missing from a cached build")
	}
	// Damage every cache file: the build must still be right.
	filepath.WalkDir(cache, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			os.WriteFile(p, []byte("garbage"), 0o644)
		}
		return nil
	})
	damaged, _ := streamBuild(t, f.dir, cache)
	assertIdentical(t, damaged, fresh)
}

// Diagnostics come out of the cache exactly as a fresh decode reports them.
func TestPersistentCacheKeepsDiagnostics(t *testing.T) {
	f := loadFixture(t, "frontmatter-errors.txtar")
	cache := filepath.Join(t.TempDir(), "cache")
	want := buildSite(t, f.dir, Options{Check: true}).Diags
	if !want.HasErrors() {
		t.Fatal("the fixture should have errors")
	}
	for range 2 {
		got := buildSite(t, f.dir, Options{Check: true, CacheDir: cache}).Diags
		if !slices.Equal(got, want) {
			t.Errorf("with the cache:\n%v\nwant:\n%v", got, want)
		}
	}
}

// The HTML of replaced bodies does not pile up: a store pack mostly made of
// records no build uses is rewritten with only the rest.
func TestPersistentCachePacksStayCompact(t *testing.T) {
	f := loadFixture(t, "kinds.txtar")
	cache := filepath.Join(t.TempDir(), "cache")
	paragraph := strings.Repeat("A long paragraph of the about page. ", 5000) // 180 KB
	for i := range 20 {
		writeFile(t, f.dir, "content/about.md", fmt.Sprintf("---\ntitle: About\n---\nEdit %d. %s\n", i, paragraph))
		streamBuild(t, f.dir, cache)
	}
	var total int64
	packs, _ := filepath.Glob(filepath.Join(cache, "pack"))
	for _, p := range packs {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		total += st.Size()
	}
	if len(packs) == 0 || total > 2<<20 {
		t.Errorf("%d packs of %d bytes in all after 20 edits of a 180 KB page; want them compacted below 2 MB", len(packs), total)
	}
	cached, _ := streamBuild(t, f.dir, cache)
	fresh, _ := streamBuild(t, f.dir, "")
	assertIdentical(t, cached, fresh)
}

// A cache that cannot be written (here its folder would be below a regular
// file) is reported once per build, as a warning naming it, and the build
// goes on without it: the same files as a build with no cache at all.
func TestUnwritableCacheWarnsOnce(t *testing.T) {
	f := loadFixture(t, "kinds.txtar")
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, []byte("not a folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(blocker, "cache")
	fresh, want := streamBuild(t, f.dir, "")
	for _, name := range []string{"first build", "second build"} {
		got, res := streamBuild(t, f.dir, cache)
		assertIdentical(t, got, fresh)
		var warned diag.List
		for _, d := range res.Diags {
			if d.Path == cache {
				warned = append(warned, d)
			}
		}
		if len(warned) != 1 || warned[0].Severity != diag.Warning || !strings.Contains(warned[0].Message, "not a directory") {
			t.Errorf("%s: cache diagnostics %v, want one warning", name, warned)
		}
		if len(res.Diags) != len(want.Diags)+1 {
			t.Errorf("%s: %d diagnostics, want the %d of a build without a cache and the warning", name, len(res.Diags), len(want.Diags))
		}
	}
}

// The files of the cache's layout before the store are removed by the first
// build that commits the store, and the build is as right as a cold one.
func TestOldCacheLayoutRemoved(t *testing.T) {
	f := loadFixture(t, "kinds.txtar")
	cache := filepath.Join(t.TempDir(), "cache")
	old := []string{"index-0.gob", "html-f.pack", "terms.bin", "diagrams.gob", "builds/abc.gob"}
	for _, p := range old {
		writeFile(t, cache, p, "old layout")
	}
	got, _ := streamBuild(t, f.dir, cache)
	fresh, _ := streamBuild(t, f.dir, "")
	assertIdentical(t, got, fresh)
	for _, p := range append(old, "builds") {
		if _, err := os.Stat(filepath.Join(cache, p)); err == nil {
			t.Errorf("%s is still there", p)
		}
	}
	if _, err := os.Stat(filepath.Join(cache, "index")); err != nil {
		t.Errorf("no store index: %v", err)
	}
}

// A keel serve session (in-memory rebuilds that take unchanged pages from
// memory, not from the persistent cache) must leave the cache warm: a keel
// build afterwards takes every unchanged body from it.
func TestServeSessionKeepsTheCacheWarm(t *testing.T) {
	f := loadFixture(t, "kinds.txtar")
	cache := filepath.Join(t.TempDir(), "cache")
	_, res := streamBuild(t, f.dir, cache)
	docs := res.Stats.Reparsed
	serve := New(Options{Source: f.dir, CacheDir: cache, Theme: keel.Theme(), Now: testNow, Lenient: true})
	if res := serve.Build(); res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	// A body-only edit (the fast path, which saves no cache), then a title
	// change (a whole rebuild, which saves it).
	edits := []struct{ page, old, new string }{
		{"content/about.md", "", "\nEdited body.\n"},
		{"content/manuals/redis-upgrade.md", "title: Redis 6 to 7", "title: Redis 6 to 7.2"},
	}
	for _, e := range edits {
		data, err := os.ReadFile(filepath.Join(f.dir, e.page))
		if err != nil {
			t.Fatal(err)
		}
		text := string(data) + e.new
		if e.old != "" {
			text = strings.Replace(string(data), e.old, e.new, 1)
		}
		writeFile(t, f.dir, e.page, text)
		if res := serve.Rebuild([]string{e.page}); res.Diags.HasErrors() {
			t.Fatal(res.Diags)
		}
	}
	_, res = streamBuild(t, f.dir, cache)
	if res.Stats.FromCache != docs {
		t.Errorf("after a serve session keel build took %d of %d bodies from the cache, want all", res.Stats.FromCache, docs)
	}
}
