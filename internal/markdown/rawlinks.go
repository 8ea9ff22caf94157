package markdown

import (
	"bytes"
	"strings"

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
		vals := map[int]string{} // rewritten attribute values, by index
		for i, a := range tok.Attr {
			switch {
			case a.Key == "id" || (a.Key == "name" && tok.Data == "a"):
				ids = append(ids, a.Val)
			case a.Key == "href" && tok.Data == "a", a.Key == "src" && tok.Data == "img":
				if a.Val != "" && !IsExternal(a.Val) {
					vals[i] = link(a.Val, tok.Data == "img")
				}
			case a.Key == "srcset":
				if v, ok := rewriteSrcset(a.Val, link); ok {
					vals[i] = v
				}
			}
		}
		if len(vals) == 0 {
			out.Write(orig)
			continue
		}
		out.WriteByte('<')
		out.WriteString(tok.Data)
		for i, a := range tok.Attr {
			out.WriteString(" " + a.Key + `="`)
			if v, ok := vals[i]; ok {
				out.WriteString(v)
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

// rewriteSrcset resolves each relative URL of a srcset like an image's src:
// GitHub READMEs switch logos for dark mode with <picture><source srcset>,
// and the URL is relative to the file there as well. The sanitizer's pattern
// has already limited the value to URLs and w/x descriptors.
func rewriteSrcset(v string, link func(dest string, image bool) string) (string, bool) {
	cands := strings.Split(v, ",")
	changed := false
	for i, c := range cands {
		f := strings.Fields(c)
		if len(f) == 0 {
			continue
		}
		if !IsExternal(f[0]) {
			f[0] = link(f[0], true)
			changed = true
		}
		cands[i] = strings.Join(f, " ")
	}
	return strings.Join(cands, ", "), changed
}
