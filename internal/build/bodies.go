package build

import (
	"slices"
	"strings"

	"keel/internal/site"
	"keel/internal/source"
)

// pageBody is the HTML of a page's body, links resolved, which the build
// hands to render with the page. A build that keeps every page's HTML (no
// Output) has it in memory; a streaming one kept none (parse used
// markdown.Converter.Analyze), so it is read from the cache's HTML record,
// or converted again, right before the page is rendered, and dropped after.
func (b *Builder) pageBody(p *site.Page) string {
	if b.opts.Output == nil {
		return p.Body()
	}
	i, ok := slices.BinarySearchFunc(b.tree.Docs, p.Path, func(d source.Doc, p string) int { return strings.Compare(d.Path, p) })
	if !ok || p.MD == nil {
		return p.BodyOf(nil)
	}
	d, parsed := b.tree.Docs[i], b.cache[p.Path]
	mode := modeOf(parsed.meta, site.IsIndexIn(d.Path, b.langs))
	conv, _ := b.converterFor(d.Path)
	if b.disk != nil { // parse keyed the file already: no second hash of it
		return p.BodyOf(b.disk.html(parsed.key, conv, d, mode))
	}
	r, _ := conv.Convert(d.Path, d.Body, d.BodyLine, mode)
	return p.BodyOf(r.HTML)
}
