package search

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"math"
	"math/bits"
	"unicode/utf8"
)

// termsVersion is the first byte of an encoded Terms and part of every
// DocKey. Bump it whenever the tokenizer (tokenize.go), analyze.go or the
// encoding below changes: old cache entries then miss instead of giving an
// index the current code would not build.
const termsVersion = 2

// maxTermBytes bounds a term: a word is at most maxWord runes and a CJK
// term two, each rune at most 4 bytes. Decoding rejects longer terms, which
// bounds the memory a decode allocates to a small multiple of its input.
const maxTermBytes = 4 * maxWord

// Terms is one page's tokenized fields: what Build spends most of its time
// on, kept so a rebuild can skip tokenizing pages that did not change. The
// zero Terms means "not analyzed".
type Terms struct{ ct compactTerms }

// MarshalBinary encodes t deterministically:
//
//	version byte (termsVersion)
//	uvarint   number of terms
//	per term, in sorted order:
//	  uvarint shared prefix length with the previous term (maximal)
//	  uvarint suffix length, then the suffix bytes
//	  byte    mask of the fields the term occurs in (bit f for field f)
//	  uvarint count, for each field in the mask, lowest first
//
// Field lengths are not stored: a field's length is the sum of its counts.
func (t Terms) MarshalBinary() ([]byte, error) {
	ct := t.ct
	b := make([]byte, 0, 16+ct.n()*8)
	b = append(b, termsVersion)
	b = binary.AppendUvarint(b, uint64(ct.n()))
	prev := ""
	for k := range ct.n() {
		term := ct.term(k)
		p := commonPrefix(prev, term)
		b = binary.AppendUvarint(b, uint64(p))
		b = binary.AppendUvarint(b, uint64(len(term)-p))
		b = append(b, term[p:]...)
		var mask byte
		counts := ct.counts(k)
		for f, c := range counts {
			if c > 0 {
				mask |= 1 << f
			}
		}
		b = append(b, mask)
		for _, c := range counts {
			if c > 0 {
				b = binary.AppendUvarint(b, uint64(c))
			}
		}
		prev = term
	}
	return b, nil
}

func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

var errTerms = errors.New("search: corrupt encoded terms")

// UnmarshalBinary decodes what MarshalBinary wrote. Anything else (another
// version, truncated, trailing or corrupt bytes, terms out of order or
// encoded other than MarshalBinary would) is an error, so a decoded Terms
// always re-encodes to the same bytes. Memory allocated is bounded by a
// multiple of len(b): a term is at most maxTermBytes and takes at least 4
// bytes.
func (t *Terms) UnmarshalBinary(b []byte) error {
	if len(b) < 2 || b[0] != termsVersion {
		return errTerms
	}
	n, w := canonicalUvarint(b[1:])
	// Each term takes at least 4 bytes (prefix, length, mask, one count).
	if w <= 0 || n > uint64(len(b)/4) {
		return errTerms
	}
	b = b[1+w:]
	ct := compactTerms{ends: make([]uint32, n), packed: make([]uint32, n)}
	// One pass: the terms are decoded one after another into buf, which
	// then becomes their one backing string.
	buf := make([]byte, 0, len(b))
	prev, prevLen := 0, 0 // the previous term is buf[prev : prev+prevLen]
	for k := range ct.ends {
		shared, w1 := canonicalUvarint(b)
		if w1 <= 0 {
			return errTerms
		}
		suffix, w2 := canonicalUvarint(b[w1:])
		if w2 <= 0 {
			return errTerms
		}
		b = b[w1+w2:]
		if shared > uint64(prevLen) || suffix == 0 || suffix > uint64(len(b)) || shared+suffix > maxTermBytes {
			return errTerms
		}
		// Sorted, distinct and with a maximal shared prefix: the first
		// suffix byte must differ from, and sort after, the previous term's.
		if int(shared) < prevLen && b[0] <= buf[prev+int(shared)] {
			return errTerms
		}
		// A term must start a rune: with buf valid UTF-8 as a whole (checked
		// below) every term then is too. (Valid terms concatenated are valid,
		// but "a\xc3" then "\xa9" are not, though their concatenation is.)
		// With a shared prefix the term starts as the previous one did.
		if shared == 0 && !utf8.RuneStart(b[0]) {
			return errTerms
		}
		start := len(buf)
		buf = append(buf, buf[prev:prev+int(shared)]...)
		buf = append(buf, b[:suffix]...)
		b = b[suffix:]
		prev, prevLen = start, int(shared+suffix)
		ct.ends[k] = uint32(len(buf))
		if len(b) == 0 || b[0] == 0 || b[0] >= 1<<nFields {
			return errTerms
		}
		mask := b[0]
		b = b[1:]
		var c [nFields]int32
		for m := mask; m != 0; m &= m - 1 { // the mask's fields, lowest first
			f := bits.TrailingZeros8(m)
			v, w := canonicalUvarint(b)
			if w <= 0 || v == 0 || v > math.MaxInt32 {
				return errTerms
			}
			b = b[w:]
			c[f] = int32(v)
			ct.len[f] += int(v)
		}
		ct.setCounts(k, &c)
	}
	if len(b) != 0 || !utf8.Valid(buf) {
		return errTerms
	}
	ct.text = string(buf)
	t.ct = ct
	return nil
}

// canonicalUvarint is binary.Uvarint refusing padded encodings (0x80 0x00
// for 0): the last byte of a minimal encoding longer than one byte is never
// zero. Without this, two inputs would decode alike and not re-encode to
// themselves.
func canonicalUvarint(b []byte) (uint64, int) {
	if len(b) > 0 && b[0] < 0x80 { // most values are one byte
		return uint64(b[0]), 1
	}
	v, w := binary.Uvarint(b)
	if w > 1 && b[w-1] == 0 {
		return 0, 0
	}
	return v, w
}

// DocKey identifies everything Analyze reads from d (not URL, Section or
// section IDs), with each string and list length-prefixed so no two
// different inputs share a key, and termsVersion, so Terms cached under it
// are never stale.
func DocKey(d Doc) [32]byte {
	h := sha256.New()
	// Strings go through one small buffer written when full: h.Write on
	// []byte(s) would copy each string to the heap first.
	buf := make([]byte, 0, 1024)
	flush := func() {
		h.Write(buf)
		buf = buf[:0]
	}
	num := func(n int) {
		buf = binary.AppendUvarint(buf, uint64(n))
	}
	str := func(s string) {
		num(len(s))
		for len(s) > 0 {
			if len(buf) == cap(buf) {
				flush()
			}
			k := min(len(s), cap(buf)-len(buf))
			buf = append(buf, s[:k]...)
			s = s[k:]
		}
	}
	list := func(ss []string) {
		num(len(ss))
		for _, s := range ss {
			str(s)
		}
	}
	str("keel/search.Terms")
	buf = append(buf, termsVersion)
	str(d.Title)
	str(d.Summary)
	str(d.Kind)
	str(d.Status)
	str(d.Owner)
	list(d.Tags)
	list(d.Teams)
	str(d.Lead)
	num(len(d.Sections))
	for _, s := range d.Sections {
		str(s.Title)
		str(s.Text)
	}
	list(d.Code)
	flush()
	var key [32]byte
	h.Sum(key[:0])
	return key
}
