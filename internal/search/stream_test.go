package search

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"testing"
)

// BuildTo hands out every file in path order, meta.json last, and
// meta.json's hash covers all the others in that order, with enough pages
// for the fragments to come in several batches (f/1000.json sorts between
// f/100.json and f/101.json).
func TestBuildToOrder(t *testing.T) {
	var docs []Doc
	for i := range 1100 {
		docs = append(docs, Doc{URL: fmt.Sprintf("/p/%d/", i), Title: fmt.Sprintf("Page %d", i), Kind: []string{"manual", "brief"}[i%2],
			Lead: fmt.Sprintf("word%d shared text", i%37)})
	}
	var got []File
	BuildTo(docs, nil, nil, func(f File) { got = append(got, f) })
	last := got[len(got)-1]
	if last.Path != "search/meta.json" {
		t.Fatalf("last file %s, want search/meta.json", last.Path)
	}
	rest := got[:len(got)-1]
	if !slices.IsSortedFunc(rest, func(a, b File) int { return strings.Compare(a.Path, b.Path) }) {
		t.Error("files not in path order")
	}
	frags := 0
	h := fnv.New64a()
	for _, f := range rest {
		if strings.HasPrefix(f.Path, "search/f/") {
			frags++
		}
		h.Write([]byte(f.Path))
		h.Write(f.Data)
	}
	if frags != len(docs) {
		t.Errorf("%d fragments for %d pages", frags, len(docs))
	}
	var m meta
	if err := json.Unmarshal(last.Data, &m); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("%016x", h.Sum64())[:10]; m.Hash != want {
		t.Errorf("meta.json hash %s, want %s (FNV-1a of the files in path order)", m.Hash, want)
	}
	from := BuildFrom(docs, nil)
	if len(from) != len(got) || !slices.IsSortedFunc(from, func(a, b File) int { return strings.Compare(a.Path, b.Path) }) {
		t.Errorf("BuildFrom: %d files (want %d), sorted: %v", len(from), len(got), slices.IsSortedFunc(from, func(a, b File) int { return strings.Compare(a.Path, b.Path) }))
	}
}

// Pages inverted a chunk at a time, the ranges sampled from the first
// chunk, give the terms of all pages inverted at once; each is told every
// page's terms in order, fresh but for the cached ones.
func TestInvertInChunks(t *testing.T) {
	docs := genDocs(2*chunkPages + 300)
	per := make([]compactTerms, len(docs))
	cached := make([]Terms, len(docs))
	for i, d := range docs {
		per[i] = Analyze(d).ct
		if i%3 == 0 {
			cached[i] = Terms{per[i]}
		}
	}
	whole := mergeRanges(per, nil)
	next := 0
	got := invert(docs, func(i int) Terms { return cached[i] }, func(i int, tt Terms, fresh bool) {
		if i != next || fresh != (i%3 != 0) || tt.ct.n() != per[i].n() {
			t.Errorf("page %d (fresh %v, %d terms) told after %d", i, fresh, tt.ct.n(), next)
		}
		next = i + 1
	})
	if next != len(docs) {
		t.Errorf("told %d of %d pages", next, len(docs))
	}
	if !slices.Equal(got, whole) {
		t.Errorf("chunked inversion differs: %d terms, want %d", len(got), len(whole))
	}
}
