package markdown

import (
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

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
			t := collapseSpace(inlineText(n, src, domText))
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
			out().WriteString(inlineText(n, src, plainText))
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
			out().WriteString(inlineText(n, src, plainText))
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
