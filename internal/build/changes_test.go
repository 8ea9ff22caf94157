package build

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"keel"
	"keel/internal/render"
)

// With Options.Changes (keel serve) the builder keeps no output: a fast
// rebuild returns only the files it rendered again and SearchChanges only
// the index (and what it lost); laid over the first build's files they are
// byte-identical to a fresh build, and a full rebuild still returns every file.
func TestChangesReturnsOnlyWhatItRendered(t *testing.T) {
	for _, cache := range []bool{true, false} {
		t.Run(fmt.Sprintf("cache=%v", cache), func(t *testing.T) { testChanges(t, cache) })
	}
}

func testChanges(t *testing.T, cache bool) {
	f := loadFixture(t, "kinds.txtar")
	opts := Options{Source: f.dir, Theme: keel.Theme(), Now: testNow, Changes: true}
	if cache {
		opts.CacheDir = t.TempDir()
	}
	b := New(opts)
	first := b.Build()
	if first.Diags.HasErrors() || first.Changes {
		t.Fatalf("first build: %v (changes %v)", first.Diags, first.Changes)
	}
	site := fileMap(first.Files)
	const page = "content/manuals/redis-upgrade.md"
	head := "---\ntitle: Redis 6 to 7\nfrom: Redis 6\nto: Redis 7\nweight: 2\n---\n"
	cases := []struct {
		name, file, text string
		fast             bool
	}{
		{"body only", page, head + "Longer text about uniquewordzz.\n", true},
		{"body again, a word gone", page, head + "Longer text.\n", true},
		{"new heading", page, head + "## New anchor\n", false},
		{"body after the full path", page, head + "## New anchor\nMore.\n", true},
	}
	for _, c := range cases {
		writeFile(t, f.dir, c.file, c.text)
		res := b.Rebuild([]string{c.file})
		if res.Diags.HasErrors() {
			t.Fatalf("%s: %v", c.name, res.Diags)
		}
		if b.last == nil || b.last.files != nil {
			t.Fatalf("%s: the builder kept the output", c.name)
		}
		for p, parsed := range b.cache {
			if parsed.md.HTML != nil {
				t.Fatalf("%s: the builder kept the HTML of %s", c.name, p)
			}
		}
		if fast := res.Search != nil; fast != c.fast || res.Changes != c.fast {
			t.Fatalf("%s: fast path %v, changes %v, want %v", c.name, fast, res.Changes, c.fast)
		}
		if !c.fast {
			site = fileMap(res.Files)
			assertIdentical(t, site, fileMap(buildSite(t, f.dir, Options{}).Files))
			continue
		}
		// Only the edited page and its Markdown twin were rendered.
		var paths []string
		for _, file := range res.Files {
			paths = append(paths, file.Path)
		}
		if want := []string{"manuals/redis-upgrade/index.html", "manuals/redis-upgrade/index.md"}; !slices.Equal(paths, want) {
			t.Errorf("%s: rebuild returned %q, want %q", c.name, paths, want)
		}
		maps.Copy(site, fileMap(res.Files))
		if res.Stats.Files != len(site) {
			t.Errorf("%s: stats count %d files, the site has (before the index) %d", c.name, res.Stats.Files, len(site))
		}
		index, removed, ok := b.SearchChanges(res.Generation, res.Search())
		if !ok {
			t.Fatalf("%s: index refused", c.name)
		}
		for _, file := range index {
			if !b.last.index[file.Path] {
				t.Errorf("%s: SearchChanges returned %s, not an index file", c.name, file.Path)
			}
		}
		for _, p := range removed {
			delete(site, p)
		}
		maps.Copy(site, fileMap(index))
		assertIdentical(t, site, fileMap(buildSite(t, f.dir, Options{}).Files))
	}
}

// SearchChanges names the index files a new index no longer has; without
// Options.Changes it returns the complete set, as ApplySearch does.
func TestSearchChangesRemoved(t *testing.T) {
	for _, changes := range []bool{false, true} {
		b := &Builder{opts: Options{Changes: changes}, gen: 3, last: &lastBuild{
			files: []render.File{{Path: "a.html"}, {Path: "search/0.json"}, {Path: "search/1.json"}},
			count: 3, index: map[string]bool{"search/0.json": true, "search/1.json": true}}}
		if changes {
			b.last.files = nil
		}
		files, removed, ok := b.SearchChanges(3, []render.File{{Path: "search/0.json"}, {Path: "search/2.json"}})
		if !ok || !slices.Equal(removed, []string{"search/1.json"}) {
			t.Errorf("changes %v: removed %q (ok %v)", changes, removed, ok)
		}
		want := []string{"a.html", "search/0.json", "search/2.json"}
		if changes {
			want = want[1:]
		}
		var got []string
		for _, f := range files {
			got = append(got, f.Path)
		}
		if !slices.Equal(got, want) || b.last.count != 3 {
			t.Errorf("changes %v: files %q, count %d", changes, got, b.last.count)
		}
		if _, _, ok := b.SearchChanges(2, nil); ok {
			t.Errorf("changes %v: a stale index was accepted", changes)
		}
	}
}
