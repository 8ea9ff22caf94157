package markdown

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The default raw-HTML mode keeps what GitHub keeps and removes the rest.
func TestSanitizer(t *testing.T) {
	removed := []struct{ name, body, absent string }{
		{"script block", "<script>alert(1)</script>\n", "alert(1)"},
		{"script tag", "<script src=\"https://evil.example/x.js\"></script>\n", "<script"},
		{"inline script tag", "a <script>x</script> b\n", "<script"},
		{"style block", "<style>body{display:none}</style>\n", "display:none"},
		{"event handler", "<img src=\"a.png\" onerror=\"alert(1)\">\n", "onerror"},
		{"event handler inline", "x <b onclick=\"alert(1)\">y</b>\n", "onclick"},
		{"javascript URL", "<a href=\"javascript:alert(1)\">x</a>\n", "javascript:"},
		{"javascript URL mixed case", "<a href=\"JaVaScRiPt:alert(1)\">x</a>\n", "alert(1)"},
		{"javascript URL entity", "<a href=\"jav&#x61;script:alert(1)\">x</a>\n", "alert(1)"},
		{"data URL link", "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>\n", "data:"},
		{"data URL image", "<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">\n", "data:"},
		{"srcset javascript", "<picture><source srcset=\"javascript:alert(1)\"></picture>\n", "javascript:"},
		{"iframe", "<iframe src=\"https://example.com\"></iframe>\n", "<iframe"},
		{"form", "<form action=\"/x\"><input name=\"q\"><button>Go</button></form>\n", "<form"},
		{"input", "<input type=\"text\" name=\"q\">\n", "<input"},
		{"object", "<object data=\"x.swf\"></object>\n", "<object"},
		{"embed", "<embed src=\"x.swf\">\n", "<embed"},
		{"svg onload", "<svg onload=\"alert(1)\"></svg>\n", "onload"},
		{"meta refresh", "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">\n", "<meta"},
		{"base", "<base href=\"https://evil.example/\">\n", "<base"},
		{"style attribute", "<div style=\"position:fixed\">x</div>\n", "style="},
		{"class attribute", "<span class=\"btn\">x</span>\n", "class="},
		{"comment block", "<!-- secret note -->\n\ntext\n", "secret"},
		{"inline comment", "text <!-- omit in toc --> more\n", "omit"},
		{"multi-line comment", "<!--\nTODO: hidden\n-->\n", "hidden"},
	}
	c := New(Options{})
	for _, tc := range removed {
		t.Run("removes "+tc.name, func(t *testing.T) {
			res, _ := c.Convert("a.md", []byte(tc.body), 1, 0)
			if strings.Contains(string(res.HTML), tc.absent) {
				t.Errorf("%q: %q survives in\n%s", tc.body, tc.absent, res.HTML)
			}
		})
	}
	kept := []struct{ name, body, want string }{
		{"anchor name", "<a name=\"old-anchor\"></a>\n", `<a name="old-anchor"></a>`},
		{"anchor id and href", "<a id=\"x\" href=\"https://example.com/\">t</a>\n", `<a id="x" href="https://example.com/">t</a>`},
		{"relative href", "<a href=\"other.md\">o</a>\n", `<a href="other.md">o</a>`},
		{"mailto", "<a href=\"mailto:a@example.com\">m</a>\n", `href="mailto:a@example.com"`},
		{"span id", "text <span id=\"here\">x</span>\n", `<span id="here">x</span>`},
		{"details", "<details>\n<summary>More</summary>\n\nBody *md*\n\n</details>\n", "<details>\n<summary>More</summary>"},
		{"details open", "<details open>\n<summary>S</summary>\n</details>\n", `<details open`},
		{"kbd", "Press <kbd>Ctrl</kbd>+<kbd>K</kbd>\n", "<kbd>Ctrl</kbd>+<kbd>K</kbd>"},
		{"sup sub", "x<sup>2</sup> H<sub>2</sub>O\n", "x<sup>2</sup> H<sub>2</sub>O"},
		{"br", "a<br>b\n", "<br"},
		{"img", "<img src=\"a.png\" alt=\"A\" width=\"100\" height=\"50\">\n", `<img src="a.png" alt="A" width="100" height="50"`},
		{"picture", "<picture>\n<source media=\"(prefers-color-scheme: dark)\" srcset=\"dark.png\">\n<img src=\"light.png\" alt=\"logo\">\n</picture>\n",
			`<source media="(prefers-color-scheme: dark)" srcset="dark.png"`},
		{"table", "<table>\n<tr><th colspan=\"2\">H</th></tr>\n<tr><td>a</td><td>b</td></tr>\n</table>\n", `<th colspan="2">H</th>`},
		{"div align", "<div align=\"center\">\n\n**x**\n\n</div>\n", `<div align="center">`},
		{"p align", "<p align=\"center\">centered</p>\n", `<p align="center">centered</p>`},
		{"heading id", "<h2 id=\"custom\">Custom</h2>\n", `<h2 id="custom">Custom</h2>`},
		{"ins del", "<ins>new</ins> <del>old</del>\n", "<ins>new</ins> <del>old</del>"},
	}
	for _, tc := range kept {
		t.Run("keeps "+tc.name, func(t *testing.T) {
			res, _ := c.Convert("a.md", []byte(tc.body), 1, 0)
			if got := withDests(res); !strings.Contains(got, tc.want) {
				t.Errorf("%q: want %q in\n%s", tc.body, tc.want, got)
			}
		})
	}
	// id and name of kept elements are anchors; a removed element's are not.
	res, _ := c.Convert("a.md", []byte("<a name=\"n1\"></a> <span id=\"s1\">x</span>\n\n<div id=\"d1\">\n\n<script id=\"evil\"></script>\n"), 1, 0)
	for _, id := range []string{"n1", "s1", "d1"} {
		if !slices.Contains(res.IDs, id) {
			t.Errorf("ids %v lack %q", res.IDs, id)
		}
	}
	if slices.Contains(res.IDs, "evil") {
		t.Errorf("ids %v include a removed element's id", res.IDs)
	}
}

// withDests is the HTML with each link placeholder replaced by its
// destination as written.
func withDests(res Result) string {
	return placeholderRE.ReplaceAllStringFunc(string(res.HTML), func(m string) string {
		i, _ := strconv.Atoi(strings.Trim(m, "\x00"))
		return res.Links[i].Dest
	})
}

// Relative URLs in raw HTML are links keel resolves, as GitHub resolves
// them against the file, fragments included; external ones stay as written.
func TestRawHTMLLinks(t *testing.T) {
	c := New(Options{})
	res, _ := c.Convert("a.md", []byte("Intro\n\n<p align=\"center\"><img src=\"./img/logo.png\" width=\"90\"></p>\n\n"+
		"See <a href=\"guide.md#setup\">the guide</a>, <a href=\"https://example.com/\">x</a>, <a href=\"#Top\">top</a>.\n"), 1, 0)
	want := []Link{{Dest: "./img/logo.png", Line: 3, Col: 1, Image: true}, {Dest: "guide.md#setup", Line: 5, Col: 5}, {Dest: "#Top", Line: 5, Col: 83}}
	if !slices.Equal(res.Links, want) {
		t.Errorf("links %+v, want %+v", res.Links, want)
	}
	for _, s := range []string{"<img src=\"\x000\x00\" width=\"90\">", "<a href=\"\x001\x00\">the guide</a>", `href="https://example.com/"`, "<a href=\"\x002\x00\">top</a>"} {
		if !strings.Contains(string(res.HTML), s) {
			t.Errorf("HTML lacks %q:\n%q", s, res.HTML)
		}
	}
	// Each relative candidate of a srcset is an image link; external ones stay.
	res, _ = c.Convert("a.md", []byte("<picture><source srcset=\"dark.png 1x, https://cdn.example/dark@2x.png 2x, ./dark@3x.png 3x\"></picture>\n"), 1, 0)
	want = []Link{{Dest: "dark.png", Line: 1, Col: 10, Image: true}, {Dest: "./dark@3x.png", Line: 1, Col: 10, Image: true}}
	if !slices.Equal(res.Links, want) || !strings.Contains(string(res.HTML), "srcset=\"\x000\x00 1x, https://cdn.example/dark@2x.png 2x, \x001\x00 3x\"") {
		t.Errorf("srcset: links %+v\n%q", res.Links, res.HTML)
	}
	// Analyze finds the same links as Convert, whose HTML has the placeholder.
	an, _ := c.Analyze("a.md", []byte("<a href=\"b.md\">b</a>\n"), 1, 0)
	full, _ := c.Convert("a.md", []byte("<a href=\"b.md\">b</a>\n"), 1, 0)
	if len(an.Links) != 1 || !slices.Equal(an.Links, full.Links) || !strings.Contains(string(full.HTML), "\x000\x00") {
		t.Errorf("analyze: %+v %q", an.Links, full.HTML)
	}
}

// escape shows raw HTML as text; unsafe passes it through.
func TestHTMLModes(t *testing.T) {
	body := []byte("<kbd>K</kbd> <!-- c -->\n")
	res, _ := New(Options{HTML: HTMLEscape}).Convert("a.md", body, 1, 0)
	if !strings.Contains(string(res.HTML), "&lt;kbd&gt;") {
		t.Errorf("escape: %s", res.HTML)
	}
	res, _ = New(Options{HTML: HTMLUnsafe}).Convert("a.md", body, 1, 0)
	if !strings.Contains(string(res.HTML), "<kbd>K</kbd> <!-- c -->") {
		t.Errorf("unsafe: %s", res.HTML)
	}
}
