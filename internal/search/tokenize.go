package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The tokenizer is mirrored line by line in static/js/search.js; the browser
// test compares both on the same inputs, so change them together.

// token is one term found in a text.
type token struct {
	text       string // the indexed form: lower-cased, folded, stemmed
	raw        string // the folded form before stemming (prefix matching)
	start, end int    // byte offsets of the term in the input
	extra      bool   // indexed but never a query term: identifier parts, CJK unigrams beside bigrams
	stop       bool   // stopword or single letter: not indexed
	cjk        bool
}

// maxWord drops longer words (hashes, base64 in code blocks) from the index.
const maxWord = 40

// stopwords are too common to be worth their posting lists.
var stopwords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true,
	"be": true, "by": true, "for": true, "from": true, "has": true, "have": true,
	"in": true, "into": true, "is": true, "it": true, "its": true, "of": true,
	"on": true, "or": true, "that": true, "the": true, "their": true, "this": true,
	"to": true, "was": true, "were": true, "which": true, "with": true,
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

// scan calls emit for every token of text, in text order.
func scan(text string, emit func(token)) {
	var word, run []piece
	flushWord := func() {
		if len(word) > 0 {
			emitWord(word, emit)
			word = word[:0]
		}
	}
	flushRun := func() {
		if len(run) > 0 {
			emitCJK(run, emit)
			run = run[:0]
		}
	}
	add := func(c rune, start, end int) {
		switch {
		case c >= 0x300 && c <= 0x36F: // combining accents: folded away
		case isCJK(c):
			flushWord()
			run = append(run, piece{c, start, end})
		case isWordRune(c):
			flushRun()
			word = append(word, piece{c, start, end})
		default:
			flushWord()
			flushRun()
		}
	}
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf { // ASCII fast path
			switch {
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
				fallthrough
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_':
				flushRun()
				word = append(word, piece{rune(c), i, i + 1})
			default:
				flushWord()
				flushRun()
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		end := i + size
		if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII
			r -= 0xFEE0
		}
		r = unicode.ToLower(r)
		if f := fold(r); f != "" {
			for _, c := range f {
				add(c, i, end)
			}
		} else {
			add(r, i, end)
		}
		i = end
	}
	flushWord()
	flushRun()
}

func spanText(ps []piece) string {
	b := make([]byte, 0, len(ps))
	for _, p := range ps {
		b = utf8.AppendRune(b, p.r)
	}
	return string(b)
}

func emitWord(w []piece, emit func(token)) {
	for len(w) > 0 && w[0].r == '_' {
		w = w[1:]
	}
	for len(w) > 0 && w[len(w)-1].r == '_' {
		w = w[:len(w)-1]
	}
	if len(w) == 0 || len(w) > maxWord {
		return
	}
	s := spanText(w)
	if !strings.Contains(s, "_") {
		emit(simpleToken(s, w[0].start, w[len(w)-1].end, false))
		return
	}
	// An identifier is a term as a whole (not stemmed) and by its parts.
	emit(token{text: s, raw: s, start: w[0].start, end: w[len(w)-1].end})
	for i := 0; i < len(w); {
		if w[i].r == '_' {
			i++
			continue
		}
		j := i
		for j < len(w) && w[j].r != '_' {
			j++
		}
		emit(simpleToken(spanText(w[i:j]), w[i].start, w[j-1].end, true))
		i = j
	}
}

func simpleToken(s string, start, end int, extra bool) token {
	t := token{text: stem(s), raw: s, start: start, end: end, extra: extra}
	if stopwords[s] || (len(s) == 1 && s[0] >= 'a' && s[0] <= 'z') {
		t.stop = true
	}
	return t
}

// emitCJK indexes a run of CJK characters as overlapping bigrams, plus each
// character alone so one-character queries find something.
func emitCJK(run []piece, emit func(token)) {
	if len(run) == 1 {
		s := string(run[0].r)
		emit(token{text: s, raw: s, start: run[0].start, end: run[0].end, cjk: true})
		return
	}
	for i := range run {
		if i+1 < len(run) {
			s := string(run[i].r) + string(run[i+1].r)
			emit(token{text: s, raw: s, start: run[i].start, end: run[i+1].end, cjk: true})
		}
		s := string(run[i].r)
		emit(token{text: s, raw: s, start: run[i].start, end: run[i].end, cjk: true, extra: true})
	}
}

func isAZ(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

func hasVowel(s string) bool { return strings.ContainsAny(s, "aeiouy") }

// undouble turns "runn" into "run" (but keeps "install", "pass", "buzz").
func undouble(s string) string {
	n := len(s)
	if n >= 2 && s[n-1] == s[n-2] && !strings.ContainsRune("aeiouylsz", rune(s[n-1])) {
		return s[:n-1]
	}
	return s
}

// stem is a small English suffix stripper: plurals, -ed, -ing and a final
// -e, so migrate, migrated, migrating and migrates meet in "migrat". It
// only strips (or turns -ies into -y), which keeps stems usable for
// prefix matching while one types.
func stem(w string) string {
	if len(w) < 4 || !isAZ(w) {
		return w
	}
	switch {
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:len(w)-1]
	}
	switch {
	case strings.HasSuffix(w, "ing") && len(w) >= 6 && hasVowel(w[:len(w)-3]):
		w = undouble(w[:len(w)-3])
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed") && len(w) >= 5 && hasVowel(w[:len(w)-2]):
		w = undouble(w[:len(w)-2])
	}
	if len(w) >= 4 && strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee") {
		w = w[:len(w)-1]
	}
	return w
}
