package build

import (
	"maps"
	"path/filepath"
	"testing"

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
	pt := &pageTerms{}
	for _, d := range docs {
		pt.keys = append(pt.keys, search.DocKey(d))
		pt.terms = append(pt.terms, search.Analyze(d))
		pt.enc = append(pt.enc, nil)
	}
	want := pt.set()
	c := openCache(filepath.Join(t.TempDir(), "cache"))
	c.saveTerms(pt)
	got := c.loadTerms()
	if !maps.EqualFunc(got, want, func(a, b []byte) bool { return string(a) == string(b) }) || len(got) != len(docs) {
		t.Fatalf("read back %d entries, want the %d saved", len(got), len(want))
	}
	data, _ := c.tx.Get(termsKey)
	for _, n := range []int{1, 32, 33, len(data) - 1} {
		if set, err := parseTerms(data[:n]); err == nil {
			t.Errorf("cut at %d of %d bytes: %d entries, no error", n, len(data), len(set))
		}
	}
}
