package build

import (
	"slices"
	"strings"

	"keel/internal/render"
	"keel/internal/site"
	"keel/internal/source"
)

// bodies is render.Bodies for a build that streams to an Output: parse kept
// no page's HTML (markdown.Converter.Analyze), so each page's comes from the
// cache's HTML pack, or is converted again, right before the page is
// rendered, and is dropped after.
type bodies struct{ b *Builder }

// bodySource is what renders of this build get as render.Input.Bodies: nil
// when parse kept every page's HTML in its result.
func (b *Builder) bodySource() render.Bodies {
	if b.opts.Output == nil {
		return nil
	}
	return bodies{b}
}

// HTML is the HTML a page's body converts to, as parse would have made it.
func (s bodies) HTML(p *site.Page) []byte {
	b := s.b
	i, ok := slices.BinarySearchFunc(b.tree.Docs, p.Path, func(d source.Doc, p string) int { return strings.Compare(d.Path, p) })
	if !ok || p.MD == nil {
		return nil
	}
	d, parsed := b.tree.Docs[i], b.cache[p.Path]
	mode := modeOf(parsed.meta, site.IsIndexIn(d.Path, b.langs))
	conv, _ := b.converterFor(d.Path)
	if b.disk != nil { // parse keyed the body already: no second hash of it
		return b.disk.html(parsed.key, conv, d, mode)
	}
	r, _ := conv.Convert(d.Path, d.Body, d.BodyLine, mode)
	return r.HTML
}
