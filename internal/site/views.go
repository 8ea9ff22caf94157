package site

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"keel/internal/markdown"
	"keel/internal/meta"
)

// Taxonomy is tags, teams or owners: terms and the pages that carry them.
type Taxonomy struct {
	Name  string // "tags", "teams", "owners"
	Terms []*Term
}

// Term is one value of a taxonomy.
type Term struct {
	Name        string // as pages write it
	Title       string // display name: keel.yaml teams:<key>.name, else Name
	Description string // keel.yaml teams:<key>.description
	Page        *Page  // the team's own page (Page.Team), if any: its title and summary win
	Slug        string
	URL         string
	Pages       []*Page // ordered by kind, then title
}

// KindGroup is a run of pages of one kind, for "grouped by kind" lists.
type KindGroup struct {
	Kind  string
	Pages []*Page
}

func (b *builder) taxonomies() []*Taxonomy {
	get := map[string]func(*Page) []string{
		"tags":  func(p *Page) []string { return p.Meta.Tags },
		"teams": func(p *Page) []string { return p.Meta.Teams },
		"owners": func(p *Page) []string {
			if p.Meta.Owner == "" {
				return nil
			}
			return []string{p.Meta.Owner}
		},
	}
	teamPages := map[string]*Page{} // by the term slug they fall on
	for _, p := range b.all {
		if !p.Team || !p.Visible {
			continue
		}
		slug := strings.TrimSuffix(strings.TrimPrefix(p.RelURL, b.in.Prefix+"teams/"), "/")
		if prev := teamPages[slug]; prev != nil {
			b.diags.Errorf(p.Path, p.FMLine, 1, "%s and %s are both the page of team %q; keep one", prev.Path, p.Path, slug)
			continue
		}
		teamPages[slug] = p
	}
	tagNames := namesBySlug(b.in.Config.TagNames)
	var out []*Taxonomy
	for _, name := range []string{"tags", "teams", "owners"} {
		if !b.site.Edition.Shows(name) || name == "owners" && !b.site.Edition.People {
			continue
		}
		tx := &Taxonomy{Name: name}
		bySlug := map[string]*Term{}
		merged := map[string]bool{} // slug and name of a term that shares another's page
		for _, p := range b.site.Pages {
			if p.IsSection() {
				continue
			}
			for _, v := range get[name](p) {
				slug := TermSlug(v)
				if slug == "" {
					continue
				}
				t := bySlug[slug]
				if t == nil {
					t = &Term{Name: v, Title: v, Slug: slug, URL: b.in.Config.BasePath + b.in.Prefix + name + "/" + slug + "/"}
					if name == "tags" {
						t.Title = cmp.Or(tagNames[slug], v)
					}
					if name == "teams" {
						b.teamTerm(t, teamPages)
					}
					bySlug[slug] = t
					tx.Terms = append(tx.Terms, t)
				} else if key := slug + "\x00" + strings.ToLower(v); !strings.EqualFold(t.Name, v) && !merged[key] {
					// C, C# and C++ all make /tags/c/: say so once, where the second name is written.
					merged[key] = true
					b.diags.Warnf(p.Path, p.FMLine, 1, "%s %q shares the page %s with %q (its URL keeps only the letters, digits, - and _ of a name); write both the same, or tell them apart in letters",
						strings.TrimSuffix(name, "s"), v, t.URL, t.Name)
				}
				if !slices.Contains(t.Pages, p) {
					t.Pages = append(t.Pages, p)
				}
			}
		}
		slices.SortFunc(tx.Terms, func(a, c *Term) int {
			return cmp.Or(cmp.Compare(strings.ToLower(a.Title), strings.ToLower(c.Title)), cmp.Compare(a.Slug, c.Slug))
		})
		for _, t := range tx.Terms {
			slices.SortFunc(t.Pages, byKindTitle)
		}
		if name == "teams" {
			b.unusedTeamPages(tx, teamPages)
		}
		out = append(out, tx)
	}
	return out
}

// teamTerm names a team: its own page's title and summary, else keel.yaml
// teams:, else the team as pages write it.
func (b *builder) teamTerm(t *Term, pages map[string]*Page) {
	for _, ti := range b.in.Config.Teams {
		if TermSlug(ti.Key) == t.Slug {
			t.Title, t.Description = cmp.Or(ti.Name, t.Name), ti.Description
		}
	}
	if p := pages[t.Slug]; p != nil {
		t.Page = p
		t.Title, t.Description = cmp.Or(p.Meta.Title, t.Title), cmp.Or(p.Meta.Summary, t.Description)
	}
}

// unusedTeamPages warns of team pages no page names: they have no team
// page to go on.
func (b *builder) unusedTeamPages(tx *Taxonomy, pages map[string]*Page) {
	for slug, p := range pages {
		if !slices.ContainsFunc(tx.Terms, func(t *Term) bool { return t.Slug == slug }) {
			b.diags.Warnf(p.Path, p.FMLine, 1, "no page names team %q (teams: [%s]), so this team page is not published", slug, slug)
		}
	}
}

var kindOrder = []string{meta.Blueprint, meta.Manual, meta.Brief, meta.Page}

func byKindTitle(a, c *Page) int {
	return cmp.Or(cmp.Compare(slices.Index(kindOrder, a.Kind), slices.Index(kindOrder, c.Kind)), byTitle(a, c))
}

// GroupByKind splits pages (ordered by kind) into runs of one kind.
func GroupByKind(pages []*Page) []KindGroup {
	sorted := slices.Clone(pages)
	slices.SortStableFunc(sorted, byKindTitle)
	var out []KindGroup
	for _, p := range sorted {
		if len(out) == 0 || out[len(out)-1].Kind != p.Kind {
			out = append(out, KindGroup{Kind: p.Kind})
		}
		out[len(out)-1].Pages = append(out[len(out)-1].Pages, p)
	}
	return out
}

// TermSlug is the folder of a tag's, team's or owner's page (tags/<slug>/),
// for the term pages and every link to them alike: a GitHub-style anchor,
// shortened with a hash when too long for a folder name; a name with no
// letter or digit ("!!!") is its hash, rather than no page and links to /tags//.
func TermSlug(name string) string {
	s := markdown.Slug(name)
	if strings.Trim(s, "-_") == "" && strings.TrimSpace(name) != "" {
		sum := sha256.Sum256([]byte(name))
		return hex.EncodeToString(sum[:4])
	}
	return meta.ShortSegment(s, meta.MaxSegment)
}

// namesBySlug keys tag display names (keel.yaml translations.<lang>.tags) by the
// tag's slug, as terms are; of two tags with one slug the first in order wins.
func namesBySlug(names map[string]string) map[string]string {
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := map[string]string{}
	for _, k := range keys {
		if slug := TermSlug(k); out[slug] == "" {
			out[slug] = names[k]
		}
	}
	return out
}

// Taxonomy returns a taxonomy by name.
func (s *Site) Taxonomy(name string) *Taxonomy {
	for _, t := range s.Taxonomies {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// OfKind lists the published content pages of a kind, ordered by weight and title.
func (s *Site) OfKind(kind string) []*Page { return s.views.byKind[kind] }

// Blueprints are the blueprints of the board, the roadmap and the decision
// graph: the site's own and, in a language other than the default, the
// default language's blueprints that have no translation in it (LangOf names
// their language), so a Chinese roadmap is the whole plan.
func (s *Site) Blueprints() []*Page { return s.views.blueprints }

// LangOf is the language of a page a view of this site lists that is not one
// of its own pages (a default-language blueprint without translation), or ""
// when it is one of them or written in the site's language (lang: zh).
func (s *Site) LangOf(p *Page) string {
	switch {
	case len(s.Sites) < 2 || p == nil || s.byID[p.ID] == p || p.Meta.Lang == s.Lang:
		return ""
	case p.Meta.Lang != "":
		return p.Meta.Lang
	}
	return s.Sites[0].Lang
}

// TeamName is a team's display name (keel.yaml teams:, in the site's
// language), or the team as written.
func (s *Site) TeamName(team string) string {
	if t := s.team(team); t != nil {
		return t.Title
	}
	slug := TermSlug(team)
	for _, t := range s.Config.Teams { // a team only pages of another language carry
		if TermSlug(t.Key) == slug && t.Name != "" {
			return t.Name
		}
	}
	return team
}

// TeamURL is the page of a team: this site's, else (a team only the
// default language's blueprints on this site's roadmap carry) the default
// language's, else "".
func (s *Site) TeamURL(team string) string {
	if t := s.team(team); t != nil {
		return t.URL
	}
	if len(s.Sites) > 1 && s.Sites[0] != s {
		return s.Sites[0].TeamURL(team)
	}
	return ""
}

func (s *Site) team(team string) *Term {
	if tx := s.Taxonomy("teams"); tx != nil {
		slug := TermSlug(team)
		for _, t := range tx.Terms {
			if t.Slug == slug {
				return t
			}
		}
	}
	return nil
}

// views are derived once per build: templates ask for them on every page.
type views struct {
	byKind     map[string][]*Page
	blueprints []*Page
	board      []BoardColumn
	roadmap    Roadmap
	stale      []KindGroup
	recent     []*Page
}

func (s *Site) deriveViews(fallback []*Page) {
	s.views.byKind = map[string][]*Page{}
	for _, p := range s.Pages {
		s.views.byKind[p.Kind] = append(s.views.byKind[p.Kind], p)
	}
	for _, list := range s.views.byKind {
		slices.SortFunc(list, byWeightTitle)
	}
	s.views.blueprints = s.views.byKind[meta.Blueprint]
	if len(fallback) > 0 {
		s.views.blueprints = append(slices.Clone(s.views.blueprints), fallback...)
		slices.SortStableFunc(s.views.blueprints, byWeightTitle)
	}
	s.views.board = s.board()
	s.views.roadmap = s.buildRoadmap()
	s.views.stale = s.stale()
	s.views.recent = s.recent(30)
}

// Board, Roadmap, Stale and Recent return the views derived at build time.
func (s *Site) Board() []BoardColumn { return s.views.board }
func (s *Site) Roadmap() Roadmap     { return s.views.roadmap }
func (s *Site) Stale() []KindGroup   { return s.views.stale }

// Recent lists up to n (at most 30) content pages, most recently updated first.
func (s *Site) Recent(n int) []*Page { return s.views.recent[:min(n, len(s.views.recent))] }

// stale lists pages past their review date, grouped by owner.
func (s *Site) stale() []KindGroup {
	byOwner := map[string][]*Page{}
	var owners []string
	for _, p := range s.Pages {
		if !p.Stale {
			continue
		}
		o := p.Meta.Owner
		if o == "" {
			o = "(no owner)"
		}
		if byOwner[o] == nil {
			owners = append(owners, o)
		}
		byOwner[o] = append(byOwner[o], p)
	}
	slices.Sort(owners)
	var out []KindGroup
	for _, o := range owners {
		ps := byOwner[o]
		slices.SortFunc(ps, func(a, c *Page) int { return cmp.Or(a.ReviewDue.Compare(c.ReviewDue), byTitle(a, c)) })
		out = append(out, KindGroup{Kind: o, Pages: ps})
	}
	return out
}

func (s *Site) recent(n int) []*Page {
	var out []*Page
	for _, p := range s.Pages {
		if !p.IsSection() { // content pages: not the home page, not section lists
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, c *Page) int {
		return cmp.Or(c.LastMod.Compare(a.LastMod), cmp.Compare(a.ID, c.ID))
	})
	return out[:min(n, len(out))]
}

// Updated is the date a page shows as "Last updated" (zero when unknown).
func (p *Page) Updated() time.Time { return p.LastMod }
