package search

import (
	"slices"
	"strings"
	"sync"
)

// analyzer counts a page's terms per field, page after page: its tokenizer,
// map and slices are reused, so a page allocates only the strings of its
// distinct terms and its compactTerms.
type analyzer struct {
	tz     tokenizer
	emit   func(*btoken)    // a.token, bound once (a method value per scan would allocate)
	ids    map[string]int32 // term → its index in terms and counts
	terms  []string
	counts [][nFields]int32
	len    [nFields]int
	field  int // the field being tokenized
	order  []int32
	facet  []byte
}

var analyzers = sync.Pool{New: func() any {
	a := &analyzer{ids: map[string]int32{}}
	a.emit = a.token
	return a
}}

// analyze tokenizes d's indexed fields and returns their terms sorted with
// their counts per field.
func analyze(d Doc) compactTerms {
	a := analyzers.Get().(*analyzer)
	defer analyzers.Put(a)
	a.fields(d)
	ct := a.compact()
	a.reset()
	return ct
}

func (a *analyzer) fields(d Doc) {
	a.index(fTitle, d.Title)
	a.index(fSummary, d.Summary)
	a.index(fMeta, d.Kind)
	a.index(fMeta, d.Status)
	a.index(fMeta, d.Owner)
	for _, s := range d.Tags {
		a.index(fMeta, s)
	}
	for _, s := range d.Teams {
		a.index(fMeta, s)
	}
	a.index(fBody, d.Lead)
	for _, s := range d.Sections {
		a.index(fHeading, s.Title)
		a.index(fBody, s.Text)
	}
	for _, c := range d.Code {
		a.index(fBody, c)
	}
	for _, v := range d.Tags {
		a.addFacet("tag", v)
	}
	for _, v := range d.Teams {
		a.addFacet("team", v)
	}
	a.addFacet("owner", d.Owner)
}

// index counts text's terms in field f.
func (a *analyzer) index(f int, text string) {
	a.field = f
	a.tz.scan(text, a.emit)
}

func (a *analyzer) token(t *btoken) {
	if !t.stop {
		a.add(t.text)
	}
}

// add counts term once more in the current field.
func (a *analyzer) add(term []byte) {
	id, ok := a.ids[string(term)] // no allocation: the compiler looks up the bytes
	if !ok {
		s := string(term)
		id = int32(len(a.terms))
		a.ids[s] = id
		a.terms = append(a.terms, s)
		a.counts = append(a.counts, [nFields]int32{})
	}
	a.counts[id][a.field]++
	a.len[a.field]++
}

// addFacet counts the term "field:value" for filtering, in fMeta.
func (a *analyzer) addFacet(field, v string) {
	if v = facetValue(v); v != "" && len(field)+1+len(v) <= maxTermBytes {
		a.field = fMeta
		a.facet = append(append(append(a.facet[:0], field...), ':'), v...)
		a.add(a.facet)
	}
}

// compact sorts the page's terms into a compactTerms.
func (a *analyzer) compact() compactTerms {
	a.order = a.order[:0]
	size := 0
	for id, t := range a.terms {
		a.order = append(a.order, int32(id))
		size += len(t)
	}
	slices.SortFunc(a.order, func(x, y int32) int { return strings.Compare(a.terms[x], a.terms[y]) })
	ct := compactTerms{ends: make([]uint32, len(a.order)), packed: make([]uint32, len(a.order)), len: a.len}
	var b strings.Builder
	b.Grow(size)
	for k, id := range a.order {
		b.WriteString(a.terms[id])
		ct.ends[k] = uint32(b.Len())
		ct.setCounts(k, &a.counts[id])
	}
	ct.text = b.String()
	return ct
}

// reset forgets the page. A map grown by a very large page is dropped
// rather than cleared page after page.
func (a *analyzer) reset() {
	if len(a.terms) > 1<<14 {
		a.ids = map[string]int32{}
	} else {
		clear(a.ids)
	}
	clear(a.terms) // the strings can go
	a.terms, a.counts = a.terms[:0], a.counts[:0]
	a.len = [nFields]int{}
}
