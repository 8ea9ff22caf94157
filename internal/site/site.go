// Package site assembles the page graph: URLs, sections and their order, the
// audience edition, link resolution and checking, backlinks, related pages,
// supersedes chains, taxonomies and the blueprint views. It takes decoded
// metadata and rendered Markdown and returns plain values plus diagnostics.
package site

import (
	"cmp"
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
	Config   meta.Config
	Docs     []Doc    // sorted by path
	Assets   []string // content/** files that are not Markdown
	Static   []string // static/** files
	Audience string   // edition: internal or public
	Drafts   bool
	Now      time.Time            // today, for overdue milestones and review dates
	GitDates map[string]time.Time // last commit date per path, when the site is in git
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
}

// Metric is a brief's claim with its source resolved to a URL.
type Metric struct {
	meta.Metric
	SourceURL   string
	SourceTitle string
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
	b.site = &Site{Config: in.Config, Audience: in.Audience, Drafts: in.Drafts, Now: in.Now, Edition: in.Config.Edition(in.Audience)}
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
	for _, d := range b.in.Docs {
		m := d.Meta
		m.Set = maps(m.Set)
		id := ids[d.Path]
		// Cascades apply from the nearest section outward; a page's own value wins.
		// A section's own cascade applies to its _index.md too.
		dir := path.Dir(id)
		if path.Base(id) == "_index" {
			if c := metas[id]; c != nil {
				m.ApplyCascade(c.Cascade)
			}
			dir = path.Dir(dir)
		}
		for ; ; dir = path.Dir(dir) {
			key := "_index"
			if dir != "." {
				key = dir + "/_index"
			}
			if c := metas[key]; c != nil {
				m.ApplyCascade(c.Cascade)
			}
			if dir == "." {
				break
			}
		}
		if m.Audience == "" {
			m.Audience = b.in.Config.Audience
		}
		if !b.site.Edition.People {
			m.Owner = "" // this edition publishes no people's names
		}
		if !b.site.Edition.Shows("tags") {
			m.Tags = nil
		}
		if !b.site.Edition.Shows("teams") {
			m.Teams = nil
		}
		p := &Page{Path: d.Path, ID: id, Meta: m, Kind: m.Kind, MD: d.MD, FMLine: d.FMLine, body: d.Body, public: b.in.Audience == "public"}
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
		p.LastMod = cmp.Or(b.in.GitDates[d.Path], m.Updated, m.Date)
		if !m.Reviewed.IsZero() && !m.ReviewEvery.IsZero() {
			p.ReviewDue = m.ReviewEvery.After(m.Reviewed)
			p.Stale = !b.in.Now.IsZero() && b.in.Now.After(p.ReviewDue) && b.site.Edition.Shows("stale")
		}
		b.all = append(b.all, p)
		b.byID[id] = p
	}
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
			s.Page = &Page{ID: path.Join(id, "_index"), Kind: kind, Section: s, Visible: true,
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
	p.RelURL = rel
	p.URL = b.in.Config.BasePath + rel
	p.OutPath = rel + "index.html"
}

// urls reports pages that would produce the same output, and collects aliases.
func (b *builder) urls() {
	base := b.in.Config.BasePath
	owner := map[string]*Page{}
	for _, p := range b.site.Pages {
		if prev, ok := owner[p.OutPath]; ok {
			a, c := prev, p
			if a.Path == "" || (c.Path != "" && c.Path < a.Path) {
				a, c = c, a
			}
			line, col := c.FMLine, 1
			if c.Meta.SlugPos.Line > 0 {
				line, col = c.Meta.SlugPos.Line, c.Meta.SlugPos.Col
			}
			b.diags.Errorf(c.Path, line, col, "URL /%s is produced by both %s and %s", p.RelURL, a.Path, c.Path)
			continue
		}
		owner[p.OutPath] = p
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
var reservedURLs = []string{"blueprints/board", "roadmap", "tags", "teams", "owners", "search", "stale"}

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
	for _, a := range b.in.Assets {
		if b.in.Audience != "public" || b.assets[a] {
			b.site.Assets = append(b.site.Assets, a)
		}
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

func sameDests(a, b []markdown.Link) bool {
	return slices.EqualFunc(a, b, func(x, y markdown.Link) bool {
		return x.Dest == y.Dest && x.Image == y.Image && x.Internal == y.Internal
	})
}
