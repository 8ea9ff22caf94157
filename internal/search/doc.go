// Package search builds the portal's full-text index. It takes plain-text
// pages (Doc) and returns static files under search/ that
// static/js/search.js queries in the browser, loading only
// what a query needs; it knows nothing of Markdown, templates or editions
// (the caller passes only the pages of the edition being built).
//
// # Terms
//
// The tokenizer (scan) turns text into terms: Latin letters lower-cased and folded
// (é → e, ß → ss), words lightly stemmed (migrate, migrated, migrating →
// "migrat"), identifiers such as pg_dump kept whole and split into parts,
// and Chinese, Japanese and Korean text indexed as overlapping character
// bigrams plus single characters. A few English stopwords and single
// letters are left out. search.js has the same tokenizer; the browser test
// checks both agree.
//
// # Files
//
// All JSON, all under search/ in the site output:
//
//	meta.json     loaded by every query (under 1 KB): {"v":1, "n": pages,
//	              "b": buckets, "h": hash, "cats": [[kind, status]…],
//	              "dr": "two-character dictionary roots", "m": completions,
//	              "zb": deletion buckets}
//	cats.json     {"cw": width, "doc": one base-64 digit group per page,
//	              its index into cats}; loaded only to filter or count
//	t/<x>.json    term buckets, x = hex(FNV-1a-32(term) mod b):
//	              {"term": [idf×100, postings | n]}
//	p/<n>.json    the postings string of a frequent term, when they are
//	              long (the bucket then holds n)
//	d/<hex>.json  prefix dictionary, hex = UTF-8 of the prefix: a leaf
//	              {"a": [[term, pages]…]} holds every term under its prefix;
//	              an inner file {"m": […]} the most frequent ones, and a
//	              split two-character root also lists "i" (inner) and "l"
//	              (leaf) prefixes below it
//	z/<x>.json    deletion index for typo tolerance, x = hex(FNV-1a-32(key)
//	              mod zb): {"term": pages} for each letters-only term one
//	              of whose keys (the term, or it less one rune) hashes to x
//	              (fuzzy.go)
//	f/<n>.json    page n's fragment: {"u": url, "t": title, "k": kind,
//	              "s": status, "c": section, "m": summary,
//	              "h": [[heading id, heading, text]…]} (lead has id "")
//
// Postings are base-64 VLQ pairs (page delta, q), q the BM25F term
// frequency part quantised to 1..31; a page's score for a term is idf×q.
//
// # Caching
//
// Tokenizing pages is most of BuildFrom's work. Analyze gives one page's Terms,
// which encode to a few hundred bytes (MarshalBinary: a version byte, then
// the sorted terms front-coded with their per-field counts); a build keeps
// them in its cache under DocKey(doc) and passes them to BuildFrom, which
// tokenizes only the pages without Terms and writes the same bytes as when
// given none.
//
// # Queries
//
// Queries run in the browser (search.js). The tests hold a Go copy of the
// engine (query_test.go, correct_test.go) and check that both agree.
//
// Every word must match (AND); the last word, while it is being typed, also
// matches up to m completions from the dictionary (q×3 against q×4 for the
// word itself); a word that finds fewer than two pages also matches up to
// three corrections from the deletion index (q×2 one edit away, q×1 two),
// and pages found only through a correction rank after the others.
// kind:X and status:X filter through cats.json, tag:X, team:X and owner:X
// through the facet terms "tag:x"… in the term buckets; filters alone list
// every page they let through. A page scores, per word, the idf of the
// word's most common matching term times its best q; the best eight are
// then reordered by the query words their title holds (and in the typed
// order). Scores are integers, so Go and JavaScript rank identically. A typical query on a 10,000-page site loads
// meta.json, one or two dictionary files, a bucket per term (plus p/ files
// for common terms), a dozen small z/ files for a misspelled word, and the
// fragments of the results shown.
package search
