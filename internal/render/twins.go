package render

import (
	"strings"

	"keel/internal/site"
)

// llmsTxt is /llms.txt (llmstxt.org): the edition's pages by section, each
// with its summary, linked to its Markdown twin.
func llmsTxt(s *site.Site) []byte {
	var b strings.Builder
	b.WriteString("# " + oneLine(s.Config.Title) + "\n\n")
	if d := oneLine(s.Config.Description); d != "" {
		b.WriteString("> " + d + "\n\n")
	}
	item := func(p *site.Page) {
		b.WriteString("- [" + oneLine(p.Meta.Title) + "](" + absMarkdownURL(s, p.TwinURL()) + ")")
		if p.Meta.Summary != "" {
			b.WriteString(": " + oneLine(p.Meta.Summary))
		}
		b.WriteString("\n")
	}
	if s.Home != nil && s.Home.Path != "" {
		item(s.Home)
	}
	if len(s.Root.Pages) > 0 {
		b.WriteString("\n## Pages\n\n")
		for _, p := range s.Root.Pages {
			item(p)
		}
	}
	var walk func(sec *site.Section)
	walk = func(sec *site.Section) {
		item(sec.Page)
		for _, p := range sec.Pages {
			item(p)
		}
		for _, c := range sec.Sections {
			walk(c)
		}
	}
	for _, sec := range s.Root.Sections {
		b.WriteString("\n## " + oneLine(sec.Page.Meta.Title) + "\n\n")
		walk(sec)
	}
	// Translations: one section per other language, every page of it, so
	// an assistant answering in Chinese finds the Chinese pages.
	for _, ls := range s.Sites {
		if ls == s || ls.Prefix == "" {
			continue
		}
		b.WriteString("\n## " + oneLine(ls.Config.Title) + " (" + ls.Lang + ")\n\n")
		if ls.Home != nil && ls.Home.Path != "" {
			item(ls.Home)
		}
		for _, p := range ls.Root.Pages {
			item(p)
		}
		for _, sec := range ls.Root.Sections {
			walk(sec)
		}
	}
	return []byte(b.String())
}

func absMarkdownURL(s *site.Site, u string) string {
	return strings.NewReplacer("&amp;", "&", "(", "%28", ")", "%29").Replace(absURL(s, u))
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
