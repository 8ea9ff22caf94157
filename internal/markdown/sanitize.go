package markdown

import (
	"regexp"

	"github.com/microcosm-cc/bluemonday"
)

// policy is the raw-HTML allow-list of markdown.html: sanitize, modelled on
// what GitHub keeps when it renders Markdown (its html-pipeline sanitization
// filter): structure and inline text elements, tables, details/summary,
// anchors with name or id, images and pictures; never scripts, styles, event
// handlers, frames, forms, embedded objects, class or style attributes, or
// URLs other than http(s), mailto and relative ones. Comments are dropped.
//
// The parsing and attribute filtering are bluemonday's (a maintained,
// widely used sanitizer built on golang.org/x/net/html's tokenizer): a
// hand-written one is the classic source of bypasses.
type policy struct{ p *bluemonday.Policy }

var srcsetRE = regexp.MustCompile(`^(?:(?:https?://)?[^\s,:]+(?:\s+[0-9.]+[wx])?)(?:\s*,\s*(?:https?://)?[^\s,:]+(?:\s+[0-9.]+[wx])?)*$`)

func newPolicy() *policy {
	p := bluemonday.NewPolicy()
	p.AllowStandardURLs() // http, https, mailto and relative; parseable only
	p.RequireNoFollowOnLinks(false)
	p.AllowElements("h1", "h2", "h3", "h4", "h5", "h6", "div", "p", "br", "hr", "b", "i", "strong", "em",
		"a", "pre", "code", "tt", "ins", "del", "s", "strike", "sup", "sub", "ol", "ul", "li",
		"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col",
		"blockquote", "dl", "dt", "dd", "kbd", "q", "samp", "var", "ruby", "rt", "rp",
		"details", "summary", "figure", "figcaption", "abbr", "bdo", "cite", "dfn", "mark",
		"small", "span", "time", "wbr", "img", "picture", "source", "center", "font", "u")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("name").OnElements("a")
	p.AllowAttrs("src", "alt", "width", "height", "title", "align", "border", "hspace", "vspace").OnElements("img")
	p.AllowAttrs("srcset").Matching(srcsetRE).OnElements("source", "img")
	p.AllowAttrs("media", "type", "width", "height").OnElements("source")
	p.AllowAttrs("cite").OnElements("blockquote", "del", "ins", "q")
	p.AllowAttrs("open").OnElements("details")
	p.AllowAttrs("datetime").OnElements("time", "del", "ins")
	p.AllowAttrs("start", "type", "reversed").OnElements("ol")
	p.AllowAttrs("value").OnElements("li")
	p.AllowAttrs("colspan", "rowspan", "headers", "scope", "valign", "width", "height", "nowrap").OnElements("td", "th")
	p.AllowAttrs("border", "cellpadding", "cellspacing", "width", "summary").OnElements("table")
	p.AllowAttrs("span", "width").OnElements("col", "colgroup")
	p.AllowAttrs("color", "size").OnElements("font")
	p.AllowAttrs("align").OnElements("div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "hr", "center")
	p.AllowAttrs("id", "title", "lang", "dir", "role", "aria-label", "aria-hidden", "aria-describedby", "aria-labelledby", "itemprop").Globally()
	return &policy{p: p}
}

// sanitize returns the allowed part of an HTML fragment.
func (p *policy) sanitize(b []byte) []byte { return p.p.SanitizeBytes(b) }
