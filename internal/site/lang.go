package site

import (
	"strings"

	"keel/internal/diag"
	"keel/internal/meta"
)

// Alternate is a page in one language of a multilingual site.
type Alternate struct {
	Lang    string
	URL     string // the translation, or the language's home page when Missing
	Title   string
	Current bool // the page itself
	Missing bool // no translation: URL is the language's home page
}

// Translation reports the language of a content file named as a translation
// (content/x.zh.md, _index.zh.md, README.zh.md) and the file it translates
// (content/x.md); lang is "" for a file in the default language.
func Translation(p string, langs []string) (lang, source string) {
	if len(langs) < 2 || !strings.HasSuffix(p, ".md") {
		return "", p
	}
	stem := strings.TrimSuffix(p, ".md")
	for _, l := range langs[1:] {
		if base, ok := strings.CutSuffix(stem, "."+l); ok && base != "" && !strings.HasSuffix(base, "/") {
			return l, base + ".md"
		}
	}
	return "", p
}

// IsIndexIn is IsIndex for a site in the given languages: _index.zh.md and
// README.zh.md are indexes too.
func IsIndexIn(p string, langs []string) bool {
	_, src := Translation(p, langs)
	return IsIndex(src)
}

// untranslated is the path a document has as a page: its source's.
func (b *builder) untranslated(p string) string {
	if b.in.Lang == "" {
		return p
	}
	_, src := Translation(p, b.in.Config.Languages)
	return src
}

// BuildAll assembles a site in every language keel.yaml lists: the default
// language's first, from the files that are no translation, then one per
// other language from its translations, under /<lang>/, whose links fall
// back to the default language's pages. One language: Build's site alone.
func BuildAll(in Input) ([]*Site, diag.List) {
	langs := in.Config.Languages
	if len(langs) < 2 {
		s, diags := Build(in)
		return []*Site{s}, diags
	}
	byLang := map[string][]Doc{}
	for _, d := range in.Docs {
		l, _ := Translation(d.Path, langs)
		byLang[l] = append(byLang[l], d)
	}
	var diags diag.List
	for _, d := range byLang[""] {
		for _, l := range langs[1:] {
			if strings.HasPrefix(d.Path, "content/"+l+"/") {
				diags.Errorf(d.Path, 1, 1, "content/%s/ is where the %s pages are published (keel.yaml languages:); name the translation of x.md x.%s.md beside it, or rename the folder", l, l, l)
				break
			}
		}
	}
	def := in
	def.Docs, def.Lang = byLang[""], langs[0]
	first, more := Build(def)
	diags = append(diags, more...)
	sites := []*Site{first}
	for _, l := range langs[1:] {
		li := in
		li.Docs, li.Lang, li.Prefix, li.Default = byLang[l], l, l+"/", first
		li.Config = in.Config.In(l) // keel.yaml translations: (team names, copyright)
		for _, d := range byLang[""] {
			if IsIndex(d.Path) {
				li.defaultIndexes = append(li.defaultIndexes, d)
			}
		}
		s, more := Build(li)
		diags = append(diags, more...)
		if s.Home != nil && s.Home.Path != "" && in.Config.Translations[l].Title == "" { // the site's name in its language: its home page's title
			s.Config.Title = s.Home.Meta.Title
		}
		sites = append(sites, s)
	}
	for _, s := range sites {
		s.Sites = sites
	}
	// Each language checks its own outputs; an alias of one can still fall
	// on a page or alias of another (a zh page's alias: /manuals/pg/).
	checkAliases(sites, &diags)
	checkTranslationDates(sites, &diags)
	setAlternates(sites)
	return sites, diags.Sort()
}

// untranslatedBlueprints are the default language's blueprints with no
// published translation in this language, for its board and roadmap.
func (b *builder) untranslatedBlueprints() []*Page {
	if b.in.Default == nil {
		return nil
	}
	var out []*Page
	for _, p := range b.in.Default.OfKind(meta.Blueprint) {
		if q := b.byID[p.ID]; q == nil || !q.Visible || q.Section == nil {
			out = append(out, p)
		}
	}
	return out
}

// translationOf is the page of this site with p's identity, when published.
func (s *Site) translationOf(p *Page) *Page {
	if p.IsSection() && p.Section != nil {
		if sec := s.sections[p.Section.ID]; sec != nil && sec.Page != nil && sec.Page.Visible && sec.Page.Section != nil {
			return sec.Page
		}
		return nil
	}
	if q := s.byID[p.ID]; q != nil && q.Visible && q.Section != nil {
		return q
	}
	return nil
}

// checkAliases reports aliases that fall on another language's page or alias.
func checkAliases(sites []*Site, diags *diag.List) {
	owner := map[string]*Site{}
	for _, s := range sites {
		for _, p := range s.Pages {
			owner[p.OutPath] = s
		}
	}
	aliased := map[string]*Site{}
	for _, s := range sites {
		for _, a := range s.Aliases {
			if a.Target == nil {
				continue
			}
			line, col := pos(a.Target)
			if o, ok := owner[a.OutPath]; ok && o != s {
				diags.Errorf(a.Target.Path, line, col, "alias %s is the URL of a page in %s; remove the alias", a.URL, o.Lang)
			} else if o, ok := aliased[a.OutPath]; ok && o != s {
				diags.Errorf(a.Target.Path, line, col, "alias %s is also an alias in %s: an old URL redirects to one page; keep it on the %s page only", a.URL, o.Lang, o.Lang)
			} else {
				aliased[a.OutPath] = s
			}
		}
	}
}

// checkTranslationDates warns of translations older than their source.
func checkTranslationDates(sites []*Site, diags *diag.List) {
	first := sites[0]
	for _, s := range sites[1:] {
		for _, p := range s.Pages {
			if src := first.byID[p.ID]; p.Path != "" && src != nil && src.Path != "" && src.LastMod.After(p.LastMod) && !p.LastMod.IsZero() {
				diags.Warnf(p.Path, p.FMLine, 1, "this translation (%s) is older than its source %s (%s); bring it up to date and set updated:",
					p.LastMod.Format("2006-01-02"), src.Path, src.LastMod.Format("2006-01-02"))
			}
		}
	}
}

// setAlternates links every page to its translations (or, where there is
// none, to the home page of that language).
func setAlternates(sites []*Site) {
	for _, s := range sites {
		for _, p := range s.Pages {
			for _, o := range sites {
				a := Alternate{Lang: o.Lang, Current: o == s}
				if q := o.translationOf(p); q != nil {
					a.URL, a.Title = q.URL, q.Meta.Title
				} else {
					a.URL, a.Title, a.Missing = o.Home.URL, o.Home.Meta.Title, true
				}
				p.Alternates = append(p.Alternates, a)
			}
		}
	}
}
