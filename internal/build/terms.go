package build

import (
	"encoding/binary"
	"errors"
	"io"
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

// pageTerms are the terms of a build's pages, in the order of its search
// documents: keys[i] is search.DocKey of page i, terms[i] its terms and
// enc[i] their encoding when known had it (nil when analyzed anew).
type pageTerms struct {
	keys  [][32]byte
	terms []search.Terms
	enc   [][]byte
}

// encoded is page i's terms encoded.
func (pt *pageTerms) encoded(i int) []byte {
	if pt.enc[i] != nil {
		return pt.enc[i]
	}
	b, _ := pt.terms[i].MarshalBinary()
	return b
}

// set is the pages' terms as a termSet.
func (pt *pageTerms) set() termSet {
	set := make(termSet, len(pt.keys))
	for i, k := range pt.keys {
		set[k] = pt.encoded(i)
	}
	return set
}

// indexFiles builds the search index, tokenizing only the pages known does
// not have, and hands its files to out (see search.BuildTo). When the
// pages' terms are not known's, save is given them first (nil: not
// wanted), before the index is built.
func indexFiles(docs []search.Doc, known termSet, out func(render.File), save func(*pageTerms)) {
	pt := &pageTerms{keys: make([][32]byte, len(docs)), terms: make([]search.Terms, len(docs)), enc: make([][]byte, len(docs))}
	var analyzed atomic.Int64
	par.For(len(docs), func(i int) {
		pt.keys[i] = search.DocKey(docs[i])
		if raw, ok := known[pt.keys[i]]; ok && pt.terms[i].UnmarshalBinary(raw) == nil {
			pt.enc[i] = raw
			return
		}
		analyzed.Add(1)
		pt.terms[i] = search.Analyze(docs[i])
	})
	if save != nil && (analyzed.Load() > 0 || len(known) != len(docs)) {
		save(pt)
	}
	terms := pt.terms
	pt = nil // the encodings go: only the decoded terms are needed now
	search.BuildTo(docs, terms, func(f search.File) { out(render.File{Path: f.Path, Data: f.Data}) })
}

const termsKey = "terms"

// The terms record is the pages' entries one after another, each
// [32-byte DocKey, uvarint length, encoded search.Terms]: written as they
// are encoded, never whole in memory.

// loadTerms reads the terms a previous build saved; any damage means no
// terms, never wrong ones.
func (c *diskCache) loadTerms() termSet {
	data, ok := c.tx.Get(termsKey)
	if !ok {
		return nil
	}
	set, err := parseTerms(data)
	if err != nil {
		return nil
	}
	return set
}

var errTermsRecord = errors.New("damaged terms record")

// parseTerms decodes a terms record; the set's entries share data.
func parseTerms(data []byte) (termSet, error) {
	set := termSet{}
	for len(data) > 0 {
		if len(data) < 33 {
			return nil, errTermsRecord
		}
		var k [32]byte
		copy(k[:], data)
		n, w := binary.Uvarint(data[32:])
		if w <= 0 || n > uint64(len(data)-32-w) {
			return nil, errTermsRecord
		}
		data = data[32+w:]
		set[k] = data[:n:n]
		data = data[n:]
	}
	return set, nil
}

// saveTerms streams the pages' terms to the cache.
func (c *diskCache) saveTerms(pt *pageTerms) {
	c.tx.PutStream(termsKey, func(w io.Writer) error {
		var buf []byte
		for i, k := range pt.keys {
			enc := pt.encoded(i)
			buf = binary.AppendUvarint(append(buf[:0], k[:]...), uint64(len(enc)))
			if _, err := w.Write(buf); err != nil {
				return err
			}
			if _, err := w.Write(enc); err != nil {
				return err
			}
		}
		return nil
	})
}
