package build

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	keel "keel"
	"keel/internal/output"
)

func writeFile(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The bundled sample portal (the repository root) must build clean in both
// editions, and two builds must give byte-identical output.
func TestSamplePortal(t *testing.T) {
	for _, audience := range []string{"internal", "public"} {
		t.Run(audience, func(t *testing.T) {
			a := buildSite(t, "../..", Options{Audience: audience})
			if len(a.Diags) > 0 {
				var b strings.Builder
				a.Diags.WriteText(&b)
				t.Fatalf("the sample portal must build without diagnostics:\n%s", b.String())
			}
			if a.Stats.Kinds["blueprint"] == 0 || a.Stats.Kinds["brief"] == 0 {
				t.Errorf("sample portal has no blueprints or briefs in the %s edition: %v", audience, a.Stats.Kinds)
			}
			again := buildSite(t, "../..", Options{Audience: audience})
			assertIdentical(t, fileMap(a.Files), fileMap(again.Files))
		})
	}
}

func assertIdentical(t *testing.T, a, b map[string]string) {
	t.Helper()
	if len(a) != len(b) {
		t.Errorf("builds differ in file count: %d vs %d", len(a), len(b))
	}
	for path, data := range a {
		if other, ok := b[path]; !ok {
			t.Errorf("%s missing from the second build", path)
		} else if !bytes.Equal([]byte(data), []byte(other)) {
			t.Errorf("%s differs between two builds of the same tree", path)
		}
	}
}

// Incremental: a Builder that rebuilds after edits gives exactly what a fresh
// Builder gives, and re-parses only the changed file.
func TestRebuildReparsesOnlyChangedFiles(t *testing.T) {
	f := loadFixture(t, "kinds.txtar")
	b := New(Options{Source: f.dir, Theme: keel.Theme(), Now: testNow})
	first := b.Build()
	if first.Stats.Reparsed == 0 {
		t.Fatal("first build parsed nothing")
	}
	second := b.Build()
	if second.Stats.Reparsed != 0 {
		t.Errorf("unchanged rebuild re-parsed %d files", second.Stats.Reparsed)
	}
	writeFile(t, f.dir, "content/about.md", "---\ntitle: About us\n---\nNew text.\n")
	third := b.Build()
	if third.Stats.Reparsed != 1 {
		t.Errorf("one edit re-parsed %d files, want 1", third.Stats.Reparsed)
	}
	fresh := buildSite(t, f.dir, Options{})
	assertIdentical(t, fileMap(third.Files), fileMap(fresh.Files))
	if !strings.Contains(fileMap(third.Files)["about/index.html"], "New text.") {
		t.Error("rebuild does not show the edit")
	}
}

// A body-only edit takes the fast path (one page re-rendered, the search
// index completed afterwards) and still ends byte-identical to a fresh build;
// an edit that changes links or front matter takes the full path.
func TestFastPathMatchesFreshBuild(t *testing.T) {
	f := loadFixture(t, "kinds.txtar")
	// A page whose identity sorts before home's ("_index"), so search documents
	// and pages are not simply offset by one.
	writeFile(t, f.dir, "content/2026-notes.md", "---\ntitle: Notes\n---\nNotes.\n")
	b := New(Options{Source: f.dir, Theme: keel.Theme(), Now: testNow})
	if res := b.Build(); res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	cases := []struct {
		name, file, text string
		fast             bool
	}{
		{"body only", "content/manuals/redis-upgrade.md", "---\ntitle: Redis 6 to 7\nfrom: Redis 6\nto: Redis 7\nweight: 2\n---\nLonger text about uniquewordzz.\n", true},
		{"new heading", "content/manuals/redis-upgrade.md", "---\ntitle: Redis 6 to 7\nfrom: Redis 6\nto: Redis 7\nweight: 2\n---\n## New anchor\n", false},
		{"new link", "content/about.md", "---\ntitle: About this portal\n---\nSee [pg](manuals/mysql-to-postgresql.md).\n", false},
		{"title", "content/about.md", "---\ntitle: About us\n---\nSee [pg](manuals/mysql-to-postgresql.md).\n", false},
		{"body again", "content/about.md", "---\ntitle: About us\n---\nRead [pg](manuals/mysql-to-postgresql.md) first.\n", true},
		{"page before home", "content/2026-notes.md", "---\ntitle: Notes\n---\nNotes with newword.\n", true},
	}
	for _, c := range cases {
		writeFile(t, f.dir, c.file, c.text)
		res := b.Rebuild([]string{c.file})
		if res.Diags.HasErrors() {
			t.Fatalf("%s: %v", c.name, res.Diags)
		}
		if fast := res.Search != nil; fast != c.fast {
			t.Errorf("%s: fast path %v, want %v", c.name, fast, c.fast)
		}
		files := res.Files
		if res.Search != nil {
			var ok bool
			if files, ok = b.ApplySearch(res.Generation, res.Search()); !ok {
				t.Fatalf("%s: the index of the latest build was refused", c.name)
			}
		}
		assertIdentical(t, fileMap(files), fileMap(buildSite(t, f.dir, Options{}).Files))
	}
}

// A streaming build (Output: pages rendered lazily, HTML never kept) writes
// exactly what an in-memory build returns.
func TestStreamingBuildMatchesInMemory(t *testing.T) {
	var mu sync.Mutex
	streamed := map[string]string{}
	res := buildSite(t, "../..", Options{Output: writeFunc(func(f output.File) error {
		mu.Lock()
		defer mu.Unlock()
		streamed[f.Path] = string(f.Data)
		return nil
	})})
	if res.Diags.HasErrors() || res.Files != nil {
		t.Fatalf("streaming build: %v (files kept: %d)", res.Diags, len(res.Files))
	}
	if res.Stats.Files != len(streamed) {
		t.Errorf("stats count %d files, %d were emitted", res.Stats.Files, len(streamed))
	}
	assertIdentical(t, streamed, fileMap(buildSite(t, "../..", Options{}).Files))
}

// In a site of two languages a body edit of either language's page takes
// the fast path (that page and the search indexes only) and still gives the
// bytes of a fresh build.
func TestFastPathInTwoLanguages(t *testing.T) {
	f := loadFixture(t, "i18n-basic.txtar")
	b := New(Options{Source: f.dir, Theme: keel.Theme(), Now: testNow})
	if res := b.Build(); res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	var edits []string
	for _, d := range []string{"content", "content/docs"} {
		ents, _ := os.ReadDir(filepath.Join(f.dir, d))
		for _, e := range ents {
			if strings.HasSuffix(e.Name(), ".md") && !strings.HasPrefix(e.Name(), "_index") && !strings.HasPrefix(e.Name(), "README") {
				edits = append(edits, d+"/"+e.Name())
			}
		}
	}
	zh := 0
	for _, p := range edits {
		if strings.HasSuffix(p, ".zh.md") {
			zh++
		}
	}
	if zh == 0 || zh == len(edits) {
		t.Fatalf("the fixture needs pages in both languages, has %v", edits)
	}
	for i, p := range edits {
		data, err := os.ReadFile(filepath.Join(f.dir, p))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, f.dir, p, string(data)+fmt.Sprintf("\nAppended paragraph %d with quokkaword%d.\n", i, i))
		res := b.Rebuild([]string{p})
		if res.Diags.HasErrors() {
			t.Fatalf("%s: %v", p, res.Diags)
		}
		if res.Search == nil {
			t.Errorf("%s: a body edit did not take the fast path", p)
			continue
		}
		files, ok := b.ApplySearch(res.Generation, res.Search())
		if !ok {
			t.Fatalf("%s: the index of the latest build was refused", p)
		}
		assertIdentical(t, fileMap(files), fileMap(buildSite(t, f.dir, Options{}).Files))
	}
}
