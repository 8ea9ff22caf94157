package build

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"keel/internal/source"
	"keel/internal/store"
)

// The one-page rebuild's fixed costs (docs/performance.md, stop 25): the
// stamp from the Go build ID, not a hash of the whole executable; the terms
// record read without copies; the link checks' existence test answered from
// the tree for the files it holds.

func TestGoBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if id, ok := goBuildID(f); !ok || len(id) < 20 || bytes.Count(id, []byte("/")) < 1 {
		t.Errorf("goBuildID(test binary) = %q, %v; want the go build ID", id, ok)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"not elf", []byte("#!/bin/sh\necho keel\n")},
		{"elf header only", append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 57)...)},
	} {
		if id, ok := goBuildID(bytes.NewReader(tc.data)); ok {
			t.Errorf("%s: goBuildID = %q, true; want false (the stamp then hashes the file)", tc.name, id)
		}
	}
	if s := executableStamp(); len(s) != 16 || s == "unknown" {
		t.Errorf("executableStamp() = %q", s)
	}
}

func TestTermsRecordRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  termSet
	}{
		{"one", termSet{{1}: []byte("abc")}},
		{"several", termSet{{1}: []byte("abc"), {2}: {}, {0xff, 3}: bytes.Repeat([]byte{7}, 300)}},
	} {
		dir := t.TempDir()
		c := &diskCache{dir: dir, stamp: "s"}
		c.st = store.Open(dir, c.stamp)
		c.begin()
		c.saveTerms(func(put termWriter) error {
			for k, v := range tc.set {
				if err := put(k, v); err != nil {
					return err
				}
			}
			return nil
		}, nil)
		c.tx.Commit()
		c.begin()
		got := c.loadTerms()
		if len(got) != len(tc.set) {
			t.Fatalf("%s: loaded %d terms, want %d", tc.name, len(got), len(tc.set))
		}
		for k, v := range tc.set {
			if !bytes.Equal(got[k], v) {
				t.Errorf("%s: terms %x = %q, want %q", tc.name, k[:2], got[k], v)
			}
		}
	}
	// A damaged record (a length past its end) is no terms, never wrong ones.
	dir := t.TempDir()
	c := &diskCache{dir: dir, stamp: "s"}
	c.st = store.Open(dir, c.stamp)
	c.begin()
	c.tx.Put(termsKey, binary.AppendUvarint(make([]byte, 32), 99))
	if got := c.loadTerms(); got != nil {
		t.Errorf("damaged terms record loaded as %v", got)
	}
}

func TestRepoExistsKnowsTheTree(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "content", "a"), 0o755)
	os.WriteFile(filepath.Join(root, "content", "a", "on-disk.md"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(root, "LICENSE"), []byte("x"), 0o644)
	// The tree names a file that is not on disk: only the tree can answer
	// true for it, which shows the tree is asked before the disk.
	tree := source.Tree{Docs: []source.Doc{{Path: "content/a/b/in-tree.md"}}, Assets: []source.File{{Path: "content/img/x.png"}}}
	exists := repoExists(root, tree)
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"content/a/b/in-tree.md", true}, // from the tree
		{"content/a/b", true},            // its folder
		{"content/img/x.png", true},      // an asset
		{"content/img", true},
		{"content/a/on-disk.md", true}, // from the disk
		{"LICENSE", true},
		{"content/a/missing.md", false},
		{"content/A/b/in-tree.md", false}, // exact paths only: the disk decides
		{"../outside", false},
	} {
		if got := exists(tc.path); got != tc.want {
			t.Errorf("exists(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
}
