package build

import (
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestURLEscaping: #, ?, &, %, spaces and non-ASCII in file and folder names
// are escaped once per path segment in the nav, body links, sitemap, feed and
// search index, while the files keep their names in the output.
func TestURLEscaping(t *testing.T) {
	const site = `
-- keel.yaml --
baseURL: https://docs.example.com/
repository: https://git.example.com/r/-/edit/main/
-- content/a#b/c?d.md --
---
title: Hash and question
date: 2026-01-02
---
Back to [x](../x&y/z%201%25.md) and [u](../über.md).
-- content/x&y/z 1%.md --
---
title: Amp
date: 2026-01-03
---
See [c](../a%23b/c%3Fd.md).
-- content/über.md --
---
title: Umlaut
date: 2026-01-04
---
`
	f := writeArchive(t, txtar.Parse([]byte(site)))
	res := buildSite(t, f.dir, Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	files := fileMap(res.Files)
	for _, out := range []string{"a#b/c?d/index.html", "x&y/z 1%/index.html", "über/index.html"} {
		if _, ok := files[out]; !ok {
			t.Errorf("no %s", out)
		}
	}
	want := map[string][]string{
		// nav (sections and pages) and body links
		"über/index.html": {`href="/a%23b/"`, `href="/x&amp;y/"`, `href="/%C3%BCber/"`},
		"x&y/z 1%/index.html": {`href="/x&amp;y/z%201%25/"`, `See <a href="/a%23b/c%3Fd/">c</a>`,
			`href="https://git.example.com/r/-/edit/main/content/x&amp;y/z%201%25.md"`},
		"a#b/c?d/index.html": {`Back to <a href="/x&amp;y/z%201%25/">x</a> and <a href="/%C3%BCber/">u</a>`,
			`href="https://git.example.com/r/-/edit/main/content/a%23b/c%3Fd.md"`},
		"sitemap.xml": {"<loc>https://docs.example.com/a%23b/c%3Fd/</loc>", "<loc>https://docs.example.com/x&amp;y/z%201%25/</loc>",
			"<loc>https://docs.example.com/%C3%BCber/</loc>"},
		"feed.xml": {`<link href="https://docs.example.com/a%23b/c%3Fd/"/>`, `<link href="https://docs.example.com/x&amp;y/z%201%25/"/>`},
	}
	for file, needles := range want {
		for _, n := range needles {
			if !strings.Contains(files[file], n) {
				t.Errorf("%s lacks %s", file, n)
			}
		}
	}
	for path, data := range files {
		for _, bad := range []string{"&amp;amp;", `href="/a#b`, `href="/x&y`, "/q?r", `href="/a%2523`, "content/a#b", "z 1%.md"} {
			if strings.Contains(data, bad) {
				t.Errorf("%s holds %q", path, bad)
			}
		}
	}
	var index strings.Builder
	for path, data := range files {
		if strings.HasPrefix(path, "search/") {
			index.WriteString(data)
		}
	}
	if !strings.Contains(index.String(), `/a%23b/c%3Fd/`) {
		t.Error("the search index lacks the escaped URL")
	}
}
