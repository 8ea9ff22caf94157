package build

import (
	"bytes"
	"encoding/binary"
	"maps"
	"slices"
	"sync/atomic"

	"keel/internal/par"
	"keel/internal/render"
	"keel/internal/search"
)

// termSet is the search tokenization of a build's pages: encoded
// search.Terms by search.DocKey. Encoded, a 10,000-page site's set is about
// 35 MB instead of 200 MB decoded, so a build can hold it throughout. A set
// is never changed once made: a rebuild makes a new one, so an index built
// on another goroutine (serve) can read the old one safely.
type termSet map[[32]byte][]byte

// indexFiles builds the search index, tokenizing only the pages known does
// not have; it returns the index and the set of this build's terms, or nil
// when that is known itself.
func indexFiles(docs []search.Doc, known termSet) ([]render.File, termSet) {
	keys := make([][32]byte, len(docs))
	terms := make([]search.Terms, len(docs))
	enc := make([][]byte, len(docs))
	var analyzed atomic.Int64
	par.For(len(docs), func(i int) {
		keys[i] = search.DocKey(docs[i])
		if raw, ok := known[keys[i]]; ok && terms[i].UnmarshalBinary(raw) == nil {
			enc[i] = raw
			return
		}
		analyzed.Add(1)
		terms[i] = search.Analyze(docs[i])
		enc[i], _ = terms[i].MarshalBinary()
	})
	var set termSet
	if analyzed.Load() > 0 || len(known) != len(docs) {
		set = make(termSet, len(docs))
		for i, k := range keys {
			set[k] = enc[i]
		}
	}
	var out []render.File
	for _, f := range search.BuildFrom(docs, terms) {
		out = append(out, render.File{Path: f.Path, Data: f.Data})
	}
	return out, set
}

const termsKey = "terms"

// loadTerms reads the terms a previous build saved: entries of (key,
// uvarint length, encoded Terms) one after another, each value a slice of
// the record itself (no gob: decoding would copy the megabytes twice more,
// which a one-page rebuild pays for in peak memory). Any damage means no
// terms, never wrong ones.
func (c *diskCache) loadTerms() termSet {
	body, ok := c.tx.Get(termsKey)
	if !ok {
		return nil
	}
	set := termSet{}
	for len(body) > 0 {
		if len(body) < 32 {
			return nil
		}
		key := [32]byte(body[:32])
		n, w := binary.Uvarint(body[32:])
		if w <= 0 || n > uint64(len(body)-32-w) {
			return nil
		}
		set[key] = slices.Clip(body[32+w : 32+w+int(n)])
		body = body[32+w+int(n):]
	}
	return set
}

// saveTerms writes set in loadTerms' format, sorted by key (the same set,
// the same bytes), into one buffer of the right size.
func (c *diskCache) saveTerms(set termSet) {
	n := 0
	for _, data := range set {
		n += 32 + binary.MaxVarintLen64 + len(data)
	}
	buf := make([]byte, 0, n)
	for _, k := range slices.SortedFunc(maps.Keys(set), func(a, b [32]byte) int { return bytes.Compare(a[:], b[:]) }) {
		buf = append(buf, k[:]...)
		buf = binary.AppendUvarint(buf, uint64(len(set[k])))
		buf = append(buf, set[k]...)
	}
	c.tx.Put(termsKey, buf)
}
