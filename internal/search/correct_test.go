package search

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// The query side of typo tolerance (fuzzy.go), mirrored in
// static/js/search.js.

const (
	fuzzyMin   = 4 // shortest word (in runes) that is corrected
	fuzzyLong  = 8 // words this long may be two edits away
	fuzzyTop   = 3 // corrections tried per word
	fuzzyBelow = 2 // a word matching fewer pages than this is corrected
)

// facetFields are the query prefixes that filter on a facet term.
var facetFields = []string{"tag", "team", "owner"}

// osa is the optimal string alignment distance of a and b (Levenshtein
// with adjacent transpositions), counted in runes, or max+1 when it is
// more than max.
func osa(a, b string, max int) int {
	x, y := []rune(a), []rune(b)
	if d := len(x) - len(y); d > max || -d > max {
		return max + 1
	}
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			c := 1
			if x[i-1] == y[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(y)], max+1)
}

// fuzzyWord reports whether a query word (its raw, folded form) may be
// corrected: letters only, not CJK, at least fuzzyMin runes.
func fuzzyWord(raw string) bool {
	return fuzzyTerm(raw) && utf8.RuneCountInString(raw) >= fuzzyMin
}

// correction is a term close to a misspelled word.
type correction struct {
	term string
	dist int
	df   int
}

// fuzzyKeys are the deletion keys a word looks up, and the stems of its
// one-rune deletions (which are one edit away whatever the stemmer does).
func fuzzyKeys(raw string) (keys []string, near map[string]bool) {
	s := stem(raw)
	near = map[string]bool{}
	add := func(k string) {
		if utf8.RuneCountInString(k) >= 2 && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	deletions(s, add)
	deletions(raw, func(k string) {
		if k != raw {
			k = stem(k)
			near[k] = true
			add(k)
		}
	})
	return keys, near
}

// corrections returns up to fuzzyTop terms near the word raw, nearest and
// most common first.
func (ix *Index) corrections(raw string) ([]correction, error) {
	if ix.meta.Fuzzy == 0 || !fuzzyWord(raw) {
		return nil, nil
	}
	s := stem(raw)
	limit := 1
	if utf8.RuneCountInString(raw) >= fuzzyLong {
		limit = 2
	}
	keys, near := fuzzyKeys(raw)
	seen := map[string]bool{}
	var out []correction
	consider := func(t string, df int) {
		if t == s || slices.ContainsFunc(out, func(c correction) bool { return c.term == t }) {
			return
		}
		d := min(osa(s, t, limit), osa(raw, t, limit))
		if near[t] {
			d = min(d, 1)
		}
		if d <= limit {
			out = append(out, correction{t, d, df})
		}
	}
	if limit == 2 {
		// A long word two edits away at its end ("postgress", "postgresql")
		// is among the completions of the word without its last two runes.
		pre, _ := runePrefix(raw, utf8.RuneCountInString(raw)-2)
		list, err := ix.completionsDF(pre)
		if err != nil {
			return nil, err
		}
		for _, d := range list {
			consider(d.term, d.df)
		}
	}
	for _, k := range keys {
		p := fmt.Sprintf("search/z/%x.json", bucketOf(k, ix.meta.Fuzzy))
		if seen[p] {
			continue
		}
		seen[p] = true
		b, err := ix.get(p)
		if err != nil {
			continue // an empty bucket has no file
		}
		var bucket map[string]int
		if err := json.Unmarshal(b, &bucket); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		for t, df := range bucket {
			consider(t, df)
		}
	}
	slices.SortFunc(out, func(a, b correction) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(b.df, a.df), strings.Compare(a.term, b.term))
	})
	return out[:min(len(out), fuzzyTop)], nil
}

// surface is how term is written in a page: the first word of the
// fragment's title, headings or text whose term it is, lower-cased, or the
// term itself.
func surface(fr fragment, term string) string {
	found := ""
	look := func(text string) {
		if found != "" {
			return
		}
		scan(text, func(t token) {
			if found == "" && t.text == term {
				found = t.raw
			}
		})
	}
	look(fr.Title)
	for _, s := range fr.Sections {
		look(s[1])
		look(s[2])
	}
	if found == "" {
		return term
	}
	return found
}
