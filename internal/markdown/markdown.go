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
	stdhtml "html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
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
	// Render produces the HTML on demand when Analyze left it out.
	Render func() []byte
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
// site stage needs and renders each page's HTML when the page is written
// (Result.Render), so it never holds every page's HTML at once.
func (c *Converter) Analyze(path string, body []byte, bodyLine int, mode Mode) (Result, diag.List) {
	res, diags := c.convert(path, body, bodyLine, mode, false)
	res.Render = func() []byte {
		r, _ := c.convert(path, body, bodyLine, mode, true)
		return r.HTML
	}
	return res, diags
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

// collect walks the tree once for links, headings, text and code.
func (c *Converter) collect(doc ast.Node, src []byte, res *Result, pos func(int) (int, int), report func(off int, warn bool, msg string)) {
	var lead, ilead strings.Builder
	cur, icur := &lead, &ilead
	inInternal := 0
	out := func() *strings.Builder {
		if inInternal > 0 {
			return icur
		}
		return cur
	}
	var sec, public *Section
	flush := func() {
		if sec != nil {
			sec.Text = collapseSpace(cur.String())
			sec.InternalText = collapseSpace(icur.String())
			res.Sections = append(res.Sections, *sec)
			if !sec.Internal && !sec.Cont {
				public = sec
			}
		}
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			// Search snippets read table cells and list items apart.
			switch n.Kind() {
			case east.KindTableCell:
				if n.NextSibling() != nil {
					cur.WriteString(" · ")
				}
			case east.KindTableRow, east.KindTableHeader, ast.KindListItem:
				if n.NextSibling() != nil {
					cur.WriteByte(clauseEnd)
				}
			}
			if n.Type() == ast.TypeBlock && n.Kind() != ast.KindDocument {
				out().WriteByte(' ')
			}
			if _, ok := n.(*internalWrap); ok {
				inInternal--
			}
			if a, ok := n.(*Alert); ok && a.AlertType == "internal" {
				inInternal--
				if inInternal == 0 && sec != nil && sec.Internal {
					// Text after the block belongs, in the public edition,
					// to the last public heading before it.
					flush()
					sec = &Section{Cont: true}
					if public != nil {
						sec.ID, sec.Title = public.ID, public.Title
					}
					cur, icur = &strings.Builder{}, &strings.Builder{}
				}
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *Alert:
			if n.AlertType == "internal" {
				if inInternal == 0 {
					res.Spans = append(res.Spans, Span{n.Start, n.End})
				}
				inInternal++
				res.HasInternal = true
			}
		case *internalWrap:
			if inInternal == 0 {
				res.Spans = append(res.Spans, Span{n.Start, n.End})
			}
			inInternal++
		case *ast.Heading:
			id := attr(n, "id")
			t := collapseSpace(textContent(n, src))
			res.Headings = append(res.Headings, Heading{Level: n.Level, ID: id, Text: t, Internal: inInternal > 0})
			if inInternal > 0 {
				res.InternalIDs = append(res.InternalIDs, id)
			}
			flush()
			sec = &Section{ID: id, Title: t, Internal: inInternal > 0}
			cur, icur = &strings.Builder{}, &strings.Builder{}
			c.addLinksIn(n, src, res, pos, inInternal > 0)
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			var b strings.Builder
			ls := n.Lines()
			for i := range ls.Len() {
				seg := ls.At(i)
				b.Write(seg.Value(src))
			}
			if inInternal > 0 {
				res.InternalCode = append(res.InternalCode, b.String())
			} else {
				res.Code = append(res.Code, b.String())
			}
			if f, ok := n.(*ast.FencedCodeBlock); ok && f.Info != nil {
				checkFence(f, src, ls.Len(), c.hl.known, report)
			}
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			c.addLink(n, string(n.Destination), false, src, res, pos, inInternal > 0)
		case *ast.Image:
			c.addLink(n, string(n.Destination), true, src, res, pos, inInternal > 0)
			// The renderer turns the children into alt text, so links in
			// them are never emitted and must not be recorded.
			out().WriteString(plainText(n, src))
			return ast.WalkSkipChildren, nil
		case *east.TaskCheckBox:
			if inInternal > 0 {
				res.InternalTasks++
			} else {
				res.Tasks++
			}
		case *east.Footnote:
			res.IDs = append(res.IDs, "fn:"+itoa(n.Index))
			if inInternal > 0 {
				res.InternalIDs = append(res.InternalIDs, "fn:"+itoa(n.Index))
			}
		case *east.FootnoteLink:
			res.IDs = append(res.IDs, "fnref:"+itoa(n.Index))
			if inInternal > 0 {
				res.InternalIDs = append(res.InternalIDs, "fnref:"+itoa(n.Index))
			}
		case *ast.Text:
			out().Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				out().WriteByte(' ')
			}
		case *ast.String:
			out().Write(n.Value)
		case *ast.CodeSpan:
			out().WriteString(plainText(n, src))
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			if c.policy != nil {
				c.addRawHTML(n, htmlBlockText(n, src), n.Lines().At(0).Start, res, pos)
			}
		case *ast.RawHTML:
			if c.policy != nil && n.Segments.Len() > 0 {
				c.addRawHTML(n, rawHTMLText(n, src), n.Segments.At(0).Start, res, pos)
			}
		}
		return ast.WalkContinue, nil
	})
	flush()
	res.Lead = collapseSpace(lead.String())
	res.LeadInternal = collapseSpace(ilead.String())
	res.Spans = mergeSpans(res.Spans)
	var missing []int
	have := map[int]bool{}
	for _, e := range res.Edits {
		have[e.Link] = true
	}
	for i := range res.Links {
		if !have[i] {
			missing = append(missing, i)
		}
	}
	if len(missing) > 0 {
		res.Edits = append(res.Edits, refEdits(src, res.Links, missing)...)
	}
	slices.SortFunc(res.Edits, func(a, b Edit) int { return a.Start - b.Start })
	res.Edits = slices.CompactFunc(res.Edits, func(a, b Edit) bool { return a.Start == b.Start })
}

// addLinksIn records the links and images inside an inline subtree (a
// heading), in document order, as the main walk would.
func (c *Converter) addLinksIn(n ast.Node, src []byte, res *Result, pos func(int) (int, int), internal bool) {
	ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			c.addLink(n, string(n.Destination), false, src, res, pos, internal)
		case *ast.Image:
			c.addLink(n, string(n.Destination), true, src, res, pos, internal)
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			if c.policy != nil && n.Segments.Len() > 0 {
				c.addRawHTML(n, rawHTMLText(n, src), n.Segments.At(0).Start, res, pos)
			}
		}
		return ast.WalkContinue, nil
	})
}

// addRawHTML sanitizes a raw HTML node once, records its anchors and the
// links in it that need resolving, and keeps the bytes to render on the node.
func (c *Converter) addRawHTML(n ast.Node, raw []byte, start int, res *Result, pos func(int) (int, int)) {
	line, col := pos(start)
	out, ids := c.policy.rewriteRaw(raw, func(dest string, image bool) string {
		i := len(res.Links)
		res.Links = append(res.Links, Link{Dest: dest, Line: line, Col: col, Image: image})
		return "\x00" + itoa(i) + "\x00"
	})
	res.IDs = append(res.IDs, ids...)
	n.SetAttributeString(rawAttr, out)
}

// addLink records a link that needs resolving and marks the node with its index.
func (c *Converter) addLink(n ast.Node, dest string, image bool, src []byte, res *Result, pos func(int) (int, int), internal bool) {
	dest = decodeDest(dest)
	if IsExternal(dest) {
		return
	}
	start := nodeStart(n, src)
	line, col := pos(start)
	if e, ok := linkEdit(src, start, dest, len(res.Links)); ok {
		res.Edits = append(res.Edits, e)
	}
	n.SetAttributeString(linkAttr, len(res.Links))
	res.Links = append(res.Links, Link{Dest: dest, Line: line, Col: col, Image: image, Internal: internal})
}

// decodeDest is a link destination as CommonMark reads it: backslash escapes
// and entity and numeric character references decoded (`ok&#46;md` is ok.md),
// which goldmark leaves to its renderer.
func decodeDest(dest string) string {
	if !strings.ContainsAny(dest, `\&`) {
		return dest
	}
	v := util.UnescapePunctuations([]byte(dest))
	v = util.ResolveNumericReferences(v)
	return string(util.ResolveEntityNames(v))
}

const linkAttr = "\x00keel-link"

var schemeRE = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)

// IsExternal reports links keel leaves alone: any URL with a scheme or a
// protocol-relative //host.
func IsExternal(dest string) bool {
	return strings.HasPrefix(dest, "//") || schemeRE.MatchString(dest)
}

// nodeStart finds the byte offset where an inline link or image starts: the
// '[' (or "![") before its first text.
func nodeStart(n ast.Node, src []byte) int {
	off := -1
	for c := n.FirstChild(); c != nil && off < 0; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			off = t.Segment.Start
		}
		if c.FirstChild() == nil && off < 0 {
			break
		}
	}
	if off < 0 {
		// empty link text: use the containing block's first line
		for p := n.Parent(); p != nil; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				return p.Lines().At(0).Start
			}
		}
		return 0
	}
	for i := off - 1; i >= 0 && src[i] != '\n'; i-- {
		if src[i] == '[' {
			if i > 0 && src[i-1] == '!' {
				return i - 1
			}
			return i
		}
	}
	return off
}

func attr(n ast.Node, name string) string {
	v, ok := n.AttributeString(name)
	if !ok {
		return ""
	}
	switch v := v.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	}
	return ""
}

// plainText is the visible text of an inline container.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// clauseEnd marks the end of a list item or table row in the plain text:
// collapseSpace makes it a ";" unless the text before it ends a sentence.
const clauseEnd = '\x1f'

func collapseSpace(s string) string {
	if strings.IndexByte(s, clauseEnd) < 0 {
		return strings.Join(strings.Fields(s), " ")
	}
	var b strings.Builder
	for i, part := range strings.Split(s, string(clauseEnd)) {
		part = strings.Join(strings.Fields(part), " ")
		if part == "" {
			continue
		}
		if i > 0 && b.Len() > 0 {
			if r, _ := utf8.DecodeLastRuneInString(b.String()); !strings.ContainsRune(".;:!?·。；：！？", r) {
				b.WriteByte(';')
			}
			b.WriteByte(' ')
		}
		b.WriteString(part)
	}
	return b.String()
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// positions turns byte offsets into 1-based lines and 1-based columns counted
// in characters, which is what editors jump to. Offsets mostly come in
// document order, so a column is counted on from the previous answer on the
// same line: a line with thousands of links costs linear time, not quadratic.
type positions struct {
	src            []byte
	starts         []int
	line, off, col int // the previous answer (line 0: none)
}

func (p *positions) at(off int) (int, int) {
	off = min(off, len(p.src))
	lo, hi := 0, len(p.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if p.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	from, col := p.starts[lo], 1
	if p.line == lo+1 && off >= p.off {
		from, col = p.off, p.col
	}
	col += utf8.RuneCount(p.src[from:off])
	p.line, p.off, p.col = lo+1, off, col
	return lo + 1, col
}

// ids generates heading IDs by GitHub's rules (GitHubSlug of the rendered
// text; repeats get -1, -2 as github-slugger counts them).
type ids struct {
	seen     map[string]bool
	list     []string
	explicit []string
	// next is the first suffix worth trying per base: every suffix below it
	// is taken (ids are never freed), so repeats cost O(1), not O(n) each.
	next map[string]int
}

func newIDs() *ids { return &ids{seen: map[string]bool{}, next: map[string]int{}} }

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	base := GitHubSlug(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	if s.seen[id] {
		i := max(s.next[base], 1)
		for s.seen[base+"-"+itoa(i)] {
			i++
		}
		id = base + "-" + itoa(i)
		s.next[base] = i + 1
	}
	s.Put([]byte(id))
	return []byte(id)
}

func (s *ids) Put(value []byte) {
	v := string(value)
	if !s.seen[v] {
		s.seen[v] = true
		s.list = append(s.list, v)
	}
}

var htmlIDRE = regexp.MustCompile(`\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)

// rawHTMLIDs finds the id (and anchor name) attributes raw HTML puts on the
// page when it is passed through, so links to them are not false alarms.
func rawHTMLIDs(doc ast.Node, src []byte) []string {
	var out []string
	scan := func(b []byte) {
		for _, m := range htmlIDRE.FindAllSubmatch(b, -1) {
			out = append(out, stdhtml.UnescapeString(string(bytes.Join(m[1:], nil))))
		}
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			scan(htmlBlockText(n, src))
		case *ast.RawHTML:
			scan(rawHTMLText(n, src))
		}
		return ast.WalkContinue, nil
	})
	return out
}

func htmlBlockText(n *ast.HTMLBlock, src []byte) []byte {
	var b []byte
	ls := n.Lines()
	for i := range ls.Len() {
		seg := ls.At(i)
		b = append(b, seg.Value(src)...)
	}
	if n.HasClosure() {
		b = append(b, n.ClosureLine.Value(src)...)
	}
	return b
}

func rawHTMLText(n *ast.RawHTML, src []byte) []byte {
	var b []byte
	for i := range n.Segments.Len() {
		seg := n.Segments.At(i)
		b = append(b, seg.Value(src)...)
	}
	return b
}

func itoa(i int) string { return strconv.Itoa(i) }
