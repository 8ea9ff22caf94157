package search

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Typo tolerance and facet filters.
//
// A query word that finds (almost) no page is looked up again in the
// deletion index: search/z/<hex>.json, bucket hex(FNV-1a-32(key) mod zb),
// holds {"term": pages} for every term one of whose keys hashes there. A
// term's keys are the term and each string made by deleting one of its
// runes. The client computes the same keys for the word it looks for (its
// stem and the stem's one-rune deletions, plus the stems of the raw word's
// one-rune deletions, so "postgress" finds "postgr", the stem of
// "postgres"), loads those buckets only, and keeps the terms within the
// allowed edit distance (optimal string alignment: a transposition is one
// edit). Symmetric deletion finds every term one edit away, and two-edit
// terms whose edits are one on each side (a deletion and an insertion, a
// substitution and a deletion...); a word of fuzzyLong runes or more also
// considers the completions of its first runes but two (a two-edit typo at
// the end: "postgress" → "postgresql").
//
// Facets: a page's tags, teams and owner are also indexed as the terms
// "tag:<value>", "team:<value>" and "owner:<value>" (value lower-cased,
// runs of other characters than letters and digits turned into "-"). No
// word term contains ':', so they never collide, and they are left out of
// the dictionary and the deletion index.

// fuzzyTarget is the average bytes of a deletion bucket.
const fuzzyTarget = 1024

// facetValue normalises a tag, team or owner for its facet term.
func facetValue(v string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(v) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	return b.String()
}

// isFacetTerm reports whether t is a facet term rather than a word.
func isFacetTerm(t string) bool { return strings.IndexByte(t, ':') >= 0 }

// fuzzyTerm reports whether an index term gets deletion keys: letters
// only (no digits, no identifiers), not CJK, at least 3 runes (the stem of
// a 4-letter word may be 3).
func fuzzyTerm(t string) bool {
	n := 0
	for _, r := range t {
		if !unicode.IsLetter(r) || isCJK(r) {
			return false
		}
		n++
	}
	return n >= 3
}

// deletions calls fn with s and every string made by deleting one rune of
// s (duplicates included).
func deletions(s string, fn func(string)) {
	fn(s)
	for i, r := range s {
		fn(s[:i] + s[i+utf8.RuneLen(r):])
	}
}

// fuzzyFiles writes the deletion index of terms; it returns the number of
// buckets (0 when no term qualifies) and the files.
func fuzzyFiles(terms []termInfo) (int, []File) {
	var keys [][]string // per term, its distinct keys
	var idx []int
	size := 0
	for i, ti := range terms {
		if !fuzzyTerm(ti.term) {
			continue
		}
		var ks []string
		deletions(ti.term, func(k string) {
			if !slices.Contains(ks, k) {
				ks = append(ks, k)
			}
		})
		keys = append(keys, ks)
		idx = append(idx, i)
		size += len(ks) * (len(ti.term) + 6)
	}
	if len(idx) == 0 {
		return 0, nil
	}
	nb := 1
	for nb*fuzzyTarget < size {
		nb *= 2
	}
	buckets := make([][]int, nb) // term indexes, each once per bucket
	for j, ks := range keys {
		for _, k := range ks {
			b := &buckets[bucketOf(k, nb)]
			if n := len(*b); n == 0 || (*b)[n-1] != idx[j] {
				*b = append(*b, idx[j])
			}
		}
	}
	var files []File
	for b, list := range buckets {
		if len(list) == 0 {
			continue
		}
		out := []byte{'{'}
		for k, i := range list {
			if k > 0 {
				out = append(out, ',')
			}
			out = appendJSONString(out, terms[i].term)
			out = append(out, ':')
			out = strconv.AppendInt(out, int64(terms[i].df), 10)
		}
		out = append(out, '}')
		files = append(files, File{Path: fmt.Sprintf("search/z/%x.json", b), Data: out})
	}
	return nb, files
}
