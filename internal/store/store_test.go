package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// commit puts kv, in key order, in a new transaction of s and commits it.
func commit(s *Store, kv map[string]string) {
	tx := s.Begin()
	for _, k := range slices.Sorted(maps.Keys(kv)) {
		tx.Put(k, []byte(kv[k]))
	}
	tx.Commit()
}

// damage changes what a test does to the folder between two opens.
type damage func(t *testing.T, dir string)

func flipLastPackByte(t *testing.T, dir string) {
	p := filepath.Join(dir, packFile)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-6] ^= 0xff // inside the last record, before its checksum
	os.WriteFile(p, b, 0o644)
}

func truncate(file string, by int) damage {
	return func(t *testing.T, dir string) {
		p := filepath.Join(dir, file)
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		os.Truncate(p, st.Size()-int64(by))
	}
}

func TestStore(t *testing.T) {
	kv := map[string]string{"html/a": "<p>a</p>", "terms": strings.Repeat("t", 1000), "z": ""}
	for _, tc := range []struct {
		name   string
		damage damage
		stamp  string
		want   map[string]string // what the reopened store answers; absent: a miss
	}{
		{"reopen", nil, "s1", kv},
		{"another stamp", nil, "s2", nil},
		{"corrupt record", flipLastPackByte, "s1", map[string]string{"html/a": "<p>a</p>", "terms": kv["terms"]}},
		{"truncated pack", truncate(packFile, 3), "s1", map[string]string{"html/a": "<p>a</p>", "terms": kv["terms"]}},
		{"truncated index", truncate(indexFile, 1), "s1", nil},
		{"garbage index", func(t *testing.T, dir string) { os.WriteFile(filepath.Join(dir, indexFile), []byte("garbage"), 0o644) }, "s1", nil},
		{"no pack", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, packFile)) }, "s1", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "cache")
			s := Open(dir, "s1")
			commit(s, kv)
			if err := s.Problem(); err != nil {
				t.Fatal(err)
			}
			if tc.damage != nil {
				tc.damage(t, dir)
			}
			tx := Open(dir, tc.stamp).Begin()
			for k, v := range kv {
				got, ok := tx.Get(k)
				want, wantOK := tc.want[k]
				if ok != wantOK || string(got) != want {
					t.Errorf("%s (put %q): got %q, %v; want %q, %v", k, v, got, ok, want, wantOK)
				}
			}
		})
	}
}

// A damaged last record is a miss and only it.
func TestCorruptRecordIsAMiss(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir, "s")
	tx := s.Begin()
	tx.Put("first", []byte("one"))
	tx.Put("last", []byte("two"))
	tx.Commit()
	flipLastPackByte(t, dir)
	tx = Open(dir, "s").Begin()
	if got, ok := tx.Get("first"); !ok || string(got) != "one" {
		t.Errorf("first: %q, %v", got, ok)
	}
	if got, ok := tx.Get("last"); ok {
		t.Errorf("a damaged record was read: %q", got)
	}
}

// Commit keeps exactly what the transaction used: read, kept or put.
func TestCommitKeepsWhatWasUsed(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir, "s")
	commit(s, map[string]string{"read": "r", "kept": "k", "dropped": "d", "replaced": "old"})
	tx := s.Begin()
	tx.Get("read")
	tx.Keep("kept")
	tx.Keep("absent")
	tx.Put("replaced", []byte("new"))
	tx.Put("added", []byte("a"))
	if got, _ := tx.Get("replaced"); string(got) != "new" {
		t.Errorf("a transaction reads its own put: %q", got)
	}
	tx.Commit()
	tx = Open(dir, "s").Begin()
	for k, want := range map[string]string{"read": "r", "kept": "k", "dropped": "", "replaced": "new", "added": "a", "absent": ""} {
		if got, ok := tx.Get(k); string(got) != want || ok != (want != "") {
			t.Errorf("%s: %q, %v; want %q", k, got, ok, want)
		}
	}
}

// A pack mostly made of records no longer used is rewritten with the rest.
func TestCompaction(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir, "s")
	big := bytes.Repeat([]byte("x"), 100<<10)
	for i := range 10 {
		tx := s.Begin()
		tx.Keep("small")
		if i == 0 {
			tx.Put("small", []byte("kept across compactions"))
		}
		tx.Put("big", append(big, byte(i)))
		tx.Commit()
	}
	st, err := os.Stat(filepath.Join(dir, packFile))
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() > 3*(100<<10)+64<<10 {
		t.Errorf("pack is %d bytes after 10 replacements of a 100 KB record", st.Size())
	}
	tx := Open(dir, "s").Begin()
	if got, _ := tx.Get("small"); string(got) != "kept across compactions" {
		t.Errorf("small: %q", got)
	}
	if got, _ := tx.Get("big"); !bytes.Equal(got, append(big, 9)) {
		t.Errorf("big: %d bytes", len(got))
	}
}

// A folder that cannot be made (below a regular file) is one problem,
// reported once, and every Get is a miss.
func TestUnwritableDirIsOneProblem(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, []byte("x"), 0o644)
	s := Open(filepath.Join(blocker, "cache"), "s")
	commit(s, map[string]string{"a": "1", "b": "2"})
	if _, ok := s.Begin().Get("a"); ok {
		t.Error("a store that cannot be written answered")
	}
	if err := s.Problem(); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("problem %v, want not a directory", err)
	}
	if err := s.Problem(); err != nil {
		t.Errorf("second Problem: %v, want it reported once", err)
	}
}

// Whatever the index and pack hold, Open and Get never fail or return data
// that is not an intact record of the key asked for.
func FuzzOpen(f *testing.F) {
	dir := f.TempDir()
	s := Open(dir, "s")
	commit(s, map[string]string{"k": "v", "html/x": "<p>x</p>"})
	ix, _ := os.ReadFile(filepath.Join(dir, indexFile))
	pk, _ := os.ReadFile(filepath.Join(dir, packFile))
	f.Add(ix, pk)
	f.Add([]byte(magic+"s\n"), []byte{})
	f.Fuzz(func(t *testing.T, index, pack []byte) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, indexFile), index, 0o644)
		os.WriteFile(filepath.Join(dir, packFile), pack, 0o644)
		s := Open(dir, "s")
		tx := s.Begin()
		for k, l := range s.index {
			data, ok := tx.Get(k)
			if ok && !bytes.Equal(record(nil, k, data), pack[l.off:l.off+l.n]) {
				t.Fatalf("%q: data %q is not the record at %d", k, data, l.off)
			}
		}
		tx.Commit()
	})
}

// Puts and Gets from many goroutines (a build's parallel phases) all land.
func TestConcurrentPuts(t *testing.T) {
	dir := t.TempDir()
	tx := Open(dir, "s").Begin()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				k := fmt.Sprintf("html/%d-%d", g, i)
				tx.Put(k, []byte(k))
				if got, ok := tx.Get(k); !ok || string(got) != k {
					t.Errorf("%s: %q, %v", k, got, ok)
				}
			}
		})
	}
	wg.Wait()
	tx.Commit()
	tx = Open(dir, "s").Begin()
	for g := range 8 {
		for i := range 50 {
			if k := fmt.Sprintf("html/%d-%d", g, i); !bytes.Equal(must(tx.Get(k)), []byte(k)) {
				t.Errorf("%s lost", k)
			}
		}
	}
}

func must(b []byte, ok bool) []byte {
	if !ok {
		return nil
	}
	return b
}

// PutStream writes a record as it is made, larger than its buffer, beside
// Put's; one whose writer fails is not put, and the records around it stay
// readable.
func TestPutStream(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("0123456789abcdef", 20000) // 320 KB: several buffer flushes
	tx := Open(dir, "s").Begin()
	tx.Put("a", []byte("one"))
	tx.PutStream("big", func(w io.Writer) error {
		for i := 0; i < len(big); i += 1000 {
			if _, err := io.WriteString(w, big[i:i+1000]); err != nil {
				return err
			}
		}
		return nil
	})
	tx.PutStream("failed", func(w io.Writer) error {
		io.WriteString(w, big) // past the buffer: some of it reaches the pack
		return errors.New("not encodable")
	})
	tx.Put("b", []byte("two"))
	tx.PutGob("gob", []int{1, 2, 3})
	tx.Commit()
	if err := Open(dir, "s").Problem(); err != nil {
		t.Fatal(err)
	}
	tx = Open(dir, "s").Begin()
	for _, tc := range []struct {
		key, want string
		ok        bool
	}{{"a", "one", true}, {"big", big, true}, {"failed", "", false}, {"b", "two", true}} {
		got, ok := tx.Get(tc.key)
		if ok != tc.ok || string(got) != tc.want {
			t.Errorf("%s: got %d bytes, %v; want %d bytes, %v", tc.key, len(got), ok, len(tc.want), tc.ok)
		}
	}
	var v []int
	if !tx.GetGob("gob", &v) || !slices.Equal(v, []int{1, 2, 3}) {
		t.Errorf("gob: %v", v)
	}
}

// PutStream calls its writer even when the pack cannot be written.
func TestPutStreamWithoutPack(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, []byte("not a folder"), 0o644)
	tx := Open(filepath.Join(blocker, "cache"), "s").Begin()
	called := false
	tx.PutStream("k", func(w io.Writer) error { called = true; _, err := io.WriteString(w, "data"); return err })
	if !called {
		t.Error("the writer was not called")
	}
	if _, ok := tx.Get("k"); ok {
		t.Error("a record was put without a pack")
	}
}

// A PutStream's writer may read the store: Get and Keep do not wait for
// the append in progress (the search index reads pages' records while its
// terms stream to the cache).
func TestGetInsidePutStream(t *testing.T) {
	dir := t.TempDir()
	tx := Open(dir, "s").Begin()
	tx.Put("a", []byte("one"))
	tx.PutStream("big", func(w io.Writer) error {
		got, ok := tx.Get("a")
		tx.Keep("a")
		if !ok || string(got) != "one" {
			t.Errorf("Get inside PutStream: %q, %v", got, ok)
		}
		_, err := io.WriteString(w, "two")
		return err
	})
	if got, ok := tx.Get("big"); !ok || string(got) != "two" {
		t.Errorf("big: %q, %v", got, ok)
	}
}
