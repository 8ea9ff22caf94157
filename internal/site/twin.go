package site

import (
	"bytes"
	"slices"
	"strings"

	"keel/internal/markdown"
)

// TwinPath is where a page's Markdown twin goes: beside its index.html.
func (p *Page) TwinPath() string { return strings.TrimSuffix(p.OutPath, "index.html") + "index.md" }

// TwinURL is the twin's URL (base path applied).
func (p *Page) TwinURL() string { return p.URL + "index.md" }

// Twin is the page as Markdown for assistants and agents: its title and
// summary, then its body with front matter gone, links rewritten to the
// site's URLs and, in the public edition, internal blocks left out. A
// section's twin ends with the list of what it holds. src is the page's
// Markdown body (its file without front matter; nil for a section without
// _index.md), the one its MD was made from: the page does not keep it, so
// that a build need not hold every source file until its twin is written.
func (p *Page) Twin(src []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(src) + 512)
	body := bytes.TrimLeft(src, "\n")
	if !bytes.HasPrefix(body, []byte("# ")) {
		b.WriteString("# " + oneLine(p.Meta.Title) + "\n\n")
	}
	if p.Meta.Headline != "" {
		b.WriteString("**" + oneLine(p.Meta.Headline) + "**\n\n")
	}
	if p.Meta.Summary != "" {
		b.WriteString("> " + oneLine(p.Meta.Summary) + "\n\n")
	}
	if p.Meta.From != "" || p.Meta.To != "" {
		b.WriteString("From " + oneLine(p.Meta.From) + " to " + oneLine(p.Meta.To) + ".\n\n")
	}
	for _, m := range p.Metrics {
		b.WriteString("- **" + oneLine(m.Value) + "** " + oneLine(m.Label))
		if m.Note != "" {
			b.WriteString(" (" + oneLine(m.Note) + ")")
		}
		if m.SourceURL != "" {
			b.WriteString(" [source](" + EscapeMarkdownURL(m.SourceURL) + ")")
		}
		b.WriteString("\n")
	}
	if len(p.Metrics) > 0 {
		b.WriteString("\n")
	}
	if len(body) > 0 && p.MD != nil {
		start := b.Len()
		markdown.WriteTwin(&b, src, p.MD, p.urls, p.public)
		// the body without its leading and trailing blank lines
		out := b.Bytes()[start:]
		lead := len(out) - len(bytes.TrimLeft(out, "\n"))
		copy(out, out[lead:])
		b.Truncate(start + len(bytes.TrimRight(out[:len(out)-lead], "\n")))
		if b.Len() > start {
			b.WriteString("\n")
		}
	}
	if p.IsSection() && p.Section != nil {
		start := b.Len()
		for _, s := range p.Section.Sections {
			listItem(&b, s.Page)
		}
		for _, c := range p.Section.Pages {
			listItem(&b, c)
		}
		if start > 0 && b.Len() > start {
			list := slices.Clone(b.Bytes()[start:])
			b.Truncate(start)
			b.WriteString("\n")
			b.Write(list)
		}
	}
	return b.Bytes()
}

func listItem(b *bytes.Buffer, p *Page) {
	b.WriteString("- [" + oneLine(p.Meta.Title) + "](" + EscapeMarkdownURL(p.URL) + ")")
	if p.Meta.Summary != "" {
		b.WriteString(": " + oneLine(p.Meta.Summary))
	}
	b.WriteString("\n")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// EscapeMarkdownURL percent-encodes a URL for a Markdown link destination.
func EscapeMarkdownURL(u string) string {
	return strings.NewReplacer("&amp;", "&", "(", "%28", ")", "%29").Replace(EscapeURL(u))
}
