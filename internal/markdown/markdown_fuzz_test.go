package markdown

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"keel/internal/diag"
)

// FuzzConvert runs the whole Markdown stage on any text the source stage
// accepts (UTF-8 without NUL). The HTML must carry exactly one well-formed
// placeholder per link, in order; positions must lie inside the body; heading
// IDs must be unique; Analyze must agree with Convert and leave the HTML out.
func FuzzConvert(f *testing.F) {
	for _, s := range []string{
		"# Title\n\nSee [pg](../manuals/pg.md#step-2) and ![logo](img/logo.png).\n",
		"## Step\n\n```go\nfunc main() {}\n```\n\n## Step\n\n- [x] done\n- [ ] todo\n",
		"> [!WARNING]\n> Back up first.\n\n> [!NOTE] Custom\n> text\n",
		"Term\n: Definition\n\nA footnote[^1].\n\n[^1]: The note, with [a link](b.md).\n",
		"# 值班与事故处理 {#oncall}\n\n[链接](/onboarding/值班.md) <a id=\"raw\">x</a>\n",
		"[ref]: missing.md\n\nUse [the ref][ref] and [](empty.md) and <https://example.com>.\n",
		"| a | b |\n|---|---|\n| [x](x.md) | `code` |\n",
		strings.Repeat(">", 40) + " deep\n",
		strings.Repeat("- ", 40) + "deep\n",
		"[a](<b c.md> \"title\") [d](e.md?x=1#f) [g](#) [h](?q)\n",
		"    indented code [x](y.md)\n\n<div>\n[z](z.md)\n</div>\n",
		"Pub[^p].\n\n> [!INTERNAL]\n> Sec[^s] and [^p].\n\n[^p]: P.\n[^s]: S\n    more.\n",
		"## A\n\n> [!INTERNAL]\n> ## B\n> [x](x.md) `code`\n>\n> > [!INTERNAL]\n> > nested\n\nafter [y](y.md)\n",
		"```sql title=\"a.sql\" {1} ins={2} del={3} showLineNumbers wrap\nA\nB\nC\n```\n\n```diff lang=\"yaml\"\n a:\n-  b\n+  c\n```\n",
		"- x\n\n  ```go {3-} ins={x} title=\"t\n  a\n  ```\n",
		"## <a name=\"x\"></a>Intro <img src=\"i.png\"> <!-- c -->\n\n<p align=\"center\"><img src=\"./a.png\"><a href=\"b.md#c\">b</a></p>\n[<img src=\"d.png\">](e.md) <kbd>K</kbd>\n",
		"Foo\nbar\n===\n\n```foo\\+bar {.x}\n```\n\n[t](u.md \"ti\\*tle &ouml;\")\n",
		"<picture>\n<source media=\"(prefers-color-scheme: dark)\" srcset=\"d.png 1x, https://x.example/d2.png 2x,./d3.png 3x\">\n<img srcset=\"e.png\" src=\"f.png\">\n</picture>\n\n<a href=\"#Top\">top</a> <a href=\"#\">none</a>\n",
	} {
		f.Add(s, false)
	}
	convs := []*Converter{New(Options{}), New(Options{HTML: HTMLUnsafe}), New(Options{HTML: HTMLEscape})}
	f.Fuzz(func(t *testing.T, body string, unsafe bool) {
		if !utf8.ValidString(body) || strings.IndexByte(body, 0) >= 0 {
			return // the source stage refuses these files
		}
		c := convs[0]
		if unsafe {
			c = convs[1]
		}
		const bodyLine = 4
		lastLine := bodyLine + strings.Count(body, "\n")
		res, diags := c.Convert("a.md", []byte(body), bodyLine, Steps)

		checkPlaceholders(t, res, body)
		checkPositions(t, res, diags, bodyLine, lastLine)
		checkHeadingIDs(t, res)

		an, _ := c.Analyze("a.md", []byte(body), bodyLine, Steps)
		if !slices.Equal(an.Links, res.Links) || !slices.Equal(an.IDs, res.IDs) || !slices.Equal(an.Headings, res.Headings) {
			t.Fatal("Analyze and Convert disagree")
		}
		if an.HTML != nil {
			t.Fatal("Analyze made HTML")
		}
	})
}

// checkPlaceholders: the HTML carries NUL index NUL for links 0, 1, 2… in
// order, the public edition no internal marker, and spans and edits lie in
// the body.
func checkPlaceholders(t *testing.T, res Result, body string) {
	// placeholders: NUL index NUL for links 0, 1, 2… in order
	html := bytes.ReplaceAll(bytes.ReplaceAll(res.HTML, []byte(internalStart), nil), []byte(internalEnd), nil)
	if pub := res.Edition(true); bytes.Contains(pub.HTML, []byte(internalStart)) || bytes.Contains(pub.HTML, []byte(internalEnd)) {
		t.Fatalf("public view keeps an internal marker: %q", pub.HTML)
	}
	for _, sp := range res.Spans {
		if sp.Start < 0 || sp.End > len(body) || sp.Start > sp.End {
			t.Fatalf("span %+v outside the body (%d bytes)", sp, len(body))
		}
	}
	prev := 0
	for _, e := range res.Edits {
		if e.Start < prev || e.End > len(body) || e.Start > e.End || e.Link >= len(res.Links) {
			t.Fatalf("edit %+v out of order or outside the body", e)
		}
		prev = e.End
	}
	for i := range res.Links {
		j := bytes.IndexByte(html, 0)
		want := "\x00" + strconv.Itoa(i) + "\x00"
		if j < 0 || !bytes.HasPrefix(html[j:], []byte(want)) {
			t.Fatalf("placeholder %d missing or malformed in %q", i, res.HTML)
		}
		html = html[j+len(want):]
	}
	if bytes.IndexByte(html, 0) >= 0 {
		t.Fatalf("NUL beyond the %d placeholders in %q", len(res.Links), res.HTML)
	}
}

// checkPositions: links and diagnostics lie on the body's lines.
func checkPositions(t *testing.T, res Result, diags diag.List, bodyLine, lastLine int) {
	for _, l := range res.Links {
		if l.Line < bodyLine || l.Line > lastLine || l.Col < 1 {
			t.Fatalf("link %+v outside lines %d-%d", l, bodyLine, lastLine)
		}
	}
	for _, d := range diags {
		if d.Line < bodyLine || d.Line > lastLine || d.Col < 1 {
			t.Fatalf("diagnostic outside lines %d-%d: %v", bodyLine, lastLine, d)
		}
	}
}

// checkHeadingIDs: heading ids are unique and among the anchor targets.
func checkHeadingIDs(t *testing.T, res Result) {
	var ids []string
	for _, h := range res.Headings {
		if slices.Contains(ids, h.ID) {
			t.Fatalf("heading id %q twice", h.ID)
		}
		ids = append(ids, h.ID)
		if !slices.Contains(res.IDs, h.ID) {
			t.Fatalf("heading id %q not among the anchor targets", h.ID)
		}
	}
}
