package build

import (
	"bytes"
	"maps"
	"path/filepath"
	"testing"

	"keel/internal/markdown"
	"keel/internal/meta"
	"keel/internal/search"
)

// The terms record streamed by saveTerms reads back as the same set, and a
// record cut anywhere is no set at all, never part of one.
func TestTermsRecord(t *testing.T) {
	docs := []search.Doc{
		{Title: "Rotate keys", Lead: "How to rotate the signing keys.", Tags: []string{"security"}},
		{Title: "Backups", Sections: []search.Section{{ID: "restore", Title: "Restore", Text: "pg_restore from the nightly dump"}}},
		{Title: "迁移", Lead: "数据库迁移手册"},
	}
	want := termSet{}
	c := openCache(filepath.Join(t.TempDir(), "cache"))
	kept := termSet{}
	c.saveTerms(func(put termWriter) error {
		for _, d := range docs {
			enc := []byte("the encoded terms of " + d.Title) // opaque to the record
			want[search.DocKey(d)] = enc
			if err := put(search.DocKey(d), enc); err != nil {
				return err
			}
		}
		return nil
	}, func(k [32]byte, enc []byte) error { kept[k] = enc; return nil })
	got := c.loadTerms()
	same := func(a, b []byte) bool { return string(a) == string(b) }
	if !maps.EqualFunc(got, want, same) || len(got) != len(docs) || !maps.EqualFunc(kept, want, same) {
		t.Fatalf("read back %d entries and kept %d, want the %d saved", len(got), len(kept), len(want))
	}
	data, _ := c.tx.Get(termsKey)
	for _, n := range []int{1, 32, 33, len(data) - 1} {
		if set, err := parseTerms(data[:n]); err == nil {
			t.Errorf("cut at %d of %d bytes: %d entries, no error", n, len(data), len(set))
		}
	}
}

// A shard record reads back as the entries written, one at a time; a cut
// one reads as no shard.
func TestShardRecord(t *testing.T) {
	m := map[string]cacheEntry{
		"a1": {Meta: meta.Meta{Title: "One", Tags: []string{"x"}}, Result: markdown.Result{Lead: "lead", Tasks: 2}},
		"b2": {Meta: meta.Meta{Title: "Two"}}, // zero fields after a full entry stay zero
	}
	var buf bytes.Buffer
	if err := encodeShard(&buf, m); err != nil {
		t.Fatal(err)
	}
	got := decodeShard(buf.Bytes())
	if len(got) != 2 || got["a1"].Result.Lead != "lead" || got["a1"].Meta.Tags[0] != "x" || got["b2"].Result.Tasks != 0 || got["b2"].Meta.Tags != nil {
		t.Errorf("read back %+v", got)
	}
	if got := decodeShard(buf.Bytes()[:buf.Len()-3]); got != nil {
		t.Errorf("a cut record read as %d entries", len(got))
	}
}
