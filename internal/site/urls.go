package site

import (
	"cmp"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"keel/internal/meta"
)

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
	rel = b.in.Prefix + rel
	p.RelURL = rel
	p.URL = b.in.Config.BasePath + EscapePath(rel)
	p.OutPath = rel + "index.html"
}

// urls reports pages that would produce the same output, and collects aliases.
func (b *builder) urls() {
	base := b.in.Config.BasePath
	owner := map[string]*Page{}
	for _, p := range b.site.Pages {
		if prev, ok := owner[p.OutPath]; ok {
			// Blame a content file (never a generated section page), the
			// one whose slug moved it if only one has a slug, else the later path.
			a, c := prev, p
			switch {
			case a.Path == "":
			case c.Path == "":
				a, c = c, a
			case (a.Meta.Slug != "") != (c.Meta.Slug != ""):
				if a.Meta.Slug != "" {
					a, c = c, a
				}
			case c.Path < a.Path:
				a, c = c, a
			}
			c.Clashes = true
			if a.Path == "" {
				line, col := pos(c)
				b.diags.Errorf(c.Path, line, col, "URL /%s is also the URL of the section %s/; choose another slug or rename the section folder", p.RelURL, path.Join("content", a.Section.ID))
				continue
			}
			line, col := pos(c)
			b.diags.Errorf(c.Path, line, col, "URL /%s is produced by both %s and %s", p.RelURL, a.Path, c.Path)
			continue
		}
		owner[p.OutPath] = p
		if p.Path != "" && reservedView(p.OutPath) == "" { // reserved views: reported below
			if g := generatedClash(p.OutPath); g != "" {
				line, col := pos(p)
				b.diags.Errorf(p.Path, line, col, "URL /%s falls on %s, which keel generates; choose another slug or folder", p.RelURL, g)
			}
		}
	}
	for _, name := range reservedURLs {
		if p, ok := owner[name+"/index.html"]; ok && p.Path != "" {
			p.Clashes = true
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
			if g := cmp.Or(generatedClash(out), reservedView(out)); g != "" {
				b.diags.Errorf(p.Path, a.Line, a.Col, "alias %q falls on %s, which keel generates", a.Target, g)
				continue
			}
			if other, ok := owner[out]; ok {
				b.diags.Errorf(p.Path, a.Line, a.Col, "alias %q collides with the URL of %s", a.Target, describePage(other))
				continue
			}
			owner[out] = p
			b.site.Aliases = append(b.site.Aliases, Alias{OutPath: out, URL: base + strings.TrimSuffix(out, "index.html"), Target: p, From: a})
		}
	}
}

// reservedURLs are generated views; a content page must not take their place.
var reservedURLs = []string{"blueprints/board", "blueprints/decisions", "roadmap", "tags", "teams", "owners", "search", "stale"}

// generatedFiles are the files keel writes at the top of the output; no page
// or alias may be written at them or below them (a folder cannot share a file's name).
var generatedFiles = []string{"404.html", "feed.xml", "sitemap.xml", "robots.txt", "opensearch.xml", "llms.txt"}

// generatedDirs hold only generated pages: every path below them is keel's.
var generatedDirs = []string{"tags", "teams", "owners", "search"}

// generatedClash names the generated output an output path would collide
// with ("/feed.xml", "/tags/"), or "".
func generatedClash(out string) string {
	first, _, _ := strings.Cut(out, "/")
	if slices.Contains(generatedFiles, first) {
		return "/" + first
	}
	if slices.Contains(generatedDirs, first) {
		return "/" + first + "/"
	}
	return ""
}

// reservedView names the generated view an output path is, or "".
func reservedView(out string) string {
	for _, v := range reservedURLs {
		if out == v+"/index.html" {
			return "/" + v + "/"
		}
	}
	return ""
}

// pos is where to report a problem with a page's URL: its slug, or its front matter.
func pos(p *Page) (int, int) {
	if p.Meta.SlugPos.Line > 0 {
		return p.Meta.SlugPos.Line, p.Meta.SlugPos.Col
	}
	return p.FMLine, 1
}

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
		if len(seg) > meta.MaxSegment {
			return "", fmt.Sprintf("has a segment of %d bytes; keel keeps folder and file names to %d bytes", len(seg), meta.MaxSegment)
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
	pages := map[string]bool{}
	for _, p := range b.site.Pages {
		pages[p.OutPath] = true
	}
	for _, a := range b.in.Assets {
		if b.in.Audience != "public" || b.assets[a] {
			b.site.Assets = append(b.site.Assets, a)
			b.checkPublished(a, strings.TrimPrefix(a, "content/"), pages)
		}
	}
	for _, f := range b.in.Static {
		if b.in.Audience != "public" || !InternalStatic(f) {
			b.checkPublished(f, cmp.Or(b.in.StaticOut[f], strings.TrimPrefix(f, "static/")), pages)
		}
	}
}

// checkPublished reports a file beside the pages or under static/ that would
// land where keel writes a page or a generated file, before anything is
// rendered (so keel check finds it too).
func (b *builder) checkPublished(file, out string, pages map[string]bool) {
	if strings.ContainsAny(file, `\:`) {
		return // reported by checkNames: a name that cannot be a URL
	}
	if strings.HasPrefix(out, "search/") {
		b.diags.Errorf(file, 0, 0, "file would be published at /%s, but /search/ is where keel writes the search index; rename or move it", out)
		return
	}
	if pages[out] || slices.Contains(generatedFiles, out) {
		b.diags.Errorf(file, 0, 0, "file would overwrite /%s, which keel writes for a page or a generated file; rename or move it", out)
	}
}

// href is a target's URL, percent-encoded the way html/template encodes URLs.
func href(t target) string {
	u := EscapeURL(t.url)
	if t.anchor != "" {
		u += "#" + EscapeURL(t.anchor)
	}
	return u
}

// EscapeURL percent-encodes bytes that may not appear raw in a URL attribute
// and writes & as &amp;, ready to be put into HTML as it is.
func EscapeURL(s string) string { return escapeURL(s, true) }

// EscapeURLText is EscapeURL without the HTML escaping of &, for output that
// escapes text itself (XML through encoding/xml).
func EscapeURLText(s string) string { return escapeURL(s, false) }

// EscapePath percent-encodes each segment of a slash path exactly once (#, ?,
// %, spaces and non-ASCII included), so a file name becomes one URL path.
func EscapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

func escapeURL(s string, amp bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x7f || c <= ' ' || strings.IndexByte(`"'<>\^`+"`{|}%", c) >= 0 {
			if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				b.WriteByte(c)
				continue
			}
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		if c == '&' && amp {
			b.WriteString("&amp;")
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
