package markdown

import (
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
)

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
