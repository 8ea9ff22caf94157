package site

import (
	"bytes"
	"cmp"
	"fmt"
	"html"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"keel/internal/diag"
	"keel/internal/markdown"
	"keel/internal/meta"
)

// target is what a reference resolved to: a page (with an optional anchor)
// or a file published with the site.
type target struct {
	page     *Page
	url      string // final URL, base path applied, unescaped
	anchor   string // the id as the target page has it (canonical case)
	explicit bool   // the anchor is a {#id}, which GitHub ignores
	// fallback is the language of the page reached when the linking page's
	// language has no translation of it ("" otherwise)
	fallback string
	// note, when set, says why a link that works on GitHub cannot work on the
	// built site (a warning; url is then the link as written)
	note string
	// siteOnly, when set, says why GitHub misses the page or anchor the link
	// reaches on the built site (a warning; the link is written as resolved)
	siteOnly string
}

// resolve finds what dest points to from page p. msg is non-empty when the
// reference is broken or not allowed in this edition.
func (b *builder) resolve(p *Page, dest string, pagesOnly bool) (target, string) {
	ref, anchor, hasAnchor := strings.Cut(dest, "#")
	ref, query, _ := strings.Cut(ref, "?")
	if dec, err := url.PathUnescape(ref); err == nil {
		ref = dec
	}
	if dec, err := url.PathUnescape(anchor); err == nil {
		anchor = dec
	}
	var t target
	if ref == "" {
		if !hasAnchor && pagesOnly {
			return t, "empty link"
		}
		t.page = p // [x]() and [x](#id): the page itself, as on GitHub
	} else {
		var msg string
		if t, msg = b.lookup(p, ref, pagesOnly); msg != "" {
			return t, msg
		}
	}
	if t.page != nil {
		if msg := b.visibility(t.page); msg != "" {
			return t, msg
		}
		t.url = t.page.URL
		if hasAnchor && anchor != "" {
			id, github, ok := matchAnchor(t.page.MD.IDs, anchor)
			if !ok {
				if _, _, in := matchAnchor(b.internalIDs(t.page), anchor); in && b.in.Audience == "public" {
					return t, fmt.Sprintf("anchor #%s is inside a [!INTERNAL] block of %s, which the public edition leaves out", anchor, t.page.Path)
				}
				if b.in.Prefix != "" && ref != "" && t.fallback == "" && strings.HasSuffix(path.Base(ref), ".md") && !strings.HasSuffix(path.Base(ref), "."+b.in.Lang+".md") {
					// the link names the source file and reaches its translation
					return t, missingAnchor(t.page, anchor, false) + fmt.Sprintf(", the %s translation a link to %s reaches from a %s page", b.in.Lang, path.Base(ref), b.in.Lang)
				}
				return t, missingAnchor(t.page, anchor, t.page == p)
			}
			t.explicit = slices.Contains(t.page.MD.Explicit, id)
			if !github && !t.explicit {
				t.siteOnly = fmt.Sprintf("GitHub looks a fragment up in lower case, so #%s never reaches the mixed-case anchor %q (link to #user-content-%s, GitHub's id for it, or give the anchor a lower-case name)", anchor, id, id)
			}
			anchor = id // GitHub ignores case; a browser does not
		}
	}
	if query != "" {
		t.url += "?" + query
	}
	if hasAnchor && anchor != "" {
		t.anchor = anchor
	}
	return t, ""
}

func missingAnchor(p *Page, anchor string, self bool) string {
	where := "in " + p.Path
	if self {
		where = "on this page"
	}
	msg := fmt.Sprintf("no anchor #%s %s", anchor, where)
	if best := diag.Nearest(anchor, p.MD.IDs); best != "" {
		msg += fmt.Sprintf(" (did you mean #%s?)", best)
	}
	return msg
}

// internalIDs are the ids inside a page's internal blocks (gone from its
// public view, so taken from the page's document).
func (b *builder) internalIDs(p *Page) []string {
	for _, d := range b.in.Docs {
		if d.Path == p.Path && d.MD != nil {
			return d.MD.InternalIDs
		}
	}
	return nil
}

func (b *builder) visibility(t *Page) string {
	if t.Visible {
		return ""
	}
	if t.Meta.Draft && !b.in.Drafts {
		return fmt.Sprintf("links to draft page %s, which is published only with --drafts", t.Path)
	}
	return fmt.Sprintf("links to internal page %s, which the public edition leaves out", t.Path)
}

// lookup maps a link path to a page or file. Paths are relative to the
// linking file, or to content/ when they start with '/'.
func (b *builder) lookup(p *Page, ref string, pagesOnly bool) (t target, msg string) {
	candidates := linkCandidates(p, ref)
	trailing := strings.HasSuffix(ref, "/")
	defer func() {
		if msg == "" || pagesOnly {
			return
		}
		for _, c := range candidates {
			if note := b.githubOnly(ref, c); note != "" {
				t, msg = target{url: ref, note: note}, ""
				return
			}
		}
	}()
	for _, c := range candidates {
		if strings.HasPrefix(c, "../") || c == ".." {
			continue
		}
		if t, msg, ok := b.lookupIn(c, ref, trailing, pagesOnly); ok {
			if t.page != nil && (b.in.Exists == nil || !b.in.Exists(c)) { // a path GitHub has works there
				t.siteOnly = githubMisses(ref, t.page.Path)
			}
			return t, msg
		}
	}
	if pagesOnly {
		return target{}, fmt.Sprintf("%q is not a page%s", ref, b.nearestFile(p, ref, true))
	}
	return target{}, fmt.Sprintf("%q does not exist%s", ref, b.nearestFile(p, ref, false))
}

// linkCandidates are the source paths a link from p may name: relative to
// the linking file, or, when it starts with '/', under content/, under
// static/ or a generated view.
func linkCandidates(p *Page, ref string) []string {
	if strings.HasPrefix(ref, "/") {
		return []string{path.Join("content", ref), path.Join("static", ref), strings.TrimPrefix(path.Clean(ref), "/")}
	}
	dir := path.Dir(p.Path)
	if p.Path == "" {
		dir = path.Join("content", p.Section.ID)
	}
	return []string{path.Join(dir, ref)}
}

// lookupIn maps one candidate path c of link ref to a page, a content
// file, a static file or a generated view; ok is false when c is none.
func (b *builder) lookupIn(c, ref string, trailing, pagesOnly bool) (t target, msg string, ok bool) {
	if id, ok := strings.CutPrefix(c, "content/"); ok || c == "content" {
		if c == "content" {
			id = ""
		}
		if pg := b.pageByRef(id, trailing); pg != nil {
			return target{page: pg}, "", true
		}
		if d := b.in.Default; d != nil { // no translation: the default language's page
			if pg := findRef(d.byID, d.sections, id, trailing); pg != nil {
				return target{page: pg, fallback: d.Lang}, "", true
			}
		}
		if !pagesOnly && !trailing && b.isAsset(c) {
			b.assets[c] = true
			return target{url: b.in.Config.BasePath + EscapePath(id)}, "", true
		}
	}
	if rel, ok := strings.CutPrefix(c, "static/"); ok && !pagesOnly && !trailing && slices.Contains(b.in.Static, c) {
		if b.in.Audience == "public" && InternalStatic(c) {
			return target{}, fmt.Sprintf("links to %s, which only the internal edition publishes (static/internal/)", c), true
		}
		if out, ok := b.in.StaticOut[c]; ok { // fingerprinted: css/print.1a2b3c4d.css
			rel = out
		}
		return target{url: b.in.Config.BasePath + EscapePath(rel)}, "", true
	}
	// Generated views are link targets but not pages (related, supersedes).
	if v := strings.Trim(c, "/"); !pagesOnly && slices.Contains(reservedURLs, v) {
		if name := path.Base(v); name != "search" && !b.site.Shows(name) {
			return target{}, fmt.Sprintf("%q is a view this edition does not publish (keel.yaml editions.%s.views)", ref, b.in.Audience), true
		}
		return target{url: b.in.Config.BasePath + b.in.Prefix + strings.Trim(c, "/") + "/"}, "", true
	}
	return target{}, "", false
}

// nearestFile is the did-you-mean of a link to a missing file: the existing
// page (or, for links, file) whose path is nearest to what the link names,
// written the way the link was (relative to the page, or from content/).
func (b *builder) nearestFile(p *Page, ref string, pagesOnly bool) string {
	abs := strings.HasPrefix(ref, "/")
	norm := func(s string) string {
		if abs {
			s = strings.TrimPrefix(strings.TrimPrefix(s, "content/"), "static/")
		}
		s = strings.TrimSuffix(strings.TrimSuffix(s, "/"), ".md")
		return strings.TrimSuffix(s, "/_index")
	}
	var known []string
	for _, pg := range b.all {
		if pg.Path != "" {
			known = append(known, pg.Path)
		}
	}
	if !pagesOnly {
		known = append(known, b.in.Assets...)
		if abs {
			known = append(known, b.in.Static...)
		}
	}
	dir := path.Dir(p.Path)
	if p.Path == "" {
		dir = path.Join("content", p.Section.ID)
	}
	want := path.Join(dir, ref)
	if abs {
		want = path.Clean(ref)[1:]
	}
	normed := make([]string, len(known))
	for i, k := range known {
		normed[i] = norm(k)
	}
	best := diag.Nearest(norm(want), normed)
	if best == "" {
		return ""
	}
	file := known[slices.Index(normed, best)]
	sug := relPath(dir, file)
	if abs {
		sug = "/" + strings.TrimPrefix(strings.TrimPrefix(file, "content/"), "static/")
	}
	return fmt.Sprintf(" (did you mean %q?)", sug)
}

// relPath is target written relative to the folder dir (both slash paths
// from the site root).
func relPath(dir, target string) string {
	from := strings.Split(dir, "/")
	to := strings.Split(target, "/")
	i := 0
	for i < len(from) && i < len(to)-1 && from[i] == to[i] {
		i++
	}
	return strings.Repeat("../", len(from)-i) + strings.Join(to[i:], "/")
}

// InternalStatic reports a static file only the internal edition publishes:
// everything under static/internal/.
func InternalStatic(p string) bool { return strings.HasPrefix(p, "static/internal/") }

// pageByRef finds a page by its id-like path: "manuals/pg.md", "manuals/pg",
// "manuals/", "manuals/_index.md".
func (b *builder) pageByRef(id string, trailing bool) *Page {
	return findRef(b.byID, b.sections, id, trailing)
}

func findRef(byID map[string]*Page, sections map[string]*Section, id string, trailing bool) *Page {
	id = strings.Trim(id, "/")
	if strings.HasSuffix(id, ".md") {
		id = strings.TrimSuffix(id, ".md")
		if isReadme(id + ".md") {
			if pg := byID[id]; pg != nil { // a README.md that is not its folder's index
				return pg
			}
			id = path.Join(path.Dir(id), "_index")
		}
		return byID[id]
	}
	if path.Ext(id) != "" && !trailing {
		return nil
	}
	if pg := byID[path.Join(id, "_index")]; pg != nil {
		return pg
	}
	if s := sections[id]; s != nil && s.Page != nil {
		return s.Page
	}
	if !trailing {
		return byID[id]
	}
	return nil
}

func (b *builder) isAsset(p string) bool {
	_, ok := slices.BinarySearch(b.in.Assets, p)
	return ok
}

// resolveAll resolves every published page's links and references.
func (b *builder) resolveAll() {
	if img := b.in.Config.Image; img.Target != "" && b.site.Home != nil {
		if strings.HasPrefix(img.Target, "/") || markdown.IsExternal(img.Target) {
			b.site.ImageURL = b.image(&Page{Section: b.site.Root}, img)
		} else {
			b.diags.Errorf("keel.yaml", img.Line, img.Col, "image %q: give a path from the site root (/img/card.png) or a URL", img.Target)
		}
	}
	var explicit []markdown.Link // links that rely on a {#id}
	var explicitPage *Page
	for _, p := range b.linking() {
		if p.MD == nil {
			p.MD = &markdown.Result{}
		}
		urls := make([]string, len(p.MD.Links))
		for i, l := range p.MD.Links {
			if l.Internal && b.in.Audience == "public" {
				continue // inside an internal block: not published
			}
			var explicitID bool
			urls[i], explicitID = b.linkURL(p, l)
			if explicitID {
				if explicit == nil {
					explicitPage = p
				}
				explicit = append(explicit, l)
			}
		}
		p.urls = urls
		if img := p.Meta.Image; img.Target != "" {
			p.ImageURL = b.image(p, img)
		}
		p.Related = b.refs(p, p.Meta.Related, "related")
		p.Supersedes = b.refs(p, p.Meta.Supersedes, "supersedes")
		for _, t := range p.Related {
			b.edge(p, t)
		}
		for _, mt := range p.Meta.Metrics {
			p.Metrics = append(p.Metrics, b.metric(p, mt))
		}
	}
	if len(explicit) > 0 {
		l := explicit[0]
		more := ""
		if len(explicit) > 1 {
			more = fmt.Sprintf(" (the first of %d such links)", len(explicit))
		}
		b.diags.Warnf(explicitPage.Path, l.Line, l.Col, "link %q relies on a {#id} heading id, which GitHub does not honour: there the heading keeps its text-derived id and shows {#id} as text%s", l.Dest, more)
	}
}

// linking are the pages whose links are resolved: the published ones and
// the team pages their team pages show.
func (b *builder) linking() []*Page {
	pages := b.site.Pages
	for _, p := range b.all {
		if p.Team && p.Visible {
			pages = append(slices.Clip(pages), p)
		}
	}
	return pages
}

// linkURL resolves one link of p, reporting it when it is broken, and
// returns the URL to write ("" to leave it as it is) and whether the link
// relies on a {#id} heading id.
func (b *builder) linkURL(p *Page, l markdown.Link) (string, bool) {
	t, msg := b.resolve(p, l.Dest, false)
	switch {
	case msg != "" && t.page != nil && !t.page.Visible:
		b.diags.Errorf(p.Path, l.Line, l.Col, "broken link %q: %s", l.Dest, msg) // an edition leak is never a warning
		return brokenDest(fmt.Sprintf("broken link %q: %s", l.Dest, msg)), false
	case msg != "" && b.in.Config.Links != "warn":
		b.diags.Errorf(p.Path, l.Line, l.Col, "broken link %q: %s", l.Dest, msg)
		return brokenDest(fmt.Sprintf("broken link %q: %s", l.Dest, msg)), false
	case msg != "": // links: warn lets a tree with broken links build
		b.diags.Warnf(p.Path, l.Line, l.Col, "broken link %q: %s", l.Dest, msg)
		return "", false
	case t.note != "":
		b.diags.Warnf(p.Path, l.Line, l.Col, "link %q works on GitHub but not on the built site: %s", l.Dest, t.note)
		return EscapeURL(l.Dest), false
	}
	if t.siteOnly != "" {
		b.diags.Warnf(p.Path, l.Line, l.Col, "link %q works on the built site but not on GitHub: %s", l.Dest, t.siteOnly)
	}
	u := href(t)
	if l := b.leaves(t); l != "" { // marked: the reader leaves their language
		u += `" hreflang="` + l + `" class="keel-fallback`
	}
	b.edge(p, t.page)
	return u, t.explicit
}

// leaves is the language a link to t takes the reader to when it is not
// theirs: a default-language page reached for want of a translation, unless
// that page is written in the reader's language (front matter lang: zh).
func (b *builder) leaves(t target) string {
	if t.fallback == "" || t.page != nil && t.page.Meta.Lang == b.in.Lang {
		return ""
	}
	if t.page != nil && t.page.Meta.Lang != "" {
		return t.page.Meta.Lang
	}
	return t.fallback
}

// metric checks and resolves the source of one of p's metrics.
func (b *builder) metric(p *Page, mt meta.Metric) Metric {
	m := Metric{Metric: mt}
	switch {
	case mt.Source.Target == "":
		if p.Meta.Audience == "public" && p.Kind == meta.Brief {
			b.diags.Warnf(p.Path, mt.Line, mt.Col, "metric %q has no source; a customer-facing claim needs one", mt.Value+" "+mt.Label)
		}
	case meta.CheckWebURL(mt.Source.Target) != "":
		b.diags.Errorf(p.Path, mt.Source.Line, mt.Source.Col, "metric source %q: %s", mt.Source.Target, meta.CheckWebURL(mt.Source.Target))
	case markdown.IsExternal(mt.Source.Target):
		// The host names the source for a reader (and on paper, where a bare "Source" link is lost).
		m.SourceURL, m.SourceTitle = mt.Source.Target, sourceHost(mt.Source.Target)
	default:
		t, msg := b.resolve(p, mt.Source.Target, false)
		if msg != "" {
			b.diags.Errorf(p.Path, mt.Source.Line, mt.Source.Col, "metric source %q: %s", mt.Source.Target, msg)
		} else {
			m.SourceURL, m.SourceLang = href(t), b.leaves(t)
			if t.page != nil {
				m.SourceTitle = sourceTitle(p, t)
				b.edge(p, t.page)
			}
		}
	}
	return m
}

// image resolves a share-card image: a URL as it is, otherwise a file on
// the site, like a link.
func (b *builder) image(p *Page, img meta.Ref) string {
	var t target
	msg := meta.CheckWebURL(img.Target) // javascript:, data: would go into every share card as they are
	if msg == "" && markdown.IsExternal(img.Target) {
		return img.Target
	}
	if msg == "" {
		t, msg = b.resolve(p, img.Target, false)
	}
	if msg == "" && t.page != nil {
		msg = "is a page, not an image"
	}
	if msg != "" {
		file := p.Path
		if file == "" {
			file = "keel.yaml"
		}
		b.diags.Errorf(file, img.Line, img.Col, "image %q: %s", img.Target, msg)
		return ""
	}
	return t.url
}

// refs resolves front-matter page references.
func (b *builder) refs(p *Page, refs []meta.Ref, field string) []*Page {
	var out []*Page
	for _, r := range refs {
		t, msg := b.resolve(p, r.Target, true)
		if msg != "" {
			b.diags.Errorf(p.Path, r.Line, r.Col, "%s %q: %s", field, r.Target, msg)
			continue
		}
		if t.page == p {
			b.diags.Warnf(p.Path, r.Line, r.Col, "%s lists the page itself", field)
			continue
		}
		if !slices.Contains(out, t.page) {
			out = append(out, t.page)
		}
	}
	return out
}

// edge records that from refers to to, for "Referenced by".
func (b *builder) edge(from, to *Page) {
	if to == nil || to == from || to.lang != b.in.Lang || slices.Contains(to.Backlinks, from) { // another language's site is not this one's to change
		return
	}
	to.Backlinks = append(to.Backlinks, from)
}

// graph derives supersedes chains and orders backlinks.
func (b *builder) graph() {
	for _, p := range b.site.Pages {
		for i, old := range p.Supersedes {
			if old.Kind != meta.Blueprint || p.Kind != meta.Blueprint {
				r := p.Meta.Supersedes[min(i, len(p.Meta.Supersedes)-1)]
				b.diags.Warnf(p.Path, r.Line, r.Col, "supersedes is meant for blueprints; %s is a %s", old.Path, old.Kind)
			}
			if old.lang == b.in.Lang {
				old.SupersededBy = append(old.SupersededBy, p)
			}
		}
	}
	for _, p := range b.site.Pages {
		if p.Kind == meta.Blueprint && p.Meta.Status == "superseded" && len(p.SupersededBy) == 0 {
			b.diags.Warnf(p.Path, p.FMLine, 1, "status is superseded but no blueprint lists this one in supersedes")
		}
		slices.SortFunc(p.Backlinks, byTitle)
		slices.SortFunc(p.SupersededBy, byTitle)
	}
}

func byTitle(a, c *Page) int {
	return cmp.Or(cmp.Compare(a.Meta.Title, c.Meta.Title), cmp.Compare(a.ID, c.ID))
}

// brokenDest is what a broken link's placeholder becomes, so that a page
// rendered through its errors (keel serve) shows the link as broken, with
// its message, instead of pointing somewhere. The placeholder sits inside a
// double-quoted href or src, so this closes it and adds two attributes. A
// build with errors writes nothing, so only serve ever shows it.
func brokenDest(msg string) string {
	return `" class="keel-broken" title="` + html.EscapeString(msg)
}

// substitute replaces the markdown stage's link placeholders with URLs.
func substitute(html []byte, urls []string) string {
	if len(urls) == 0 && bytes.IndexByte(html, 0) < 0 {
		return string(html)
	}
	var b strings.Builder
	b.Grow(len(html) + 64*len(urls))
	for {
		i := bytes.IndexByte(html, 0)
		if i < 0 {
			b.Write(html)
			return b.String()
		}
		j := i + 1 + bytes.IndexByte(html[i+1:], 0)
		b.Write(html[:i])
		if n, err := strconv.Atoi(string(html[i+1 : j])); err == nil && n < len(urls) {
			b.WriteString(urls[n])
		}
		html = html[j+1:]
	}
}
