package site

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"keel/internal/markdown"
	"keel/internal/meta"
)

func (b *builder) pages() {
	ids := b.indexIDs()
	cs := cascades{metas: b.sectionMetas(ids), audience: b.in.Config.Audience}
	// A value cascaded from a section the edition leaves out (an internal or
	// draft _index.md) is as internal as that page: the public edition takes
	// only its audience and draft defaults (which can only hide pages), never
	// its owner, teams, tags or review dates.
	var from func(key string) bool
	if b.in.Audience == "public" {
		shown := map[string]bool{}
		for id, m := range cs.metas {
			if path.Base(id) == "_index" {
				m := cs.cascaded(id, *m, nil)
				shown[id] = m.Audience == "public" && (!m.Draft || b.in.Drafts)
			}
		}
		from = func(key string) bool { return shown[key] }
	}
	for _, d := range b.in.Docs {
		id := ids[d.Path]
		p := b.newPage(d, id, cs.cascaded(id, d.Meta, from))
		b.all = append(b.all, p)
		b.byID[id] = p
	}
	b.linkedPages()
}

// linkedPages hides a page whose file is a symlink to another page wherever
// that page is hidden: the link is the same text under another name, and its
// own folder's cascade must not publish an internal or draft page. A
// translation may link to a page of the default language.
func (b *builder) linkedPages() {
	byPath := make(map[string]*Page, len(b.all))
	if d := b.in.Default; d != nil {
		for _, p := range d.byID {
			byPath[p.Path] = p
		}
	}
	for _, p := range b.all {
		byPath[p.Path] = p
	}
	for _, d := range b.in.Docs {
		p, t := byPath[d.Path], byPath[d.Link]
		if d.Link == "" || t == nil || t.Visible || !p.Visible {
			continue
		}
		p.Visible = false
		if b.in.Audience == "public" && (!t.Meta.Draft || b.in.Drafts) {
			b.diags.Warnf(d.Path, 0, 0, "symlink to %s, which the public edition leaves out; not published in it either", d.Link)
		}
	}
}

// sectionMetas is the front matter of every page by identity, and of the
// default language's section indexes where a translation has none.
func (b *builder) sectionMetas(ids map[string]string) map[string]*meta.Meta {
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
	return metas
}

// cascades applies section cascades to pages' front matter.
type cascades struct {
	metas    map[string]*meta.Meta // by page identity
	audience string                // the site's default audience
}

// cascaded is m with the cascades of its sections applied, from the
// nearest section outward; a page's own value wins. A section's own
// cascade applies to its _index.md too. from, when set, says whether a
// section's cascade may pass on more than visibility.
func (cs cascades) cascaded(id string, m meta.Meta, from func(key string) bool) meta.Meta {
	m.Set = maps(m.Set)
	dir := path.Dir(id)
	if path.Base(id) == "_index" {
		if c := cs.metas[id]; c != nil {
			m.ApplyCascade(cascadeFrom(c.Cascade, from == nil || from(id)))
		}
		dir = path.Dir(dir)
	}
	for ; ; dir = path.Dir(dir) {
		key := "_index"
		if dir != "." {
			key = dir + "/_index"
		}
		if c := cs.metas[key]; c != nil {
			m.ApplyCascade(cascadeFrom(c.Cascade, from == nil || from(key)))
		}
		if dir == "." {
			break
		}
	}
	if m.Audience == "" {
		m.Audience = cs.audience
	}
	return m
}

// newPage is the page of document d, its front matter m already cascaded.
func (b *builder) newPage(d Doc, id string, m meta.Meta) *Page {
	if !b.site.Edition.People {
		m.Owner = "" // this edition publishes no people's names
	}
	if !b.site.Edition.Shows("tags") {
		m.Tags = nil
	}
	if !b.site.Edition.Shows("teams") {
		m.Teams = nil
	}
	p := &Page{Path: d.Path, ID: id, Meta: m, Kind: m.Kind, MD: d.MD, FMLine: d.FMLine, public: b.in.Audience == "public", lang: b.in.Lang}
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
	if dir, name := path.Split(id); dir == "teams/" && name != "_index" && p.Kind == meta.Page {
		// links to it lead to the team's page, which shows it
		p.Team = true
		p.RelURL = b.in.Prefix + "teams/" + meta.ShortSegment(markdown.Slug(name), meta.MaxSegment) + "/"
		p.URL, p.OutPath = b.in.Config.BasePath+EscapePath(p.RelURL), p.RelURL+"index.html"
		p.Visible = p.Visible && b.site.Edition.Shows("teams")
	}
	// The page's own updated wins; git's date only when it sets none.
	p.LastMod = cmp.Or(m.Updated, b.in.GitDates[d.Path], m.Date)
	if !m.Reviewed.IsZero() && !m.ReviewEvery.IsZero() {
		p.ReviewDue = m.ReviewEvery.After(m.Reviewed)
		p.Stale = !b.in.Now.IsZero() && b.in.Now.After(p.ReviewDue) && b.site.Edition.Shows("stale")
	}
	return p
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
	b.placePages(used)
	b.placeSectionPages(used)
	var ids []string
	for id, s := range b.sections {
		if used[s] {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		b.listPage(id)
	}
	for _, id := range ids {
		orderSection(b.sections[id])
	}
	b.site.Home = root.Page
	for _, p := range b.all {
		if p.Visible && p.Section != nil && !p.Team {
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

// placePages puts every visible page that is not a section list into the
// section of its folder, marking the sections that hold something.
func (b *builder) placePages(used map[*Section]bool) {
	for _, p := range b.all {
		if p.Team && p.Visible {
			// a folder of its own, outside the tree: its links resolve
			// from teams/, and it never shows in the sidebar
			p.Section = &Section{ID: "teams", Name: "teams", Parent: b.section(""), Depth: 1}
		}
		if !p.Visible || p.IsSection() || p.Team {
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
}

// placeSectionPages gives sections their list pages: from _index.md when
// it is visible, otherwise (listPage) a generated page that carries only
// the folder's name (an internal _index.md must not leak its title into the
// public edition).
func (b *builder) placeSectionPages(used map[*Section]bool) {
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
}

// listPage gives section id a list page if it has none yet, and links it
// into its parent.
func (b *builder) listPage(id string) {
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

// orderSection sorts a section's pages and subsections and links each page
// to its neighbours.
func orderSection(s *Section) {
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
