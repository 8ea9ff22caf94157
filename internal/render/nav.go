package render

import (
	"fmt"
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

// navPeek is how many entries a folded sidebar group lists before an
// "All N pages" link: enough to open a group in place and pick a page,
// while a page's sidebar stays small on a site of thousands of pages.
const navPeek = 8

// buildNav writes the tree: every top-level section as a group that opens and
// closes in place (<details>), the groups on the way to the current section
// open and complete; a folded group lists its first entries.
func buildNav(s *site.Site, current *site.Section, r *Renderer) *navHTML {
	open := map[*site.Section]bool{}
	for t := current; t != nil; t = t.Parent {
		open[t] = true
	}
	n := &navHTML{at: map[*site.Page]int{}}
	var b strings.Builder
	link := func(p *site.Page, class, label string) {
		b.WriteString(`<a class="` + class + `" href="`)
		b.WriteString(site.EscapeURL(p.URL)) // EscapeURL already writes & as &amp;
		b.WriteByte('"')
		n.at[p] = b.Len()
		b.WriteByte('>')
		b.WriteString(html.EscapeString(label))
		if p.Meta.Draft {
			b.WriteString(` <span class="badge draft">` + html.EscapeString(r.t("draft.badge")) + `</span>`)
		}
		b.WriteString(`</a>`)
	}
	// entries writes a section's pages and sub-sections; a folded one
	// (full false) lists at most navPeek entries and its sub-sections unopened.
	var entries func(sec *site.Section, full bool)
	group := func(sub *site.Section, full bool) {
		cls := "nav-section"
		if open[sub] {
			cls += " open"
		}
		b.WriteString(`<li class="` + cls + `">`)
		if !full && !open[sub] {
			// inside a folded group: a plain link, no nested group
			link(sub.Page, "nav-section-link", sub.Page.Meta.Title)
			b.WriteString(`</li>`)
			return
		}
		if open[sub] {
			b.WriteString(`<details open><summary>`)
		} else {
			b.WriteString(`<details><summary>`)
		}
		link(sub.Page, "nav-section-link", sub.Page.Meta.Title)
		b.WriteString(`</summary>`)
		entries(sub, open[sub])
		b.WriteString(`</details></li>`)
	}
	entries = func(sec *site.Section, full bool) {
		b.WriteString(`<ul>`)
		shown := 0
		for _, p := range sec.Pages {
			if !full && shown == navPeek {
				break
			}
			b.WriteString(`<li>`)
			link(p, "nav-page", p.Meta.Title)
			b.WriteString(`</li>`)
			shown++
		}
		for _, sub := range sec.Sections {
			if !full && shown == navPeek {
				break
			}
			group(sub, full)
			shown++
		}
		if total := len(sec.Pages) + len(sec.Sections); !full && shown < total {
			b.WriteString(`<li class="nav-more"><a href="`)
			b.WriteString(html.EscapeString(site.EscapeURL(sec.Page.URL)))
			b.WriteString(`">` + html.EscapeString(fmt.Sprintf(r.t("nav.more"), total)) + `</a></li>`)
		}
		b.WriteString(`</ul>`)
	}
	root := s.Root
	b.WriteString(`<ul class="nav-tree"><li class="nav-home">`)
	link(root.Page, "nav-section-link", r.t("nav.home"))
	b.WriteString(`</li></ul>`)
	// the top level: its pages, then every section as a group
	b.WriteString(`<ul>`)
	for _, p := range root.Pages {
		b.WriteString(`<li>`)
		link(p, "nav-page", p.Meta.Title)
		b.WriteString(`</li>`)
	}
	for _, sub := range root.Sections {
		group(sub, true)
	}
	b.WriteString(`</ul>`)
	n.html = b.String()
	return n
}
