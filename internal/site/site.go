// Package site assembles the page graph: URLs, sections and their order, the
// audience edition, link resolution and checking, backlinks, related pages,
// supersedes chains, taxonomies and the blueprint views. It takes decoded
// metadata and rendered Markdown and returns plain values plus diagnostics.
package site

import (
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
	// Link is, for a symlink, its target's site-relative path.
	Link string
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
	// Clashes: its URL is another page's or a generated view's (reported
	// as an error). It is not rendered, so that a lenient build (keel
	// serve) renders every other page instead of failing on two outputs.
	Clashes bool
	// Team: a team's own page (content/teams/<team>.md, kind page). Its
	// title, summary and body go on the team's generated page, at that URL;
	// it is not a page of its own (no section, no sidebar entry).
	Team bool
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
	From    meta.Ref // the front matter value, for messages
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

// Body is the page's HTML with its links resolved, when the page's Markdown
// result holds it (a build kept in memory); "" otherwise.
func (p *Page) Body() string {
	if p.MD == nil {
		return ""
	}
	return substitute(p.MD.HTML, p.urls)
}

// BodyOf is the page's HTML with its links resolved, made from html, the
// HTML its body converts to (markdown.Converter.Convert, both editions'
// blocks): a build that does not keep every page's HTML fetches it right
// before the page is rendered and hands it over this way.
func (p *Page) BodyOf(html []byte) string {
	if p.public {
		html = markdown.StripInternal(html)
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
	b.checkTree()
	b.checkCase()
	b.graph()
	b.site.Taxonomies = b.taxonomies()
	b.site.deriveViews(b.untranslatedBlueprints())
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

// WithBody returns a copy of the page at path with its Markdown replaced by
// md (the result for both editions; the page takes its own; its twin is made
// from the new body, Twin's argument), when nothing
// but the page itself can depend on the difference: the same outbound links
// (so the same backlinks and resolved targets) and the same anchors (so
// links into it stay valid). The site is left as it is: the copy shares its
// graph (section, neighbours, links), which still holds the page as built
// (Own maps the copy back). It returns nil when the page is not published,
// and false when a full rebuild is needed.
func (s *Site) WithBody(path string, md *markdown.Result) (*Page, bool) {
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
	if p.Team {
		return nil, false // it is rendered on its team's page
	}
	if !p.Visible || p.Section == nil {
		return nil, true
	}
	q := *p
	q.MD = md
	return &q, true
}

// Own is the site's own page for p: p itself, or the page a WithBody copy
// was made from. Where a page's identity matters (the sidebar's current
// page, a supersedes chain), it is the graph's.
func (s *Site) Own(p *Page) *Page {
	if p != nil && p.Path != "" {
		if q := s.byPath[p.Path]; q != nil {
			return q
		}
	}
	return p
}

// Has reports whether a content file is one of this site's pages.
func (s *Site) Has(path string) bool { return s.byPath[path] != nil }

func sameDests(a, b []markdown.Link) bool {
	return slices.EqualFunc(a, b, func(x, y markdown.Link) bool {
		return x.Dest == y.Dest && x.Image == y.Image && x.Internal == y.Internal
	})
}
