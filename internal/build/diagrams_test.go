package build

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	keel "keel"
)

const diagramPage = "---\ntitle: Zones\n---\nIntro %s.\n\n```d2\nzone -> api: %s\n```\n\n```mermaid\ngraph LR\n  A --> B\n```\n"

// Diagrams are laid out once: a warm build renders none, an edit of a
// page's prose renders none of its diagrams, an edit of one diagram renders
// only it, and a page without diagrams never touches the diagram cache.
func TestDiagramsCachedByContent(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(dir, "content", name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("_index.md", "---\ntitle: Home\n---\nNo diagrams here.\n")
	write("zones.md", strings.ReplaceAll(diagramPage, "%s", "v1"))
	build := func() (*Builder, Result) {
		b := New(Options{Source: dir, CacheDir: cache, Theme: keel.Theme(), Now: testNow})
		res := b.Build()
		if len(res.Diags) > 0 {
			t.Fatalf("diags: %v", res.Diags)
		}
		return b, res
	}
	b, first := build()
	if b.diags.renders != 2 {
		t.Fatalf("cold build rendered %d diagrams, want 2", b.diags.renders)
	}
	if _, ok := openCache(cache).tx.Get(diagramKey(b.cache["content/zones.md"].md.Diagrams[0])); !ok {
		t.Fatal("no persistent diagram cache")
	}
	b, second := build()
	if b.diags.renders != 0 || b.diags.loaded {
		t.Errorf("warm build rendered %d diagrams (file loaded: %v), want 0 and not loaded", b.diags.renders, b.diags.loaded)
	}
	if !sameFiles(first, second) {
		t.Errorf("a warm build's output differs from the cold build's")
	}
	// Prose edit: the page is converted again, its diagrams come from the cache.
	write("zones.md", strings.Replace(strings.ReplaceAll(diagramPage, "%s", "v1"), "Intro v1", "Intro v2", 1))
	if b, _ = build(); b.diags.renders != 0 {
		t.Errorf("prose edit re-rendered %d diagrams, want 0", b.diags.renders)
	}
	// One diagram edited: only it is laid out again.
	write("zones.md", strings.Replace(strings.ReplaceAll(diagramPage, "%s", "v1"), "api: v1", "api: v2", 1))
	b, _ = build()
	if b.diags.renders != 1 {
		t.Errorf("one diagram edited: %d rendered, want 1", b.diags.renders)
	}
	// In serve, the Builder's memory answers: a rebuild after a prose edit
	// renders nothing and reads no file.
	write("zones.md", strings.Replace(strings.ReplaceAll(diagramPage, "%s", "v1"), "api: v1", "api: v2", 1)+"\nMore prose.\n")
	if res := b.Rebuild([]string{"content/zones.md"}); len(res.Diags) > 0 || b.diags.renders != 1 {
		t.Errorf("rebuild: %v, %d renders in all, want 1", res.Diags, b.diags.renders)
	}
}

// Two fresh builds of a site with diagrams write identical bytes.
func TestDiagramBuildsIdentical(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	os.WriteFile(filepath.Join(dir, "content", "_index.md"), []byte(strings.ReplaceAll(diagramPage, "%s", "x")+"\n```goat\n+-->o\n```\n"), 0o644)
	a := buildSite(t, dir, Options{})
	b := buildSite(t, dir, Options{})
	if len(a.Diags) > 0 || !sameFiles(a, b) {
		t.Errorf("two builds differ (diags %v)", a.Diags)
	}
	if !strings.Contains(fileMap(a.Files)["index.html"], `<figure class="diagram diagram-mermaid" tabindex="0">`) {
		t.Errorf("no diagram in the page")
	}
}

func sameFiles(a, b Result) bool {
	if len(a.Files) != len(b.Files) {
		return false
	}
	for i := range a.Files {
		if a.Files[i].Path != b.Files[i].Path || !bytes.Equal(a.Files[i].Data, b.Files[i].Data) {
			return false
		}
	}
	return true
}
