package output

import (
	"maps"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// build writes files into dir through a reusing output, reusing from the
// live output the paths in reuse, and commits with tag.
func build(t *testing.T, dir, state, tag string, files map[string]string, reuse ...string) *Reusing {
	t.Helper()
	st, err := BeginReusing(dir, state)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range reuse {
		if !st.Reuse(p) {
			t.Fatalf("Reuse(%q) = false", p)
		}
	}
	for p, data := range files {
		if err := st.WriteFile(File{Path: p, Data: []byte(data)}); err != nil {
			t.Fatal(err)
		}
	}
	st.SetTag(tag)
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	return st
}

func inode(t *testing.T, path string) uint64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Sys().(*syscall.Stat_t).Ino
}

func TestReusingOutputWritesOnlyWhatChanged(t *testing.T) {
	root := t.TempDir()
	dir, state := filepath.Join(root, "_site"), filepath.Join(root, ".keel", "cache")
	v1 := map[string]string{"index.html": "home 1", "a/index.html": "a", "b/index.html": "b", "search/meta.json": "m1"}
	build(t, dir, state, "one", v1)
	if got := readTree(t, dir); !maps.Equal(got, v1) {
		t.Fatalf("first build: %v", got)
	}
	aIno := inode(t, filepath.Join(dir, "a/index.html"))
	bIno := inode(t, filepath.Join(dir, "b/index.html"))

	// Second build: a is reused from the live output, the rest written.
	v2 := map[string]string{"index.html": "home 2", "b/index.html": "b", "search/meta.json": "m2", "c/d/index.html": "new"}
	st := build(t, dir, state, "two", v2, "a/index.html")
	if st.LiveTag() != "one" {
		t.Errorf("LiveTag = %q, want the first build's tag", st.LiveTag())
	}
	want := maps.Clone(v2)
	want["a/index.html"] = "a"
	if got := readTree(t, dir); !maps.Equal(got, want) {
		t.Fatalf("second build: got %v, want %v", got, want)
	}
	if inode(t, filepath.Join(dir, "a/index.html")) != aIno {
		t.Error("a reused file should be a hard link to the live one")
	}
	// The first build left a spare of hard links, so even the second build
	// did not write b again.
	if inode(t, filepath.Join(dir, "b/index.html")) != bIno {
		t.Error("b did not change, yet the second build wrote it again")
	}

	// Third build: the spare is the first output. Unchanged bytes stay in
	// place (b is the first build's file), a file dropped since is removed
	// with its empty folder.
	v3 := map[string]string{"index.html": "home 3", "b/index.html": "b", "search/meta.json": "m2"}
	st = build(t, dir, state, "three", v3)
	if st.LiveTag() != "two" {
		t.Errorf("LiveTag = %q, want the second build's tag", st.LiveTag())
	}
	if got := readTree(t, dir); !maps.Equal(got, v3) {
		t.Fatalf("third build: got %v, want %v", got, v3)
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); !os.IsNotExist(err) {
		t.Error("the folder of a removed page should go too")
	}
	if _, err := os.Stat(filepath.Join(dir, "c")); !os.IsNotExist(err) {
		t.Error("the folder of a removed page should go too")
	}
	if inode(t, filepath.Join(dir, "b/index.html")) != bIno {
		t.Error("b did not change since the first build, so its file should have stayed in place")
	}
	if leftovers, _ := filepath.Glob(dir + ".*"); len(leftovers) != 0 {
		t.Errorf("temporary folders left beside the output: %v", leftovers)
	}
}

// A file the manifest vouches for but that was changed by hand (in the live
// output, which becomes the spare) is rewritten, and a file added by hand is
// removed: the output is exactly the files of the build.
func TestReusingOutputDistrustsFilesChangedByHand(t *testing.T) {
	root := t.TempDir()
	dir, state := filepath.Join(root, "_site"), filepath.Join(root, "state")
	v := map[string]string{"index.html": "home", "a/index.html": "a", "b/index.html": "b"}
	build(t, dir, state, "1", v)
	v2 := maps.Clone(v)
	v2["c/index.html"] = "c"
	build(t, dir, state, "2", v2)
	// The live output is build 2's; change it by hand. The next build uses
	// build 1's folder as its spare; the one after that uses this one.
	os.WriteFile(filepath.Join(dir, "a/index.html"), []byte("minified"), 0o644)
	os.WriteFile(filepath.Join(dir, "c/index.html"), []byte("minified"), 0o644)
	os.WriteFile(filepath.Join(dir, "CNAME"), []byte("docs.example.com"), 0o644)

	st, err := BeginReusing(dir, state)
	if err != nil {
		t.Fatal(err)
	}
	if st.Reuse("c/index.html") { // only the live output has c: it would be linked
		t.Error("Reuse accepted a live file changed since it was written")
	}
	st.Abort()

	build(t, dir, state, "3", v)
	build(t, dir, state, "4", v) // its spare is the folder edited by hand
	if got := readTree(t, dir); !maps.Equal(got, v) {
		t.Errorf("got %v, want exactly the build's files %v", got, v)
	}
}

// A build that fails after writing into the spare leaves the live output as
// it was, and the next build is still exact.
func TestReusingOutputAfterAbort(t *testing.T) {
	root := t.TempDir()
	dir, state := filepath.Join(root, "_site"), filepath.Join(root, "state")
	v1 := map[string]string{"index.html": "one", "a/index.html": "a"}
	build(t, dir, state, "1", v1)
	build(t, dir, state, "2", v1)

	st, err := BeginReusing(dir, state)
	if err != nil {
		t.Fatal(err)
	}
	st.WriteFile(File{Path: "index.html", Data: []byte("half")})
	st.WriteFile(File{Path: "x/index.html", Data: []byte("stray")})
	st.Abort()
	if got := readTree(t, dir); !maps.Equal(got, v1) {
		t.Fatalf("live output changed by an aborted build: %v", got)
	}

	v3 := map[string]string{"index.html": "three", "a/index.html": "a"}
	build(t, dir, state, "3", v3)
	if got := readTree(t, dir); !maps.Equal(got, v3) {
		t.Errorf("after an aborted build: got %v, want %v", got, v3)
	}
}

// Deleting the state folder only costs time.
func TestReusingOutputWithoutState(t *testing.T) {
	root := t.TempDir()
	dir, state := filepath.Join(root, "_site"), filepath.Join(root, "state")
	v := map[string]string{"index.html": "one", "a/index.html": "a"}
	build(t, dir, state, "1", v)
	os.RemoveAll(state)
	st, err := BeginReusing(dir, state)
	if err != nil {
		t.Fatal(err)
	}
	if st.LiveTag() != "" || st.Reuse("a/index.html") {
		t.Error("without its manifest the live output must not be vouched for")
	}
	st.Abort()
	v2 := map[string]string{"index.html": "two"}
	build(t, dir, state, "2", v2)
	if got := readTree(t, dir); !maps.Equal(got, v2) {
		t.Errorf("got %v, want %v", got, v2)
	}
}
