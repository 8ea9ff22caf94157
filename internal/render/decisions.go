package render

import (
	"html/template"
	"slices"
	"strconv"
	"strings"

	"keel/internal/site"
)

// DiagramFunc renders generated D2 source to an inline SVG (nil: not
// rendered). The build passes the same renderer and cache that Markdown's
// diagram blocks use; render itself never links D2.
type DiagramFunc func(title, src string) []byte

// decisionChain is the picture of a blueprint's supersedes chain: every
// blueprint reachable through supersedes in either direction, oldest on the
// left, this one emphasised. Pages outside a chain get nothing.
func (r *Renderer) decisionChain(p *site.Page) template.HTML {
	if r.diagram == nil || len(p.Supersedes)+len(p.SupersededBy) == 0 {
		return ""
	}
	p = r.site.Own(p) // the chain links the graph's pages, not a WithBody copy
	return r.figure(r.t("decisions.chain"), decisionD2(chainOf(p), p, r.t))
}

// chainOf is every blueprint reachable from p through supersedes in either
// direction, p included, sorted by ID.
func chainOf(p *site.Page) []*site.Page {
	seen := map[*site.Page]bool{p: true}
	queue := []*site.Page{p}
	for len(queue) > 0 {
		q := queue[0]
		queue = queue[1:]
		for _, n := range slices.Concat(q.Supersedes, q.SupersededBy) {
			if !seen[n] {
				seen[n] = true
				queue = append(queue, n)
			}
		}
	}
	var pages []*site.Page
	for q := range seen {
		pages = append(pages, q)
	}
	slices.SortFunc(pages, func(a, b *site.Page) int { return strings.Compare(a.ID, b.ID) })
	return pages
}

// decisionGraph is every blueprint of the edition: one diagram per
// supersedes chain (superseded → successor), then the blueprints outside any
// chain as a plain list. One diagram of every blueprint would cost a layout
// quadratic in the site (a minute at 2,500 blueprints) and be unreadable.
func (r *Renderer) decisionGraph(s *site.Site) template.HTML {
	var b strings.Builder
	done := map[*site.Page]bool{}
	var alone []*site.Page
	for _, p := range s.Blueprints() {
		switch {
		case done[p]:
		case len(p.Supersedes)+len(p.SupersededBy) == 0:
			alone = append(alone, p)
		default:
			chain := chainOf(p)
			for _, q := range chain {
				done[q] = true
			}
			if r.diagram != nil {
				b.WriteString(string(r.figure(r.t("decisions.chain"), decisionD2(chain, nil, r.t))))
			}
		}
	}
	if len(alone) > 0 {
		b.WriteString(`<section class="decisions-others"><h2>` + template.HTMLEscapeString(r.t("decisions.others")) + "</h2>\n<ul>\n")
		for _, p := range alone {
			b.WriteString(`<li><a href="` + template.HTMLEscapeString(p.URL) + `"` + fallbackAttrs(s.LangOf(p)) + `>` + template.HTMLEscapeString(p.Meta.Title) + "</a>")
			if p.Meta.Status != "" {
				b.WriteString(` <span class="status">` + template.HTMLEscapeString(r.t("status."+p.Meta.Status)) + "</span>")
			}
			b.WriteString("</li>\n")
		}
		b.WriteString("</ul></section>\n")
	}
	return template.HTML(b.String())
}

// fallbackAttrs mark a link to a page in another language than the site's
// (lang from Site.LangOf), as body links that fall back are marked.
func fallbackAttrs(lang string) string {
	if lang == "" {
		return ""
	}
	return ` hreflang="` + lang + `" lang="` + cmpOr(languageTags[lang], lang) + `" class="keel-fallback"`
}

func (r *Renderer) figure(title, src string) template.HTML {
	svg := r.diagram(title, src)
	if svg == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<figure class="diagram diagram-d2" tabindex="0">`) // scrollable: see markdown.writeDiagram
	b.Write(svg)
	b.WriteString("<figcaption>" + template.HTMLEscapeString(title) + "</figcaption></figure>")
	return template.HTML(b.String())
}

// decisionD2 writes a supersedes chain (pages sorted by ID) as D2, laid out
// left to right, current (when set) emphasised.
func decisionD2(pages []*site.Page, current *site.Page, t func(string) string) string {
	in := map[*site.Page]bool{}
	key := map[*site.Page]string{}
	for i, p := range pages {
		in[p] = true
		key[p] = "b" + strconv.Itoa(i+1)
	}
	var b strings.Builder
	b.WriteString("direction: right\n")
	for _, p := range pages {
		label := wrap(p.Meta.Title, 28)
		if p.Meta.Status != "" {
			label += "\n" + t("status."+p.Meta.Status)
		}
		b.WriteString(key[p] + ": " + d2Quote(label))
		if p == current {
			b.WriteString(" {style.stroke-width: 4; style.bold: true}")
		} else if p.Meta.Status == "superseded" || p.Meta.Status == "rejected" {
			b.WriteString(" {style.stroke-dash: 3}")
		}
		b.WriteByte('\n')
	}
	for _, p := range pages {
		for _, old := range p.Supersedes {
			if in[old] {
				b.WriteString(key[old] + " -> " + key[p] + ": " + d2Quote(t("decisions.supersededBy")) + "\n")
			}
		}
	}
	return b.String()
}

func d2Quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "\n", `\n`).Replace(s) + `"`
}

// wrap breaks a title into lines of about width characters at spaces.
func wrap(s string, width int) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len([]rune(line))+1+len([]rune(w)) > width {
			lines = append(lines, line)
			line = w
			continue
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
