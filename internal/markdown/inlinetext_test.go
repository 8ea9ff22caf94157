package markdown

import (
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// inlineText reads one inline container three ways: as a browser's
// textContent (heading ids and titles), as an image's alt attribute, and as
// the source's plain text (search).
func TestInlineText(t *testing.T) {
	tests := []struct {
		name, body      string
		dom, alt, plain string
	}{
		{"escapes and references", `a \*b\* &amp; &#35;`, "a *b* & #", "a *b* & #", `a \*b\* &amp; &#35;`},
		{"code span verbatim", "x `c&amp;\\*` y", "x c&amp;\\* y", "x c&amp;\\* y", "x c&amp;\\* y"},
		{"image", "x ![alt *em*](i.png) y", "x  y", "x alt em y", "x alt em y"},
		{"link and autolink", "[l *e*](u) <https://e.x>", "l e https://e.x", "l e https://e.x", "l e https://e.x"},
		{"raw html", "a <span title=\"t\">h</span> b", "a h b", "a h b", "a h b"},
		{"footnote link", "a[^1]\n\n[^1]: n", "a1", "a", "a"},
		{"soft and hard breaks", "a\nb\\\nc  \nd", "a\nb\nc\nd", "a\nb\nc\nd", "a bcd"},
		{"surrounding space", "&#32;a&#32;", " a ", " a ", "&#32;a&#32;"},
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote))
	for _, tt := range tests {
		src := []byte(tt.body)
		doc := md.Parser().Parse(text.NewReader(src))
		para := doc.FirstChild()
		if _, ok := para.(*ast.Paragraph); !ok {
			t.Fatalf("%s: first block is %T", tt.name, para)
		}
		for _, c := range []struct {
			rules textRules
			want  string
		}{{domText, tt.dom}, {altText, tt.alt}, {plainText, tt.plain}} {
			if got := inlineText(para, src, c.rules); got != c.want {
				t.Errorf("%s: inlineText(%q, %+v) = %q, want %q", tt.name, tt.body, c.rules, got, c.want)
			}
		}
	}
}
