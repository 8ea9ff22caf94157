package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The tokenizer as it was before the allocation-free rewrite (63f0031),
// kept as the reference the differential tests compare tokenize.go with.
// It shares fold, isCJK, isWordRune, stopwords and piece with tokenize.go:
// those did not change. refDocFields and refCompact are invert.go's page
// analysis as it was, which analyze.go replaced.

// scan calls emit for every token of text, in text order.
func refScan(text string, emit func(token)) {
	var word, run []piece
	flushWord := func() {
		if len(word) > 0 {
			refEmitWord(word, emit)
			word = word[:0]
		}
	}
	flushRun := func() {
		if len(run) > 0 {
			refEmitCJK(run, emit)
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

func refSpanText(ps []piece) string {
	b := make([]byte, 0, len(ps))
	for _, p := range ps {
		b = utf8.AppendRune(b, p.r)
	}
	return string(b)
}

func refEmitWord(w []piece, emit func(token)) {
	for len(w) > 0 && w[0].r == '_' {
		w = w[1:]
	}
	for len(w) > 0 && w[len(w)-1].r == '_' {
		w = w[:len(w)-1]
	}
	if len(w) == 0 || len(w) > maxWord {
		return
	}
	s := refSpanText(w)
	if !strings.Contains(s, "_") {
		emit(refSimpleToken(s, w[0].start, w[len(w)-1].end, false))
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
		emit(refSimpleToken(refSpanText(w[i:j]), w[i].start, w[j-1].end, true))
		i = j
	}
}

func refSimpleToken(s string, start, end int, extra bool) token {
	t := token{text: refStem(s), raw: s, start: start, end: end, extra: extra}
	if refStopwords[s] || (len(s) == 1 && s[0] >= 'a' && s[0] <= 'z') {
		t.stop = true
	}
	return t
}

// emitCJK indexes a run of CJK characters as overlapping bigrams, plus each
// character alone so one-character queries find something.
func refEmitCJK(run []piece, emit func(token)) {
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

func refIsAZ(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

func refHasVowel(s string) bool { return strings.ContainsAny(s, "aeiouy") }

// undouble turns "runn" into "run" (but keeps "install", "pass", "buzz").
func refUndouble(s string) string {
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
func refStem(w string) string {
	if len(w) < 4 || !refIsAZ(w) {
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
	case strings.HasSuffix(w, "ing") && len(w) >= 6 && refHasVowel(w[:len(w)-3]):
		w = refUndouble(w[:len(w)-3])
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed") && len(w) >= 5 && refHasVowel(w[:len(w)-2]):
		w = refUndouble(w[:len(w)-2])
	}
	if len(w) >= 4 && strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee") {
		w = w[:len(w)-1]
	}
	return w
}

// refDocTerms counts a page's terms per field.
type refDocTerms struct {
	tf  map[string]*[nFields]int
	len [nFields]int
}

// refCompact sorts a page's terms.
func refCompact(dt refDocTerms) compactTerms {
	terms := make([]string, 0, len(dt.tf))
	size := 0
	for t := range dt.tf {
		terms = append(terms, t)
		size += len(t)
	}
	slices.Sort(terms)
	ct := compactTerms{ends: make([]uint32, len(terms)), packed: make([]uint32, len(terms)), len: dt.len}
	var b strings.Builder
	b.Grow(size)
	for k, t := range terms {
		b.WriteString(t)
		ct.ends[k] = uint32(b.Len())
		var c [nFields]int32
		for f, n := range dt.tf[t] {
			c[f] = int32(n)
		}
		ct.setCounts(k, &c)
	}
	ct.text = b.String()
	return ct
}

func refDocFields(d Doc) refDocTerms {
	dt := refDocTerms{tf: map[string]*[nFields]int{}}
	index := func(f int, text string) {
		refScan(text, func(t token) {
			if t.stop {
				return
			}
			c := dt.tf[t.text]
			if c == nil {
				c = new([nFields]int)
				dt.tf[t.text] = c
			}
			c[f]++
			dt.len[f]++
		})
	}
	index(fTitle, d.Title)
	index(fSummary, d.Summary)
	for _, s := range append(append([]string{d.Kind, d.Status, d.Owner}, d.Tags...), d.Teams...) {
		index(fMeta, s)
	}
	index(fBody, d.Lead)
	for _, s := range d.Sections {
		index(fHeading, s.Title)
		index(fBody, s.Text)
	}
	for _, c := range d.Code {
		index(fBody, c)
	}
	facet := func(field, v string) {
		if v = facetValue(v); v != "" && len(field)+1+len(v) <= maxTermBytes {
			t := field + ":" + v
			if dt.tf[t] == nil {
				dt.tf[t] = new([nFields]int)
			}
			dt.tf[t][fMeta]++
			dt.len[fMeta]++
		}
	}
	for _, v := range d.Tags {
		facet("tag", v)
	}
	for _, v := range d.Teams {
		facet("team", v)
	}
	facet("owner", d.Owner)
	return dt
}

var refStopwords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true,
	"be": true, "by": true, "for": true, "from": true, "has": true, "have": true,
	"in": true, "into": true, "is": true, "it": true, "its": true, "of": true,
	"on": true, "or": true, "that": true, "the": true, "their": true, "this": true,
	"to": true, "was": true, "were": true, "which": true, "with": true,
}
