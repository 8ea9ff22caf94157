package render

import (
	"html"
	"html/template"
	"strings"

	"keel/internal/site"
)

// navCache renders the sidebar once per section, not once per page: pages of
// one section share a sidebar, and only the current link differs. The current
// page is marked by inserting aria-current at an offset recorded while rendering.
type navCache struct {
	bySection map[*site.Section]*navHTML
}

type navHTML struct {
	html string
	at   map[*site.Page]int // offset just after `<a href="…"` of each page's link
}

func newNavCache(s *site.Site, r *Renderer) *navCache {
	c := &navCache{bySection: map[*site.Section]*navHTML{}}
	var walk func(sec *site.Section)
	walk = func(sec *site.Section) {
		c.bySection[sec] = buildNav(s, sec, r)
		for _, sub := range sec.Sections {
			walk(sub)
		}
	}
	walk(s.Root)
	return c
}

func (c *navCache) forPage(p *site.Page) template.HTML {
	sec := (*site.Section)(nil)
	if p != nil {
		sec = p.Section
	}
	n := c.bySection[sec]
	if n == nil {
		for k, v := range c.bySection {
			if k.Parent == nil {
				n = v
			}
		}
	}
	if n == nil {
		return ""
	}
	off, ok := n.at[p]
	if !ok {
		return template.HTML(n.html)
	}
	return template.HTML(n.html[:off] + ` aria-current="page"` + n.html[off:])
}

// buildNav writes the tree: every top-level section, with the branch that
// leads to the current section opened down to its pages.
func buildNav(s *site.Site, current *site.Section, r *Renderer) *navHTML {
	open := map[*site.Section]bool{}
	for t := current; t != nil; t = t.Parent {
		open[t] = true
	}
	n := &navHTML{at: map[*site.Page]int{}}
	var b strings.Builder
	link := func(p *site.Page, class string) {
		b.WriteString(`<a class="` + class + `" href="`)
		b.WriteString(site.EscapeURL(p.URL)) // EscapeURL already writes & as &amp;
		b.WriteByte('"')
		n.at[p] = b.Len()
		b.WriteByte('>')
		b.WriteString(html.EscapeString(p.Meta.Title))
		if p.Meta.Draft {
			b.WriteString(` <span class="badge draft">` + html.EscapeString(r.t("draft.badge")) + `</span>`)
		}
		b.WriteString(`</a>`)
	}
	var section func(sec *site.Section)
	section = func(sec *site.Section) {
		b.WriteString(`<ul>`)
		for _, p := range sec.Pages {
			b.WriteString(`<li>`)
			link(p, "nav-page")
			b.WriteString(`</li>`)
		}
		for _, sub := range sec.Sections {
			cls := "nav-section"
			if open[sub] {
				cls += " open"
			}
			b.WriteString(`<li class="` + cls + `">`)
			link(sub.Page, "nav-section-link")
			if open[sub] {
				section(sub)
			}
			b.WriteString(`</li>`)
		}
		b.WriteString(`</ul>`)
	}
	root := s.Root
	b.WriteString(`<ul class="nav-tree"><li class="nav-home">`)
	link(root.Page, "nav-section-link")
	b.WriteString(`</li></ul>`)
	section(root)
	n.html = b.String()
	return n
}
