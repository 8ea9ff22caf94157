package search

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// Section is a heading's id and text, and the plain text under it until the
// next heading.
type Section struct{ ID, Title, Text string }

// Doc is one page as the index sees it.
type Doc struct {
	URL     string // site-relative URL with the base path applied, e.g. "/sub/manuals/pg/"
	Title   string
	Summary string
	Kind    string
	Status  string
	Section string // title of the page's section, e.g. "Migration manuals"
	Tags    []string
	Teams   []string
	Owner   string
	Lead    string // plain text before the first heading
	// Sections are the page's headings in order, each with its text.
	Sections []Section
	Code     []string // text of code blocks; their identifiers are indexed
}

// File is one output file; Path is relative to the site root.
type File struct {
	Path string
	Data []byte
}

// Tuning of the on-disk format; the client reads every size it needs from
// meta.json, so these can change without touching search.js.
const (
	bucketTarget    = 1536 // average bytes of a term bucket
	bigPostings     = 1024 // a term whose postings are longer gets a file of its own
	dictLeafMax     = 2048 // a dictionary file above this splits by the next character
	topCompletions  = 8    // completions tried for the word being typed
	maxSectionText  = 1000 // bytes of a section's text kept for snippets
	maxFragmentText = 6000
)

// Fields and their BM25F weight and length normalisation.
const (
	fTitle = iota
	fHeading
	fSummary
	fMeta // tags, teams, owner, kind, status
	fBody // lead, section text, code
	nFields
)

var (
	fieldWeight = [nFields]float64{8, 3, 2, 2, 1}
	fieldB      = [nFields]float64{0.3, 0.5, 0.5, 0, 0.75}
)

const (
	k1      = 1.2
	maxQ    = 31 // a posting's term-frequency component is quantised to 1..maxQ
	idfUnit = 100
)

// meta is search/meta.json, the small file every query loads first.
type meta struct {
	V       int        `json:"v"`
	N       int        `json:"n"`       // number of pages
	Buckets int        `json:"b"`       // term buckets: t/<hex(fnv1a(term) % b)>.json
	Hash    string     `json:"h"`       // changes with the index, appended to fetches against stale caches
	Cats    [][]string `json:"cats"`    // distinct [kind, status] pairs; cats.json gives each page's
	Roots   string     `json:"dr"`      // two-character prefixes that have a dictionary file
	Top     int        `json:"m"`       // completions tried for the last word
	Fuzzy   int        `json:"zb"`      // deletion buckets: z/<hex(fnv1a(key) % zb)>.json (fuzzy.go), 0 for none
	Weights []float64  `json:"weights"` // documentation only: field weights title, heading, summary, meta, body
}

// catsFile is search/cats.json, loaded only to filter or count by kind and
// status: each page's index into meta.Cats, CatW base-64 digits each.
type catsFile struct {
	CatW int    `json:"cw"`
	Doc  string `json:"doc"`
}

// dictFile is search/d/<hex of prefix>.json. A leaf holds every term under
// its prefix (All); an inner file holds the top completions (Top), and a
// two-character root that is inner also lists the files below it.
type dictFile struct {
	All    [][]any `json:"a,omitempty"`
	Top    [][]any `json:"m,omitempty"`
	Inner  string  `json:"i,omitempty"`
	Leaves string  `json:"l,omitempty"`
}

// fragment is search/f/<n>.json: what a result needs to be shown.
type fragment struct {
	URL      string     `json:"u"`
	Title    string     `json:"t"`
	Kind     string     `json:"k,omitempty"`
	Status   string     `json:"s,omitempty"`
	Section  string     `json:"c,omitempty"`
	Summary  string     `json:"m,omitempty"`
	Sections [][]string `json:"h"` // [id, heading, text]; the lead has id ""
}

// termInfo is one term of the index: its pages (df), idf and postings
// string (base-64 VLQ pairs of page delta and q).
type termInfo struct {
	term    string
	df, idf int
	enc     string
}

// BuildFrom writes the search index for docs: meta.json, term buckets,
// dictionary files for prefix matching, and one fragment file per page, all
// under search/. The same docs give the same bytes. Pages may come already
// analyzed: cached[i], when not zero, must be Analyze(docs[i]) (or its
// decoded encoding), e.g. from a cache keyed by DocKey(docs[i]). Pages with
// zero or missing Terms are analyzed here; the output is byte-identical to
// BuildFrom(docs, nil).
func BuildFrom(docs []Doc, cached []Terms) []File {
	terms := invert(docs, cached)
	var files []File

	// Big posting lists get a file of their own (p/<n>.json) so a bucket
	// stays small.
	small := 0
	big := make([]int, len(terms)) // 1 + the term's p/ file number, or 0
	nbig := 0
	for i, ti := range terms {
		if len(ti.enc) > bigPostings {
			big[i] = nbig + 1
			// Postings are base-64 digits: a JSON string as they are.
			files = append(files, File{Path: fmt.Sprintf("search/p/%d.json", nbig), Data: []byte(`"` + ti.enc + `"`)})
			nbig++
		} else {
			small += len(ti.term) + len(ti.enc) + 12
		}
	}
	nb := 1
	for nb*bucketTarget < small {
		nb *= 2
	}
	buckets := make([][]int32, nb) // each bucket's terms, sorted
	for i, ti := range terms {
		b := bucketOf(ti.term, nb)
		buckets[b] = append(buckets[b], int32(i))
	}
	bucketFiles := make([]File, nb)
	parallel(nb, func(b int) {
		bucketFiles[b] = File{Path: fmt.Sprintf("search/t/%x.json", b), Data: bucketJSON(terms, big, buckets[b])}
	})
	files = append(files, bucketFiles...)

	var dict []dictTerm
	for _, ti := range terms {
		r, _ := utf8.DecodeRuneInString(ti.term)
		if !isCJK(r) && utf8.RuneCountInString(ti.term) >= 2 && !isFacetTerm(ti.term) {
			dict = append(dict, dictTerm{ti.term, ti.df})
		}
	}
	groups := groupByPrefix(dict, 2)
	dictFiles := make([][]File, len(groups))
	parallel(len(groups), func(i int) { dictFiles[i] = dictRoot(groups[i]) })
	roots := make([]string, len(groups))
	for i, g := range groups {
		roots[i] = g.key
		files = append(files, dictFiles[i]...)
	}

	nz, fuzzy := fuzzyFiles(terms)
	files = append(files, fuzzy...)

	catIndex := map[[2]string]int{}
	var cats [][]string
	for _, d := range docs {
		k := [2]string{d.Kind, d.Status}
		if _, ok := catIndex[k]; !ok {
			catIndex[k] = len(cats)
			cats = append(cats, []string{d.Kind, d.Status})
		}
	}
	cw := 1
	for n := 64; n < len(cats); n *= 64 {
		cw++
	}
	var cat strings.Builder
	for _, d := range docs {
		writeFixed(&cat, catIndex[[2]string{d.Kind, d.Status}], cw)
	}
	files = append(files, File{Path: "search/cats.json", Data: marshal(catsFile{CatW: cw, Doc: cat.String()})})

	// Fragments in batches, each reusing one encoding buffer.
	const batch = 64
	frags := make([]File, len(docs))
	parallel((len(docs)+batch-1)/batch, func(c int) {
		var m marshaler
		for i := c * batch; i < min(len(docs), (c+1)*batch); i++ {
			frags[i] = File{Path: "search/f/" + strconv.Itoa(i) + ".json", Data: m.marshal(makeFragment(docs[i]))}
		}
	})
	files = append(files, frags...)

	h := fnv.New64a()
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	for _, f := range files {
		h.Write([]byte(f.Path))
		h.Write(f.Data)
	}
	m := meta{
		V: 1, N: len(docs), Buckets: nb, Hash: fmt.Sprintf("%016x", h.Sum64())[:10],
		Cats: cats, Roots: strings.Join(roots, " "), Top: topCompletions, Weights: fieldWeight[:],
		Fuzzy: nz,
	}
	if m.Cats == nil {
		m.Cats = [][]string{}
	}
	mf := File{Path: "search/meta.json", Data: marshal(m)}
	i, _ := slices.BinarySearchFunc(files, mf, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return slices.Insert(files, i, mf)
}

// bucketJSON is the term bucket holding terms[list...], as encoding/json
// writes a map[string][]any: keys sorted, {"term":[idf,postings or n]}.
func bucketJSON(terms []termInfo, big []int, list []int32) []byte {
	n := 2
	for _, i := range list {
		n += len(terms[i].term) + len(terms[i].enc) + 16
	}
	b := make([]byte, 0, n)
	b = append(b, '{')
	for k, i := range list {
		ti := &terms[i]
		if k > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, ti.term)
		b = append(b, ":["...)
		b = strconv.AppendInt(b, int64(ti.idf), 10)
		b = append(b, ',')
		if big[i] > 0 {
			b = strconv.AppendInt(b, int64(big[i]-1), 10)
		} else {
			b = append(b, '"')
			b = append(b, ti.enc...)
			b = append(b, '"')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendJSONString appends s as encoding/json (without HTML escaping)
// writes it: plain text as it is, anything that may need escaping through
// encoding/json itself.
func appendJSONString(b []byte, s string) []byte {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' || c >= 0x80
	}
	if !plain || !utf8.ValidString(s) || strings.ContainsAny(s, "\u2028\u2029") {
		return append(b, marshal(s)...)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

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

// invert tokenizes every field of every page not in cached and scores each
// posting with BM25F; it returns the terms sorted.
func invert(docs []Doc, cached []Terms) []termInfo {
	per := make([]compactTerms, len(docs))
	var todo []int // pages to tokenize here
	for i := range docs {
		if i < len(cached) && !cached[i].isZero() {
			per[i] = cached[i].ct
		} else {
			todo = append(todo, i)
		}
	}
	// Tokenizing is most of the work: spread pages over the cores. Each
	// page's term map is compacted at once: holding 10,000 maps was most of
	// a build's peak memory.
	parallel(len(todo), func(j int) { per[todo[j]] = compact(docFields(docs[todo[j]])) })
	return mergeRanges(per, splitTerms(per, 4*runtime.GOMAXPROCS(0)))
}

// mergeRanges inverts the pages' terms split into ranges at bounds
// (increasing), in parallel.
//
// Every page's terms are sorted, so a range is a slice of each page's list
// (found by binary search), ranges invert independently, and their sorted
// terms concatenated are the whole sorted list. Postings stay in page order
// within each range, so the output does not depend on the bounds.
func mergeRanges(per []compactTerms, bounds []string) []termInfo {
	avg, entries := fieldAverages(per)
	// Page i's terms in range r are terms[cut[r]:cut[r+1]], cut the page's
	// row of cuts.
	nr := len(bounds) + 1
	cuts := make([]int32, len(per)*(nr+1))
	norms := make([][nFields]float64, len(per))
	parallel(len(per), func(i int) {
		ct, cut := &per[i], cuts[i*(nr+1):(i+1)*(nr+1)]
		norms[i] = lengthNorms(ct, &avg)
		for r, b := range bounds {
			lo := int(cut[r])
			cut[r+1] = int32(lo + sort.Search(ct.n()-lo, func(k int) bool { return ct.term(lo+k) >= b }))
		}
		cut[nr] = int32(ct.n())
	})
	parts := make([][]termInfo, nr)
	parallel(nr, func(r int) {
		parts[r] = invertRange(per, norms, func(i int) (int, int) {
			return int(cuts[i*(nr+1)+r]), int(cuts[i*(nr+1)+r+1])
		}, entries/nr)
	})
	return slices.Concat(parts...)
}

// fieldAverages is each field's average length over the pages (at least
// 1), and the number of postings.
func fieldAverages(per []compactTerms) (avg [nFields]float64, entries int) {
	for _, dt := range per {
		entries += dt.n()
		for f := range nFields {
			avg[f] += float64(dt.len[f])
		}
	}
	for f := range nFields {
		avg[f] = max(avg[f]/float64(max(len(per), 1)), 1)
	}
	return avg, entries
}

// splitTerms returns up to n-1 increasing terms splitting the pages' terms
// into ranges of about equal postings, from the terms of a sample of
// pages (each term as often as its sample pages have it).
func splitTerms(per []compactTerms, n int) []string {
	if n < 2 || len(per) == 0 {
		return nil
	}
	step := max(len(per)/64, 1)
	var sample []string
	for i := 0; i < len(per); i += step {
		for k := range per[i].n() {
			sample = append(sample, per[i].term(k))
		}
	}
	slices.Sort(sample)
	var out []string
	for r := 1; r < n; r++ {
		if len(sample) == 0 {
			break
		}
		t := sample[r*len(sample)/n]
		if len(out) == 0 || t > out[len(out)-1] {
			out = append(out, t)
		}
	}
	return out
}

// invertRange inverts page i's terms[span(i)] for every page: one map
// lookup per posting, and all postings strings written into one buffer.
func invertRange(per []compactTerms, norms [][nFields]float64, span func(i int) (int, int), sizeHint int) []termInfo {
	index := map[string]int32{}
	var (
		keys    []string
		df      []int32
		lastDoc []int32                       // page of the term's previous posting
		encLen  []int32                       // bytes of the term's postings string
		posts   = make([]uint32, 0, sizeHint) // term index<<5 | q, page after page
		ends    = make([]int32, len(per))     // end of each page's postings in posts
	)
	// Most postings count one field a few times, and their q depends only
	// on the page, the field and the count: memo keeps those per page (0
	// for not yet known).
	var memo [nFields][8]uint8
	for i, dt := range per {
		a, b := span(i)
		memo = [nFields][8]uint8{}
		for k := a; k < b; k++ {
			t := dt.term(k)
			j, ok := index[t]
			if !ok {
				j = int32(len(keys))
				index[t] = j
				keys = append(keys, t)
				df = append(df, 0)
				lastDoc = append(lastDoc, 0)
				encLen = append(encLen, 0)
			}
			c := &dt.counts[k]
			var q int
			if f, n := oneField(c); n > 0 && n < 8 {
				if memo[f][n] == 0 {
					memo[f][n] = uint8(quantise(c, &norms[i]))
				}
				q = int(memo[f][n])
			} else {
				q = quantise(c, &norms[i])
			}
			df[j]++
			encLen[j] += int32(vlqLen(i-int(lastDoc[j])) + vlqLen(q))
			lastDoc[j] = int32(i)
			posts = append(posts, uint32(j)<<5|uint32(q))
		}
		ends[i] = int32(len(posts))
	}
	// Lay the postings strings out one after another and write them.
	off := make([]int32, len(keys))
	total := int32(0)
	for j, l := range encLen {
		off[j] = total
		total += l
		lastDoc[j] = 0
	}
	buf := make([]byte, total)
	cur := slices.Clone(off)
	start := 0
	for i, end := range ends {
		for _, e := range posts[start:end] {
			j, q := e>>5, int(e&31)
			c := cur[j]
			c = putVLQ(buf, c, i-int(lastDoc[j]))
			c = putVLQ(buf, c, q)
			cur[j], lastDoc[j] = c, int32(i)
		}
		start = int(end)
	}
	enc := string(buf)

	order := make([]int32, len(keys))
	for j := range order {
		order[j] = int32(j)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(keys[a], keys[b]) })
	n := float64(len(per))
	out := make([]termInfo, len(order))
	for r, j := range order {
		d := float64(df[j])
		idf := math.Log(1 + (n-d+0.5)/(d+0.5))
		out[r] = termInfo{
			term: keys[j], df: int(df[j]), idf: max(int(math.Round(idf*idfUnit)), 1),
			enc: enc[off[j] : off[j]+encLen[j]],
		}
	}
	return out
}

// oneField is the field and count of a term counted in one field only, or
// count 0.
func oneField(c *[nFields]int32) (f int, n int32) {
	for g, v := range c {
		if v > 0 {
			if n > 0 {
				return 0, 0
			}
			f, n = g, v
		}
	}
	return f, n
}

// lengthNorms is BM25F's length normalisation of each of a page's fields.
func lengthNorms(dt *compactTerms, avg *[nFields]float64) [nFields]float64 {
	var norm [nFields]float64
	for f := range nFields {
		norm[f] = 1 - fieldB[f] + float64(fieldB[f]*float64(dt.len[f]))/avg[f] // explicit conversions: no fused multiply-add, same bytes on every platform
	}
	return norm
}

// quantise is the BM25F term-frequency part of a term with counts c in a
// page with length norms norm, quantised to 1..maxQ.
func quantise(c *[nFields]int32, norm *[nFields]float64) int {
	tf := 0.0
	for f := range nFields {
		if c[f] > 0 {
			tf += float64(fieldWeight[f] * float64(c[f]) / norm[f])
		}
	}
	sat := float64(tf*(k1+1)) / float64(tf+k1)
	return min(max(int(math.Round(sat/(k1+1)*maxQ)), 1), maxQ)
}

// parallel calls fn(0) … fn(n-1) spread over the cores.
func parallel(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// docTerms counts a page's terms per field.
type docTerms struct {
	tf  map[string]*[nFields]int
	len [nFields]int
}

// compactTerms is docTerms with the terms sorted and the map gone. The
// terms are one string and their end offsets: no pointer per term for the
// garbage collector to scan, and no allocation per term.
type compactTerms struct {
	text   string   // the terms one after another
	ends   []uint32 // term k is text[ends[k-1]:ends[k]], from 0 for k = 0
	counts [][nFields]int32
	len    [nFields]int
}

// n is the number of terms.
func (ct *compactTerms) n() int { return len(ct.ends) }

// term is the k-th term.
func (ct *compactTerms) term(k int) string {
	start := uint32(0)
	if k > 0 {
		start = ct.ends[k-1]
	}
	return ct.text[start:ct.ends[k]]
}

// compact sorts a page's terms.
func compact(dt docTerms) compactTerms {
	terms := make([]string, 0, len(dt.tf))
	size := 0
	for t := range dt.tf {
		terms = append(terms, t)
		size += len(t)
	}
	slices.Sort(terms)
	ct := compactTerms{ends: make([]uint32, len(terms)), counts: make([][nFields]int32, len(terms)), len: dt.len}
	var b strings.Builder
	b.Grow(size)
	for k, t := range terms {
		b.WriteString(t)
		ct.ends[k] = uint32(b.Len())
		for f, n := range dt.tf[t] {
			ct.counts[k][f] = int32(n)
		}
	}
	ct.text = b.String()
	return ct
}

func docFields(d Doc) docTerms {
	dt := docTerms{tf: map[string]*[nFields]int{}}
	index := func(f int, text string) {
		scan(text, func(t token) {
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

// bucketOf is FNV-1a (32 bit) of the term's UTF-8 bytes, modulo n.
func bucketOf(term string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(term))
	return int(h.Sum32() % uint32(n))
}

const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// vlqLen is the number of digits putVLQ writes for v.
func vlqLen(v int) int {
	n := 1
	for v >>= 5; v > 0; v >>= 5 {
		n++
	}
	return n
}

// putVLQ writes v into b at i in base-64 digits, five bits at a time, low
// bits first; the 32 bit of a digit means another digit follows. It
// returns the index after the digits.
func putVLQ(b []byte, i int32, v int) int32 {
	for {
		d := v & 31
		v >>= 5
		if v > 0 {
			b[i] = digits[d|32]
			i++
		} else {
			b[i] = digits[d]
			return i + 1
		}
	}
}

func writeFixed(b *strings.Builder, v, width int) {
	for i := width - 1; i >= 0; i-- {
		b.WriteByte(digits[(v>>(6*i))&63])
	}
}

func makeFragment(d Doc) fragment {
	f := fragment{URL: d.URL, Title: d.Title, Kind: d.Kind, Status: d.Status, Section: d.Section, Summary: d.Summary, Sections: [][]string{}}
	budget := maxFragmentText
	keep := func(s string) string {
		s = clip(s, min(maxSectionText, max(budget, 200)))
		budget -= len(s)
		return s
	}
	if strings.TrimSpace(d.Lead) != "" {
		f.Sections = append(f.Sections, []string{"", "", keep(d.Lead)})
	}
	for _, s := range d.Sections {
		f.Sections = append(f.Sections, []string{s.ID, s.Title, keep(s.Text)})
	}
	return f
}

// clip shortens s to at most n bytes, at a space when there is one near.
func clip(s string, n int) string {
	if strings.ContainsAny(s, "\t\n\r\v\f") || strings.Contains(s, "  ") {
		s = collapse(s, n)
	}
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > n*3/4 {
		cut = sp
	}
	return s[:cut] + "…"
}

// collapse is strings.Join(strings.Fields(s), " ") or, when s is long, a
// prefix of it longer than n, which clips the same. Section texts can be
// long and only their first n bytes are kept. A prefix of s ending before
// an ASCII space collapses to a prefix of the whole: no word spans the cut.
func collapse(s string, n int) string {
	if m := 2*n + 64; len(s) > m {
		if i := strings.IndexAny(s[m:], " \t\n\r\v\f"); i >= 0 {
			if p := strings.Join(strings.Fields(s[:m+i]), " "); len(p) > n {
				return p
			}
		}
	}
	return strings.Join(strings.Fields(s), " ")
}

func marshal(v any) []byte {
	var m marshaler
	return m.marshal(v)
}

// marshaler encodes JSON reusing one buffer; its results are exact-size
// copies.
type marshaler struct {
	buf bytes.Buffer
	enc *json.Encoder
}

func (m *marshaler) marshal(v any) []byte {
	if m.enc == nil {
		m.enc = json.NewEncoder(&m.buf)
		m.enc.SetEscapeHTML(false)
	}
	m.buf.Reset()
	if err := m.enc.Encode(v); err != nil {
		panic(err) // only our own plain types are encoded
	}
	return bytes.Clone(bytes.TrimSuffix(m.buf.Bytes(), []byte("\n")))
}
