package build

import (
	"crypto/sha256"
	"maps"
	"slices"
	"sync"

	"keel/internal/markdown"
	"keel/internal/render"
	"keel/internal/search"
	"keel/internal/site"
)

// indexDoc is one page of the search index: its Doc, whole or (textOut)
// without its text, which is read back from the page's search text record
// when the index tokenizes the page or makes its fragment.
type indexDoc struct {
	doc search.Doc
	key [32]byte // what the page's terms are cached under (indexKey)
	src string   // the content file whose text is read back; "" when doc is whole
}

// textSource gives an index page whole: the page's Doc with its text read
// back (or, if the record is lost, the file analyzed again). It is called
// from several goroutines; the first failure is kept in err.
// Records analyzed again are put back by putLost, after the index is
// built: the terms record is being streamed to the cache meanwhile.
type textSource struct {
	b    *Builder
	mu   sync.Mutex
	err  error
	path string            // the file that failed
	lost map[string][]byte // records to put back, by cache key
}

func (t *textSource) doc(d *indexDoc) search.Doc {
	if d.src == "" {
		return d.doc
	}
	full, rec, err := t.b.indexText(d)
	if err != nil || rec != nil {
		t.mu.Lock()
		if err != nil && t.err == nil {
			t.err, t.path = err, d.src
		}
		if rec != nil {
			if t.lost == nil {
				t.lost = map[string][]byte{}
			}
			t.lost[t.b.cache[d.src].key] = rec
		}
		t.mu.Unlock()
	}
	return full
}

// putLost puts back the records analyzed again, in key order.
func (t *textSource) putLost() {
	for _, k := range slices.Sorted(maps.Keys(t.lost)) {
		t.b.disk.putText(k, t.lost[k])
	}
}

// searchIndex is the search index of every language, each under its
// prefix, handed to out; the default language's terms come from known when
// it has them, and save is given them when they are not known's (see
// indexFiles). text gives each page whole (nil: every page is).
func searchIndex(langs []langBuild, text func(d *indexDoc) search.Doc, known termSet, out func(render.File), save func(build func(put termWriter) error)) {
	indexFiles(langs[0].docs, text, known, out, save)
	for _, l := range langs[1:] {
		indexFiles(l.docs, text, nil, func(f render.File) { out(render.File{Path: l.site.Prefix + f.Path, Data: f.Data}) }, nil)
	}
}

// searchDocs is what the index is built from: one document per published
// page but home, in the order of s.Pages. The index can be built from it
// on any goroutine.
func (b *Builder) searchDocs(s *site.Site) []indexDoc {
	var docs []indexDoc
	for _, p := range s.Pages {
		if p.Kind != "home" {
			docs = append(docs, b.searchDoc(p))
		}
	}
	// a team's own page is found at its team page, which shows it
	if tx := s.Taxonomy("teams"); tx != nil {
		for _, t := range tx.Terms {
			if t.Page != nil {
				docs = append(docs, b.searchDoc(t.Page))
			}
		}
	}
	return docs
}

// searchDoc is a page's document: with its text when the page's Markdown
// result holds it, else (textOut) naming the file whose record has it.
func (b *Builder) searchDoc(p *site.Page) indexDoc {
	d := search.Doc{URL: p.URL, Title: p.Meta.Title, Summary: p.Meta.Summary, Kind: p.Kind, Status: p.Meta.Status,
		Tags: p.Meta.Tags, Teams: p.Meta.Teams, Owner: p.Meta.Owner}
	if p.Section != nil && p.Section.Page != nil && !p.IsSection() {
		d.Section = p.Section.Page.Meta.Title
	}
	c, parsed := b.cache[p.Path]
	parsed = parsed && p.MD != nil && c.md != nil
	if p.MD == nil || !parsed {
		withText(&d, p.MD)
		return indexDoc{doc: d, key: search.DocKey(d)}
	}
	key := b.indexKey(d, c.text)
	if b.textOut() {
		return indexDoc{doc: d, key: key, src: p.Path}
	}
	withText(&d, p.MD)
	return indexDoc{doc: d, key: key}
}

// withText sets d's text from a page's Markdown result (its edition's view).
func withText(d *search.Doc, md *markdown.Result) {
	if md == nil {
		return
	}
	d.Lead, d.Code = md.Lead, md.Code
	d.Sections = nil
	for _, sec := range md.Sections {
		d.Sections = append(d.Sections, search.Section{ID: sec.ID, Title: sec.Title, Text: sec.Text})
	}
}

// indexKey names the terms of a page whose document, but for its text, is
// d and whose body's search text record hashes to text: the same page in
// the same edition gives the same key, without its text at hand. (Pages
// with no body are keyed by search.DocKey; its termsVersion is in both.)
func (b *Builder) indexKey(d search.Doc, text [32]byte) [32]byte {
	k := search.DocKey(d)
	h := sha256.New()
	frame(h, "keel index key")
	frame(h, k[:])
	frame(h, text[:])
	frame(h, b.opts.Audience) // which view of internal blocks the page shows
	return [32]byte(h.Sum(nil))
}

// indexText is d whole: its text read from its file's search text record,
// or, when the cache lost it, the file analyzed again (with the record to
// put back), in the view of the page's edition.
func (b *Builder) indexText(d *indexDoc) (search.Doc, []byte, error) {
	c := b.cache[d.src]
	r := markdown.Result{HasInternal: c.md.HasInternal}
	var rec []byte
	if !b.disk.readText(c.key, &r) {
		doc, _, err := b.doc(d.src)
		if err != nil {
			return d.doc, nil, err
		}
		r, rec = b.analyzeText(doc, c)
	}
	full := d.doc
	withText(&full, r.Edition(b.opts.Audience == "public"))
	return full, rec, nil
}
