package search

import (
	"fmt"
	"hash/fnv"
	"keel/internal/par"
	"slices"
	"strconv"
	"strings"
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

// BuildText writes the search index for docs (meta.json, term buckets,
// dictionary files for prefix matching, one fragment file per page, all
// under search/; the same docs give the same bytes), handing each file to
// emit as soon as it is made, sorted by path but for meta.json, which comes
// last (it holds a hash of all the others). The fragments, one per page and
// most of the index's bytes, are made batch by batch, and pages are
// tokenized a chunk at a time, so a caller that writes and drops each file
// holds neither all fragments nor all pages' terms.
//
// docs may be the pages without their text (Lead, Sections, Code); full(i)
// then gives page i whole. It is called from several goroutines, for a
// chunk of pages at a time, when a page is tokenized and when its fragment
// is made, so a caller that reads each page's text back holds only a
// chunk's at a time. With full nil, docs are whole.
//
// cached, when not nil, gives page i's Terms when a cache has them (the
// zero Terms when not: the page is analyzed here); each, when not nil, is
// told every page's Terms in page order as they are inverted, fresh when
// analyzed here (to save them for the next build).
func BuildText(docs []Doc, full func(i int) Doc, cached func(i int) Terms, each func(i int, t Terms, fresh bool), emit func(File)) {
	page := func(i int) Doc { return docs[i] }
	if full != nil {
		page = full
		cached, each = analyzing(len(docs), full, cached, each)
	}
	terms := invert(docs, cached, each)
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
	par.For(nb, func(b int) {
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
	par.For(len(groups), func(i int) { dictFiles[i] = dictRoot(groups[i]) })
	roots := make([]string, len(groups))
	for i, g := range groups {
		roots[i] = g.key
		files = append(files, dictFiles[i]...)
	}

	nz, fuzzy := fuzzyFiles(terms)
	files = append(files, fuzzy...)
	terms = nil

	cats, cw, cat := categories(docs)
	files = append(files, File{Path: "search/cats.json", Data: marshal(catsFile{CatW: cw, Doc: cat})})

	h := fnv.New64a()
	out := func(f File) {
		h.Write([]byte(f.Path))
		h.Write(f.Data)
		emit(f)
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	const fragDir = "search/f/"
	k := 0
	for ; k < len(files) && files[k].Path < fragDir; k++ {
		out(files[k])
		files[k] = File{}
	}
	fragments(len(docs), page, out)
	for ; k < len(files); k++ {
		out(files[k])
		files[k] = File{}
	}
	m := meta{
		V: 1, N: len(docs), Buckets: nb, Hash: fmt.Sprintf("%016x", h.Sum64())[:10],
		Cats: cats, Roots: strings.Join(roots, " "), Top: topCompletions, Weights: fieldWeight[:],
		Fuzzy: nz,
	}
	if m.Cats == nil {
		m.Cats = [][]string{}
	}
	emit(File{Path: "search/meta.json", Data: marshal(m)})
}

// analyzing wraps cached and each for pages whose text full gives: a page
// cached has no Terms for is tokenized whole here, where invert would
// tokenize docs[i] without its text, and each is told it is fresh. (A
// page whose whole text gives no terms gives none without it either, so
// invert tokenizing it again changes nothing.)
func analyzing(n int, full func(i int) Doc, cached func(i int) Terms, each func(i int, t Terms, fresh bool)) (func(i int) Terms, func(i int, t Terms, fresh bool)) {
	fresh := make([]bool, n)
	c := func(i int) Terms {
		if cached != nil {
			if t := cached(i); t.ct.n() > 0 {
				return t
			}
		}
		fresh[i] = true
		return Terms{analyze(full(i))}
	}
	if each == nil {
		return c, nil
	}
	return c, func(i int, t Terms, f bool) { each(i, t, f || fresh[i]) }
}

// categories lists the distinct [kind, status] pairs of the pages and gives
// each page's index into them, cw base-64 digits each.
func categories(docs []Doc) (cats [][]string, cw int, doc string) {
	catIndex := map[[2]string]int{}
	for _, d := range docs {
		k := [2]string{d.Kind, d.Status}
		if _, ok := catIndex[k]; !ok {
			catIndex[k] = len(cats)
			cats = append(cats, []string{d.Kind, d.Status})
		}
	}
	cw = 1
	for n := 64; n < len(cats); n *= 64 {
		cw++
	}
	var cat strings.Builder
	for _, d := range docs {
		writeFixed(&cat, catIndex[[2]string{d.Kind, d.Status}], cw)
	}
	return cats, cw, cat.String()
}

// fragments hands out every page's fragment file in path order (f/10.json
// before f/2.json), made in parallel batches, each batch reusing one
// encoding buffer per worker.
func fragments(n int, page func(i int) Doc, out func(File)) {
	paths := make([]string, n)
	order := make([]int, n)
	for i := range n {
		paths[i] = "search/f/" + strconv.Itoa(i) + ".json"
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(paths[a], paths[b]) })
	const batch, perBatch = 64, 16 // pages per piece of work, pieces per batch
	frags := make([]File, min(n, batch*perBatch))
	for start := 0; start < len(order); start += len(frags) {
		part := order[start:min(len(order), start+len(frags))]
		par.For((len(part)+batch-1)/batch, func(c int) {
			var m marshaler
			for j := c * batch; j < min(len(part), (c+1)*batch); j++ {
				i := part[j]
				frags[j] = File{Path: paths[i], Data: m.marshal(makeFragment(page(i)))}
			}
		})
		for j := range part {
			out(frags[j])
			frags[j] = File{}
		}
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
