package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestWriteReplacesAtomically(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "_site")
	first := []File{{Path: "index.html", Data: []byte("one")}, {Path: "a/index.html", Data: []byte("a")}}
	if err := Write(dir, first); err != nil {
		t.Fatal(err)
	}
	second := []File{{Path: "index.html", Data: []byte("two")}, {Path: "b/c/index.html", Data: []byte("c")}}
	if err := Write(dir, second); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, dir)
	if len(got) != 2 || got["index.html"] != "two" || got["b/c/index.html"] != "c" {
		t.Errorf("second write should replace the whole tree, got %v", got)
	}
	leftovers, _ := filepath.Glob(dir + ".*")
	if len(leftovers) != 0 {
		t.Errorf("temporary folders left behind: %v", leftovers)
	}
}

func TestFailedWriteLeavesPreviousOutput(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "_site")
	good := []File{{Path: "index.html", Data: []byte("good")}, {Path: "x/index.html", Data: []byte("x")}}
	if err := Write(dir, good); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, dir)
	// "a" as a file and "a/b" below it cannot both exist: the write fails midway.
	bad := []File{{Path: "index.html", Data: []byte("bad")}, {Path: "a", Data: []byte("f")}, {Path: "a/b", Data: []byte("g")}}
	if err := Write(dir, bad); err == nil {
		t.Fatal("expected the write to fail")
	}
	after := readTree(t, dir)
	if len(after) != len(before) || after["index.html"] != "good" || after["x/index.html"] != "x" {
		t.Errorf("previous output changed: %v", after)
	}
	leftovers, _ := filepath.Glob(dir + ".*")
	if len(leftovers) != 0 {
		t.Errorf("temporary folders left behind: %v", leftovers)
	}
}

func TestWriteRefusesUnsafePaths(t *testing.T) {
	for _, p := range []string{"../escape.html", "/etc/passwd", `a\..\b`, "a/../../b", "C:/x", ""} {
		dir := filepath.Join(t.TempDir(), "_site")
		err := Write(dir, []File{{Path: p, Data: []byte("x")}})
		if err == nil || !strings.Contains(err.Error(), "not a path inside the output folder") {
			t.Errorf("%q: got %v, want a refusal", p, err)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("%q: output folder was created", p)
		}
	}
}

func TestWriteRefusesToReplaceForeignFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("precious"), 0o644)
	err := Write(dir, []File{{Path: "index.html", Data: []byte("x")}})
	if err == nil || !strings.Contains(err.Error(), "does not look like a site") {
		t.Fatalf("got %v, want a refusal", err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(data) != "precious" {
		t.Error("foreign folder was touched")
	}
}

func TestLeftoversOfKilledBuildsAreRemoved(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "_site")
	os.MkdirAll(dir+".tmp-123/sub", 0o755)
	if err := Write(dir, []File{{Path: "index.html", Data: []byte("x")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir + ".tmp-123"); !os.IsNotExist(err) {
		t.Error("leftover of a killed build was not removed")
	}
}
