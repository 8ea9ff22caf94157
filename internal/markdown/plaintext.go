package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// textRules say how inlineText reads an inline container for each of its
// uses.
type textRules struct {
	resolve  bool // text with escapes and character references resolved, as goldmark prints it
	newlines bool // a line that ends in a soft or hard break gets '\n' (else a soft break is a space)
	// dom is a browser's textContent of the rendered HTML: strings other than
	// code resolved too, images left out, footnote links as their number.
	dom  bool
	trim bool // surrounding space trimmed
}

var (
	// domText is what a browser's textContent gives for the HTML of an
	// inline container: text with escapes and entities resolved, code spans
	// verbatim, link text without destination, autolinks' labels, footnote
	// numbers; images, raw HTML and comments contribute nothing. Line breaks
	// are newlines (which the slug then deletes, as on GitHub). Heading ids
	// and titles use it.
	domText = textRules{resolve: true, newlines: true, dom: true}
	// altText is an image's alt attribute: the text content of its
	// description (CommonMark: the plain string, escapes resolved, no
	// markup).
	altText = textRules{resolve: true, newlines: true}
	// plainText is the visible text of an inline container as the source
	// writes it, for search.
	plainText = textRules{trim: true}
)

// inlineText is the text of an inline container, read by rules r.
func inlineText(n ast.Node, src []byte, r textRules) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(src)
			if r.resolve && !c.IsRaw() {
				v = unescape(v)
			}
			b.Write(v)
			switch {
			case r.newlines && (c.SoftLineBreak() || c.HardLineBreak()):
				b.WriteByte('\n')
			case !r.newlines && c.SoftLineBreak():
				b.WriteByte(' ')
			}
		case *ast.String:
			v := c.Value
			if r.dom && !c.IsRaw() && !c.IsCode() {
				v = unescape(v)
			}
			b.Write(v)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.Image:
			if r.dom {
				return ast.WalkSkipChildren, nil
			}
		case *ast.RawHTML: // its markup is in segments, never children
			return ast.WalkSkipChildren, nil
		case *east.FootnoteLink:
			if r.dom {
				b.WriteString(itoa(c.Index))
			}
		}
		return ast.WalkContinue, nil
	})
	if r.trim {
		return strings.TrimSpace(b.String())
	}
	return b.String()
}

// clauseEnd marks the end of a list item or table row in the plain text:
// collapseSpace makes it a ";" unless the text before it ends a sentence.
const clauseEnd = '\x1f'

func collapseSpace(s string) string {
	var arr [512]byte
	buf := arr[:0]
	if strings.IndexByte(s, clauseEnd) < 0 {
		return string(appendFields(buf, s))
	}
	for i, part := range strings.Split(s, string(clauseEnd)) {
		mark := len(buf)
		if i > 0 && len(buf) > 0 {
			// Chinese text is joined as Chinese is written: 检查延迟；切换, 停止写入。检查
			r, _ := utf8.DecodeLastRune(buf)
			cjk := unicode.Is(unicode.Han, r) || strings.ContainsRune("。；：！？）」』”", r)
			switch {
			case strings.ContainsRune(".;:!?·。；：！？", r):
			case cjk:
				buf = append(buf, "；"...)
			default:
				buf = append(buf, ';')
			}
			if !cjk {
				buf = append(buf, ' ')
			}
		}
		n := len(buf)
		if buf = appendFields(buf, part); len(buf) == n {
			buf = buf[:mark] // an empty part adds nothing
		}
	}
	return string(buf)
}

// appendFields appends strings.Join(strings.Fields(s), " ") to dst without
// making the slice of fields.
func appendFields(dst []byte, s string) []byte {
	field, wrote := -1, false
	for i := 0; i < len(s); {
		c, w := rune(s[i]), 1
		if c >= utf8.RuneSelf {
			c, w = utf8.DecodeRuneInString(s[i:])
		}
		if unicode.IsSpace(c) {
			if field >= 0 {
				dst, field, wrote = append(dst, s[field:i]...), -1, true
			}
		} else if field < 0 {
			if wrote {
				dst = append(dst, ' ')
			}
			field = i
		}
		i += w
	}
	if field >= 0 {
		dst = append(dst, s[field:]...)
	}
	return dst
}
