package render

import (
	"bytes"
	"html/template"
	"strings"
	"sync"
	"text/template/parse"

	"keel/internal/site"
)

// Parts of a page that are the same wherever they appear are rendered once
// per build and then copied, not executed again for every page (a template
// action costs two reflective calls, one for the value and one for its
// escaper):
//
//   - {{siteHTML "name"}} runs the template "name" with the site as its data:
//     the head's stylesheet links, the header's brand and search form, the
//     footer. Its output can depend on nothing but the site and the theme,
//     so it is rendered once.
//   - {{viewHTML "name" .}} runs "name" with only the site, the view's name
//     and its taxonomy as data (the header's links to the views): rendered
//     once per view.
//   - {{card .}} is the "card" template of a page, as the section lists, the
//     term pages, the home page and the related lists show it: a page's card
//     appears in several lists, and depends only on the page's front matter.
//
//     {{cards .}} is the cards of a list of pages.
//   - {{tocItems .}} is the page's table of contents, shown twice on a page:
//     rendered once while the page renders.
//
// All are inserted where the template would have run, in HTML text, so the
// escaping is the one the template would have had there: the same bytes.

// memo holds what siteHTML and card rendered, for one Renderer.
type memo struct {
	parts sync.Map // memoKey → template.HTML
}

// memoKey names one rendered part: the template set it came from (group),
// the template and, for a card, the page.
type memoKey struct {
	group, name string
	page        *site.Page     // card
	view        string         // viewHTML
	tax         *site.Taxonomy // viewHTML
}

// groupOf is the template set a view's memoised parts come from: the shared
// partials (""), unless the view's own file defines templates besides "main",
// which could override what a part calls.
func groupOf(view, name, src string) string {
	t := parse.New(name)
	t.Mode = parse.SkipFuncCheck
	trees := map[string]*parse.Tree{}
	if _, err := t.Parse(src, "", "", trees); err != nil {
		return view
	}
	for n := range trees {
		if n != name && n != "main" {
			return view
		}
	}
	return ""
}

// memoFuncs are siteHTML and card for the templates of one view.
func (r *Renderer) memoFuncs(viewName, group string) template.FuncMap {
	exec := func(key memoKey, data any) (template.HTML, error) {
		if v, ok := r.memo.parts.Load(key); ok {
			return v.(template.HTML), nil
		}
		var b bytes.Buffer
		if err := r.views[viewName].ExecuteTemplate(&b, key.name, data); err != nil {
			return "", err
		}
		v, _ := r.memo.parts.LoadOrStore(key, template.HTML(b.String()))
		return v.(template.HTML), nil
	}
	card := func(p *site.Page) (template.HTML, error) {
		// A copy made by site.Site.WithBody has the front matter of the
		// graph's page, hence its card.
		p = r.site.Own(p)
		return exec(memoKey{group: group, name: "card", page: p}, p)
	}
	return template.FuncMap{
		// tocItems is the list of the page's table of contents, which
		// the page shows twice (beside the article and, on phones, above
		// it): rendered once per page render.
		"tocItems": func(p *site.Page) (template.HTML, error) {
			if v, ok := r.tocs.Load(p); ok {
				return v.(template.HTML), nil
			}
			var b bytes.Buffer
			if err := r.views[viewName].ExecuteTemplate(&b, "toc-items", r.toc(p)); err != nil {
				return "", err
			}
			h := template.HTML(b.String())
			if _, ok := r.rendering.Load(p); ok { // dropped when its render ends
				r.tocs.Store(p, h)
			}
			return h, nil
		},
		"siteHTML": func(name string) (template.HTML, error) { return exec(memoKey{group: group, name: name}, r.site) },
		"card":     card,
		"cards": func(pages []*site.Page) (template.HTML, error) {
			var b strings.Builder
			for _, p := range pages {
				c, err := card(p)
				if err != nil {
					return "", err
				}
				b.WriteString(string(c))
			}
			return template.HTML(b.String()), nil
		},
		"viewHTML": func(name string, v view) (template.HTML, error) {
			key := memoKey{group: group, name: name, view: v.View, tax: v.Taxonomy}
			return exec(key, view{Site: r.site, View: v.View, Taxonomy: v.Taxonomy})
		},
	}
}
