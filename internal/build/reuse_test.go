package build

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"keel/internal/output"
)

// outputBuild builds src into out as keel build does: through a reusing
// output, with the persistent cache, rendering only what changed.
func outputBuild(t *testing.T, src, out, cache string) Result {
	t.Helper()
	st, err := output.BeginReusing(out, cache)
	if err != nil {
		t.Fatal(err)
	}
	res := buildSite(t, src, Options{CacheDir: cache, Output: st, Once: true})
	if res.Diags.HasErrors() {
		st.Abort()
		t.Fatal(res.Diags)
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	return res
}

func treeOf(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// After each edit the output is exactly a cold build's; a body-only edit
// reuses every file but the page's own and the search index, and any edit
// other pages could see renders everything.
func TestReuseRendersOnlyWhatChanged(t *testing.T) {
	f := loadFixture(t, "kinds.txtar")
	root := t.TempDir()
	out, cache := filepath.Join(root, "_site"), filepath.Join(root, "cache")
	outputBuild(t, f.dir, out, cache)

	about := "---\ntitle: About this portal\n---\n# About\n\n中文标题 below.\n\n## 数据库 迁移\n\n"
	for _, step := range []struct {
		name    string
		path    string
		data    string // "" removes the file
		partial bool
	}{
		{"no change", "", "", true},
		{"body edit", "content/about.md", about + "New paragraph about the portal.\n", true},
		{"second body edit", "content/about.md", about + "Another paragraph.\n\n- [ ] a task\n", true},
		{"edit back", "content/about.md", about + "Text.\n", true},
		{"new heading: a new anchor", "content/about.md", about + "Text.\n\n## Contact\n", false},
		{"new link: new backlinks", "content/about.md", about + "See [Redis](manuals/redis-upgrade.md).\n", false},
		{"title edit", "content/manuals/redis-upgrade.md", "---\ntitle: Redis 6 to 7.2\nfrom: Redis 6\nto: Redis 7\nweight: 2\n---\nShort.\n", false},
		{"front matter edit: the lists' order", "content/manuals/redis-upgrade.md", "---\ntitle: Redis 6 to 7.2\nfrom: Redis 6\nto: Redis 7\nweight: 3\n---\nShort.\n", false},
		{"static file", "static/extra.txt", "hello\n", false},
		{"body edit after a full build", "content/manuals/redis-upgrade.md", "---\ntitle: Redis 6 to 7.2\nfrom: Redis 6\nto: Redis 7\nweight: 3\n---\nLonger now.\n", true},
		{"page removed", "static/extra.txt", "", false},
	} {
		t.Run(step.name, func(t *testing.T) {
			switch {
			case step.path == "":
			case step.data == "":
				os.Remove(filepath.Join(f.dir, step.path))
			default:
				writeFile(t, f.dir, step.path, step.data)
			}
			res := outputBuild(t, f.dir, out, cache)
			if got := res.Stats.Reused > 0; got != step.partial {
				t.Errorf("reused %d files; want a partial render: %v", res.Stats.Reused, step.partial)
			}
			cold, _ := streamBuild(t, f.dir, "")
			got := treeOf(t, out)
			assertIdentical(t, got, cold)
			if res.Stats.Files != len(cold) {
				t.Errorf("Stats.Files = %d, want %d", res.Stats.Files, len(cold))
			}
		})
	}
}

// A live output changed by hand cannot be reused: the build renders
// everything and the output is still exact.
func TestReuseFallsBackWhenOutputChangedByHand(t *testing.T) {
	f := loadFixture(t, "kinds.txtar")
	root := t.TempDir()
	out, cache := filepath.Join(root, "_site"), filepath.Join(root, "cache")
	outputBuild(t, f.dir, out, cache)
	outputBuild(t, f.dir, out, cache)
	os.WriteFile(filepath.Join(out, "manuals/redis-upgrade/index.html"), []byte("changed by hand"), 0o644)
	os.WriteFile(filepath.Join(out, "blueprints/index.html"), []byte("changed by hand"), 0o644)
	writeFile(t, f.dir, "content/about.md", "---\ntitle: About this portal\n---\n# About\n\n中文标题 below.\n\n## 数据库 迁移\n\nEdited.\n")
	res := outputBuild(t, f.dir, out, cache)
	if res.Stats.Reused != 0 {
		t.Errorf("reused %d files of an output changed by hand", res.Stats.Reused)
	}
	cold, _ := streamBuild(t, f.dir, "")
	assertIdentical(t, treeOf(t, out), cold)
}

// The plan is a plain value: from the previous build's state and the
// current one, render everything, only the pages whose bodies changed, or
// nothing but the search index.
func TestPlan(t *testing.T) {
	doc := func(sum, shape byte) docState { return docState{Sum: [32]byte{sum}, Shape: [32]byte{shape}} }
	state := func(global byte, docs map[string]docState) *buildState {
		return &buildState{Global: [32]byte{global}, Docs: docs}
	}
	prev := state(1, map[string]docState{"content/a.md": doc(1, 1), "content/b.md": doc(2, 2)})
	for _, c := range []struct {
		name      string
		prev, cur *buildState
		want      Plan
	}{
		{"no previous build", nil, prev, Plan{Kind: RenderAll}},
		{"nothing changed", prev, state(1, map[string]docState{"content/a.md": doc(1, 1), "content/b.md": doc(2, 2)}), Plan{Kind: IndexOnly}},
		{"one body", prev, state(1, map[string]docState{"content/a.md": doc(1, 1), "content/b.md": doc(3, 2)}), Plan{Kind: RenderPages, Pages: []string{"content/b.md"}}},
		{"two bodies", prev, state(1, map[string]docState{"content/a.md": doc(4, 1), "content/b.md": doc(3, 2)}), Plan{Kind: RenderPages, Pages: []string{"content/a.md", "content/b.md"}}},
		{"a shape", prev, state(1, map[string]docState{"content/a.md": doc(4, 9), "content/b.md": doc(2, 2)}), Plan{Kind: RenderAll}},
		{"config, theme or assets", prev, state(2, map[string]docState{"content/a.md": doc(1, 1), "content/b.md": doc(2, 2)}), Plan{Kind: RenderAll}},
		{"a page added", prev, state(1, map[string]docState{"content/a.md": doc(1, 1), "content/b.md": doc(2, 2), "content/c.md": doc(3, 3)}), Plan{Kind: RenderAll}},
		{"a page renamed", prev, state(1, map[string]docState{"content/a.md": doc(1, 1), "content/c.md": doc(2, 2)}), Plan{Kind: RenderAll}},
	} {
		if got := plan(c.prev, c.cur); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: plan = %+v, want %+v", c.name, got, c.want)
		}
	}
}

// A build reports its plan: a body edit renders that page alone.
func TestResultPlan(t *testing.T) {
	f := loadFixture(t, "kinds.txtar")
	root := t.TempDir()
	out, cache := filepath.Join(root, "_site"), filepath.Join(root, "cache")
	if res := outputBuild(t, f.dir, out, cache); res.Plan.Kind != RenderAll {
		t.Errorf("first build: %+v", res.Plan)
	}
	writeFile(t, f.dir, "content/about.md", "---\ntitle: About this portal\n---\n# About\n\n中文标题 below.\n\n## 数据库 迁移\n\nEdited.\n")
	if res := outputBuild(t, f.dir, out, cache); res.Plan.Kind != RenderPages || !reflect.DeepEqual(res.Plan.Pages, []string{"content/about.md"}) {
		t.Errorf("after a body edit: %+v", res.Plan)
	}
	if res := outputBuild(t, f.dir, out, cache); res.Plan.Kind != IndexOnly {
		t.Errorf("with nothing changed: %+v", res.Plan)
	}
}
