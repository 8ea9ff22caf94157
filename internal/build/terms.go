package build

import (
	"encoding/binary"
	"errors"
	"io"

	"keel/internal/render"
	"keel/internal/search"
)

// termSet is the search tokenization of a build's pages: encoded
// search.Terms by the pages' keys (indexKey). Encoded, a 10,000-page site's set is about
// 35 MB instead of 200 MB decoded, so a build can hold it throughout. A set
// is never changed once made: a rebuild makes a new one, so an index built
// on another goroutine (serve) can read the old one safely.
type termSet map[[32]byte][]byte

// termWriter receives a page's encoded terms under its key (indexKey).
type termWriter func(key [32]byte, enc []byte) error

// indexFiles builds the search index, tokenizing only the pages known does
// not have, and hands its files to out (see search.BuildText). When the
// pages' terms are not known's, the index is built inside save (nil: not
// wanted), with a termWriter given every page's terms in page order as
// they are made: no build holds every page's terms at once.
func indexFiles(idocs []indexDoc, text func(d *indexDoc) search.Doc, known termSet, out func(render.File), save func(build func(put termWriter) error)) {
	docs := make([]search.Doc, len(idocs))
	keys := make([][32]byte, len(idocs))
	changed := len(known) != len(docs)
	whole := true
	for i := range idocs {
		docs[i], keys[i] = idocs[i].doc, idocs[i].key
		if _, ok := known[keys[i]]; !ok {
			changed = true
		}
		whole = whole && idocs[i].src == ""
	}
	var full func(i int) search.Doc // nil: docs are whole
	if !whole && text != nil {
		full = func(i int) search.Doc { return text(&idocs[i]) }
	}
	cached := func(i int) search.Terms {
		var t search.Terms
		if raw, ok := known[keys[i]]; ok && t.UnmarshalBinary(raw) != nil {
			return search.Terms{} // damaged: analyzed again
		}
		return t
	}
	emit := func(f search.File) { out(render.File{Path: f.Path, Data: f.Data}) }
	if save == nil || !changed {
		search.BuildText(docs, full, cached, nil, emit)
		return
	}
	save(func(put termWriter) error {
		var err error
		search.BuildText(docs, full, cached, func(i int, t search.Terms, fresh bool) {
			enc := known[keys[i]]
			if fresh {
				enc, _ = t.MarshalBinary()
			}
			if err == nil {
				err = put(keys[i], enc)
			}
		}, emit)
		return err
	})
}

const termsKey = "terms"

// The terms record is the pages' entries one after another, each
// [32-byte key, uvarint length, encoded search.Terms]: written as they
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

// saveTerms runs build with a termWriter streaming its entries to the
// cache's terms record; keep, when not nil, is given each entry too.
func (c *diskCache) saveTerms(build func(put termWriter) error, keep termWriter) {
	c.tx.PutStream(termsKey, func(w io.Writer) error {
		var buf []byte
		return build(func(k [32]byte, enc []byte) error {
			if keep != nil {
				keep(k, enc)
			}
			buf = binary.AppendUvarint(append(buf[:0], k[:]...), uint64(len(enc)))
			if _, err := w.Write(buf); err != nil {
				return err
			}
			_, err := w.Write(enc)
			return err
		})
	})
}
