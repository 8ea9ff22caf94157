package chromarun

import (
	"sort"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/alecthomas/chroma/v2"
)

// text is one lexed string; the rune view regexp2 needs is built on demand.
type text struct {
	s      string
	ascii  bool
	runes  []rune
	byteOf []int // rune index → byte offset (len(runes)+1 entries), non-ASCII only

	lineFrom, lineEnd int // s[lineFrom:lineEnd] holds no \n; lineEnd is a \n's offset or len(s)

	loc []int // the fast matchers' offsets, reused from match to match
}

// lineEndAt returns the offset just past the first \n at or after pos (len(s)
// when there is none).
func (t *text) lineEndAt(pos int) int {
	if pos < t.lineFrom || pos > t.lineEnd || t.lineEnd == 0 && t.lineFrom == 0 {
		t.lineFrom, t.lineEnd = pos, len(t.s)
		if i := strings.IndexByte(t.s[pos:], '\n'); i >= 0 {
			t.lineEnd = pos + i
		}
	}
	if t.lineEnd == len(t.s) {
		return len(t.s)
	}
	return t.lineEnd + 1
}

func (t *text) runeView() []rune {
	if t.runes == nil {
		t.runes = []rune(t.s)
		if !t.ascii {
			t.byteOf = make([]int, 0, len(t.runes)+1)
			for i := range t.s {
				t.byteOf = append(t.byteOf, i)
			}
			t.byteOf = append(t.byteOf, len(t.s))
		}
	}
	return t.runes
}

func (t *text) runeIndex(b int) int {
	if t.ascii {
		return b
	}
	return sort.SearchInts(t.byteOf, b)
}

func (t *text) byteIndex(r int) int {
	if t.ascii {
		return r
	}
	return t.byteOf[r]
}

// match returns the byte offsets of the rule's groups when it matches at
// pos (the whole match first), like chroma's matchRules for one rule.
func (r *rule) match(t *text, pos int) []int {
	if !r.goOK || !t.ascii && r.props.asciiOnly {
		return r.match2(t, pos)
	}
	if r.fast != nil {
		// The run loop is done with the last match's offsets when it
		// asks for the next one on the same text.
		loc := r.fast.loc(t.s, pos, t.loc)
		if loc != nil {
			t.loc = loc
		}
		return loc
	}
	if !r.program() {
		return r.match2(t, pos)
	}
	re, base := r.re, pos
	if r.ctx != nil && pos > 0 {
		// The previous character gives ^, \A and \b their context.
		_, w := utf8.DecodeLastRuneInString(t.s[:pos])
		re, base = r.ctx, pos-w
	}
	// A pattern that cannot match \n ends its match, and its search, at the
	// line's \n: giving RE2 only the rest of the line (the \n included, so
	// $ and \b see it) finds the same match. RE2's backtracker clears state
	// in proportion to the input's length on every call.
	end := len(t.s)
	if !r.props.matchesNL {
		end = t.lineEndAt(pos)
	}
	var loc []int
	if r.groups {
		loc = re.FindStringSubmatchIndex(t.s[base:end])
	} else {
		loc = re.FindStringIndex(t.s[base:end])
	}
	if loc == nil {
		return nil
	}
	for i, v := range loc {
		if v >= 0 {
			loc[i] = v + base
		}
	}
	loc[0] = pos
	return loc
}

// match2 runs chroma's own regexp2 pattern.
func (r *rule) match2(t *text, pos int) []int {
	re, err := r.regexp2()
	if err != nil {
		return nil
	}
	runes := t.runeView()
	rp := t.runeIndex(pos)
	m, err := re.FindRunesMatchStartingAt(runes, rp)
	if m == nil || err != nil || m.RuneIndex != rp {
		return nil
	}
	gs := m.Groups()
	loc := make([]int, 2*len(gs))
	for i := range gs {
		g := &gs[i]
		if len(g.Captures) == 0 {
			loc[2*i], loc[2*i+1] = -1, -1
			continue
		}
		loc[2*i] = t.byteIndex(g.RuneIndex)
		loc[2*i+1] = t.byteIndex(g.RuneIndex + g.RuneLength)
	}
	return loc
}

// sink is chroma.Coalesce plus the Iterator's dropping of Ignore tokens:
// adjacent tokens of one type merge while the first is under 8192 bytes.
// Merged texts stay sub-strings of base when they are contiguous in it.
type sink struct {
	base string
	emit func(chroma.TokenType, string)
	has  bool
	t    chroma.TokenType
	s, e int    // pending token base[s:e] when buf is nil
	buf  []byte // pending token otherwise
}

// offset locates v inside base.
func (k *sink) offset(v string) (int, bool) {
	if len(k.base) == 0 {
		return 0, false
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(v)))
	b := uintptr(unsafe.Pointer(unsafe.StringData(k.base)))
	if p < b || p+uintptr(len(v)) > b+uintptr(len(k.base)) {
		return 0, false
	}
	return int(p - b), true
}

func (k *sink) pendingLen() int {
	if k.buf != nil {
		return len(k.buf)
	}
	return k.e - k.s
}

func (k *sink) add(t chroma.TokenType, v string) {
	if t == chroma.Ignore || v == "" {
		return
	}
	if k.has && k.t == t && k.pendingLen() < 8192 {
		if k.buf == nil {
			if off, ok := k.offset(v); ok && off == k.e {
				k.e += len(v)
				return
			}
			k.buf = append([]byte(nil), k.base[k.s:k.e]...)
		}
		k.buf = append(k.buf, v...)
		return
	}
	k.flush()
	k.has, k.t, k.buf = true, t, nil
	if off, ok := k.offset(v); ok {
		k.s, k.e = off, off+len(v)
	} else {
		k.buf = append([]byte(nil), v...)
	}
}

func (k *sink) flush() {
	if !k.has {
		return
	}
	if k.buf != nil {
		k.emit(k.t, string(k.buf))
	} else {
		k.emit(k.t, k.base[k.s:k.e])
	}
	k.has = false
}
