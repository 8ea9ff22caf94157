package build

import "keel/internal/site"

// pageBody is the HTML of a page's body, links resolved, which the build
// hands to render with the page. A build that keeps every page's HTML (no
// Output) has it in memory; a streaming one kept none (parse used
// markdown.Converter.Analyze), so it is read from the cache's HTML record,
// or converted again, right before the page is rendered, and dropped after.
func (b *Builder) pageBody(p *site.Page) string {
	if b.opts.Output == nil && !b.opts.Changes { // keel serve keeps no HTML either
		return p.Body()
	}
	d, ok := b.tree.Doc(p.Path)
	if !ok || p.MD == nil {
		return p.BodyOf(nil)
	}
	parsed := b.cache[p.Path] // parse keyed the file already: no second hash of it
	conv, _ := b.converterFor(d.Path)
	return p.BodyOf(b.disk.html(parsed.key, conv, d, modeOf(parsed.meta, site.IsIndexIn(d.Path, b.langs))))
}
