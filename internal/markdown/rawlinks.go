package markdown

import (
	"bytes"

	"golang.org/x/net/html"
)

// rawAttr holds, on a raw HTML node, the bytes to render for it: the
// sanitized HTML with its internal links replaced by placeholders.
const rawAttr = "\x00keel-raw"

// rewriteRaw is the sanitize mode's view of one raw HTML fragment: the
// allowed HTML, with every internal a[href] and img[src] replaced by the
// placeholder link(dest, image) returns, as GitHub resolves relative URLs in
// raw HTML against the file like Markdown links (a fragment too: GitHub finds
// <a href="#Setup"> in any case, a browser needs the real id, and a broken
// one is as broken as in Markdown); and the id and anchor-name
// attributes it defines. The tokenizer sees the already sanitized bytes, so
// only tags that carry a rewritten URL are written anew.
func (p *policy) rewriteRaw(raw []byte, link func(dest string, image bool) string) ([]byte, []string) {
	clean := p.sanitize(raw)
	if bytes.IndexByte(clean, '<') < 0 {
		return clean, nil
	}
	var out bytes.Buffer
	var ids []string
	z := html.NewTokenizer(bytes.NewReader(clean))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		orig := bytes.Clone(z.Raw())
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			out.Write(orig)
			continue
		}
		tok := z.Token()
		rewrite := -1
		for i, a := range tok.Attr {
			switch {
			case a.Key == "id" || (a.Key == "name" && tok.Data == "a"):
				ids = append(ids, a.Val)
			case a.Key == "href" && tok.Data == "a", a.Key == "src" && tok.Data == "img":
				if a.Val != "" && !IsExternal(a.Val) {
					rewrite = i
				}
			}
		}
		if rewrite < 0 {
			out.Write(orig)
			continue
		}
		out.WriteByte('<')
		out.WriteString(tok.Data)
		for i, a := range tok.Attr {
			out.WriteString(" " + a.Key + `="`)
			if i == rewrite {
				out.WriteString(link(a.Val, tok.Data == "img"))
			} else {
				out.WriteString(html.EscapeString(a.Val))
			}
			out.WriteByte('"')
		}
		if tt == html.SelfClosingTagToken {
			out.WriteByte('/')
		}
		out.WriteByte('>')
	}
	return out.Bytes(), ids
}
