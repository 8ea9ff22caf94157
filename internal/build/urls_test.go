package build

import (
	"net/url"
	"regexp"
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

// TestTermLinksReachTermPages: every link to a tag, team or owner page
// reaches one, for names too long for a folder name (the page's folder is
// shortened, and so must the links be) and names with no letter or digit.
func TestTermLinksReachTermPages(t *testing.T) {
	long := strings.Repeat("Platform ", 40) // 360 bytes
	site := "-- keel.yaml --\nteams:\n  " + strings.Repeat("k", 300) + ":\n    name: Long team\n" +
		"-- content/blueprints/a.md --\n---\ntitle: A\nstatus: accepted\nowner: '" + long + "'\nteams: [" + strings.Repeat("k", 300) + ", '!!!']\n" +
		"tags: ['" + long + "', '+++']\nmilestones:\n  - {title: M, due: 2026-Q3, status: planned}\n---\n" +
		"-- content/b.md --\n---\ntitle: B\nowner: '???'\n---\n"
	f := writeArchive(t, txtar.Parse([]byte(site)))
	res := buildSite(t, f.dir, Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	files := fileMap(res.Files)
	hrefRE := regexp.MustCompile(`href="/((?:tags|teams|owners)/[^"]+)"`)
	seen := map[string]bool{}
	for path, data := range files {
		if !strings.HasSuffix(path, ".html") {
			continue
		}
		for _, m := range hrefRE.FindAllStringSubmatch(data, -1) {
			target, err := url.PathUnescape(m[1])
			if err != nil || !strings.HasSuffix(target, "/") {
				t.Errorf("%s: link %q", path, m[1])
				continue
			}
			seen[strings.SplitN(target, "/", 2)[0]] = true
			if _, ok := files[target+"index.html"]; !ok {
				t.Errorf("%s links to /%s, which is not written", path, m[1])
			}
			if strings.Contains(target, "//") {
				t.Errorf("%s: empty segment in /%s", path, m[1])
			}
		}
	}
	var titled bool // keel.yaml's name for the long team key reaches its page
	for path, data := range files {
		titled = titled || strings.HasPrefix(path, "teams/k") && strings.Contains(data, "<h1>Long team")
	}
	if !titled {
		t.Error("the page of the team with a long key lacks its keel.yaml name")
	}
	for _, tx := range []string{"tags", "teams", "owners"} {
		if !seen[tx] {
			t.Errorf("no link to a %s page was checked", tx)
		}
	}
}
