package site

import (
	"cmp"
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
	Name  string
	Slug  string
	URL   string
	Pages []*Page // ordered by kind, then title
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
	var out []*Taxonomy
	for _, name := range []string{"tags", "teams", "owners"} {
		if !b.site.Edition.Shows(name) || name == "owners" && !b.site.Edition.People {
			continue
		}
		tx := &Taxonomy{Name: name}
		bySlug := map[string]*Term{}
		for _, p := range b.site.Pages {
			if p.IsSection() {
				continue
			}
			for _, v := range get[name](p) {
				slug := markdown.Slug(v)
				if slug == "" {
					continue
				}
				t := bySlug[slug]
				if t == nil {
					t = &Term{Name: v, Slug: slug, URL: b.in.Config.BasePath + name + "/" + slug + "/"}
					bySlug[slug] = t
					tx.Terms = append(tx.Terms, t)
				}
				if !slices.Contains(t.Pages, p) {
					t.Pages = append(t.Pages, p)
				}
			}
		}
		slices.SortFunc(tx.Terms, func(a, c *Term) int {
			return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(c.Name)), cmp.Compare(a.Slug, c.Slug))
		})
		for _, t := range tx.Terms {
			slices.SortFunc(t.Pages, byKindTitle)
		}
		out = append(out, tx)
	}
	return out
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

// views are derived once per build: templates ask for them on every page.
type views struct {
	byKind  map[string][]*Page
	board   []BoardColumn
	roadmap Roadmap
	stale   []KindGroup
	recent  []*Page
}

func (s *Site) deriveViews() {
	s.views.byKind = map[string][]*Page{}
	for _, p := range s.Pages {
		s.views.byKind[p.Kind] = append(s.views.byKind[p.Kind], p)
	}
	for _, list := range s.views.byKind {
		slices.SortFunc(list, byWeightTitle)
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

// BoardColumn is one status column of the blueprint board.
type BoardColumn struct {
	Status string
	Pages  []*Page
}

// board groups blueprints by status, in lifecycle order; empty columns are kept
// for the main flow so the board's shape never changes.
func (s *Site) board() []BoardColumn {
	var cols []BoardColumn
	for _, st := range meta.BlueprintStatuses {
		col := BoardColumn{Status: st}
		for _, p := range s.OfKind(meta.Blueprint) {
			if p.Meta.Status == st {
				col.Pages = append(col.Pages, p)
			}
		}
		if len(col.Pages) > 0 || slices.Contains([]string{"proposed", "accepted", "in-progress", "done"}, st) {
			cols = append(cols, col)
		}
	}
	return cols
}

// Progress counts a blueprint's done milestones.
func (p *Page) Progress() (done, total int) {
	for _, m := range p.Meta.Milestones {
		total++
		if m.Status == "done" {
			done++
		}
	}
	return
}

// Roadmap is the milestone timeline: quarters as columns, teams as rows.
type Roadmap struct {
	Quarters []string
	Rows     []RoadmapRow
}

// RoadmapRow is one team's milestones, by quarter (same order as Quarters).
type RoadmapRow struct {
	Team  string
	Cells [][]RoadmapItem
}

// RoadmapItem is one milestone placed on the roadmap.
type RoadmapItem struct {
	meta.Milestone
	Page    *Page
	Overdue bool
}

// buildRoadmap lays out every published blueprint's milestones. A blueprint with
// several teams appears in each team's row; one with none under "unassigned".
func (s *Site) buildRoadmap() Roadmap {
	var rm Roadmap
	type placed struct {
		team string
		item RoadmapItem
	}
	var items []placed
	quarters := map[string]bool{}
	for _, p := range s.OfKind(meta.Blueprint) {
		teams := p.Meta.Teams
		if len(teams) == 0 {
			teams = []string{"unassigned"}
		}
		for _, m := range p.Meta.Milestones {
			if m.Quarter == "" {
				continue
			}
			quarters[m.Quarter] = true
			it := RoadmapItem{Milestone: m, Page: p, Overdue: m.Status != "done" && !s.Now.IsZero() && s.Now.After(m.DueDate)}
			for _, t := range teams {
				items = append(items, placed{t, it})
			}
		}
	}
	if len(quarters) == 0 {
		return rm
	}
	first, last := "", ""
	for q := range quarters {
		if first == "" || q < first {
			first = q
		}
		if q > last {
			last = q
		}
	}
	for q := first; q <= last; q = nextQuarter(q) {
		rm.Quarters = append(rm.Quarters, q)
	}
	rows := map[string]*RoadmapRow{}
	var teams []string
	for _, pl := range items {
		r := rows[pl.team]
		if r == nil {
			r = &RoadmapRow{Team: pl.team, Cells: make([][]RoadmapItem, len(rm.Quarters))}
			rows[pl.team] = r
			teams = append(teams, pl.team)
		}
		qi := slices.Index(rm.Quarters, pl.item.Quarter)
		r.Cells[qi] = append(r.Cells[qi], pl.item)
	}
	slices.Sort(teams)
	for _, t := range teams {
		r := rows[t]
		for _, cell := range r.Cells {
			slices.SortFunc(cell, func(a, c RoadmapItem) int {
				return cmp.Or(a.DueDate.Compare(c.DueDate), cmp.Compare(a.Title, c.Title))
			})
		}
		rm.Rows = append(rm.Rows, *r)
	}
	return rm
}

func nextQuarter(q string) string {
	_, day, err := meta.ParseDue(q)
	if err != nil {
		return "9999-Q9"
	}
	return meta.QuarterOf(day.AddDate(0, 0, 1))
}

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
		if !p.IsSection() || p.Path != "" {
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
