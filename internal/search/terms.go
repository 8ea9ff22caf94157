package search

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"math"
	"strings"
	"unicode/utf8"
)

// termsVersion is the first byte of an encoded Terms and part of every
// DocKey. Bump it whenever the tokenizer (tokenize.go), docFields or the
// encoding below changes: old cache entries then miss instead of giving an
// index the current code would not build.
const termsVersion = 1

// maxTermBytes bounds a term: a word is at most maxWord runes and a CJK
// term two, each rune at most 4 bytes. Decoding rejects longer terms, which
// bounds the memory a decode allocates to a small multiple of its input.
const maxTermBytes = 4 * maxWord

// Terms is one page's tokenized fields: what Build spends most of its time
// on, kept so a rebuild can skip tokenizing pages that did not change. The
// zero Terms means "not analyzed".
type Terms struct{ ct compactTerms }

// Analyze tokenizes d's indexed fields. The terms share one backing string,
// so a cache holding many pages' Terms holds no per-term allocations.
func Analyze(d Doc) Terms {
	ct := compact(docFields(d), nil)
	n := 0
	for _, t := range ct.terms {
		n += len(t)
	}
	var b strings.Builder
	b.Grow(n)
	for _, t := range ct.terms {
		b.WriteString(t)
	}
	s, off := b.String(), 0
	for i, t := range ct.terms {
		ct.terms[i] = s[off : off+len(t)]
		off += len(t)
	}
	return Terms{ct}
}

func (t Terms) isZero() bool { return len(t.ct.terms) == 0 }

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
	b := make([]byte, 0, 16+len(ct.terms)*8)
	b = append(b, termsVersion)
	b = binary.AppendUvarint(b, uint64(len(ct.terms)))
	prev := ""
	for k, term := range ct.terms {
		p := commonPrefix(prev, term)
		b = binary.AppendUvarint(b, uint64(p))
		b = binary.AppendUvarint(b, uint64(len(term)-p))
		b = append(b, term[p:]...)
		var mask byte
		for f, c := range ct.counts[k] {
			if c > 0 {
				mask |= 1 << f
			}
		}
		b = append(b, mask)
		for _, c := range ct.counts[k] {
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
// small multiple of len(b).
func (t *Terms) UnmarshalBinary(b []byte) error {
	if len(b) < 2 || b[0] != termsVersion {
		return errTerms
	}
	n, w := canonicalUvarint(b[1:])
	// Each term takes at least 4 bytes (prefix, length, mask, one count).
	if w <= 0 || n > uint64(len(b)/4) {
		return errTerms
	}
	body := b[1+w:]
	// First pass: validate everything and measure the backing string.
	total, err := walkTerms(body, int(n), func(int, []byte, [nFields]int32) {})
	if err != nil {
		return err
	}
	// Second pass: fill. The builder never grows past its first buffer, so
	// every term is a substring of the one backing string.
	var sb strings.Builder
	sb.Grow(total)
	ct := compactTerms{terms: make([]string, n), counts: make([][nFields]int32, n)}
	walkTerms(body, int(n), func(k int, term []byte, c [nFields]int32) {
		off := sb.Len()
		sb.Write(term)
		ct.terms[k] = sb.String()[off:]
		ct.counts[k] = c
		for f, v := range c {
			ct.len[f] += int(v)
		}
	})
	t.ct = ct
	return nil
}

// walkTerms decodes n front-coded terms from b, calling fn with each term
// (in a scratch buffer) and its counts, and returns their total length.
func walkTerms(b []byte, n int, fn func(k int, term []byte, c [nFields]int32)) (int, error) {
	var cur [maxTermBytes]byte
	curLen, total := 0, 0
	uv := func() (uint64, bool) {
		v, w := canonicalUvarint(b)
		if w <= 0 {
			return 0, false
		}
		b = b[w:]
		return v, true
	}
	for k := range n {
		shared, ok1 := uv()
		suffix, ok2 := uv()
		if !ok1 || !ok2 || shared > uint64(curLen) || suffix == 0 || suffix > uint64(len(b)) ||
			shared+suffix > maxTermBytes {
			return 0, errTerms
		}
		// Sorted, distinct and with a maximal shared prefix: the first
		// suffix byte must differ from, and sort after, the previous term's.
		if int(shared) < curLen && b[0] <= cur[shared] {
			return 0, errTerms
		}
		copy(cur[shared:], b[:suffix])
		curLen = int(shared + suffix)
		b = b[suffix:]
		if len(b) == 0 || b[0] == 0 || b[0] >= 1<<nFields {
			return 0, errTerms
		}
		mask := b[0]
		b = b[1:]
		var c [nFields]int32
		for f := range nFields {
			if mask&(1<<f) == 0 {
				continue
			}
			v, ok := uv()
			if !ok || v == 0 || v > math.MaxInt32 {
				return 0, errTerms
			}
			c[f] = int32(v)
		}
		if !utf8.Valid(cur[:curLen]) {
			return 0, errTerms
		}
		fn(k, cur[:curLen], c)
		total += curLen
	}
	if len(b) != 0 {
		return 0, errTerms
	}
	return total, nil
}

// canonicalUvarint is binary.Uvarint refusing padded encodings (0x80 0x00
// for 0): the last byte of a minimal encoding longer than one byte is never
// zero. Without this, two inputs would decode alike and not re-encode to
// themselves.
func canonicalUvarint(b []byte) (uint64, int) {
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
	var buf []byte
	str := func(s string) {
		buf = binary.AppendUvarint(buf[:0], uint64(len(s)))
		h.Write(buf)
		h.Write([]byte(s))
	}
	list := func(ss []string) {
		buf = binary.AppendUvarint(buf[:0], uint64(len(ss)))
		h.Write(buf)
		for _, s := range ss {
			str(s)
		}
	}
	str("keel/search.Terms")
	h.Write([]byte{termsVersion})
	str(d.Title)
	str(d.Summary)
	str(d.Kind)
	str(d.Status)
	str(d.Owner)
	list(d.Tags)
	list(d.Teams)
	str(d.Lead)
	buf = binary.AppendUvarint(buf[:0], uint64(len(d.Sections)))
	h.Write(buf)
	for _, s := range d.Sections {
		str(s.Title)
		str(s.Text)
	}
	list(d.Code)
	var key [32]byte
	h.Sum(key[:0])
	return key
}
