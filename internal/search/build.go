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
	"strings"
	"sync"
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

type posting struct{ doc, q int }

type termInfo struct {
	postings []posting
	idf      int
	enc      string
}

// Build writes the search index for docs: meta.json, term buckets,
// dictionary files for prefix matching, and one fragment file per page, all
// under search/. The same docs give the same bytes.
func Build(docs []Doc) []File { return BuildFrom(docs, nil) }

// BuildFrom is Build with pages already analyzed: terms[i], when not zero,
// must be Analyze(docs[i]) (or its decoded encoding), e.g. from a cache
// keyed by DocKey(docs[i]). Pages with zero or missing Terms are analyzed
// here. The output is byte-identical to Build(docs).
func BuildFrom(docs []Doc, cached []Terms) []File {
	terms, termList := invert(docs, cached)

	var files []File
	add := func(path string, v any) {
		files = append(files, File{Path: "search/" + path, Data: marshal(v)})
	}

	// Big posting lists get a file of their own (p/<n>.json) so a bucket
	// stays small.
	small := 0
	bigIndex := map[string]int{}
	for _, t := range termList {
		ti := terms[t]
		if len(ti.enc) > bigPostings {
			bigIndex[t] = len(bigIndex)
			add(fmt.Sprintf("p/%d.json", bigIndex[t]), ti.enc)
		} else {
			small += len(t) + len(ti.enc) + 12
		}
	}
	nb := 1
	for nb*bucketTarget < small {
		nb *= 2
	}
	buckets := make([]map[string][]any, nb)
	for i := range buckets {
		buckets[i] = map[string][]any{}
	}
	for _, t := range termList {
		ti := terms[t]
		b := buckets[bucketOf(t, nb)]
		if i, ok := bigIndex[t]; ok {
			b[t] = []any{ti.idf, i}
		} else {
			b[t] = []any{ti.idf, ti.enc}
		}
	}
	for i, b := range buckets {
		add(fmt.Sprintf("t/%x.json", i), b)
	}

	var dict []dictTerm
	for _, t := range termList {
		r, _ := utf8.DecodeRuneInString(t)
		if utf8.RuneCountInString(t) >= 2 && !isCJK(r) {
			dict = append(dict, dictTerm{t, len(terms[t].postings)})
		}
	}
	var roots []string
	for _, g := range groupByPrefix(dict, 2) {
		roots = append(roots, g.key)
		var inner, leaves []string
		var root dictFile
		splitDict(g.key, g.terms, func(key string, list []dictTerm, isInner bool) {
			switch {
			case key == g.key && isInner: // written below, once its subtree is known
				root.Top = rows(list)
			case isInner:
				inner = append(inner, key)
				add("d/"+dictName(key), dictFile{Top: rows(list)})
			default:
				leaves = append(leaves, key)
				add("d/"+dictName(key), dictFile{All: rows(list)})
			}
		})
		if root.Top != nil {
			root.Inner, root.Leaves = strings.Join(inner, " "), strings.Join(leaves, " ")
			add("d/"+dictName(g.key), root)
		}
	}

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

	add("cats.json", catsFile{CatW: cw, Doc: cat.String()})
	for i, d := range docs {
		add(fmt.Sprintf("f/%d.json", i), makeFragment(d))
	}

	h := fnv.New64a()
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	for _, f := range files {
		h.Write([]byte(f.Path))
		h.Write(f.Data)
	}
	m := meta{
		V: 1, N: len(docs), Buckets: nb, Hash: fmt.Sprintf("%016x", h.Sum64())[:10],
		Cats: cats, Roots: strings.Join(roots, " "), Top: topCompletions, Weights: fieldWeight[:],
	}
	if m.Cats == nil {
		m.Cats = [][]string{}
	}
	files = append(files, File{Path: "search/meta.json", Data: marshal(m)})
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files
}

// invert tokenizes every field of every page not in cached and scores each
// posting with BM25F; it returns the terms and their sorted list.
func invert(docs []Doc, cached []Terms) (map[string]*termInfo, []string) {
	per := make([]compactTerms, len(docs))
	var todo []int // pages to tokenize here
	for i := range docs {
		if i < len(cached) && !cached[i].isZero() {
			per[i] = cached[i].ct
		} else {
			todo = append(todo, i)
		}
	}
	// Tokenizing is most of the work: spread pages over the cores, each
	// goroutine writing only its own pages' entries. Each page's term map is
	// turned into a sorted slice at once: holding 10,000 maps was most of a
	// build's peak memory.
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			intern := map[string]string{} // one copy of each term per worker, not per page
			for j := w; j < len(todo); j += workers {
				per[todo[j]] = compact(docFields(docs[todo[j]]), intern)
			}
		})
	}
	wg.Wait()
	var avg [nFields]float64
	for _, dt := range per {
		for f := range nFields {
			avg[f] += float64(dt.len[f])
		}
	}
	for f := range nFields {
		avg[f] = max(avg[f]/float64(max(len(docs), 1)), 1)
	}

	terms := map[string]*termInfo{}
	var termList []string
	for i, dt := range per {
		for k, t := range dt.terms {
			c := &dt.counts[k]
			tf := 0.0
			for f := range nFields {
				if c[f] > 0 {
					norm := 1 - fieldB[f] + float64(fieldB[f]*float64(dt.len[f]))/avg[f] // explicit conversions: no fused multiply-add, same bytes on every platform
					tf += float64(fieldWeight[f] * float64(c[f]) / norm)
				}
			}
			sat := float64(tf*(k1+1)) / float64(tf+k1)
			q := min(max(int(math.Round(sat/(k1+1)*maxQ)), 1), maxQ)
			ti := terms[t]
			if ti == nil {
				ti = &termInfo{}
				terms[t] = ti
				termList = append(termList, t)
			}
			ti.postings = append(ti.postings, posting{i, q})
		}
	}
	slices.Sort(termList)
	n := float64(len(docs))
	for _, t := range termList {
		ti := terms[t]
		df := float64(len(ti.postings))
		idf := math.Log(1 + (n-df+0.5)/(df+0.5))
		ti.idf = max(int(math.Round(idf*idfUnit)), 1)
		var b strings.Builder
		prev := 0
		for _, p := range ti.postings {
			writeVLQ(&b, p.doc-prev)
			writeVLQ(&b, p.q)
			prev = p.doc
		}
		ti.enc = b.String()
	}
	return terms, termList
}

// docTerms counts a page's terms per field.
type docTerms struct {
	tf  map[string]*[nFields]int
	len [nFields]int
}

// compactTerms is docTerms with the terms sorted and the map gone.
type compactTerms struct {
	terms  []string
	counts [][nFields]int32
	len    [nFields]int
}

// compact sorts a page's terms; with intern non-nil, equal terms of
// different pages share one string.
func compact(dt docTerms, intern map[string]string) compactTerms {
	ct := compactTerms{terms: make([]string, 0, len(dt.tf)), len: dt.len}
	for t := range dt.tf {
		if s, ok := intern[t]; ok {
			t = s
		} else if intern != nil {
			intern[t] = t
		}
		ct.terms = append(ct.terms, t)
	}
	slices.Sort(ct.terms)
	ct.counts = make([][nFields]int32, len(ct.terms))
	for k, t := range ct.terms {
		for f, n := range dt.tf[t] { // the interned copy equals the key
			ct.counts[k][f] = int32(n)
		}
	}
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
func groupByPrefix(terms []dictTerm, n int) []dictGroup {
	var out []dictGroup
	for _, d := range terms {
		key, ok := runePrefix(d.term, n)
		if !ok {
			continue
		}
		if len(out) == 0 || out[len(out)-1].key != key {
			out = append(out, dictGroup{key: key})
		}
		g := &out[len(out)-1]
		g.terms = append(g.terms, d)
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
	byDF := func(list []dictTerm) []dictTerm {
		list = slices.Clone(list)
		slices.SortStableFunc(list, func(a, b dictTerm) int {
			return cmp.Or(cmp.Compare(b.df, a.df), strings.Compare(a.term, b.term))
		})
		return list
	}
	n := utf8.RuneCountInString(key)
	longer := slices.ContainsFunc(terms, func(d dictTerm) bool { return utf8.RuneCountInString(d.term) > n })
	if size <= dictLeafMax || !longer {
		write(key, byDF(terms), false)
		return
	}
	top := byDF(terms)
	write(key, top[:min(len(top), topCompletions)], true)
	for _, g := range groupByPrefix(terms, n+1) {
		splitDict(g.key, g.terms, write)
	}
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

// writeVLQ writes v in base-64 digits, five bits at a time, low bits first;
// the 32 bit of a digit means another digit follows.
func writeVLQ(b *strings.Builder, v int) {
	for {
		d := v & 31
		v >>= 5
		if v > 0 {
			b.WriteByte(digits[d|32])
		} else {
			b.WriteByte(digits[d])
			return
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
		s = strings.Join(strings.Fields(s), " ")
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

func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // only our own plain types are encoded
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
