// Package site assembles the page graph: URLs, sections and their order, the
// audience edition, link resolution and checking, backlinks, related pages,
// supersedes chains, taxonomies and the blueprint views. It takes decoded
// metadata and rendered Markdown and returns plain values plus diagnostics.
package site

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"keel/internal/diag"
	"keel/internal/markdown"
	"keel/internal/meta"
)

// Doc is one content file as the earlier stages left it.
type Doc struct {
	Path string // "content/manuals/pg.md"
	Meta meta.Meta
	MD   *markdown.Result
	// FMLine is where the front matter starts, for diagnostics about the page as a whole.
	FMLine int
	// Body is the Markdown body, for the page's Markdown twin (nil: no twin text).
	Body []byte
}

// Input is everything the site stage needs.
type Input struct {
	Config meta.Config
	Docs   []Doc    // sorted by path
	Assets []string // content/** files that are not Markdown
	Static []string // static/** files
	// StaticOut maps a static file whose published name differs (CSS and JS
	// carry a content hash) to that name: "static/css/print.css" → "css/print.1a2b3c4d.css".
	StaticOut map[string]string
	Audience  string // edition: internal or public
	Drafts    bool
	Now       time.Time            // today, for overdue milestones and review dates
	GitDates  map[string]time.Time // last commit date per path, when the site is in git
	// Lang is this site's language when the site has several (keel.yaml
	// languages:); Prefix is where its pages go ("zh/", "" for the default
	// language); Default is the default language's site, which links fall
	// back to where a page has no translation. All empty for one language.
	Lang    string
	Prefix  string
	Default *Site
	// defaultIndexes are the default language's section indexes, whose
	// cascades a translation takes where its folder has no translated index.
	defaultIndexes []Doc
	// Exists reports whether a path from the site root ("../LICENSE",
	// "content/.github/x.md") is a file or folder in the site's repository;
	// it explains links GitHub follows to files keel does not publish.
	Exists func(path string) bool
}

// Page is one published page (or section list page).
type Page struct {
	Path         string // source path; "" for a section without _index.md
	ID           string // identity: content path without "content/" and ".md" ("manuals/pg", "manuals/_index")
	Meta         meta.Meta
	Kind         string           // blueprint, manual, brief, page, section, home
	RelURL       string           // "manuals/pg/" ("" for home)
	URL          string           // with base path: "/sub/manuals/pg/"
	OutPath      string           // "manuals/pg/index.html"
	Section      *Section         // the section it belongs to (for a section page: the section itself)
	MD           *markdown.Result // this edition's view of the body (markdown.Result.Edition)
	urls         []string         // resolved targets of MD.Links, by index
	body         []byte           // the Markdown body, for Twin
	public       bool
	FMLine       int
	Prev         *Page
	Next         *Page
	Backlinks    []*Page
	Related      []*Page
	Supersedes   []*Page
	SupersededBy []*Page
	Metrics      []Metric
	LastMod      time.Time
	ReviewDue    time.Time
	Stale        bool
	ImageURL     string // share-card image (front matter image:), resolved
	Visible      bool
	// Alternates are the page in every language of a multilingual site, this
	// one included, in keel.yaml order; a language without a translation
	// offers its home page (Missing). Nil for a one-language site.
	Alternates []Alternate
	lang       string // Input.Lang of the site it is in
}

// Metric is a brief's claim with its source resolved to a URL.
type Metric struct {
	meta.Metric
	SourceURL   string
	SourceTitle string
	// SourceLang is the language of the source page when it is not the
	// brief's own (no translation): the link is marked as links in the body are.
	SourceLang string
}

// Section is a folder of content.
type Section struct {
	ID       string // "manuals", "platform/teams"; "" for the root
	Name     string // folder name
	Page     *Page  // the section's list page
	Parent   *Section
	Pages    []*Page    // published pages, ordered
	Sections []*Section // published sub-sections, ordered
	Depth    int
}

// Alias is a redirect from an old URL to a page.
type Alias struct {
	OutPath string // "old/path/index.html"
	URL     string // the old URL, with base path
	Target  *Page
}

// Site is the assembled graph of one edition.
type Site struct {
	Config     meta.Config
	Audience   string
	Drafts     bool
	Now        time.Time
	Home       *Page
	Root       *Section
	Pages      []*Page // every published page and section page, ordered by path
	Aliases    []Alias
	Taxonomies []*Taxonomy
	Assets     []string     // content assets to publish ("content/…" paths)
	Edition    meta.Edition // what this edition publishes beyond pages (keel.yaml editions:)
	ImageURL   string       // the site-wide share-card image, resolved ("" for none)
	views      views
	byPath     map[string]*Page // every page from content, published or not
	byID       map[string]*Page
	sections   map[string]*Section
	// Lang and Prefix: see Input. Sites are every language's site of a
	// multilingual build, the default first (nil for one language).
	Lang   string
	Prefix string
	Sites  []*Site
}

// Body is the page's HTML with its links resolved. It is computed when asked
// for (once per render), so a build never keeps a second copy of every page.
func (p *Page) Body() string {
	if p.MD == nil {
		return ""
	}
	html := p.MD.HTML
	if html == nil && p.MD.Render != nil {
		html = p.MD.Render()
	}
	return substitute(html, p.urls)
}

// PublicEdition reports whether the page is rendered for the public edition.
func (p *Page) PublicEdition() bool { return p.public }

// Shows reports whether this edition publishes a generated view (board,
// roadmap, teams, owners, tags, stale).
func (s *Site) Shows(view string) bool { return s.Edition.Shows(view) }

// IsSection reports a section's list page (including home).
func (p *Page) IsSection() bool { return p.Kind == "section" || p.Kind == "home" }

// Ancestors lists the sections above a page, outermost first, for breadcrumbs.
func (p *Page) Ancestors() []*Section {
	var out []*Section
	s := p.Section
	if p.IsSection() && s != nil {
		s = s.Parent
	}
	for ; s != nil; s = s.Parent {
		out = append(out, s)
	}
	slices.Reverse(out)
	return out
}

// Build assembles the site. It never fails: problems become diagnostics and
// the site holds whatever could be assembled.
func Build(in Input) (*Site, diag.List) {
	b := &builder{in: in, byID: map[string]*Page{}, sections: map[string]*Section{}, assets: map[string]bool{}}
	b.site = &Site{Config: in.Config, Audience: in.Audience, Drafts: in.Drafts, Now: in.Now, Edition: in.Config.Edition(in.Audience),
		Lang: in.Lang, Prefix: in.Prefix}
	b.checkNames()
	b.pages()
	b.tree()
	b.urls()
	b.resolveAll()
	b.publishAssets()
	b.graph()
	b.site.Taxonomies = b.taxonomies()
	b.site.deriveViews()
	b.site.byPath = map[string]*Page{}
	for _, p := range b.all {
		b.site.byPath[p.Path] = p
	}
	b.site.byID, b.site.sections = b.byID, b.sections
	b.diags = b.diags.Sort()
	return b.site, b.diags
}

type builder struct {
	in       Input
	site     *Site
	all      []*Page          // every page from content, visible or not
	byID     map[string]*Page // by identity
	sections map[string]*Section
	assets   map[string]bool // content assets that published pages link to
	diags    diag.List
}

// pageID maps "content/manuals/pg.md" to "manuals/pg".
func pageID(p string) string {
	return strings.TrimSuffix(strings.TrimPrefix(p, "content/"), ".md")
}

func (b *builder) pages() {
	ids := b.indexIDs()
	metas := map[string]*meta.Meta{}
	for i := range b.in.Docs {
		d := &b.in.Docs[i]
		metas[ids[d.Path]] = &d.Meta
	}
	// A translation takes its cascade from the translated _index.zh.md, or,
	// where a folder has none, from the default language's index: an
	// internal section stays internal in every language.
	for i := range b.in.defaultIndexes {
		d := &b.in.defaultIndexes[i]
		id := pageID(d.Path)
		if isReadme(d.Path) {
			id = path.Join(path.Dir(id), "_index")
		}
		if _, ok := metas[id]; !ok && path.Base(id) == "_index" {
			metas[id] = &d.Meta
		}
	}
	// Cascades apply from the nearest section outward; a page's own value wins.
	// A section's own cascade applies to its _index.md too. from, when set,
	// says whether a section's cascade may pass on more than visibility.
	cascaded := func(id string, m meta.Meta, from func(key string) bool) meta.Meta {
		m.Set = maps(m.Set)
		dir := path.Dir(id)
		if path.Base(id) == "_index" {
			if c := metas[id]; c != nil {
				m.ApplyCascade(cascadeFrom(c.Cascade, from == nil || from(id)))
			}
			dir = path.Dir(dir)
		}
		for ; ; dir = path.Dir(dir) {
			key := "_index"
			if dir != "." {
				key = dir + "/_index"
			}
			if c := metas[key]; c != nil {
				m.ApplyCascade(cascadeFrom(c.Cascade, from == nil || from(key)))
			}
			if dir == "." {
				break
			}
		}
		if m.Audience == "" {
			m.Audience = b.in.Config.Audience
		}
		return m
	}
	// A value cascaded from a section the edition leaves out (an internal or
	// draft _index.md) is as internal as that page: the public edition takes
	// only its audience and draft defaults (which can only hide pages), never
	// its owner, teams, tags or review dates.
	var from func(key string) bool
	if b.in.Audience == "public" {
		shown := map[string]bool{}
		for id, m := range metas {
			if path.Base(id) == "_index" {
				m := cascaded(id, *m, nil)
				shown[id] = m.Audience == "public" && (!m.Draft || b.in.Drafts)
			}
		}
		from = func(key string) bool { return shown[key] }
	}
	for _, d := range b.in.Docs {
		id := ids[d.Path]
		m := cascaded(id, d.Meta, from)
		if !b.site.Edition.People {
			m.Owner = "" // this edition publishes no people's names
		}
		if !b.site.Edition.Shows("tags") {
			m.Tags = nil
		}
		if !b.site.Edition.Shows("teams") {
			m.Teams = nil
		}
		p := &Page{Path: d.Path, ID: id, Meta: m, Kind: m.Kind, MD: d.MD, FMLine: d.FMLine, body: d.Body, public: b.in.Audience == "public", lang: b.in.Lang}
		if p.MD != nil {
			p.MD = p.MD.Edition(p.public)
		}
		switch {
		case id == "_index":
			p.Kind = "home"
			if p.Meta.Title == "" {
				p.Meta.Title = b.in.Config.Title
			}
		case path.Base(id) == "_index":
			p.Kind = "section"
		}
		b.setURL(p)
		p.Visible = (!m.Draft || b.in.Drafts) && (b.in.Audience != "public" || m.Audience == "public")
		// The page's own updated wins; git's date only when it sets none.
		p.LastMod = cmp.Or(m.Updated, b.in.GitDates[d.Path], m.Date)
		if !m.Reviewed.IsZero() && !m.ReviewEvery.IsZero() {
			p.ReviewDue = m.ReviewEvery.After(m.Reviewed)
			p.Stale = !b.in.Now.IsZero() && b.in.Now.After(p.ReviewDue) && b.site.Edition.Shows("stale")
		}
		b.all = append(b.all, p)
		b.byID[id] = p
	}
}

// cascadeFrom is a section's cascade as a page may take it: whole when the
// section is in the edition, else only the keys that decide visibility.
func cascadeFrom(c *meta.Meta, whole bool) *meta.Meta {
	if c == nil || whole {
		return c
	}
	v := &meta.Meta{Set: map[string]bool{}, Audience: c.Audience, Draft: c.Draft}
	for _, k := range []string{"audience", "draft"} {
		if c.Set[k] {
			v.Set[k] = true
		}
	}
	return v
}

func maps(m map[string]bool) map[string]bool {
	out := make(map[string]bool, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// checkNames reports file names that cannot become URLs: the output stage
// refuses a backslash (a separator on Windows) and a colon (a drive letter, or
// a scheme in a relative link), so say so at the file rather than at the end.
func (b *builder) checkNames() {
	var names []string
	for _, d := range b.in.Docs {
		names = append(names, d.Path)
	}
	for _, name := range slices.Concat(names, b.in.Assets, b.in.Static) {
		if strings.ContainsAny(name, `\:`) {
			b.diags.Errorf(name, 0, 0, "a file or folder name with \\ or : cannot be part of a URL; rename it")
		}
	}
}

// section returns (creating) the section for a folder id ("" is the root).
func (b *builder) section(id string) *Section {
	if s, ok := b.sections[id]; ok {
		return s
	}
	s := &Section{ID: id, Name: path.Base(id)}
	b.sections[id] = s
	if id != "" {
		parentID := path.Dir(id)
		if parentID == "." {
			parentID = ""
		}
		s.Parent = b.section(parentID)
		s.Depth = s.Parent.Depth + 1
	}
	return s
}

// tree places visible pages into sections; a section exists in an edition
// only when it holds a visible page somewhere below it.
func (b *builder) tree() {
	root := b.section("")
	b.site.Root = root
	used := map[*Section]bool{root: true}
	for _, p := range b.all {
		if !p.Visible || p.IsSection() {
			continue
		}
		dir := path.Dir(p.ID)
		if dir == "." {
			dir = ""
		}
		s := b.section(dir)
		p.Section = s
		s.Pages = append(s.Pages, p)
		for t := s; t != nil && !used[t]; t = t.Parent {
			used[t] = true
		}
	}
	// Section list pages: from _index.md when it is visible, otherwise a
	// generated page that carries only the folder's name (an internal
	// _index.md must not leak its title into the public edition).
	for _, p := range b.all {
		if !p.IsSection() {
			continue
		}
		dir := path.Dir(p.ID)
		if dir == "." {
			dir = ""
		}
		s := b.section(dir)
		if p.Visible && (used[s] || b.in.Audience != "public") {
			used[s] = true
			for t := s.Parent; t != nil && !used[t]; t = t.Parent {
				used[t] = true
			}
			p.Section = s
			s.Page = p
		}
	}
	var ids []string
	for id, s := range b.sections {
		if used[s] {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		s := b.sections[id]
		if pg := b.byID[id]; s.Page == nil && id != "" && pg != nil && pg.Visible && pg.Section != nil && !pg.IsSection() {
			// x.md beside a folder x/ without an index (a common GitHub
			// layout: an RFC and its supplementary files): the page stands
			// for the folder rather than colliding with a generated list.
			s.Page = pg
			pg.Section.Pages = slices.DeleteFunc(pg.Section.Pages, func(q *Page) bool { return q == pg })
		}
		if s.Page == nil {
			kind := "section"
			if id == "" {
				kind = "home"
			}
			s.Page = &Page{ID: path.Join(id, "_index"), Kind: kind, Section: s, Visible: true, lang: b.in.Lang,
				Meta: meta.Meta{Title: titleFromName(s.Name), Set: map[string]bool{}}, MD: &markdown.Result{}}
			if id == "" {
				s.Page.Meta.Title = b.in.Config.Title
			}
			b.setURL(s.Page)
		}
		if s.Parent != nil {
			s.Parent.Sections = append(s.Parent.Sections, s)
		}
	}
	for _, id := range ids {
		s := b.sections[id]
		slices.SortFunc(s.Pages, byWeightTitle)
		slices.SortFunc(s.Sections, func(a, c *Section) int { return byWeightTitle(a.Page, c.Page) })
		for i, p := range s.Pages {
			if i > 0 {
				p.Prev = s.Pages[i-1]
			}
			if i+1 < len(s.Pages) {
				p.Next = s.Pages[i+1]
			}
		}
	}
	b.site.Home = root.Page
	for _, p := range b.all {
		if p.Visible && p.Section != nil {
			b.site.Pages = append(b.site.Pages, p)
		}
	}
	for _, id := range ids {
		if s := b.sections[id]; s.Page.Path == "" {
			b.site.Pages = append(b.site.Pages, s.Page)
		}
	}
	slices.SortFunc(b.site.Pages, func(a, c *Page) int { return cmp.Compare(a.ID, c.ID) })
}

// byWeightTitle orders pages with a weight first (ascending), then by title.
func byWeightTitle(a, c *Page) int {
	wa, wc := a.Meta.Weight, c.Meta.Weight
	if (wa == 0) != (wc == 0) {
		if wa == 0 {
			return 1
		}
		return -1
	}
	return cmp.Or(cmp.Compare(wa, wc), cmp.Compare(strings.ToLower(a.Meta.Title), strings.ToLower(c.Meta.Title)), cmp.Compare(a.ID, c.ID))
}

func titleFromName(name string) string {
	name = strings.NewReplacer("-", " ", "_", " ").Replace(name)
	if name == "" {
		return name
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

// setURL derives a page's URL and output path from its identity and slug.
func (b *builder) setURL(p *Page) {
	rel := path.Dir(p.ID)
	if !p.IsSection() {
		name := path.Base(p.ID)
		if p.Meta.Slug != "" {
			name = p.Meta.Slug
		}
		rel = path.Join(rel, name)
	}
	if rel == "." {
		rel = ""
	} else {
		rel += "/"
	}
	rel = b.in.Prefix + rel
	p.RelURL = rel
	p.URL = b.in.Config.BasePath + EscapePath(rel)
	p.OutPath = rel + "index.html"
}

// urls reports pages that would produce the same output, and collects aliases.
func (b *builder) urls() {
	base := b.in.Config.BasePath
	owner := map[string]*Page{}
	for _, p := range b.site.Pages {
		if prev, ok := owner[p.OutPath]; ok {
			// Blame a content file (never a generated section page), the
			// one whose slug moved it if only one has a slug, else the later path.
			a, c := prev, p
			switch {
			case a.Path == "":
			case c.Path == "":
				a, c = c, a
			case (a.Meta.Slug != "") != (c.Meta.Slug != ""):
				if a.Meta.Slug != "" {
					a, c = c, a
				}
			case c.Path < a.Path:
				a, c = c, a
			}
			if a.Path == "" {
				line, col := pos(c)
				b.diags.Errorf(c.Path, line, col, "URL /%s is also the URL of the section %s/; choose another slug or rename the section folder", p.RelURL, path.Join("content", a.Section.ID))
				continue
			}
			line, col := pos(c)
			b.diags.Errorf(c.Path, line, col, "URL /%s is produced by both %s and %s", p.RelURL, a.Path, c.Path)
			continue
		}
		owner[p.OutPath] = p
		if p.Path != "" && reservedView(p.OutPath) == "" { // reserved views: reported below
			if g := generatedClash(p.OutPath); g != "" {
				line, col := pos(p)
				b.diags.Errorf(p.Path, line, col, "URL /%s falls on %s, which keel generates; choose another slug or folder", p.RelURL, g)
			}
		}
	}
	for _, name := range reservedURLs {
		if p, ok := owner[name+"/index.html"]; ok && p.Path != "" {
			b.diags.Errorf(p.Path, p.FMLine, 1, "URL /%s/ is reserved for a page keel generates; choose another slug or folder", name)
		}
	}
	// Aliases: redirects from old URLs; never outside the output, never over a page.
	for _, p := range b.site.Pages {
		for _, a := range p.Meta.Aliases {
			out, msg := aliasPath(a.Target)
			if msg != "" {
				b.diags.Errorf(p.Path, a.Line, a.Col, "alias %q %s", a.Target, msg)
				continue
			}
			if g := cmp.Or(generatedClash(out), reservedView(out)); g != "" {
				b.diags.Errorf(p.Path, a.Line, a.Col, "alias %q falls on %s, which keel generates", a.Target, g)
				continue
			}
			if other, ok := owner[out]; ok {
				b.diags.Errorf(p.Path, a.Line, a.Col, "alias %q collides with the URL of %s", a.Target, describePage(other))
				continue
			}
			owner[out] = p
			b.site.Aliases = append(b.site.Aliases, Alias{OutPath: out, URL: base + strings.TrimSuffix(out, "index.html"), Target: p})
		}
	}
}

// reservedURLs are generated views; a content page must not take their place.
var reservedURLs = []string{"blueprints/board", "blueprints/decisions", "roadmap", "tags", "teams", "owners", "search", "stale"}

// generatedFiles are the files keel writes at the top of the output; no page
// or alias may be written at them or below them (a folder cannot share a file's name).
var generatedFiles = []string{"404.html", "feed.xml", "sitemap.xml", "robots.txt", "opensearch.xml", "llms.txt"}

// generatedDirs hold only generated pages: every path below them is keel's.
var generatedDirs = []string{"tags", "teams", "owners", "search"}

// generatedClash names the generated output an output path would collide
// with ("/feed.xml", "/tags/"), or "".
func generatedClash(out string) string {
	first, _, _ := strings.Cut(out, "/")
	if slices.Contains(generatedFiles, first) {
		return "/" + first
	}
	if slices.Contains(generatedDirs, first) {
		return "/" + first + "/"
	}
	return ""
}

// reservedView names the generated view an output path is, or "".
func reservedView(out string) string {
	for _, v := range reservedURLs {
		if out == v+"/index.html" {
			return "/" + v + "/"
		}
	}
	return ""
}

// pos is where to report a problem with a page's URL: its slug, or its front matter.
func pos(p *Page) (int, int) {
	if p.Meta.SlugPos.Line > 0 {
		return p.Meta.SlugPos.Line, p.Meta.SlugPos.Col
	}
	return p.FMLine, 1
}

func describePage(p *Page) string {
	if p.Path != "" {
		return p.Path
	}
	return "section /" + p.RelURL
}

// aliasPath turns an alias into an output file path, refusing anything that
// could escape the output folder.
func aliasPath(a string) (string, string) {
	s := strings.TrimSpace(a)
	switch {
	case s == "" || s == "/":
		return "", "is empty"
	case strings.Contains(s, `\`):
		return "", "must not contain a backslash"
	case len(s) >= 2 && s[1] == ':':
		return "", "must not be a drive letter path"
	case strings.Contains(s, "://") || strings.HasPrefix(s, "//"):
		return "", "must be a path on this site, not a URL"
	case strings.ContainsAny(s, "?#\x00"):
		return "", "must not contain ?, # or NUL"
	case strings.Contains(s, ":"):
		return "", "must not contain a colon"
	}
	for _, seg := range strings.Split(strings.Trim(s, "/"), "/") {
		if seg == ".." || seg == "." || seg == "" {
			return "", "must not contain empty, . or .. segments"
		}
		if len(seg) > meta.MaxSegment {
			return "", fmt.Sprintf("has a segment of %d bytes; keel keeps folder and file names to %d bytes", len(seg), meta.MaxSegment)
		}
	}
	clean := strings.Trim(s, "/")
	if strings.HasSuffix(clean, ".html") {
		return clean, ""
	}
	return clean + "/index.html", ""
}

// publishAssets decides which content files beside pages are copied. The
// internal edition copies all of them; the public edition only those its pages
// link to, so a file beside an internal page never reaches the public site.
func (b *builder) publishAssets() {
	pages := map[string]bool{}
	for _, p := range b.site.Pages {
		pages[p.OutPath] = true
	}
	for _, a := range b.in.Assets {
		if b.in.Audience != "public" || b.assets[a] {
			b.site.Assets = append(b.site.Assets, a)
			b.checkPublished(a, strings.TrimPrefix(a, "content/"), pages)
		}
	}
	for _, f := range b.in.Static {
		if b.in.Audience != "public" || !InternalStatic(f) {
			b.checkPublished(f, cmp.Or(b.in.StaticOut[f], strings.TrimPrefix(f, "static/")), pages)
		}
	}
}

// checkPublished reports a file beside the pages or under static/ that would
// land where keel writes a page or a generated file, before anything is
// rendered (so keel check finds it too).
func (b *builder) checkPublished(file, out string, pages map[string]bool) {
	if strings.ContainsAny(file, `\:`) {
		return // reported by checkNames: a name that cannot be a URL
	}
	if strings.HasPrefix(out, "search/") {
		b.diags.Errorf(file, 0, 0, "file would be published at /%s, but /search/ is where keel writes the search index; rename or move it", out)
		return
	}
	if pages[out] || slices.Contains(generatedFiles, out) {
		b.diags.Errorf(file, 0, 0, "file would overwrite /%s, which keel writes for a page or a generated file; rename or move it", out)
	}
}

// PatchBody replaces the Markdown of a page whose front matter did not change,
// when nothing but the page itself can depend on the difference: the same
// outbound links (so the same backlinks and resolved targets) and the same
// anchors (so links into it stay valid). It returns the page to re-render
// (nil when the page is not published) and false when a full rebuild is needed.
func (s *Site) PatchBody(path string, md *markdown.Result, body []byte) (*Page, bool) {
	p := s.byPath[path]
	if p == nil || p.MD == nil {
		return nil, false
	}
	if !slices.Equal(p.MD.Links, md.Links) && !sameDests(p.MD.Links, md.Links) {
		return nil, false
	}
	md = md.Edition(p.public)
	if !slices.Equal(p.MD.IDs, md.IDs) || !slices.Equal(p.MD.InternalIDs, md.InternalIDs) || p.MD.Title != md.Title {
		return nil, false
	}
	p.MD, p.body = md, body
	if !p.Visible || p.Section == nil {
		return nil, true
	}
	return p, true
}

// Has reports whether a content file is one of this site's pages.
func (s *Site) Has(path string) bool { return s.byPath[path] != nil }

func sameDests(a, b []markdown.Link) bool {
	return slices.EqualFunc(a, b, func(x, y markdown.Link) bool {
		return x.Dest == y.Dest && x.Image == y.Image && x.Internal == y.Internal
	})
}
