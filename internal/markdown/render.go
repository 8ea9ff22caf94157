package markdown

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// nodeRenderer overrides goldmark's HTML for the nodes keel treats specially.
type nodeRenderer struct {
	opts   Options
	hl     *highlighter
	policy *policy // HTMLSanitize only
}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindLink, r.link)
	reg.Register(ast.KindImage, r.image)
	reg.Register(ast.KindFencedCodeBlock, r.codeBlock)
	reg.Register(ast.KindCodeBlock, r.codeBlock)
	reg.Register(ast.KindHeading, r.heading)
	reg.Register(KindAlert, r.alert)
	reg.Register(KindStep, r.step)
	reg.Register(KindTaskLabel, r.taskLabel)
	reg.Register(kindInternalWrap, r.internalWrap)
	switch r.opts.HTML {
	case HTMLEscape:
		reg.Register(ast.KindHTMLBlock, r.escapedHTMLBlock)
		reg.Register(ast.KindRawHTML, r.escapedRawHTML)
	case HTMLSanitize:
		reg.Register(ast.KindHTMLBlock, r.sanitizedHTMLBlock)
		reg.Register(ast.KindRawHTML, r.sanitizedRawHTML)
	}
}

// writeDest writes a link target: the placeholder for links the site stage
// resolves, the escaped URL otherwise.
func (r *nodeRenderer) writeDest(w util.BufWriter, n ast.Node, dest []byte) {
	if v, ok := n.AttributeString(linkAttr); ok {
		w.WriteByte(0)
		w.WriteString(strconv.Itoa(v.(int)))
		w.WriteByte(0)
		return
	}
	d := util.URLEscape(dest, true)
	if r.opts.HTML == HTMLUnsafe || !html.IsDangerousURL(d) {
		w.Write(util.EscapeHTML(d))
	}
}

func (r *nodeRenderer) link(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	if !entering {
		w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	w.WriteString(`<a href="`)
	r.writeDest(w, n, n.Destination)
	w.WriteByte('"')
	writeTitle(w, n.Title)
	w.WriteByte('>')
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) image(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	w.WriteString(`<img src="`)
	r.writeDest(w, n, n.Destination)
	w.WriteString(`" alt="`)
	w.Write(util.EscapeHTML([]byte(inlineText(n, src, altText))))
	w.WriteByte('"')
	writeTitle(w, n.Title)
	w.WriteString(` loading="lazy">`)
	return ast.WalkSkipChildren, nil
}

// writeTitle writes a link or image title with its backslash escapes and
// character references resolved (goldmark keeps them as written).
func writeTitle(w util.BufWriter, title []byte) {
	if title == nil {
		return
	}
	w.WriteString(` title="`)
	html.DefaultWriter.Write(w, title)
	w.WriteByte('"')
}

func (r *nodeRenderer) heading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	if !entering {
		w.WriteString("</h")
		w.WriteByte('0' + byte(n.Level))
		w.WriteString(">\n")
		return ast.WalkContinue, nil
	}
	w.WriteString("<h")
	w.WriteByte('0' + byte(n.Level))
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, html.HeadingAttributeFilter)
	}
	w.WriteByte('>')
	if s, ok := n.Parent().(*Step); ok && s.Number > 0 {
		w.WriteString(`<span class="step-no">`)
		w.WriteString(strconv.Itoa(s.Number))
		w.WriteString(`</span> `)
	}
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) alert(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Alert)
	if !entering {
		w.WriteString("</div>\n")
		if n.AlertType == "internal" {
			w.WriteString(internalEnd)
		}
		return ast.WalkContinue, nil
	}
	if n.AlertType == "internal" {
		w.WriteString(internalStart)
	}
	w.WriteString(`<div class="alert alert-` + n.AlertType + `" role="note"><p class="alert-title">`)
	w.Write(util.EscapeHTML([]byte(r.opts.AlertTitles[n.AlertType])))
	w.WriteString("</p>\n")
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) internalWrap(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		w.WriteString(internalStart)
	} else {
		w.WriteString(internalEnd)
	}
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) step(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Step)
	if !entering {
		w.WriteString("</section>\n")
		return ast.WalkContinue, nil
	}
	if n.Rollback {
		w.WriteString(`<section class="step rollback" role="region" aria-label="Rollback">` + "\n")
	} else {
		w.WriteString(`<section class="step">` + "\n")
	}
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) codeBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	var lang string
	var fence *Fence
	if f, ok := node.(*ast.FencedCodeBlock); ok {
		lang = fenceLanguage(f, src)
		if v, ok := f.AttributeString(diagramAttr); ok && v.(*Diagram).SVG != nil {
			var info []byte
			if f.Info != nil {
				info = f.Info.Segment.Value(src)
			}
			writeDiagram(w, strings.ToLower(lang), fenceTitle(info), v.(*Diagram).SVG)
			return ast.WalkSkipChildren, nil
		}
		if fence = r.fenceOf(f, src); fence != nil {
			fence.Lang = lang // unescaped, as CommonMark reads it
		}
	}
	var code []byte
	ls := node.Lines()
	for i := range ls.Len() {
		seg := ls.At(i)
		code = append(code, seg.Value(src)...)
	}
	if fence != nil {
		r.hl.writeFence(w, fence, code)
		return ast.WalkSkipChildren, nil
	}
	r.hl.write(w, lang, code)
	return ast.WalkSkipChildren, nil
}

// Without markdown.unsafe, raw HTML is shown as text, not dropped: the author sees what happened.
func (r *nodeRenderer) escapedHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.HTMLBlock)
	w.WriteString("<p>")
	ls := n.Lines()
	for i := range ls.Len() {
		seg := ls.At(i)
		w.Write(util.EscapeHTML(seg.Value(src)))
	}
	if n.HasClosure() {
		w.Write(util.EscapeHTML(n.ClosureLine.Value(src)))
	}
	w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) escapedRawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	for i := range n.Segments.Len() {
		seg := n.Segments.At(i)
		w.Write(util.EscapeHTML(seg.Value(src)))
	}
	return ast.WalkSkipChildren, nil
}

// fenceOf parses a fenced block's info string; nil when it has no extras
// (the block renders as it always has).
func (r *nodeRenderer) fenceOf(n *ast.FencedCodeBlock, src []byte) *Fence {
	if n.Info == nil {
		return nil
	}
	info := n.Info.Segment.Value(src)
	if bytes.IndexAny(info, " \t{=") < 0 {
		return nil
	}
	f, _ := ParseFence(string(info)) // collect reports the problems
	if !f.Extras {
		return nil
	}
	if f.Diff != "" && !r.hl.known(f.Diff) {
		f.Diff = ""
	}
	return &f
}

// sanitizedHTMLBlock writes what the GitHub-like allow-list keeps of a raw HTML block.
func (r *nodeRenderer) sanitizedHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	if v, ok := node.AttributeString(rawAttr); ok {
		w.Write(v.([]byte))
	} else { // not reached by collect (which rewrites links): sanitize only
		w.Write(r.policy.sanitize(htmlBlockText(node.(*ast.HTMLBlock), src)))
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) sanitizedRawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	if v, ok := node.AttributeString(rawAttr); ok {
		w.Write(v.([]byte))
	} else {
		w.Write(r.policy.sanitize(rawHTMLText(node.(*ast.RawHTML), src)))
	}
	return ast.WalkSkipChildren, nil
}
