package markdown

import (
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// GitHubSlug is the anchor GitHub gives a heading whose rendered text is s,
// by github-slugger's rules: lower-case the text, delete every character of
// the Unicode categories Other_Number, Open/Close/Initial/Final/Other and Dash
// punctuation (but a plain '-'), Symbol, Control, Format, Private_Use,
// Unassigned and Separator (but a plain ' '), except alphabetic ones, and
// turn each space into '-'. Letters, marks, decimal and letter numbers and
// connector punctuation ('_') stay. Nothing is trimmed or collapsed.
func GitHubSlug(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == 'İ' { // JavaScript's toLowerCase keeps the dot as a combining mark
			b.WriteString("i\u0307")
			continue
		}
		r = unicode.ToLower(r)
		switch {
		case r == ' ':
			b.WriteByte('-')
		case slugKeeps(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

func slugKeeps(r rune) bool {
	switch {
	case r == '-':
		return true
	case unicode.IsLetter(r), unicode.IsMark(r), unicode.Is(unicode.Nd, r), unicode.Is(unicode.Nl, r), unicode.Is(unicode.Pc, r):
		return true
	}
	// Some symbols and numbers are alphabetic (Ⓐ, the Roman numeral Ⅻ is Nl already).
	return unicode.Is(unicode.Other_Alphabetic, r)
}

// Slug is GitHubSlug of a trimmed text, for names keel makes itself (file
// names of new pages, taxonomy URLs).
func Slug(s string) string { return GitHubSlug(strings.TrimSpace(s)) }

// unescape resolves backslash escapes and character references the way
// goldmark's HTML writer does when it prints text.
func unescape(v []byte) []byte {
	v = util.UnescapePunctuations(v)
	v = util.ResolveNumericReferences(v)
	return util.ResolveEntityNames(v)
}

// assignIDs gives every heading its id in document order: an explicit
// {#id} is kept (and reserved), any other heading gets GitHub's slug of its
// rendered text.
func assignIDs(doc ast.Node, src []byte, s *ids) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		if v, ok := h.AttributeString("id"); ok {
			if id, ok := v.([]byte); ok {
				s.Put(id)
				s.explicit = append(s.explicit, string(id))
			}
		} else {
			h.SetAttributeString("id", s.Generate([]byte(inlineText(h, src, domText)), ast.KindHeading))
		}
		return ast.WalkSkipChildren, nil
	})
}

// takeTitle removes the first top-level level-1 heading from the document
// and returns its text, for a page whose title comes from it.
func takeTitle(doc ast.Node, src []byte) string {
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		if h, ok := c.(*ast.Heading); ok && h.Level == 1 {
			t := collapseSpace(inlineText(h, src, domText))
			doc.RemoveChild(doc, h)
			return t
		}
	}
	return ""
}

// fenceLanguage is the first word of a code fence's info string, with its
// backslash escapes and character references resolved (CommonMark: the info
// string is unescaped before its first word is taken as the language).
func fenceLanguage(f *ast.FencedCodeBlock, src []byte) string {
	if f.Info == nil {
		return ""
	}
	info := unescape(f.Info.Segment.Value(src))
	for i, c := range info {
		if c == ' ' || c == '\t' {
			return string(info[:i])
		}
	}
	return string(info)
}
