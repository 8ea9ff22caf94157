package search

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Go copy of the query engine of static/js/search.js (function query),
// for tests only: they query built indexes through it, and browser_test.go
// checks it ranks as the browser does. Scores are integers so both give the
// same order.

// Index answers queries over files written by Build, loading only the
// files a query needs, as the browser does.
type Index struct {
	load   func(path string) ([]byte, error)
	meta   meta
	cats   []int // per page, its index into meta.Cats; loaded when a query filters
	roots  map[string]bool
	cache  map[string][]byte
	loaded []string
}

// Filters narrow a query to kinds and statuses (any of the listed values of
// each; none listed means all). Limit is how many hits get details (10 when
// zero). Facets asks for the counts per kind and status.
type Filters struct {
	Kinds, Statuses []string
	Limit           int
	Facets          bool
}

// Hit is one ranked page.
type Hit struct {
	Doc     int // index of the page in the docs given to Build
	Score   int
	URL     string // with #heading when the match is in a section
	Title   string
	Kind    string
	Status  string
	Section string
	Heading string // id of the matching heading, "" for the top of the page
	Snippet string // HTML: escaped text with matched words in <mark>
}

// Results are the pages matching a query, best first.
type Results struct {
	Total    int            // matching pages after filters
	Hits     []Hit          // the first Limit of them, with details
	Docs     []int          // every matching page in rank order
	Kinds    map[string]int // with Facets: matching pages per kind, before filters
	Statuses map[string]int // with Facets: matching pages per status, before filters
	// Suggest is the query with its misspelled words corrected ("did you
	// mean"), or "" when none was.
	Suggest string
}

// Open reads an index from the files Build returned.
func Open(files []File) (*Index, error) {
	byPath := make(map[string][]byte, len(files))
	for _, f := range files {
		byPath[f.Path] = f.Data
	}
	return OpenFunc(func(p string) ([]byte, error) {
		if b, ok := byPath[p]; ok {
			return b, nil
		}
		return nil, fs.ErrNotExist
	})
}

// OpenFS reads an index from a built site, e.g. os.DirFS("_site").
func OpenFS(fsys fs.FS) (*Index, error) {
	return OpenFunc(func(p string) ([]byte, error) { return fs.ReadFile(fsys, p) })
}

// OpenFunc reads an index through load, which gets site-relative paths
// such as "search/meta.json".
func OpenFunc(load func(path string) ([]byte, error)) (*Index, error) {
	ix := &Index{load: load, cache: map[string][]byte{}}
	b, err := ix.get("search/meta.json")
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &ix.meta); err != nil {
		return nil, fmt.Errorf("search/meta.json: %w", err)
	}
	m := &ix.meta
	if m.V != 1 || m.Buckets < 1 {
		return nil, errors.New("search/meta.json: unsupported index")
	}
	ix.roots = set(m.Roots)
	return ix, nil
}

// loadCats reads each page's kind and status, which only filters need.
func (ix *Index) loadCats() error {
	if ix.cats != nil {
		return nil
	}
	b, err := ix.get("search/cats.json")
	if err != nil {
		return err
	}
	var cf catsFile
	if err := json.Unmarshal(b, &cf); err != nil {
		return fmt.Errorf("search/cats.json: %w", err)
	}
	m := &ix.meta
	if cf.CatW < 1 || len(cf.Doc) != m.N*cf.CatW {
		return errors.New("search/cats.json: does not match meta.json")
	}
	cats := make([]int, m.N)
	for i := range cats {
		v := 0
		for _, c := range cf.Doc[i*cf.CatW : (i+1)*cf.CatW] {
			v = v*64 + strings.IndexRune(digits, c)
		}
		if v < 0 || v >= len(m.Cats) || len(m.Cats[v]) != 2 {
			return errors.New("search/cats.json: bad page category")
		}
		cats[i] = v
	}
	ix.cats = cats
	return nil
}

func set(spaced string) map[string]bool {
	s := map[string]bool{}
	for _, k := range strings.Fields(spaced) {
		s[k] = true
	}
	return s
}

// Loaded lists the files read so far, in order, and their total size: what
// a browser would have downloaded.
func (ix *Index) Loaded() (paths []string, bytes int) {
	for _, p := range ix.loaded {
		bytes += len(ix.cache[p])
	}
	return slices.Clone(ix.loaded), bytes
}

func (ix *Index) get(p string) ([]byte, error) {
	if b, ok := ix.cache[p]; ok {
		return b, nil
	}
	b, err := ix.load(p)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", p, err)
	}
	ix.cache[p] = b
	ix.loaded = append(ix.loaded, p)
	return b, nil
}

// group is one query word: a page matches it through any of its terms.
// An exact word has one term at factor 4; the word being typed also
// matches its completions at factor 3, so whole words rank first; a word
// that finds (almost) nothing also matches up to fuzzyTop corrections, at
// factor 3 - edits (fuzzy.go), and pages found only through corrections
// rank after the others.
type group struct {
	terms  []string
	factor []int
	raw    string // the word as typed (folded), "" for a stopword
	fix    string // the correction suggested for the word, if any
}

// parsed is a query split into words and filters.
type parsed struct {
	groups          []group
	kinds, statuses []string
	facets          [][2]string // [field, facetValue] of tag:, team: and owner: filters
	prefix          string      // raw form of the word being typed, "" if none
}

// filters reports whether the query has any filter.
func (p *parsed) filters() bool { return len(p.kinds)+len(p.statuses)+len(p.facets) > 0 }

// parseFilter splits a kind:, status:, tag:, team: or owner: word (or the
// plural forms tags:, teams:) into its field and value.
func parseFilter(lf string) (field, value string, ok bool) {
	field, value, ok = strings.Cut(lf, ":")
	if !ok || value == "" {
		return "", "", false
	}
	switch field {
	case "kind", "status", "tag", "team", "owner":
	case "tags", "teams":
		field = field[:len(field)-1]
	default:
		return "", "", false
	}
	return field, value, true
}

// parseQuery takes the filters out of q and turns the rest into words; the
// last word is a prefix unless q ends in a space.
func parseQuery(q string) parsed {
	var p parsed
	var words []string
	fields := strings.Fields(q)
	lastIsFilter := false
	for _, f := range fields {
		lastIsFilter = true
		field, value, ok := parseFilter(strings.ToLower(f))
		switch {
		case !ok:
			words = append(words, f)
			lastIsFilter = false
		case field == "kind":
			p.kinds = append(p.kinds, value)
		case field == "status":
			p.statuses = append(p.statuses, value)
		default:
			p.facets = append(p.facets, [2]string{field, facetValue(value)})
		}
	}
	text := strings.Join(words, " ")
	typing := len(q) > 0 && !lastIsFilter && !unicode.IsSpace(lastRune(q))
	var toks []token
	scan(text, func(t token) {
		if !t.extra {
			toks = append(toks, t)
		}
	})
	seen := map[string]bool{}
	for i, t := range toks {
		last := i == len(toks)-1
		if last && typing && t.end == len(text) && !t.cjk && utf8.RuneCountInString(t.raw) >= 2 {
			p.prefix = t.raw
			if !t.stop {
				p.groups = append(p.groups, group{terms: []string{t.text}, factor: []int{4}, raw: t.raw})
			} else {
				p.groups = append(p.groups, group{})
			}
			continue
		}
		if t.stop || seen[t.text] {
			continue
		}
		seen[t.text] = true
		p.groups = append(p.groups, group{terms: []string{t.text}, factor: []int{4}, raw: t.raw})
	}
	return p
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// completions returns up to meta.Top terms starting with prefix, most
// frequent first. It reads the prefix's two-character root file and, when
// that root is split, the one file below it that covers the prefix.
func (ix *Index) completions(prefix string) ([]string, error) {
	list, err := ix.completionsDF(prefix)
	var out []string
	for _, d := range list {
		out = append(out, d.term)
	}
	return out, err
}

// completionsDF is completions with each term's number of pages.
func (ix *Index) completionsDF(prefix string) ([]dictTerm, error) {
	root, ok := runePrefix(prefix, 2)
	if !ok || !ix.roots[root] {
		return nil, nil
	}
	f, err := ix.dict(root)
	if err != nil {
		return nil, err
	}
	if f.All == nil && prefix != root {
		inner, leaves := set(f.Inner), set(f.Leaves)
		inner[root] = true
		key, n := root, 2
		for inner[key] && key != prefix {
			n++
			key, _ = runePrefix(prefix, n)
		}
		if !inner[key] && !leaves[key] {
			return nil, nil
		}
		if f, err = ix.dict(key); err != nil {
			return nil, err
		}
	}
	list := f.All
	if list == nil {
		list = f.Top
	}
	var out []dictTerm
	for _, r := range list {
		if t, _ := r[0].(string); strings.HasPrefix(t, prefix) && len(out) < ix.meta.Top {
			df, _ := r[1].(float64)
			out = append(out, dictTerm{t, int(df)})
		}
	}
	return out, nil
}

func (ix *Index) dict(key string) (dictFile, error) {
	var f dictFile
	p := "search/d/" + dictName(key)
	b, err := ix.get(p)
	if err != nil {
		return f, err
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return f, fmt.Errorf("%s: %w", p, err)
	}
	return f, nil
}

// postings returns a term's idf (×100) and postings as page → q, or nil
// when the term is not in the index.
func (ix *Index) postings(term string) (int, map[int]int, error) {
	bp := fmt.Sprintf("search/t/%x.json", bucketOf(term, ix.meta.Buckets))
	b, err := ix.get(bp)
	if err != nil {
		return 0, nil, err
	}
	var bucket map[string][]json.RawMessage
	if err := json.Unmarshal(b, &bucket); err != nil {
		return 0, nil, fmt.Errorf("%s: %w", bp, err)
	}
	e, ok := bucket[term]
	if !ok || len(e) != 2 {
		return 0, nil, nil
	}
	var idf int
	var enc string
	if err := json.Unmarshal(e[0], &idf); err != nil {
		return 0, nil, fmt.Errorf("%s: %w", bp, err)
	}
	if err := json.Unmarshal(e[1], &enc); err != nil {
		var big int
		if json.Unmarshal(e[1], &big) != nil {
			return 0, nil, fmt.Errorf("%s: bad entry for %q", bp, term)
		}
		bb, err := ix.get(fmt.Sprintf("search/p/%d.json", big))
		if err != nil {
			return 0, nil, err
		}
		if err := json.Unmarshal(bb, &enc); err != nil {
			return 0, nil, fmt.Errorf("search/p/%d.json: %w", big, err)
		}
	}
	vals, err := readVLQ(enc)
	if err != nil || len(vals)%2 != 0 {
		return 0, nil, fmt.Errorf("%s: bad postings for %q", bp, term)
	}
	out := make(map[int]int, len(vals)/2)
	doc := 0
	for i := 0; i < len(vals); i += 2 {
		doc += vals[i]
		out[doc] = vals[i+1]
	}
	return idf, out, nil
}

func readVLQ(s string) ([]int, error) {
	var out []int
	v, shift := 0, 0
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(digits, s[i])
		if d < 0 {
			return nil, errors.New("bad digit")
		}
		v |= (d & 31) << shift
		if d&32 != 0 {
			shift += 5
			continue
		}
		out = append(out, v)
		v, shift = 0, 0
	}
	if shift != 0 {
		return nil, errors.New("truncated")
	}
	return out, nil
}

// Query ranks the pages matching every word of q (the last one as a
// prefix while it is being typed), narrowed by f and by the filters in q
// (kind:, status:, tag:, team:, owner:). A query of filters only lists
// every page they let through, in index order.
func (ix *Index) Query(q string, f Filters) (Results, error) {
	res := Results{Kinds: map[string]int{}, Statuses: map[string]int{}}
	p := parseQuery(q)
	kinds := append(slices.Clone(f.Kinds), p.kinds...)
	statuses := append(slices.Clone(f.Statuses), p.statuses...)
	if len(p.groups) == 0 && !p.filters() {
		return res, nil
	}
	if err := ix.complete(&p); err != nil {
		return res, err
	}
	total := map[int]int{}
	fuzzy := map[int]bool{} // pages that match some word only through a correction
	if len(p.groups) == 0 {
		for d := range ix.meta.N {
			total[d] = 0
		}
	}
	for gi := range p.groups {
		best, exact, idf, err := ix.match(&p.groups[gi])
		if err != nil {
			return res, err
		}
		// A word weighs as much as its most common term, so a rare exact
		// stem does not outrank the completion the typist is heading for.
		next := map[int]int{}
		for d, s := range best {
			if gi == 0 {
				next[d] = idf * s
			} else if old, ok := total[d]; ok {
				next[d] = old + idf*s
			}
			if !exact[d] {
				fuzzy[d] = true
			}
		}
		total = next
		if len(total) == 0 {
			return res, nil
		}
	}
	if err := ix.facetFilter(total, p.facets); err != nil {
		return res, err
	}
	if err := ix.filterCats(&res, total, kinds, statuses, f.Facets); err != nil {
		return res, err
	}
	slices.SortFunc(res.Docs, func(a, b int) int {
		return cmp.Or(cmpBool(fuzzy[a], fuzzy[b]), cmp.Compare(total[b], total[a]), cmp.Compare(a, b))
	})
	res.Total = len(res.Docs)
	limit := f.Limit
	if limit == 0 {
		limit = 10
	}
	if err := ix.rerank(res.Docs[:min(rerankWindow, limit, len(res.Docs))], p.groups, fuzzy); err != nil {
		return res, err
	}
	var frags []fragment
	for _, d := range res.Docs[:min(limit, len(res.Docs))] {
		h, fr, err := ix.hit(d, total[d], p.groups)
		if err != nil {
			return res, err
		}
		res.Hits = append(res.Hits, h)
		frags = append(frags, fr)
	}
	res.Suggest = suggest(q, p.groups, frags)
	return res, nil
}

// complete adds the completions of the word being typed to its group.
func (ix *Index) complete(p *parsed) error {
	if p.prefix == "" {
		return nil
	}
	comp, err := ix.completions(p.prefix)
	if err != nil {
		return err
	}
	g := &p.groups[len(p.groups)-1]
	for _, c := range comp {
		if !slices.Contains(g.terms, c) {
			g.terms = append(g.terms, c)
			g.factor = append(g.factor, 3)
		}
	}
	return nil
}

// match finds the pages of one query word: each page's best q×factor over
// the word's terms (and its corrections when it finds almost nothing),
// the pages matched other than through a correction, and the idf of the
// word's most common term. It leaves in g the terms found, which the
// snippet highlights.
func (ix *Index) match(g *group) (best map[int]int, exact map[int]bool, idf int, err error) {
	best, exact = map[int]int{}, map[int]bool{}
	var found []string
	var factors []int
	add := func(t string, factor int) error {
		ti, post, err := ix.postings(t)
		if err != nil || post == nil {
			return err
		}
		found = append(found, t)
		factors = append(factors, factor)
		if idf == 0 || ti < idf {
			idf = ti
		}
		for d, q := range post {
			best[d] = max(best[d], q*factor)
			if factor >= 3 {
				exact[d] = true
			}
		}
		return nil
	}
	for i, t := range g.terms {
		if err := add(t, g.factor[i]); err != nil {
			return nil, nil, 0, err
		}
	}
	if len(exact) < fuzzyBelow && g.raw != "" {
		fixes, err := ix.corrections(g.raw)
		if err != nil {
			return nil, nil, 0, err
		}
		for _, c := range fixes {
			if err := add(c.term, 3-c.dist); err != nil {
				return nil, nil, 0, err
			}
		}
		if len(fixes) > 0 && fixes[0].df > len(exact) {
			g.fix = fixes[0].term
		}
	}
	g.terms, g.factor = found, factors
	return best, exact, idf, nil
}

// filterCats lists in res.Docs the pages of total that pass the kind and
// status filters, counting the facets when asked.
func (ix *Index) filterCats(res *Results, total map[int]int, kinds, statuses []string, facets bool) error {
	if len(kinds) > 0 || len(statuses) > 0 || facets {
		if err := ix.loadCats(); err != nil {
			return err
		}
	}
	for d := range total {
		if ix.cats == nil {
			res.Docs = append(res.Docs, d)
			continue
		}
		c := ix.meta.Cats[ix.cats[d]]
		if facets && c[0] != "" {
			res.Kinds[c[0]]++
		}
		if facets && c[1] != "" {
			res.Statuses[c[1]]++
		}
		if (len(kinds) == 0 || slices.Contains(kinds, c[0])) && (len(statuses) == 0 || slices.Contains(statuses, c[1])) {
			res.Docs = append(res.Docs, d)
		}
	}
	return nil
}

// rerankWindow is how many of the best pages are reordered by their
// titles: the ones a reader sees first, whose fragments are loaded anyway.
const rerankWindow = 8

// rerank reorders docs, the best pages, by how many query words their
// title holds (most first) and then by whether it holds them in the order
// they were typed; pages matched only through a correction stay after the
// others, and the score order stays within ties. Per-field scores
// saturate, so a page whose title is the query can score below pages that
// repeat its words in their text; and "Kafka to CockroachDB" is not
// "CockroachDB to Kafka".
func (ix *Index) rerank(docs []int, groups []group, fuzzy map[int]bool) error {
	if len(docs) < 2 || len(groups) == 0 {
		return nil
	}
	type key struct{ words, order int }
	keys := map[int]key{}
	for _, d := range docs {
		fr, err := ix.fragment(d)
		if err != nil {
			return err
		}
		keys[d] = key{matched(fr.Title, groups), inOrder(fr.Title, groups)}
	}
	slices.SortStableFunc(docs, func(a, b int) int {
		return cmp.Or(cmpBool(fuzzy[a], fuzzy[b]), cmp.Compare(keys[b].words, keys[a].words), cmp.Compare(keys[b].order, keys[a].order))
	})
	return nil
}

// inOrder is 1 when text holds every word of a query of several, the
// first occurrences in the order of the query, else 0.
func inOrder(text string, groups []group) int {
	if len(groups) < 2 {
		return 0
	}
	first := make([]int, len(groups))
	for i := range first {
		first[i] = -1
	}
	k := 0
	scan(text, func(t token) {
		for i, g := range groups {
			if first[i] < 0 && slices.Contains(g.terms, t.text) {
				first[i] = k
			}
		}
		k++
	})
	for i, f := range first {
		if f < 0 || i > 0 && f <= first[i-1] {
			return 0
		}
	}
	return 1
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// facetFilter keeps in total only the pages that have, for each facet
// field filtered on, one of the values asked for.
func (ix *Index) facetFilter(total map[int]int, facets [][2]string) error {
	for _, field := range facetFields {
		var any bool
		keep := map[int]bool{}
		for _, fv := range facets {
			if fv[0] != field {
				continue
			}
			any = true
			_, post, err := ix.postings(field + ":" + fv[1])
			if err != nil {
				return err
			}
			for d := range post {
				keep[d] = true
			}
		}
		if !any {
			continue
		}
		for d := range total {
			if !keep[d] {
				delete(total, d)
			}
		}
	}
	return nil
}

// suggest is q with each corrected word replaced by its correction as the
// results write it, or "" when no word was corrected.
func suggest(q string, groups []group, frags []fragment) string {
	fix := map[string]string{}
	for _, g := range groups {
		if g.fix == "" {
			continue
		}
		w := g.fix
		for _, fr := range frags {
			if s := surface(fr, g.fix); s != g.fix {
				w = s
				break
			}
		}
		fix[g.raw] = w
	}
	if len(fix) == 0 {
		return ""
	}
	words := strings.Fields(q)
	for i, w := range words {
		if _, _, ok := parseFilter(strings.ToLower(w)); ok {
			continue
		}
		var toks []token
		scan(w, func(t token) {
			if !t.extra {
				toks = append(toks, t)
			}
		})
		if len(toks) == 1 {
			if r, ok := fix[toks[0].raw]; ok {
				words[i] = r
			}
		}
	}
	return strings.Join(words, " ")
}

// fragment reads page d's fragment.
func (ix *Index) fragment(d int) (fragment, error) {
	fp := fmt.Sprintf("search/f/%d.json", d)
	var fr fragment
	b, err := ix.get(fp)
	if err != nil {
		return fr, err
	}
	if err := json.Unmarshal(b, &fr); err != nil {
		return fr, fmt.Errorf("%s: %w", fp, err)
	}
	return fr, nil
}

func (ix *Index) hit(d, score int, groups []group) (Hit, fragment, error) {
	fr, err := ix.fragment(d)
	if err != nil {
		return Hit{}, fr, err
	}
	h := Hit{Doc: d, Score: score, Title: fr.Title, Kind: fr.Kind, Status: fr.Status, Section: fr.Section}
	sec, text := pickSection(fr, groups)
	h.URL = fr.URL
	if sec >= 0 && fr.Sections[sec][0] != "" {
		h.Heading = fr.Sections[sec][0]
		h.URL += "#" + h.Heading
	}
	h.Snippet = snippet(text, groups)
	return h, fr, nil
}

// matched counts the groups that some term of text belongs to.
func matched(text string, groups []group) int {
	hit := make([]bool, len(groups))
	for _, t := range Tokenize(text) {
		for i, g := range groups {
			if slices.Contains(g.terms, t) {
				hit[i] = true
			}
		}
	}
	n := 0
	for _, h := range hit {
		if h {
			n++
		}
	}
	return n
}

// pickSection chooses where a result opens: the top of the page when its
// title holds every word, else the section whose heading (counted twice)
// and text hold the most words. It also returns the text to cut the
// snippet from.
func pickSection(fr fragment, groups []group) (int, string) {
	best, bestScore := -1, 0
	for i, s := range fr.Sections {
		if sc := 2*matched(s[1], groups) + matched(s[2], groups); sc > bestScore {
			best, bestScore = i, sc
		}
	}
	sec := best
	if matched(fr.Title, groups) == len(groups) {
		sec = -1
	}
	if best >= 0 && matched(fr.Sections[best][2], groups) > 0 {
		return sec, fr.Sections[best][2]
	}
	if matched(fr.Summary, groups) > 0 || len(fr.Sections) == 0 {
		return sec, fr.Summary
	}
	for _, s := range fr.Sections {
		if matched(s[2], groups) > 0 {
			return sec, s[2]
		}
	}
	if fr.Summary != "" {
		return sec, fr.Summary
	}
	return sec, fr.Sections[0][2]
}

// rowStart ends a table row, a list item ("; " in the plain text) or a sentence.
var rowStart = regexp.MustCompile(`[;.!?] +|[；。！？] *`)

// snippet cuts about 200 bytes of text around the densest run of matches
// and marks them.
func snippet(text string, groups []group) string {
	type span struct{ start, end, g int }
	var spans []span
	scan(text, func(t token) {
		if t.stop {
			return
		}
		for i, g := range groups {
			if slices.Contains(g.terms, t.text) {
				spans = append(spans, span{t.start, t.end, i})
				return
			}
		}
	})
	const width, lead = 200, 50
	from := 0
	if len(spans) > 0 {
		bestN := 0
		for i, s := range spans {
			seen := map[int]bool{}
			for _, o := range spans[i:] {
				if o.start < s.start+width-lead {
					seen[o.g] = true
				}
			}
			if len(seen) > bestN {
				bestN, from = len(seen), s.start
			}
		}
		at := from
		from = max(0, from-lead)
		for from > 0 && !utf8.RuneStart(text[from]) {
			from--
		}
		// cut at the row, list item or sentence of the match (search.js)
		if cuts := rowStart.FindAllStringIndex(text[from:at], -1); from > 0 && len(cuts) > 0 {
			from += cuts[len(cuts)-1][1]
		} else if sp := strings.IndexByte(text[from:min(len(text), from+lead)], ' '); from > 0 && sp >= 0 {
			from += sp + 1
		}
	}
	to := min(len(text), from+width)
	for to < len(text) && !utf8.RuneStart(text[to]) {
		to--
	}
	if sp := strings.LastIndexByte(text[from:to], ' '); to < len(text) && sp > width/2 {
		to = from + sp
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("… ")
	}
	pos := from
	for i := 0; i < len(spans); i++ {
		s := spans[i]
		for i+1 < len(spans) && spans[i+1].start < s.end { // overlapping CJK bigrams
			i++
			s.end = max(s.end, spans[i].end)
		}
		if s.start < pos || s.end > to {
			continue
		}
		b.WriteString(escape(text[pos:s.start]))
		b.WriteString("<mark>" + escape(text[s.start:s.end]) + "</mark>")
		pos = s.end
	}
	b.WriteString(escape(text[pos:to]))
	if to < len(text) {
		b.WriteString(" …")
	}
	return b.String()
}

func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
