package markdown

import (
	"bytes"
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// A `> [!INTERNAL]` block is content of the internal edition only. The
// markdown stage cannot know the edition (its results are cached per body and
// shared by both), so it keeps such blocks separable: their HTML sits between
// two markers, and their headings, ids, links, text and code are flagged.
// Result.Edition then gives the view of one edition.
const (
	internalStart = "\x00<\x00" // not a number, so link substitution drops it
	internalEnd   = "\x00>\x00"
)

// internalWrap holds what belongs to internal blocks but sits elsewhere in
// the tree: a footnote referenced only from inside them.
type internalWrap struct {
	ast.BaseBlock
	Start, End int // the footnote definition's lines in the body
}

var kindInternalWrap = ast.NewNodeKind("InternalWrap")

func (n *internalWrap) Kind() ast.NodeKind { return kindInternalWrap }
func (n *internalWrap) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, nil, nil)
}

// hideInternalFootnotes wraps the footnotes that only internal blocks
// reference (the whole list when that is all of them), so the public edition
// drops their text with the blocks.
func hideInternalFootnotes(doc ast.Node, src []byte) {
	var list *east.FootnoteList
	inside, outside := map[int]bool{}, map[int]bool{}
	depth := 0
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *Alert:
			if n.AlertType == "internal" {
				if entering {
					depth++
				} else {
					depth--
				}
			}
		case *east.FootnoteList:
			if entering {
				list = n
			}
			return ast.WalkSkipChildren, nil
		case *east.FootnoteLink:
			if entering {
				if depth > 0 {
					inside[n.Index] = true
				} else {
					outside[n.Index] = true
				}
			}
		}
		return ast.WalkContinue, nil
	})
	if list == nil || len(inside) == 0 {
		return
	}
	var hidden []ast.Node
	all := true
	for c := list.FirstChild(); c != nil; c = c.NextSibling() {
		if fn, ok := c.(*east.Footnote); ok && inside[fn.Index] && !outside[fn.Index] {
			hidden = append(hidden, c)
		} else {
			all = false
		}
	}
	wrap := func(n ast.Node, spans []ast.Node) {
		w := &internalWrap{Start: len(src), End: 0}
		for _, s := range spans {
			start, end := blockLines(s, src)
			w.Start, w.End = min(w.Start, start), max(w.End, end)
		}
		if w.Start > w.End {
			w.Start, w.End = 0, 0
		}
		n.Parent().ReplaceChild(n.Parent(), n, w)
		w.AppendChild(w, n)
	}
	if all {
		wrap(list, hidden)
		return
	}
	for _, fn := range hidden {
		wrap(fn, []ast.Node{fn})
	}
}

// blockLines is the byte range of a block's source lines, whole lines.
func blockLines(n ast.Node, src []byte) (int, int) {
	start, end := len(src), 0
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && c.Type() == ast.TypeBlock {
			if ls := c.Lines(); ls != nil && ls.Len() > 0 {
				start = min(start, ls.At(0).Start)
				end = max(end, ls.At(ls.Len()-1).Stop)
			}
		}
		return ast.WalkContinue, nil
	})
	if start > end {
		return 0, 0
	}
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	for end < len(src) && end > 0 && src[end-1] != '\n' {
		end++
	}
	return start, end
}

// mergeSpans sorts spans and joins overlapping ones.
func mergeSpans(spans []Span) []Span {
	slices.SortFunc(spans, func(a, b Span) int { return a.Start - b.Start })
	var out []Span
	for _, s := range spans {
		if s.End <= s.Start {
			continue
		}
		if n := len(out); n > 0 && s.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// Span is a byte range of the body.
type Span struct{ Start, End int }

// Edit is the byte range of an internal link's destination in the body, for
// the Markdown twin: Link indexes Result.Links.
type Edit struct {
	Start, End int
	Link       int
}

// Edition returns the view of the result that one edition publishes: the
// public one without any internal block, the internal one with their text
// merged into the sections they sit in. The receiver is never modified; a
// result without internal blocks is returned as it is.
func (r *Result) Edition(public bool) *Result {
	if !r.HasInternal {
		return r
	}
	v := *r
	v.Sections = nil
	last := func() *Section {
		if len(v.Sections) == 0 {
			return nil
		}
		return &v.Sections[len(v.Sections)-1]
	}
	if !public {
		v.Code = slices.Concat(r.Code, r.InternalCode)
		v.Tasks += r.InternalTasks
		v.Lead = joinText(r.Lead, r.LeadInternal)
		for _, s := range r.Sections {
			text := joinText(s.Text, s.InternalText)
			if s.Cont {
				if l := last(); l != nil {
					l.Text = joinText(l.Text, text)
				} else {
					v.Lead = joinText(v.Lead, text)
				}
				continue
			}
			v.Sections = append(v.Sections, Section{ID: s.ID, Title: s.Title, Text: text})
		}
		return &v
	}
	v.HTML = StripInternal(r.HTML)
	v.Headings = slices.DeleteFunc(slices.Clone(r.Headings), func(h Heading) bool { return h.Internal })
	v.IDs = slices.DeleteFunc(slices.Clone(r.IDs), func(id string) bool { return slices.Contains(r.InternalIDs, id) })
	v.Explicit = slices.DeleteFunc(slices.Clone(r.Explicit), func(id string) bool { return slices.Contains(r.InternalIDs, id) })
	v.InternalIDs, v.InternalCode, v.InternalTasks, v.LeadInternal = nil, nil, 0, ""
	for _, s := range r.Sections {
		if s.Internal {
			continue
		}
		if s.Cont {
			if l := last(); l != nil && l.ID == s.ID {
				l.Text = joinText(l.Text, s.Text)
			} else {
				v.Lead = joinText(v.Lead, s.Text)
			}
			continue
		}
		v.Sections = append(v.Sections, Section{ID: s.ID, Title: s.Title, Text: s.Text})
	}
	v.HasInternal = false
	return &v
}

// StripInternal removes every internal block (markers included) from HTML.
func StripInternal(html []byte) []byte {
	if !bytes.Contains(html, []byte(internalStart)) {
		return html
	}
	out := make([]byte, 0, len(html))
	depth := 0
	for len(html) > 0 {
		i := bytes.IndexByte(html, 0)
		if i < 0 {
			if depth == 0 {
				out = append(out, html...)
			}
			break
		}
		if depth == 0 {
			out = append(out, html[:i]...)
		}
		rest := html[i:]
		switch {
		case bytes.HasPrefix(rest, []byte(internalStart)):
			depth++
			html = rest[len(internalStart):]
		case bytes.HasPrefix(rest, []byte(internalEnd)):
			depth = max(depth-1, 0)
			html = rest[len(internalEnd):]
		default: // a link placeholder: keep it whole
			j := bytes.IndexByte(rest[1:], 0)
			if j < 0 {
				j = len(rest) - 1
			}
			if depth == 0 {
				out = append(out, rest[:j+2]...)
			}
			html = rest[j+2:]
		}
	}
	return out
}

func joinText(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " " + b
}

// quoteSpan is the byte range of a block quote's lines: from the start of
// the line holding its first text to the end of its last line.
func quoteSpan(q ast.Node, src []byte, first int) (int, int) {
	start := first
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	end := first
	ast.Walk(q, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Type() == ast.TypeBlock {
			if ls := n.Lines(); ls != nil && ls.Len() > 0 {
				end = max(end, ls.At(ls.Len()-1).Stop)
			}
		}
		return ast.WalkContinue, nil
	})
	for end < len(src) && src[end-1] != '\n' {
		end++
	}
	return start, end
}

// WriteTwin writes the Markdown twin of a body to b: link destinations
// replaced by urls (by link index), and internal blocks dropped when public
// is set.
func WriteTwin(b *bytes.Buffer, body []byte, r *Result, urls []string, public bool) {
	pos := 0
	spans := r.Spans
	edits := r.Edits
	for pos < len(body) {
		next := len(body)
		if public && len(spans) > 0 {
			next = min(next, spans[0].Start)
		}
		if len(edits) > 0 {
			next = min(next, edits[0].Start)
		}
		b.Write(body[pos:max(next, pos)])
		pos = max(next, pos)
		if pos >= len(body) {
			break
		}
		if public && len(spans) > 0 && spans[0].Start == pos {
			pos = spans[0].End
			spans = spans[1:]
			for len(edits) > 0 && edits[0].Start < pos {
				edits = edits[1:]
			}
			continue
		}
		e := edits[0]
		edits = edits[1:]
		if e.Link < len(urls) && urls[e.Link] != "" {
			b.WriteString(strings.ReplaceAll(urls[e.Link], "&amp;", "&"))
		} else {
			b.Write(body[e.Start:e.End])
		}
		pos = e.End
	}
}

// linkEdit finds where an inline link's destination is written, for the
// twin: after a "](" (and an optional "<") following the link's start.
// A reference link's destination is found in its definition instead.
func linkEdit(src []byte, start int, dest string, index int) (Edit, bool) {
	if dest == "" {
		return Edit{}, false
	}
	limit := min(len(src), start+4096)
	for i := start; i < limit; {
		j := bytes.Index(src[i:limit], []byte("]("))
		if j < 0 {
			break
		}
		k := i + j + 2
		for k < limit && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n') {
			k++
		}
		if k < limit && src[k] == '<' {
			k++
		}
		if bytes.HasPrefix(src[k:], []byte(dest)) {
			return Edit{Start: k, End: k + len(dest), Link: index}, true
		}
		i = i + j + 2
	}
	return Edit{}, false
}

var refDefRE = regexp.MustCompile(`\A {0,3}\[[^\]\n]+\]:[ \t]*\n?[ \t]*<?([^\s>]+)`)

// refEdits finds the definitions of reference links whose destination is
// one of the links without an inline edit.
//
// A definition starts a line with at most three spaces and a [, and ends on
// that line or the next (only its \n? crosses a line), so refDefRE runs at
// such line starts on those two lines, not over the whole file; after a
// match the next candidate is the line after the match's end, as in the
// search of all matches with (?m)^.
func refEdits(src []byte, links []Link, missing []int) []Edit {
	var out []Edit
	for i := 0; i < len(src); {
		j := i
		for j < len(src) && j < i+3 && src[j] == ' ' {
			j++
		}
		next := len(src) // the offset after this line's \n
		if k := bytes.IndexByte(src[i:], '\n'); k >= 0 {
			next = i + k + 1
		}
		if j < len(src) && src[j] == '[' {
			end := len(src)
			if k := bytes.IndexByte(src[next:], '\n'); next < len(src) && k >= 0 {
				end = next + k + 1
			}
			if m := refDefRE.FindSubmatchIndex(src[i:end]); m != nil {
				dest := string(src[i+m[2] : i+m[3]])
				for _, x := range missing {
					if links[x].Dest == dest {
						out = append(out, Edit{Start: i + m[2], End: i + m[3], Link: x})
						break
					}
				}
				next = len(src)
				if k := bytes.IndexByte(src[i+m[1]:], '\n'); k >= 0 {
					next = i + m[1] + k + 1
				}
			}
		}
		i = next
	}
	return out
}
