package build

import (
	"crypto/sha256"
	"fmt"

	"keel/internal/site"
	"keel/internal/source"
)

// pageBody is the HTML of a page's body, links resolved, which the build
// hands to render with the page. A build that keeps every page's HTML (no
// Output) has it in memory; a streaming one kept none (parse used
// markdown.Converter.Analyze), so it is read from the cache's HTML record,
// or converted again, right before the page is rendered, and dropped after.
func (b *Builder) pageBody(p *site.Page) (string, error) {
	if b.opts.Output == nil && !b.opts.Changes { // keel serve keeps no HTML either
		return p.Body(), nil
	}
	if _, ok := b.tree.Doc(p.Path); !ok || p.MD == nil {
		return p.BodyOf(nil), nil
	}
	parsed := b.cache[p.Path] // parse keyed the file already: no second hash of it
	if html, ok := b.disk.cachedHTML(parsed.key); ok {
		return p.BodyOf(html), nil
	}
	d, _, err := b.doc(p.Path) // the cache lost it: converted again
	if err != nil {
		return "", err
	}
	conv, _ := b.converterFor(d.Path)
	return p.BodyOf(b.disk.html(parsed.key, conv, d, modeOf(parsed.meta, site.IsIndexIn(d.Path, b.langs)))), nil
}

// twin is a page's Markdown twin, made from its body as this build parsed it.
func (b *Builder) twin(p *site.Page) ([]byte, error) {
	d, _, err := b.doc(p.Path)
	if err != nil {
		return nil, err
	}
	return p.Twin(d.Body), nil
}

// doc is the content file at path as this build parsed it. A one-shot build
// let the files' text go after parse (release), so it reads the file again,
// which must hold the bytes parsed: a file changed since fails the build,
// as the page and its twin would disagree.
func (b *Builder) doc(path string) (source.Doc, bool, error) {
	d, ok := b.tree.Doc(path)
	if !ok || d.Data != nil || !b.opts.Once {
		return d, ok, nil
	}
	d, err := source.ReadDoc(b.opts.Source, path)
	if err == nil && sha256.Sum256(d.Data) != b.cache[path].sum {
		err = fmt.Errorf("%s changed during the build; build again", path)
	}
	return d, err == nil, err
}
