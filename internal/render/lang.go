package render

import (
	"strings"

	"keel/internal/site"
)

// languageNames are how the language switcher names each language, in itself.
var languageNames = map[string]string{"en": "English", "zh": "中文"}

// languageTags are the BCP 47 tags of <html lang> and lang attributes.
var languageTags = map[string]string{"en": "en", "zh": "zh-CN"}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// abs is a URL of this language's site ("search/" → "/zh/search/"); the
// OpenSearch description is one for the whole site.
func (r *Renderer) abs(rel string) string {
	rel = strings.TrimPrefix(rel, "/")
	if rel == "opensearch.xml" {
		return r.base + rel
	}
	return r.base + r.prefix + rel
}

// alternates are the output in every language of a multilingual site (nil
// for one language): a page's translations, or for a generated view the same
// view where every language has one (search, 404), else the language's home.
func (r *Renderer) alternates(v view) []site.Alternate {
	if v.Page != nil && v.Term == nil { // a team page's page has none: its term is generated
		return v.Page.Alternates
	}
	s := v.Site
	if len(s.Sites) < 2 {
		return nil
	}
	rel := strings.TrimPrefix(v.URL, s.Config.BasePath+s.Prefix)
	var out []site.Alternate
	for _, o := range s.Sites {
		a := site.Alternate{Lang: o.Lang, Current: o == s, Title: v.Title}
		if o == s || hasView(o, v) {
			a.URL = s.Config.BasePath + o.Prefix + rel
		} else {
			a.URL, a.Title, a.Missing = o.Home.URL, o.Home.Meta.Title, true
		}
		out = append(out, a)
	}
	return out
}

// hasView reports whether another language's site publishes the generated
// view v at the same place (its board, its page of the same tag), so the
// switcher goes there rather than to that language's home.
func hasView(o *site.Site, v view) bool {
	switch v.View {
	case "search", "404":
		return true
	case "board", "decisions":
		return len(o.Blueprints()) > 0 && o.Shows("board")
	case "roadmap":
		return len(o.Roadmap().Quarters) > 0 && o.Shows("roadmap")
	case "stale":
		return o.Shows("stale")
	case "taxonomy", "term":
		tx := o.Taxonomy(v.Taxonomy.Name)
		if tx == nil || v.Term == nil {
			return tx != nil
		}
		for _, t := range tx.Terms {
			if t.Slug == v.Term.Slug {
				return true
			}
		}
	}
	return false
}

// otherLanguage is where the search falls back to when nothing matches in
// the page's language: the first other language's base path and name.
func (r *Renderer) otherLanguage() []string {
	if r.site == nil || len(r.site.Sites) < 2 {
		return nil
	}
	for _, o := range r.site.Sites {
		if o != r.site {
			return []string{r.base + o.Prefix, cmpOr(languageNames[o.Lang], o.Lang), o.Lang}
		}
	}
	return nil
}

// translations are the alternates that are translations, for hreflang links
// and the sitemap: none when the page exists in one language only.
func translations(alts []site.Alternate) []site.Alternate {
	var out []site.Alternate
	for _, a := range alts {
		if !a.Missing {
			out = append(out, a)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}
