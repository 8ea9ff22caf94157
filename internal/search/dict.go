package search

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// dictRoot is the dictionary files under one two-character root.
func dictRoot(g dictGroup) []File {
	var files []File
	var m marshaler
	add := func(key string, v dictFile) {
		files = append(files, File{Path: "search/d/" + dictName(key), Data: m.marshal(v)})
	}
	var inner, leaves []string
	var root dictFile
	splitDict(g.key, g.terms, func(key string, list []dictTerm, isInner bool) {
		switch {
		case key == g.key && isInner: // written below, once its subtree is known
			root.Top = rows(list)
		case isInner:
			inner = append(inner, key)
			add(key, dictFile{Top: rows(list)})
		default:
			leaves = append(leaves, key)
			add(key, dictFile{All: rows(list)})
		}
	})
	if root.Top != nil {
		root.Inner, root.Leaves = strings.Join(inner, " "), strings.Join(leaves, " ")
		add(g.key, root)
	}
	return files
}

type dictTerm struct {
	term string
	df   int
}

type dictGroup struct {
	key   string
	terms []dictTerm
}

// groupByPrefix groups sorted terms by their first n runes; terms shorter
// than n runes are left out.
//
// A group's terms are a subslice of terms, not a copy: sorted terms with
// the same prefix are contiguous, and no shorter term lies among them (it
// would have the prefix too).
func groupByPrefix(terms []dictTerm, n int) []dictGroup {
	var out []dictGroup
	for i, d := range terms {
		key, ok := runePrefix(d.term, n)
		if !ok {
			continue
		}
		if len(out) == 0 || out[len(out)-1].key != key {
			out = append(out, dictGroup{key: key, terms: terms[i:i]})
		}
		g := &out[len(out)-1]
		g.terms = g.terms[:len(g.terms)+1]
	}
	return out
}

func rows(list []dictTerm) [][]any {
	out := make([][]any, len(list))
	for i, d := range list {
		out[i] = []any{d.term, d.df}
	}
	return out
}

func runePrefix(s string, n int) (string, bool) {
	i := 0
	for range n {
		if i >= len(s) {
			return "", false
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i], true
}

// splitDict writes the dictionary under key: one leaf file with all its
// terms when that is small, otherwise an inner file with the top
// completions and one subtree per next character.
func splitDict(key string, terms []dictTerm, write func(key string, list []dictTerm, inner bool)) {
	size := 0
	for _, d := range terms {
		size += len(d.term) + 8
	}
	n := utf8.RuneCountInString(key)
	longer := slices.ContainsFunc(terms, func(d dictTerm) bool { return utf8.RuneCountInString(d.term) > n })
	if size <= dictLeafMax || !longer {
		list := slices.Clone(terms)
		slices.SortFunc(list, byDF) // terms are distinct: the order is total
		write(key, list, false)
		return
	}
	write(key, topByDF(terms, topCompletions), true)
	for _, g := range groupByPrefix(terms, n+1) {
		splitDict(g.key, g.terms, write)
	}
}

// byDF orders terms by pages, most first, then by term.
func byDF(a, b dictTerm) int {
	if a.df != b.df {
		return cmp.Compare(b.df, a.df)
	}
	return strings.Compare(a.term, b.term)
}

// topByDF is the first k of list sorted by byDF, without sorting it all.
func topByDF(list []dictTerm, k int) []dictTerm {
	top := make([]dictTerm, 0, k+1)
	for _, d := range list {
		if len(top) == k && byDF(d, top[k-1]) >= 0 {
			continue
		}
		i, _ := slices.BinarySearchFunc(top, d, byDF)
		top = slices.Insert(top, i, d)
		top = top[:min(len(top), k)]
	}
	return top
}

// dictName is the file name of a dictionary key: its UTF-8 bytes in hex,
// so any script makes a safe path.
func dictName(key string) string { return fmt.Sprintf("%x.json", key) }
