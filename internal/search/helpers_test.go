package search

// Test-only entry points: the build uses BuildFrom and the browser
// tokenizes queries itself (static/js/search.js).

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
