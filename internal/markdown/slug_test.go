package markdown

import (
	"slices"
	"strings"
	"testing"
)

// Heading ids as GitHub computes them: github-slugger over the heading's
// rendered text. The cases are written from github-slugger's rules (lower
// case; delete Other_Number, punctuation but '-' and '_', symbols, controls,
// format characters and separators but ' '; keep letters, marks, digits and
// alphabetic symbols; ' ' to '-') and from how GitHub renders the text.
func TestGitHubHeadingIDs(t *testing.T) {
	cases := []struct {
		name, body string
		want       []string
	}{
		{"emphasis removed", "## Use the _what_\n", []string{"use-the-what"}},
		{"strong and code", "## **Bold** and `code()`\n", []string{"bold-and-code"}},
		{"link text without destination", "## [Code Freeze][cf] (Weeks 12-14)\n\n[cf]: https://example.com\n", []string{"code-freeze-weeks-12-14"}},
		{"inline link", "## See [the guide](guide.md#x) now\n", []string{"see-the-guide-now"}},
		{"image dropped", "## Status ![wip](x.png)\n", []string{"status-"}},
		{"comment dropped", "## Contents <!-- omit in toc -->\n", []string{"contents-"}},
		{"raw tag dropped, text kept", "## <a name=\"x\"></a>Intro <sup>beta</sup>\n", []string{"intro-beta"}},
		{"devanagari marks kept", "## सहायक संसाधन\n", []string{"सहायक-संसाधन"}},
		{"chinese", "## 数据库迁移\n", []string{"数据库迁移"}},
		{"superscript digit dropped", "## x² and H₂O\n", []string{"x-and-ho"}},
		{"roman numeral (Nl) kept", "## Part Ⅻ\n", []string{"part-ⅻ"}},
		{"alphabetic symbol kept", "## Ⓐ grade\n", []string{"ⓐ-grade"}},
		{"symbols dropped, spaces kept", "## C++ & C#\n", []string{"c--c"}},
		{"emoji dropped", "## 🎉 Party\n", []string{"-party"}},
		{"em dash dropped", "## foo — bar\n", []string{"foo--bar"}},
		{"punctuation dropped", "## a.b/c:d? (e) \"f\" 'g'\n", []string{"abcd-e-f-g"}},
		{"underscore and hyphen kept", "## snake_case and kebab-case\n", []string{"snake_case-and-kebab-case"}},
		{"no-break space dropped", "## no\u00a0break\n", []string{"nobreak"}},
		{"backslash escapes resolved", "## \\*not emphasis\\*\n", []string{"not-emphasis"}},
		{"entities resolved", "## &Uuml;ber &amp; &#169; 2024\n", []string{"über---2024"}},
		{"accented letters kept", "## Über Café\n", []string{"über-café"}},
		{"autolink label", "## Visit <https://example.com>\n", []string{"visit-httpsexamplecom"}},
		{"setext over two lines", "Foo\nbar\n===\n", []string{"foobar"}},
		{"trailing hashes", "## Install ##\n", []string{"install"}},
		{"repeats", "# A\n# a\n# A-1\n# a\n", []string{"a", "a-1", "a-1-1", "a-2"}},
		{"explicit id kept", "## Map the types {#types}\n## Map the types\n", []string{"types", "map-the-types"}},
		{"dotted capital I", "## İstanbul\n", []string{"i̇stanbul"}},
	}
	c := New(Options{})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, _ := c.Convert("a.md", []byte(tc.body), 1, 0)
			var got []string
			for _, h := range res.Headings {
				got = append(got, h.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("%q: ids %q, want %q", tc.body, got, tc.want)
			}
			for _, id := range tc.want {
				if !strings.Contains(string(res.HTML), `id="`+id+`"`) {
					t.Errorf("HTML lacks id %q:\n%s", id, res.HTML)
				}
			}
		})
	}
}

// A page without a front-matter title takes its first top-level h1, which
// then is not repeated in the body; its id stays an anchor.
func TestTitleHeading(t *testing.T) {
	c := New(Options{})
	res, _ := c.Convert("a.md", []byte("Badges\n\n# The *Real* Title\n\nText\n\n# Second\n"), 1, TitleHeading)
	if res.Title != "The Real Title" {
		t.Errorf("title %q", res.Title)
	}
	if strings.Contains(string(res.HTML), "Real") || !strings.Contains(string(res.HTML), `<h1 id="second">`) {
		t.Errorf("body:\n%s", res.HTML)
	}
	if !slices.Contains(res.IDs, "the-real-title") {
		t.Errorf("ids %v", res.IDs)
	}
	res, _ = c.Convert("a.md", []byte("# Kept\n"), 1, 0)
	if res.Title != "" || !strings.Contains(string(res.HTML), "Kept") {
		t.Errorf("without TitleHeading: %q %s", res.Title, res.HTML)
	}
}

// Alert markers match in any case, as on GitHub; a code fence's info string
// is unescaped before the language is chosen; titles are unescaped.
func TestCommonMarkDetails(t *testing.T) {
	c := New(Options{})
	cases := []struct{ body, want string }{
		{"> [!note]\n> Hi\n", `class="alert alert-note"`},
		{"> [!Warning]\n> Hi\n", `class="alert alert-warning"`},
		{"```foo\\+bar\ncode\n```\n", `data-lang="foo+bar"`},
		{"```&#x67;o\nx := 1\n```\n", `data-lang="go"`},
		{"[a](https://x.com \"ti\\*tle\")\n", `title="ti*tle"`},
		{"[a](https://x.com \"f&ouml;\")\n", `title="fö"`},
		{"![a \\*b\\*](https://x.com/i.png 'q&quot;')\n", `alt="a *b*" title="q&quot;"`},
	}
	for _, tc := range cases {
		res, _ := c.Convert("a.md", []byte(tc.body), 1, 0)
		if !strings.Contains(string(res.HTML), tc.want) {
			t.Errorf("%q: want %s in\n%s", tc.body, tc.want, res.HTML)
		}
	}
}

// The outline shows a heading's text as the page does: escapes and
// entities resolved, comments and images left out.
func TestHeadingText(t *testing.T) {
	res, _ := New(Options{}).Convert("a.md", []byte("## Fish &amp; \\*chips\\* <!-- omit in toc -->\n## Status ![wip](x.png)\n"), 1, 0)
	got := []string{res.Headings[0].Text, res.Headings[1].Text}
	if !slices.Equal(got, []string{"Fish & *chips*", "Status"}) {
		t.Errorf("heading texts %q", got)
	}
}
