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
	return r.figure(r.t("decisions.chain"), decisionD2(pages, p, r.t))
}

// decisionGraph is every blueprint of the edition, superseded → successor.
func (r *Renderer) decisionGraph(s *site.Site) template.HTML {
	if r.diagram == nil {
		return ""
	}
	return r.figure(r.t("decisions.title"), decisionD2(s.OfKind("blueprint"), nil, r.t))
}

func (r *Renderer) figure(title, src string) template.HTML {
	svg := r.diagram(title, src)
	if svg == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<figure class="diagram diagram-d2">`)
	b.Write(svg)
	b.WriteString("<figcaption>" + template.HTMLEscapeString(title) + "</figcaption></figure>")
	return template.HTML(b.String())
}

// decisionD2 writes pages (sorted by ID) and their supersedes edges as D2:
// chains laid out left to right; in the whole graph (current nil), the
// blueprints outside any chain in a grid of their own below.
func decisionD2(pages []*site.Page, current *site.Page, t func(string) string) string {
	in := map[*site.Page]bool{}
	for _, p := range pages {
		in[p] = true
	}
	linked := map[*site.Page]bool{}
	for _, p := range pages {
		for _, old := range p.Supersedes {
			if in[old] {
				linked[p], linked[old] = true, true
			}
		}
	}
	key := map[*site.Page]string{}
	for i, p := range pages {
		key[p] = "b" + strconv.Itoa(i+1)
		if !linked[p] && current == nil {
			key[p] = "others.b" + strconv.Itoa(i+1)
		}
	}
	var b strings.Builder
	b.WriteString("direction: right\n")
	node := func(p *site.Page, indent string) {
		label := wrap(p.Meta.Title, 28)
		if p.Meta.Status != "" {
			label += "\n" + t("status."+p.Meta.Status)
		}
		k := key[p]
		if i := strings.LastIndexByte(k, '.'); i >= 0 {
			k = k[i+1:]
		}
		b.WriteString(indent + k + ": " + d2Quote(label))
		if p == current {
			b.WriteString(" {style.stroke-width: 4; style.bold: true}")
		} else if p.Meta.Status == "superseded" || p.Meta.Status == "rejected" {
			b.WriteString(" {style.stroke-dash: 3}")
		}
		b.WriteByte('\n')
	}
	var others []*site.Page
	for _, p := range pages {
		if strings.HasPrefix(key[p], "others.") {
			others = append(others, p)
		} else {
			node(p, "")
		}
	}
	if len(others) > 0 {
		b.WriteString("others: " + d2Quote(t("decisions.others")) + " {\n  grid-columns: 3\n")
		for _, p := range others {
			node(p, "  ")
		}
		b.WriteString("}\n")
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
