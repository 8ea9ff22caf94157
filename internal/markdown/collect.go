package markdown

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// collect walks the tree once for links, headings, text and code.
func (c *Converter) collect(doc ast.Node, src []byte, res *Result, pos func(int) (int, int), report func(off int, warn bool, msg string)) {
	w := &collector{c: c, src: src, res: res, pos: pos, report: report}
	w.cur, w.icur = &w.lead, &w.ilead
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			w.leave(n)
			return ast.WalkContinue, nil
		}
		return w.enter(n), nil
	})
	w.flush()
	res.Lead = collapseSpace(w.lead.String())
	res.LeadInternal = collapseSpace(w.ilead.String())
	res.Spans = mergeSpans(res.Spans)
	if missing := withoutEdit(res); len(missing) > 0 {
		res.Edits = append(res.Edits, refEdits(src, res.Links, missing)...)
	}
	slices.SortFunc(res.Edits, func(a, b Edit) int { return a.Start - b.Start })
	res.Edits = slices.CompactFunc(res.Edits, func(a, b Edit) bool { return a.Start == b.Start })
}

// withoutEdit lists the links that have no inline edit yet.
func withoutEdit(res *Result) []int {
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
	return missing
}

// collector is the state of collect's walk: the text of the section being
// read, public and internal apart, and how deep in internal blocks it is.
type collector struct {
	c      *Converter
	src    []byte
	res    *Result
	pos    func(int) (int, int)
	report func(off int, warn bool, msg string)

	lead, ilead strings.Builder
	cur, icur   *strings.Builder
	inInternal  int
	sec, public *Section
}

func (w *collector) out() *strings.Builder {
	if w.inInternal > 0 {
		return w.icur
	}
	return w.cur
}

func (w *collector) flush() {
	if sec := w.sec; sec != nil {
		sec.Text = collapseSpace(w.cur.String())
		sec.InternalText = collapseSpace(w.icur.String())
		w.res.Sections = append(w.res.Sections, *sec)
		if !sec.Internal && !sec.Cont {
			w.public = sec
		}
	}
}

func (w *collector) leave(n ast.Node) {
	// Search snippets read table cells and list items apart.
	switch n.Kind() {
	case east.KindTableCell:
		if n.NextSibling() != nil {
			w.cur.WriteString(" · ")
		}
	case east.KindTableRow, east.KindTableHeader, ast.KindListItem:
		if n.NextSibling() != nil {
			w.cur.WriteByte(clauseEnd)
		}
	}
	if n.Type() == ast.TypeBlock && n.Kind() != ast.KindDocument {
		w.out().WriteByte(' ')
	}
	if _, ok := n.(*internalWrap); ok {
		w.inInternal--
	}
	if a, ok := n.(*Alert); ok && a.AlertType == "internal" {
		w.inInternal--
		if w.inInternal == 0 && w.sec != nil && w.sec.Internal {
			// Text after the block belongs, in the public edition,
			// to the last public heading before it.
			w.flush()
			w.sec = &Section{Cont: true}
			if w.public != nil {
				w.sec.ID, w.sec.Title = w.public.ID, w.public.Title
			}
			w.cur, w.icur = &strings.Builder{}, &strings.Builder{}
		}
	}
}

func (w *collector) enter(n ast.Node) ast.WalkStatus {
	res, src := w.res, w.src
	switch n := n.(type) {
	case *Alert:
		if n.AlertType == "internal" {
			w.enterInternal(n.Start, n.End)
			res.HasInternal = true
		}
	case *internalWrap:
		w.enterInternal(n.Start, n.End)
	case *ast.Heading:
		w.heading(n)
		return ast.WalkSkipChildren
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		w.code(n)
		return ast.WalkSkipChildren
	case *ast.Link:
		w.dangerous(n, string(n.Destination))
		w.c.addLink(n, string(n.Destination), false, src, res, w.pos, w.inInternal > 0)
	case *ast.Image:
		w.dangerous(n, string(n.Destination))
		w.c.addLink(n, string(n.Destination), true, src, res, w.pos, w.inInternal > 0)
		// The renderer turns the children into alt text, so links in
		// them are never emitted and must not be recorded.
		w.out().WriteString(inlineText(n, src, plainText))
		return ast.WalkSkipChildren
	case *east.TaskCheckBox:
		if w.inInternal > 0 {
			res.InternalTasks++
		} else {
			res.Tasks++
		}
	case *east.Footnote:
		w.id("fn:" + itoa(n.Index))
	case *east.FootnoteLink:
		w.id("fnref:" + itoa(n.Index))
	case *ast.Text:
		w.out().Write(n.Segment.Value(src))
		if n.SoftLineBreak() || n.HardLineBreak() {
			w.out().WriteByte(' ')
		}
	case *ast.String:
		w.out().Write(n.Value)
	case *ast.CodeSpan:
		w.out().WriteString(inlineText(n, src, plainText))
		return ast.WalkSkipChildren
	case *ast.HTMLBlock:
		if w.c.policy != nil {
			w.c.addRawHTML(n, htmlBlockText(n, src), n.Lines().At(0).Start, res, w.pos)
		}
	case *ast.RawHTML:
		if w.c.policy != nil && n.Segments.Len() > 0 {
			w.c.addRawHTML(n, rawHTMLText(n, src), n.Segments.At(0).Start, res, w.pos)
		}
	}
	return ast.WalkContinue
}

// enterInternal starts an internal block; the outermost one is a span the
// public twin leaves out.
func (w *collector) enterInternal(start, end int) {
	if w.inInternal == 0 {
		w.res.Spans = append(w.res.Spans, Span{start, end})
	}
	w.inInternal++
}

// id records an id the page defines (internal ones also apart).
func (w *collector) id(id string) {
	w.res.IDs = append(w.res.IDs, id)
	if w.inInternal > 0 {
		w.res.InternalIDs = append(w.res.InternalIDs, id)
	}
}

// heading records a heading and starts its section.
func (w *collector) heading(n *ast.Heading) {
	res := w.res
	id := attr(n, "id")
	t := collapseSpace(inlineText(n, w.src, domText))
	res.Headings = append(res.Headings, Heading{Level: n.Level, ID: id, Text: t, Internal: w.inInternal > 0})
	if w.inInternal > 0 {
		res.InternalIDs = append(res.InternalIDs, id)
	}
	w.flush()
	w.sec = &Section{ID: id, Title: t, Internal: w.inInternal > 0}
	w.cur, w.icur = &strings.Builder{}, &strings.Builder{}
	w.c.addLinksIn(n, w.src, res, w.pos, w.inInternal > 0, w.dangerous)
}

// dangerous warns about a link or image the renderer writes empty: goldmark
// drops javascript:, vbscript:, file: and data: destinations (data:image/…
// in images aside) unless raw HTML is unsafe, which would leave a reader a
// dead link and the author no word of it.
func (w *collector) dangerous(n ast.Node, dest string) {
	dest = decodeDest(dest)
	if w.c.opts.HTML == HTMLUnsafe || !html.IsDangerousURL([]byte(dest)) {
		return
	}
	scheme, _, _ := strings.Cut(dest, ":")
	w.report(nodeStart(n, w.src), true, fmt.Sprintf("link %q: scheme %s: is not allowed, so it is written as an empty link; write an http(s) URL",
		dest, strings.ToLower(strings.TrimSpace(scheme))))
}

// code records a code block's text and checks its fence.
func (w *collector) code(n ast.Node) {
	var b strings.Builder
	ls := n.Lines()
	size := 0
	for i := range ls.Len() {
		seg := ls.At(i)
		size += seg.Len()
	}
	b.Grow(size) // exact: kept for the whole build
	for i := range ls.Len() {
		seg := ls.At(i)
		b.Write(seg.Value(w.src))
	}
	if w.inInternal > 0 {
		w.res.InternalCode = append(w.res.InternalCode, b.String())
	} else {
		w.res.Code = append(w.res.Code, b.String())
	}
	if f, ok := n.(*ast.FencedCodeBlock); ok && f.Info != nil {
		checkFence(f, w.src, ls.Len(), w.c.hl.known, w.report)
	}
}

// addLinksIn records the links and images inside an inline subtree (a
// heading), in document order, as the main walk would.
func (c *Converter) addLinksIn(n ast.Node, src []byte, res *Result, pos func(int) (int, int), internal bool, check func(ast.Node, string)) {
	ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			check(n, string(n.Destination))
			c.addLink(n, string(n.Destination), false, src, res, pos, internal)
		case *ast.Image:
			check(n, string(n.Destination))
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
