package search

import (
	"slices"
	"strings"
)

// Test-only entry points: the build uses BuildText, page by page, and the
// browser tokenizes queries itself (static/js/search.js).

// token is btoken with strings, for the tests.
type token struct {
	text       string // the indexed form: lower-cased, folded, stemmed
	raw        string // the folded form before stemming (prefix matching)
	start, end int    // byte offsets of the term in the input
	extra      bool   // indexed but never a query term: identifier parts, CJK unigrams beside bigrams
	stop       bool   // stopword or single letter: not indexed
	cjk        bool
}

// scan calls emit for every token of text, in text order.
func scan(text string, emit func(token)) {
	var tz tokenizer
	tz.scan(text, func(t *btoken) {
		emit(token{string(t.text), string(t.raw), t.start, t.end, t.extra, t.stop, t.cjk})
	})
}

// stem is stemInPlace on a string.
func stem(w string) string { return string(stemInPlace([]byte(w))) }

// Build is BuildFrom with no page analyzed yet.
func Build(docs []Doc) []File { return BuildFrom(docs, nil) }

// Tokenize returns the terms text is indexed under, in text order: Latin
// text lower-cased, accent-folded and lightly stemmed; identifiers such as
// pg_dump whole and by their parts; CJK text as character bigrams and single
// characters. Stopwords and single letters are left out.
func Tokenize(text string) []string {
	var out []string
	scan(text, func(t token) {
		if !t.stop {
			out = append(out, t.text)
		}
	})
	return out
}

// BuildFrom writes the search index for docs: meta.json, term buckets,
// dictionary files for prefix matching, and one fragment file per page, all
// under search/. The same docs give the same bytes. Pages may come already
// analyzed: cached[i], when not zero, must be Analyze(docs[i]) (or its
// decoded encoding), e.g. from a cache keyed by DocKey(docs[i]). Pages with
// zero or missing Terms are analyzed here; the output is byte-identical to
// BuildFrom(docs, nil). The files are sorted by path.
func BuildFrom(docs []Doc, cached []Terms) []File {
	var files []File
	known := func(i int) Terms {
		if i < len(cached) {
			return cached[i]
		}
		return Terms{}
	}
	BuildTo(docs, known, nil, func(f File) { files = append(files, f) })
	mf := files[len(files)-1] // meta.json comes last
	files = files[:len(files)-1]
	i, _ := slices.BinarySearchFunc(files, mf, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return slices.Insert(files, i, mf)
}

// Analyze tokenizes d's indexed fields. The terms share one backing string,
// so a cache holding many pages' Terms holds no per-term allocations.
func Analyze(d Doc) Terms { return Terms{analyze(d)} }

// mergeRanges inverts the pages' terms split into ranges at bounds
// (increasing).
func mergeRanges(per []compactTerms, bounds []string) []termInfo {
	v := newInverter(bounds)
	v.add(per)
	return v.finish()
}

// BuildTo is BuildText of whole pages. It writes the search index for docs (meta.json, term buckets,
// dictionary files for prefix matching, one fragment file per page, all
// under search/; the same docs give the same bytes), handing each file to
// emit as soon as it is made, sorted by path but for meta.json, which comes last (it holds a hash of
// all the others). The fragments, one per page and most of the index's
// bytes, are made batch by batch, so a caller that writes and drops each
// file never holds them all; pages are tokenized a chunk at a time, so
// neither are all pages' terms held.
//
// cached, when not nil, gives page i's Terms when a cache has them (the
// zero Terms when not: the page is analyzed here); each, when not nil, is
// told every page's Terms in page order as they are inverted, fresh when
// analyzed here (to save them for the next build).
func BuildTo(docs []Doc, cached func(i int) Terms, each func(i int, t Terms, fresh bool), emit func(File)) {
	BuildText(docs, nil, cached, each, emit)
}
