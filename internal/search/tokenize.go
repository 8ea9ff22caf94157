package search

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The tokenizer is mirrored in static/js/search.js; the browser test
// compares both on the same inputs, so change them together. The JavaScript
// has no ASCII fast path (asciiWord): the fast path gives the tokens the
// general path would, which the differential tests check against the
// tokenizer as it was (reftokenize_test.go).

// btoken is one term found in a text. text and raw point into the
// tokenizer's buffers: they are valid only until emit returns. (The tests
// see them as strings: token, helpers_test.go.)
type btoken struct {
	text       []byte // the indexed form: lower-cased, folded, stemmed
	raw        []byte // the folded form before stemming (prefix matching)
	start, end int    // byte offsets of the term in the input
	extra      bool   // indexed but never a query term: identifier parts, CJK unigrams beside bigrams
	stop       bool   // stopword or single letter: not indexed
	cjk        bool
}

// maxWord drops longer words (hashes, base64 in code blocks) from the index.
const maxWord = 40

// isStopword reports the words too common to be worth their posting
// lists. (A switch: cheaper than a map lookup on every word.)
func isStopword(w []byte) bool {
	switch string(w) {
	case "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have",
		"in", "into", "is", "it", "its", "of", "on", "or", "that", "the", "their", "this",
		"to", "was", "were", "which", "with":
		return true
	}
	return false
}

// foldGroups lists lower-case letters by the ASCII letter they fold to.
var foldGroups = []string{
	"aàáâãäåāăą", "cçćĉċč", "dďđð", "eèéêëēĕėęě", "gĝğġģ", "hĥħ", "iìíîïĩīĭįı",
	"jĵ", "kķ", "lĺļľŀł", "nñńņňŉ", "oòóôõöøōŏő", "rŕŗř", "sśŝşšſ", "tţťŧ",
	"uùúûüũūŭůűų", "wŵ", "yýÿŷ", "zźżž",
}

var foldSpecial = map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'þ': "th", 'ĳ': "ij"}

// fold maps a lower-case rune to its ASCII spelling, or "" when it has none.
func fold(r rune) string {
	if r < 0xC0 || r > 0x17F {
		return ""
	}
	if s, ok := foldSpecial[r]; ok {
		return s
	}
	for _, g := range foldGroups {
		if strings.ContainsRune(g[1:], r) {
			return g[:1]
		}
	}
	return ""
}

func isCJK(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF, r >= 0x20000 && r <= 0x2FFFF,
		r >= 0xF900 && r <= 0xFAFF: // Han
		return true
	case r >= 0x3040 && r <= 0x30FF, r >= 0x31F0 && r <= 0x31FF: // kana
		return true
	case r >= 0xAC00 && r <= 0xD7AF, r >= 0x1100 && r <= 0x11FF, r >= 0x3130 && r <= 0x318F: // Hangul
		return true
	}
	return false
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// piece is one rune of a word or CJK run with the span it came from.
type piece struct {
	r          rune
	start, end int
}

// tokenizer is scan's state, reused from text to text (and page to page)
// so that tokenizing allocates nothing: one per goroutine.
type tokenizer struct {
	word, run []piece
	emit      func(*btoken)
	tok       btoken
	buf       []byte // the word (or CJK term) folded: a token's raw
	part      []byte // an identifier's part
	stemmed   []byte // a token's text when stemming changed it
}

// asciiWord is, for each byte below utf8.RuneSelf that isWordRune accepts,
// its lower-case form, and 0 for other bytes.
var asciiWord = func() (t [256]byte) {
	for c := range utf8.RuneSelf {
		switch {
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c) + 'a' - 'A'
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_':
			t[c] = byte(c)
		}
	}
	return t
}()

func isASCIIAlnum(c byte) bool { return asciiWord[c] != 0 && c != '_' }

// scan calls emit for every token of text, in text order.
func (tz *tokenizer) scan(text string, emit func(*btoken)) {
	tz.emit = emit
	tz.word, tz.run = tz.word[:0], tz.run[:0]
	for i := 0; i < len(text); {
		c := text[i]
		if c >= utf8.RuneSelf {
			i = tz.addRune(text, i)
			continue
		}
		if len(tz.word) == 0 && isASCIIAlnum(c) {
			// Fast path: a word of ASCII letters and digits ending at an
			// ASCII non-word byte (or the end) is a simple token. Anything
			// else (an identifier, a word going on in other letters or a
			// combining accent) is left to the general path below.
			j := i + 1
			for j < len(text) && isASCIIAlnum(text[j]) {
				j++
			}
			if j == len(text) || text[j] < utf8.RuneSelf && text[j] != '_' {
				tz.flushRun()
				tz.asciiWord(text[i:j], i)
				i = j
				continue
			}
		}
		if l := asciiWord[c]; l != 0 {
			tz.flushRun()
			tz.word = append(tz.word, piece{rune(l), i, i + 1})
		} else {
			tz.flushWord()
			tz.flushRun()
		}
		i++
	}
	tz.flushWord()
	tz.flushRun()
	tz.emit = nil
}

// addRune adds the non-ASCII rune at text[i:] and returns where the next
// one starts.
func (tz *tokenizer) addRune(text string, i int) int {
	r, size := utf8.DecodeRuneInString(text[i:])
	end := i + size
	if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII
		r -= 0xFEE0
	}
	r = unicode.ToLower(r)
	if f := fold(r); f != "" {
		for _, c := range f {
			tz.add(c, i, end)
		}
	} else {
		tz.add(r, i, end)
	}
	return end
}

// add adds rune c of the span text[start:end] to the word or CJK run.
func (tz *tokenizer) add(c rune, start, end int) {
	switch {
	case c >= 0x300 && c <= 0x36F: // combining accents: folded away
	case isCJK(c):
		tz.flushWord()
		tz.run = append(tz.run, piece{c, start, end})
	case isWordRune(c):
		tz.flushRun()
		tz.word = append(tz.word, piece{c, start, end})
	default:
		tz.flushWord()
		tz.flushRun()
	}
}

func (tz *tokenizer) flushWord() {
	if len(tz.word) > 0 {
		tz.emitWord(tz.word)
		tz.word = tz.word[:0]
	}
}

func (tz *tokenizer) flushRun() {
	if len(tz.run) > 0 {
		tz.emitCJK(tz.run)
		tz.run = tz.run[:0]
	}
}

// asciiWord emits w, ASCII letters and digits only, found at text offset
// start: what emitWord does with such a word, without the pieces.
func (tz *tokenizer) asciiWord(w string, start int) {
	if len(w) > maxWord {
		return
	}
	tz.buf = append(tz.buf[:0], w...)
	for i, c := range tz.buf {
		tz.buf[i] = asciiWord[c]
	}
	tz.simpleToken(tz.buf, start, start+len(w), false)
}

func appendSpan(b []byte, ps []piece) []byte {
	for _, p := range ps {
		b = utf8.AppendRune(b, p.r)
	}
	return b
}

func (tz *tokenizer) emitWord(w []piece) {
	for len(w) > 0 && w[0].r == '_' {
		w = w[1:]
	}
	for len(w) > 0 && w[len(w)-1].r == '_' {
		w = w[:len(w)-1]
	}
	if len(w) == 0 || len(w) > maxWord {
		return
	}
	tz.buf = appendSpan(tz.buf[:0], w)
	if bytes.IndexByte(tz.buf, '_') < 0 {
		tz.simpleToken(tz.buf, w[0].start, w[len(w)-1].end, false)
		return
	}
	// An identifier is a term as a whole (not stemmed) and by its parts.
	tz.tok = btoken{text: tz.buf, raw: tz.buf, start: w[0].start, end: w[len(w)-1].end}
	tz.emit(&tz.tok)
	for i := 0; i < len(w); {
		if w[i].r == '_' {
			i++
			continue
		}
		j := i
		for j < len(w) && w[j].r != '_' {
			j++
		}
		tz.part = appendSpan(tz.part[:0], w[i:j])
		tz.simpleToken(tz.part, w[i].start, w[j-1].end, true)
		i = j
	}
}

func (tz *tokenizer) simpleToken(s []byte, start, end int, extra bool) {
	tz.stemmed = append(tz.stemmed[:0], s...)
	tz.tok = btoken{text: stemInPlace(tz.stemmed), raw: s, start: start, end: end, extra: extra}
	if isStopword(s) || (len(s) == 1 && s[0] >= 'a' && s[0] <= 'z') {
		tz.tok.stop = true
	}
	tz.emit(&tz.tok)
}

// emitCJK indexes a run of CJK characters as overlapping bigrams, plus each
// character alone so one-character queries find something.
func (tz *tokenizer) emitCJK(run []piece) {
	one := func(i int, extra bool) {
		tz.buf = utf8.AppendRune(tz.buf[:0], run[i].r)
		tz.tok = btoken{text: tz.buf, raw: tz.buf, start: run[i].start, end: run[i].end, cjk: true, extra: extra}
		tz.emit(&tz.tok)
	}
	if len(run) == 1 {
		one(0, false)
		return
	}
	for i := range run {
		if i+1 < len(run) {
			tz.buf = utf8.AppendRune(utf8.AppendRune(tz.buf[:0], run[i].r), run[i+1].r)
			tz.tok = btoken{text: tz.buf, raw: tz.buf, start: run[i].start, end: run[i+1].end, cjk: true}
			tz.emit(&tz.tok)
		}
		one(i, true)
	}
}

func isAZ(s []byte) bool {
	for _, c := range s {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func hasVowel(s []byte) bool { return bytes.ContainsAny(s, "aeiouy") }

func hasSuffix(s []byte, suffix string) bool {
	return len(s) >= len(suffix) && string(s[len(s)-len(suffix):]) == suffix
}

// undouble turns "runn" into "run" (but keeps "install", "pass", "buzz").
func undouble(s []byte) []byte {
	n := len(s)
	if n >= 2 && s[n-1] == s[n-2] && strings.IndexByte("aeiouylsz", s[n-1]) < 0 {
		return s[:n-1]
	}
	return s
}

// yEnding replaces w's last three bytes (-ies, -ied) with "y", in place.
func yEnding(w []byte) []byte {
	w[len(w)-3] = 'y'
	return w[:len(w)-2]
}

// stemInPlace is a small English suffix stripper: plurals, -ed, -ing and a final
// -e, so migrate, migrated, migrating and migrates meet in "migrat". It
// only strips (or turns -ies into -y), which keeps stems usable for
// prefix matching while one types. It works in place: the result is a
// prefix of w, whose bytes it may change.
func stemInPlace(w []byte) []byte {
	if len(w) < 4 || !isAZ(w) {
		return w
	}
	switch {
	case hasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case hasSuffix(w, "ies") && len(w) > 4:
		w = yEnding(w)
	case hasSuffix(w, "s") && !hasSuffix(w, "ss") && !hasSuffix(w, "us") && !hasSuffix(w, "is"):
		w = w[:len(w)-1]
	}
	switch {
	case hasSuffix(w, "ing") && len(w) >= 6 && hasVowel(w[:len(w)-3]):
		w = undouble(w[:len(w)-3])
	case hasSuffix(w, "ied") && len(w) > 4:
		w = yEnding(w)
	case hasSuffix(w, "ed") && !hasSuffix(w, "eed") && len(w) >= 5 && hasVowel(w[:len(w)-2]):
		w = undouble(w[:len(w)-2])
	}
	if len(w) >= 4 && hasSuffix(w, "e") && !hasSuffix(w, "ee") {
		w = w[:len(w)-1]
	}
	return w
}
