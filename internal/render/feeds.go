package render

import (
	"bytes"
	"encoding/xml"
	"strings"
	"time"

	"keel/internal/site"
)

// absURL makes a site URL absolute when the base URL names a host (feeds and
// sitemaps require it); otherwise it stays root-relative.
func absURL(s *site.Site, u string) string {
	base := s.Config.BaseURL
	if i := strings.Index(base, "://"); i >= 0 {
		host := base[:i+3] + strings.SplitN(base[i+3:], "/", 2)[0]
		return host + site.EscapeURLText(u)
	}
	return site.EscapeURLText(u) // the callers escape & for XML
}

func sitemap(s *site.Site) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	sites := []*site.Site{s}
	if len(s.Sites) > 1 {
		sites = s.Sites
		b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	} else {
		b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	}
	for _, ls := range sites {
		for _, p := range ls.Pages {
			b.WriteString("  <url><loc>")
			xml.EscapeText(&b, []byte(absURL(s, p.URL)))
			b.WriteString("</loc>")
			if !p.LastMod.IsZero() {
				b.WriteString("<lastmod>" + p.LastMod.Format("2006-01-02") + "</lastmod>")
			}
			alts := translations(p.Alternates) // a language's home is no alternate
			for i, a := range alts {
				b.WriteString(`<xhtml:link rel="alternate" hreflang="` + a.Lang + `" href="`)
				xml.EscapeText(&b, []byte(absURL(s, a.URL)))
				b.WriteString(`"/>`)
				if i == len(alts)-1 { // search engines send other languages' readers to the default
					b.WriteString(`<xhtml:link rel="alternate" hreflang="x-default" href="`)
					xml.EscapeText(&b, []byte(absURL(s, alts[0].URL)))
					b.WriteString(`"/>`)
				}
			}
			b.WriteString("</url>\n")
		}
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// feed is the site's Atom feed; lang (the theme's "lang", zh-CN) tells feed
// readers the language of its titles and summaries.
func feed(s *site.Site, title, lang string) []byte {
	recent := s.Recent(30)
	var updated time.Time
	for _, p := range recent {
		if p.LastMod.After(updated) {
			updated = p.LastMod
		}
	}
	var b bytes.Buffer
	esc := func(v string) { xml.EscapeText(&b, []byte(v)) }
	b.WriteString(xml.Header)
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="`)
	esc(cmpOr(lang, "en"))
	b.WriteString(`">` + "\n  <title>")
	esc(s.Config.Title + " — " + title)
	b.WriteString("</title>\n  <id>")
	esc(absURL(s, s.Config.BasePath+s.Prefix))
	b.WriteString("</id>\n  <link href=\"")
	esc(absURL(s, s.Config.BasePath+s.Prefix))
	b.WriteString("\"/>\n  <link rel=\"self\" href=\"")
	esc(absURL(s, s.Config.BasePath+s.Prefix+"feed.xml"))
	b.WriteString("\"/>\n  <updated>" + atomTime(updated) + "</updated>\n")
	for _, p := range recent {
		b.WriteString("  <entry>\n    <title>")
		esc(p.Meta.Title)
		b.WriteString("</title>\n    <id>")
		esc(absURL(s, p.URL))
		b.WriteString("</id>\n    <link href=\"")
		esc(absURL(s, p.URL))
		b.WriteString("\"/>\n    <updated>" + atomTime(p.LastMod) + "</updated>\n")
		if p.Meta.Owner != "" {
			b.WriteString("    <author><name>")
			esc(p.Meta.Owner)
			b.WriteString("</name></author>\n")
		}
		if p.Meta.Summary != "" {
			b.WriteString("    <summary>")
			esc(p.Meta.Summary)
			b.WriteString("</summary>\n")
		}
		b.WriteString("    <category term=\"" + p.Kind + "\"/>\n  </entry>\n")
	}
	b.WriteString("</feed>\n")
	return b.Bytes()
}

// atomTime formats a day; an unknown date is the Unix epoch so output stays deterministic.
func atomTime(t time.Time) string {
	if t.IsZero() {
		t = time.Unix(0, 0).UTC()
	}
	return t.UTC().Format(time.RFC3339)
}

func robots(s *site.Site) []byte {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	if s.Audience != "public" {
		// The internal edition is not for search engines.
		b.WriteString("Disallow: /\n")
	} else {
		b.WriteString("Allow: /\nSitemap: " + absURL(s, s.Config.BasePath+"sitemap.xml") + "\n")
	}
	return []byte(b.String())
}
