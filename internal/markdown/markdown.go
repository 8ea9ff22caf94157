// Package markdown turns one Markdown body into an HTML fragment plus what later
// stages need from it: headings, every id on the page, outbound links with their
// positions, and plain text for search. It is a pure function of the body bytes
// and the options, so its results can be cached by content hash.
//
// Links are not resolved here: each internal link's href is written as a
// placeholder (NUL, index, NUL) that the site stage replaces with the target's
// final URL. NUL can never come from the source (CommonMark maps it to U+FFFD).
package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"keel/internal/diag"
)

// Options configure a Converter once; they are part of any cache key.
type Options struct {
	// HTML says what happens to raw HTML: HTMLSanitize (the default) keeps
	// what GitHub keeps, HTMLEscape shows it as text, HTMLUnsafe passes it through.
	HTML        string
	AlertTitles map[string]string // "note" → "Note" (the theme's language)
	Diagram     DiagramFunc       // renders ```d2, ```goat and ```mermaid blocks; nil: shown as code
}

// Raw HTML modes (markdown.html in keel.yaml).
const (
	HTMLSanitize = "sanitize"
	HTMLEscape   = "escape"
	HTMLUnsafe   = "unsafe"
)

// Mode selects per-page treatment.
type Mode uint8

const (
	// Steps numbers h2 sections (manuals).
	Steps Mode = 1 << iota
	// TitleHeading takes the page's first top-level "# " heading out of the
	// body as its title (Result.Title): a page without a title in front
	// matter, as GitHub shows a README.
	TitleHeading
)

// Heading is one heading of the page.
type Heading struct {
	Level    int
	ID, Text string
	Internal bool // inside a > [!INTERNAL] block
}

// Link is an outbound reference that the site stage must resolve.
type Link struct {
	Dest      string
	Line, Col int
	Image     bool
	Internal  bool // inside a > [!INTERNAL] block
}

// Section is the plain text under one heading, for search.
type Section struct {
	ID, Title, Text string
	// Internal: the heading is inside a > [!INTERNAL] block. InternalText is
	// the text of internal blocks under a public heading. Cont continues the
	// previous public section after an internal block that held headings.
	Internal     bool
	InternalText string
	Cont         bool
}

// Result is everything the markdown stage learns from one body.
type Result struct {
	HTML     []byte
	Headings []Heading
	IDs      []string // every id an #anchor may target
	Explicit []string // the ids among them written as {#id}, which GitHub ignores
	Title    string   // with TitleHeading: the text of the heading taken out ("" when none)
	Links    []Link   // in document order; placeholder i in HTML is Links[i]
	Lead     string   // plain text before the first heading
	Sections []Section
	Code     []string
	Tasks    int      // task-list items
	Steps    int      // numbered h2 steps (manuals)
	Diagrams []string // DiagramKey of each diagram block, in order
	// What > [!INTERNAL] blocks hold, kept apart so each edition can take
	// its view (Edition); Spans and Edits let the site stage write the
	// page's Markdown twin from the body (Twin).
	HasInternal   bool
	InternalIDs   []string
	InternalCode  []string
	InternalTasks int
	LeadInternal  string
	Spans         []Span // top-level internal blocks, in order
	Edits         []Edit // link destinations, in order
}

// Converter holds a goldmark instance configured once.
type Converter struct {
	md     goldmark.Markdown
	opts   Options
	hl     *highlighter // shared with the renderer (its lexer cache)
	policy *policy      // HTMLSanitize only
}

// New builds a Converter; it is safe for concurrent use.
func New(opts Options) *Converter {
	if opts.AlertTitles == nil {
		opts.AlertTitles = map[string]string{"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution", "internal": "Internal"}
	}
	if opts.HTML == "" {
		opts.HTML = HTMLSanitize
	}
	nr := &nodeRenderer{opts: opts, hl: newHighlighter()}
	if opts.HTML == HTMLSanitize {
		nr.policy = newPolicy()
	}
	rendererOpts := []renderer.Option{
		renderer.WithNodeRenderers(util.Prioritized(nr, 100)),
	}
	if opts.HTML == HTMLUnsafe {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	}
	// Heading ids are assigned after parsing (assignIDs), from the rendered
	// text as GitHub does, not from the source line as goldmark's would be.
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList),
		goldmark.WithParserOptions(parser.WithAttribute()),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	md.Parser().AddOptions(limitNesting{})
	return &Converter{md: md, opts: opts, hl: nr.hl, policy: nr.policy}
}

// Convert renders one body. bodyLine is the file line of the body's first
// line, so positions are reported in file coordinates.
func (c *Converter) Convert(path string, body []byte, bodyLine int, mode Mode) (Result, diag.List) {
	return c.convert(path, body, bodyLine, mode, true)
}

// Analyze is Convert without the HTML: a one-shot build keeps only what the
// site stage needs and has each page's HTML made (Convert, or read from its
// cache) right before that page is rendered, so it never holds every page's
// HTML at once.
func (c *Converter) Analyze(path string, body []byte, bodyLine int, mode Mode) (Result, diag.List) {
	return c.convert(path, body, bodyLine, mode, false)
}

func (c *Converter) convert(path string, body []byte, bodyLine int, mode Mode, withHTML bool) (Result, diag.List) {
	var diags diag.List
	if line := longRefRun(body); line > 0 {
		diags.Errorf(path, line+bodyLine-1, 1, "more than %d link reference definitions ([name]: url) without a blank line; "+
			"put blank lines between groups (such runs take quadratic time to parse)", MaxRefRun)
		return Result{}, diags
	}
	ids := newIDs()
	pc := parser.NewContext(parser.WithIDs(ids))
	doc := c.md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	assignIDs(doc, body, ids)

	res := Result{}
	where := &positions{src: body, starts: lineStarts(body)}
	pos := func(offset int) (int, int) {
		l, col := where.at(offset)
		return l + bodyLine - 1, col
	}
	transformAlerts(doc, body)
	wrapTaskLabels(doc)
	hideInternalFootnotes(doc, body)
	if mode&TitleHeading != 0 {
		res.Title = takeTitle(doc, body)
	}
	if mode&Steps != 0 {
		res.Steps = wrapSteps(doc, body)
	}
	if off, ok := pc.Get(tooDeep).(int); ok {
		line, col := pos(off)
		diags.Errorf(path, line, col, "lists or block quotes nest more than %d levels deep; deeper levels are shown as plain text", MaxNesting)
	}
	c.collect(doc, body, &res, pos, func(off int, warn bool, msg string) {
		line, col := pos(off)
		if warn {
			diags.Warnf(path, line, col, "%s", msg)
		} else {
			diags.Errorf(path, line, col, "%s", msg)
		}
	})
	c.diagrams(doc, body, path, pos, &res, &diags)
	res.IDs = append(res.IDs, ids.list...)
	res.Explicit = ids.explicit
	if c.opts.HTML == HTMLUnsafe {
		res.IDs = append(res.IDs, rawHTMLIDs(doc, body)...)
	}

	if !withHTML {
		return res, diags
	}
	var buf bytes.Buffer
	buf.Grow(len(body) * 2)
	if err := c.md.Renderer().Render(&buf, body, doc); err != nil {
		diags.Errorf(path, bodyLine, 1, "rendering Markdown: %v", err)
	}
	res.HTML = bytes.Clone(buf.Bytes()) // exact size: keel serve keeps every page's HTML, not the buffer's slack
	return res, diags
}
