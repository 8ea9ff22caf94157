package render

import (
	"fmt"
	"html"
	"html/template"
	"strings"

	"keel/internal/site"
)

// The sidebar is pruned like MkDocs Material's navigation.prune: a page's
// sidebar holds the top-level sections, the sections on the way to the page
// (its ancestors), and around the page a window of its siblings; sections off
// that path appear as single links. Everything else is reachable through the
// section pages, which list all their pages. So a page's sidebar has a size
// bounded by the number of top-level sections and the depth of the tree, not
// by the size of its section: listing a 500-page section in each of its pages
// made the output grow as pages²/sections (1.2 GB at 10,000 pages).

// navPeek is how many entries a folded top-level group lists before an
// "All N pages" link: enough to open a group in place and pick a page.
const navPeek = 8

// navSpan is how many siblings either side of the current entry an open
// section lists: 21 links, about one screen of sidebar, so the pages a reader
// is likely to go to next (the neighbours of the one being read, in the
// section's order) are a click away, and the section page is one more.
const navSpan = 10

// navCache holds what every sidebar is assembled from, rendered once: each
// page's link and each top-level section's folded group. It is read-only
// after newNavCache, so pages render their sidebars concurrently.
type navCache struct {
	root   *site.Section
	links  map[*site.Page]navLink
	home   navLink
	folded map[*site.Section]string
	t      func(string) string
}

// navLink is one rendered <a>; at is the offset just after its href
// attribute, where aria-current goes when it is the current page's link.
type navLink struct {
	html string
	at   int
}

func newNavCache(s *site.Site, r *Renderer) *navCache {
	c := &navCache{root: s.Root, links: map[*site.Page]navLink{}, folded: map[*site.Section]string{}, t: r.t}
	if s.Root == nil {
		return c
	}
	var walk func(sec *site.Section)
	walk = func(sec *site.Section) {
		if sec.Page != nil {
			c.links[sec.Page] = c.link(sec.Page, "nav-section-link", sec.Page.Meta.Title)
		}
		for _, p := range sec.Pages {
			c.links[p] = c.link(p, "nav-page", p.Meta.Title)
		}
		for _, sub := range sec.Sections {
			walk(sub)
		}
	}
	walk(s.Root)
	if s.Root.Page != nil {
		c.home = c.link(s.Root.Page, "nav-section-link", r.t("nav.home"))
	}
	for _, sub := range s.Root.Sections {
		c.folded[sub] = c.foldedGroup(sub)
	}
	return c
}

func (c *navCache) link(p *site.Page, class, label string) navLink {
	var b strings.Builder
	b.WriteString(`<a class="` + class + `" href="`)
	b.WriteString(site.EscapeURL(p.URL)) // EscapeURL already writes & as &amp;
	b.WriteByte('"')
	at := b.Len()
	b.WriteByte('>')
	b.WriteString(html.EscapeString(label))
	if p.Meta.Draft {
		b.WriteString(` <span class="badge draft">` + html.EscapeString(c.t("draft.badge")) + `</span>`)
	}
	b.WriteString(`</a>`)
	return navLink{b.String(), at}
}

// write writes l, marked as the current page if it is cur's link.
func (l navLink) write(b *strings.Builder, current bool) {
	if !current {
		b.WriteString(l.html)
		return
	}
	b.WriteString(l.html[:l.at])
	b.WriteString(` aria-current="page"`)
	b.WriteString(l.html[l.at:])
}

// foldedGroup is a top-level section off the current path: a closed
// <details> that lists its first navPeek entries, sub-sections as plain links.
func (c *navCache) foldedGroup(sec *site.Section) string {
	var b strings.Builder
	b.WriteString(`<li class="nav-section"><details><summary>`)
	c.links[sec.Page].write(&b, false)
	b.WriteString(`</summary><ul>`)
	shown := 0
	for _, p := range sec.Pages {
		if shown == navPeek {
			break
		}
		b.WriteString(`<li>`)
		c.links[p].write(&b, false)
		b.WriteString(`</li>`)
		shown++
	}
	for _, sub := range sec.Sections {
		if shown == navPeek {
			break
		}
		b.WriteString(`<li class="nav-section">`)
		c.links[sub.Page].write(&b, false)
		b.WriteString(`</li>`)
		shown++
	}
	c.more(&b, sec, shown)
	b.WriteString(`</ul></details></li>`)
	return b.String()
}

// more writes the "All N pages" link to sec's page when only shown of its
// entries are listed.
func (c *navCache) more(b *strings.Builder, sec *site.Section, shown int) {
	if total := len(sec.Pages) + len(sec.Sections); shown < total {
		b.WriteString(`<li class="nav-more"><a href="`)
		b.WriteString(site.EscapeURL(sec.Page.URL))
		b.WriteString(`">` + html.EscapeString(fmt.Sprintf(c.t("nav.more"), total)) + `</a></li>`)
	}
}

// forPage assembles p's sidebar (p is nil for views that are no page).
func (c *navCache) forPage(p *site.Page) template.HTML {
	if c.root == nil {
		return ""
	}
	// path[s] is the child of s on the way down to p's section.
	path := map[*site.Section]*site.Section{}
	if p != nil && p.Section != nil {
		for s := p.Section; s.Parent != nil; s = s.Parent {
			path[s.Parent] = s
		}
	}
	var b strings.Builder
	b.WriteString(`<ul class="nav-tree"><li class="nav-home">`)
	c.home.write(&b, p != nil && p == c.root.Page)
	b.WriteString(`</li></ul>`)
	c.entries(&b, c.root, p, path)
	return template.HTML(b.String())
}

// entries writes an open section's list: a window of navSpan entries either
// side of the one on p's path (its pages first, then its sub-sections, as
// the section orders them). The root lists every top-level section.
func (c *navCache) entries(b *strings.Builder, sec *site.Section, p *site.Page, path map[*site.Section]*site.Section) {
	next := path[sec]
	n := len(sec.Pages) + len(sec.Sections)
	k := 0 // the entry the window centres on
	for i, q := range sec.Pages {
		if q == p {
			k = i
		}
	}
	for j, sub := range sec.Sections {
		if sub == next {
			k = len(sec.Pages) + j
		}
	}
	lo, hi := window(k, n, navSpan)
	top := sec.Parent == nil
	if top {
		lo, hi = window(k, len(sec.Pages), navSpan)
	}
	b.WriteString(`<ul>`)
	if lo > 0 {
		b.WriteString(`<li class="nav-gap">` + html.EscapeString(fmt.Sprintf(c.t("nav.earlier"), lo)) + `</li>`)
	}
	for i := lo; i < hi && i < len(sec.Pages); i++ {
		q := sec.Pages[i]
		b.WriteString(`<li>`)
		c.links[q].write(b, q == p)
		b.WriteString(`</li>`)
	}
	if top {
		if hi < len(sec.Pages) {
			b.WriteString(`<li class="nav-gap">` + html.EscapeString(fmt.Sprintf(c.t("nav.later"), len(sec.Pages)-hi)) + `</li>`)
		}
		lo, hi = len(sec.Pages), n
	}
	for i := max(lo, len(sec.Pages)); i < hi; i++ {
		sub := sec.Sections[i-len(sec.Pages)]
		switch {
		case sub == next:
			b.WriteString(`<li class="nav-section open"><details open><summary>`)
			c.links[sub.Page].write(b, sub.Page == p)
			b.WriteString(`</summary>`)
			c.entries(b, sub, p, path)
			b.WriteString(`</details></li>`)
		case top:
			b.WriteString(c.folded[sub])
		default:
			b.WriteString(`<li class="nav-section">`)
			c.links[sub.Page].write(b, false)
			b.WriteString(`</li>`)
		}
	}
	if !top && hi < n {
		b.WriteString(`<li class="nav-gap">` + html.EscapeString(fmt.Sprintf(c.t("nav.later"), n-hi)) + `</li>`)
	}
	if !top {
		c.more(b, sec, hi-lo)
	}
	b.WriteString(`</ul>`)
}

// window returns [lo, hi) of at most 2·span+1 of n entries around k, shifted
// to stay inside 0..n so that a page near either end still sees 2·span+1.
func window(k, n, span int) (lo, hi int) {
	lo = max(0, k-span)
	hi = min(n, lo+2*span+1)
	lo = max(0, hi-2*span-1)
	return lo, hi
}
