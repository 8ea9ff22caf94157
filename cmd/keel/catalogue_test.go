package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// page is a minimal valid content file.
const page = "---\ntitle: A\n---\nHello.\n"

// badInput is one case of the bad-input catalogue (docs/errors.md lists the
// same cases and messages for users to look up).
type badInput struct {
	name  string
	files map[string]string
	setup func(t *testing.T, site string) // symlinks, huge files, permissions
	code  int
	// want is the exact stderr of keel build; {site} stands for the site folder.
	want string
	// unprivileged runs the build as a user other than root (as a child
	// process as nobody when the tests run as root, since root reads anything).
	unprivileged bool
	// page is a page that must be in the output, with a text it must hold
	// (for cases that must just work).
	page, text string
	// absent is an output file that must not exist.
	absent string
	// args are more arguments to keel build; out, when set, is the output
	// folder relative to the site folder (instead of a folder beside it).
	args []string
	out  string
}

func badInputs() []badInput {
	deepList := func(n int) string {
		var b strings.Builder
		b.WriteString("---\ntitle: Deep\n---\n")
		for i := range n {
			b.WriteString(strings.Repeat("  ", i) + "- x\n")
		}
		return b.String()
	}
	return []badInput{
		{name: "malformed YAML",
			want: `content/a.md:3:1: error: invalid YAML: did not find expected ',' or ']'
1 error, 0 warnings in 1 file; nothing was written
`,
			files: map[string]string{"content/a.md": "---\ntitle: A\ntags: [x, y\nowner: me\n---\nBody.\n"},
			code:  1},
		{name: "YAML alias to an unknown anchor",
			files: map[string]string{"content/a.md": "---\ntitle: A\ntags: [a, *nope]\n---\n"},
			code:  1,
			want: `content/a.md:3:11: error: invalid YAML: unknown anchor 'nope' referenced
1 error, 0 warnings in 1 file; nothing was written
`},
		{name: "front matter never closes",
			want: `content/a.md:1:1: error: front matter starts with --- but never closes; add a closing --- line
1 error, 0 warnings in 1 file; nothing was written
`,
			files: map[string]string{"content/a.md": "---\ntitle: A\n\nBody.\n"},
			code:  1},
		{name: "BOM just works",
			files: map[string]string{"content/a.md": "\ufeff---\ntitle: With BOM\n---\nHello.\n"},
			page:  "a/index.html", text: "With BOM"},
		{name: "CRLF just works",
			files: map[string]string{"content/a.md": "---\r\ntitle: Windows\r\n---\r\nLine one\r\nline two.\r\n", "content/b.md": page},
			page:  "a/index.html", text: "Line one\nline two."},
		{name: "CRLF positions count lines",
			want: `content/a.md:5:5: error: broken link "missing.md": "missing.md" does not exist
1 error, 0 warnings in 1 file; nothing was written
`,
			files: map[string]string{"content/a.md": "---\r\ntitle: A\r\n---\r\n\r\nSee [b](missing.md).\r\n"},
			code:  1},
		{name: "invalid UTF-8",
			want: `content/a.md:4:4: error: invalid UTF-8; save the file as UTF-8
1 error, 0 warnings in 1 file; nothing was written
`,
			files: map[string]string{"content/a.md": "---\ntitle: A\n---\nCaf\xe9 au lait.\n"},
			code:  1},
		{name: "binary file named .md",
			want: `content/a.md: error: not a text file (it contains NUL bytes); Markdown files must be UTF-8 text
1 error, 0 warnings in 1 file; nothing was written
`,
			files: map[string]string{"content/a.md": "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
			code:  1},
		{name: "binary asset beside a page is copied",
			files: map[string]string{"content/a.md": page, "content/logo.png": "\x89PNG\r\n\x1a\n\x00\x00"},
			page:  "logo.png", text: "\x89PNG\r\n\x1a\n\x00\x00"},
		{name: "empty file is a page titled by its name",
			files: map[string]string{"content/a.md": ""},
			page:  "a/index.html", text: "<h1>A</h1>"},
		{name: "empty front matter",
			files: map[string]string{"content/blueprints/a.md": "---\n---\nBody.\n"},
			code:  1,
			want: `content/blueprints/a.md:2:1: error: missing required field status for a blueprint
content/blueprints/a.md:2:1: error: missing required field title for a blueprint (or start the body with a "# " heading)
2 errors, 0 warnings in 1 file; nothing was written
`},
		{name: "related names a generated view",
			files: map[string]string{"content/a.md": "---\ntitle: A\nrelated: [/roadmap/]\n---\n[Roadmap](/roadmap/) is a fine link.\n"},
			code:  1,
			want: `content/a.md:3:11: error: related "/roadmap/": "/roadmap/" is not a page
1 error, 0 warnings in 1 file; nothing was written
`},
		{name: "50 MB file",
			want: `content/big.md: error: file is 50 MB; keel reads Markdown files up to 2 MB: split the page
1 error, 0 warnings in 1 file; nothing was written
`,
			files: map[string]string{"content/a.md": page},
			setup: func(t *testing.T, site string) {
				// The size check comes before reading, so a sparse file is enough.
				f, err := os.Create(filepath.Join(site, "content", "big.md"))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if err := f.Truncate(50 << 20); err != nil {
					t.Fatal(err)
				}
			},
			code: 1},
		{name: "10,000 nested block quotes",
			want: `content/a.md:4:33: error: lists or block quotes nest more than 32 levels deep; deeper levels are shown as plain text
1 error, 0 warnings in 1 file; nothing was written
`,
			files: map[string]string{"content/a.md": "---\ntitle: Deep\n---\n" + strings.Repeat(">", 10000) + " x\n"},
			code:  1},
		{name: "10,000 nested list items on one line",
			want: `content/a.md:4:65: error: lists or block quotes nest more than 32 levels deep; deeper levels are shown as plain text
1 error, 0 warnings in 1 file; nothing was written
`,
			files: map[string]string{"content/a.md": "---\ntitle: Deep\n---\n" + strings.Repeat("- ", 10000) + "x\n"},
			code:  1},
		{name: "1,000 nested indented list levels",
			want: `content/a.md:36:65: error: lists or block quotes nest more than 32 levels deep; deeper levels are shown as plain text
1 error, 0 warnings in 1 file; nothing was written
`,
			files: map[string]string{"content/a.md": deepList(1000)},
			code:  1},
		{name: "1,001 reference definitions in a row",
			files: map[string]string{"content/a.md": "---\ntitle: Refs\n---\n" + strings.Repeat("[r]: /x.md\n", 1001)},
			code:  1,
			want: `content/a.md:4:1: error: more than 1000 link reference definitions ([name]: url) without a blank line; put blank lines between groups (such runs take quadratic time to parse)
1 error, 0 warnings in 1 file; nothing was written
`},
		{name: "duplicate slug",
			want: `content/b.md:3:7: error: URL /same/ is produced by both content/a.md and content/b.md
1 error, 0 warnings in 1 file; nothing was written
`,
			files: map[string]string{
				"content/a.md": "---\ntitle: A\nslug: same\n---\n",
				"content/b.md": "---\ntitle: B\nslug: same\n---\n"},
			code: 1},
		{name: "slug with .., /, \\ or a drive letter",
			want: `content/a.md:3:7: error: slug "../../etc" must be one path segment: no / or \
content/b.md:3:7: error: slug "x/y" must be one path segment: no / or \
content/c.md:3:7: error: slug "x\\y" must be one path segment: no / or \
content/d.md:3:7: error: slug "C:" must not be a drive letter path
content/e.md:3:7: error: slug ".." must not contain ..
5 errors, 0 warnings in 5 files; nothing was written
`,
			files: map[string]string{
				"content/a.md": "---\ntitle: A\nslug: ../../etc\n---\n",
				"content/b.md": "---\ntitle: B\nslug: x/y\n---\n",
				"content/c.md": "---\ntitle: C\nslug: 'x\\y'\n---\n",
				"content/d.md": "---\ntitle: D\nslug: 'C:'\n---\n",
				"content/e.md": "---\ntitle: E\nslug: ..\n---\n"},
			code: 1},
		{name: "alias with .., \\, a drive letter or a URL",
			want: `content/a.md:4:5: error: alias "../../outside" must not contain empty, . or .. segments
content/a.md:5:5: error: alias "/old/../../x/" must not contain empty, . or .. segments
content/a.md:6:5: error: alias "old\\page" must not contain a backslash
content/a.md:7:5: error: alias "C:/Windows/x" must not be a drive letter path
content/a.md:8:5: error: alias "https://example.com/x" must be a path on this site, not a URL
content/a.md:9:5: error: alias "//host/x" must be a path on this site, not a URL
6 errors, 0 warnings in 1 file; nothing was written
`,
			files: map[string]string{
				"content/a.md": "---\ntitle: A\naliases:\n  - ../../outside\n  - /old/../../x/\n  - 'old\\page'\n  - 'C:/Windows/x'\n  - https://example.com/x\n  - //host/x\n---\n"},
			code: 1},
		{name: "file or folder name with \\ or :",
			want: `content/a\b.md: error: a file or folder name with \ or : cannot be part of a URL; rename it
content/notes:2026/c.md: error: a file or folder name with \ or : cannot be part of a URL; rename it
2 errors, 0 warnings in 2 files; nothing was written
`,
			files: map[string]string{"content/a\\b.md": page, "content/notes:2026/c.md": page, "content/d.md": page},
			code:  1},
		{name: "content file where keel writes a page",
			want: `content/a/index.html: error: file would overwrite /a/index.html, which keel writes for a page or a generated file; rename or move it
content/feed.xml: error: file would overwrite /feed.xml, which keel writes for a page or a generated file; rename or move it
content/search/meta.json: error: file would be published at /search/meta.json, but /search/ is where keel writes the search index; rename or move it
static/search/x.json: error: file would be published at /search/x.json, but /search/ is where keel writes the search index; rename or move it
static/sitemap.xml: error: file would overwrite /sitemap.xml, which keel writes for a page or a generated file; rename or move it
5 errors, 0 warnings in 5 files; nothing was written
`,
			files: map[string]string{"content/a.md": page + "\n[m](search/meta.json)\n", "content/a/index.html": "<p>stale copy</p>", "content/feed.xml": "<feed/>",
				"static/sitemap.xml":       "<urlset/>",
				"content/search/meta.json": "{}", "static/search/x.json": "{}"},
			code: 1},
		{name: "content is a file",
			want: `content: error: is a file; keel expects a folder here
1 error, 0 warnings in 1 file; nothing was written
`,
			files: map[string]string{"content": "---\ntitle: A\n---\n"},
			code:  1},
		{name: "symlink loop",
			want: `content/loop-a: warning: symlink cannot be resolved (too many levels of symbolic links); skipped
content/loop-b: warning: symlink cannot be resolved (too many levels of symbolic links); skipped
content/self: warning: symlink to a directory; not followed
`,
			files: map[string]string{"content/a.md": page},
			setup: func(t *testing.T, site string) {
				symlink(t, "loop-b", filepath.Join(site, "content", "loop-a"))
				symlink(t, "loop-a", filepath.Join(site, "content", "loop-b"))
				symlink(t, ".", filepath.Join(site, "content", "self"))
			},
			page: "a/index.html", text: "Hello."},
		{name: "symlink outside the site",
			want: `content/secret.md: warning: symlink points outside the site ({base}/outside.md); not followed
`,
			files: map[string]string{"content/a.md": page},
			setup: func(t *testing.T, site string) {
				outside := filepath.Join(filepath.Dir(site), "outside.md")
				if err := os.WriteFile(outside, []byte("---\ntitle: Secret\n---\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				symlink(t, outside, filepath.Join(site, "content", "secret.md"))
			},
			absent: "secret/index.html",
			page:   "a/index.html", text: "Hello."},
		{name: "date with a mistyped year",
			files: map[string]string{"content/blueprints/a.md": "---\ntitle: A\nstatus: accepted\ndate: 0202-03-01\nmilestones:\n  - {title: M, due: 0202-03-01, status: planned}\n  - {title: N, due: 2201-Q1, status: planned}\n---\n"},
			code:  1,
			want: `content/blueprints/a.md:4:7: error: date: "0202-03-01" is outside the years 1900–2200; is the year mistyped?
content/blueprints/a.md:6:21: error: milestone due: "0202-03-01" is outside the years 1900–2200; is the year mistyped?
content/blueprints/a.md:7:21: error: milestone due: "2201-Q1" is outside the years 1900–2200; is the year mistyped?
3 errors, 0 warnings in 1 file; nothing was written
`},
		{name: "milestones at both ends of the date range",
			files: map[string]string{"content/blueprints/a.md": "---\ntitle: A\nstatus: accepted\nmilestones:\n  - {title: Early, due: 1900-01-01, status: done}\n  - {title: Late, due: 2200-Q4, status: planned}\n---\n"},
			page:  "roadmap/index.html", text: "2200-Q4"},
		{name: "output folder inside static/",
			files: map[string]string{"content/a.md": page, "static/x.txt": "x"},
			out:   "static/preview", code: 2,
			want: `keel build: --out {site}/static/preview is inside the site's static/ folder: the next build would publish this output as part of the site; choose a folder outside content/, static/ and templates/ (the default is _site)
`},
		{name: "output folder holds the site",
			files: map[string]string{"content/a.md": page},
			out:   ".", code: 2,
			want: `keel build: --out {site} holds the site itself (--source {site}): building would replace it; choose a folder outside the site's content
`},
		{name: "source folder missing",
			files: map[string]string{"content/a.md": page},
			args:  []string{"--source", "/nonexistent/keel-site"}, code: 2,
			want: `keel build: --source /nonexistent/keel-site: not a folder
`},
		{name: "symlink to a secret inside the site",
			files: map[string]string{"content/a.md": page, "static/x.txt": "x", ".env": "SECRET=qqxenv", "keel.yaml": "title: T\n", ".git/config": "[core]"},
			setup: func(t *testing.T, site string) {
				symlink(t, "../.env", filepath.Join(site, "static", "env.txt"))
				symlink(t, "../.git/config", filepath.Join(site, "content", "git.txt"))
				symlink(t, "../keel.yaml", filepath.Join(site, "content", "conf.txt"))
				symlink(t, "a.md", filepath.Join(site, "content", "b.md"))
			},
			want: `content/conf.txt: warning: symlink points outside content/ and static/ (keel.yaml); not published
content/git.txt: warning: symlink points into a hidden file or folder (.git/config); not published
static/env.txt: warning: symlink points into a hidden file or folder (.env); not published
`,
			absent: "env.txt", page: "b/index.html", text: "Hello."},
		{name: "symlink into static/internal/ or to an internal page",
			files: map[string]string{"keel.yaml": "audience: public\nbaseURL: https://docs.example.com/\n", "content/a.md": page,
				"content/secret/_index.md": "---\ntitle: S\ncascade:\n  audience: internal\n---\n", "content/secret/b.md": "---\ntitle: Secret qqx\n---\n",
				"static/internal/sheet.txt": "qqx", "static/x.txt": "x"},
			setup: func(t *testing.T, site string) {
				symlink(t, "internal/sheet.txt", filepath.Join(site, "static", "sheet.txt"))
				symlink(t, "../content/secret/b.md", filepath.Join(site, "static", "b.md"))
				symlink(t, "secret/b.md", filepath.Join(site, "content", "copy.md"))
				symlink(t, "../x.txt", filepath.Join(site, "static", "internal", "x.txt")) // allowed
			},
			args: []string{"--audience", "public"},
			want: `content/copy.md: warning: symlink to content/secret/b.md, which the public edition leaves out; not published in it either
static/b.md: warning: symlink under static/ points into content/ (content/secret/b.md), whose pages and files each edition publishes by their own audience; not published
static/sheet.txt: warning: symlink points into static/internal/ (static/internal/sheet.txt), which only the internal edition publishes; put the link under static/internal/ too; not published
`,
			absent: "copy/index.html", page: "a/index.html", text: "Hello."},
		{name: "file name with #, ?, & and spaces",
			files: map[string]string{"content/a#b/c?d.md": page, "content/x&y/z 1%.md": page,
				"content/a.md": "---\ntitle: A\n---\n[c](a%23b/c%3Fd.md) [z](<x&y/z 1%.md>) [e](ok&#46;md)\n", "content/ok.md": page},
			page: "a/index.html", text: `<a href="/a%23b/c%3Fd/">c</a> <a href="/x&amp;y/z%201%25/">z</a> <a href="/ok/">e</a>`},
		{name: "link to a fingerprinted stylesheet",
			files: map[string]string{"content/a.md": "---\ntitle: A\n---\n[print](/static/css/print.css)\n", "static/css/print.css": "@media print{}"},
			page:  "a/index.html", text: `<a href="/css/print.` + hash8("@media print{}") + `.css">print</a>`},
		{name: "aliases onto generated files and views",
			files: map[string]string{"content/a.md": "---\ntitle: A\naliases:\n  - /feed.xml\n  - /tags/\n  - /404.html\n  - /search/\n  - /sitemap.xml/old/\n  - /roadmap/\n---\n"},
			code:  1,
			want: `content/a.md:4:5: error: alias "/feed.xml" falls on /feed.xml, which keel generates
content/a.md:5:5: error: alias "/tags/" falls on /tags/, which keel generates
content/a.md:6:5: error: alias "/404.html" falls on /404.html, which keel generates
content/a.md:7:5: error: alias "/search/" falls on /search/, which keel generates
content/a.md:8:5: error: alias "/sitemap.xml/old/" falls on /sitemap.xml, which keel generates
content/a.md:9:5: error: alias "/roadmap/" falls on /roadmap/, which keel generates
6 errors, 0 warnings in 1 file; nothing was written
`},
		{name: "slug equal to a section folder or a generated file",
			files: map[string]string{"content/a.md": "---\ntitle: A\nslug: guides\n---\n", "content/guides/b.md": page,
				"content/c.md": "---\ntitle: C\nslug: feed.xml\n---\n", "content/tags/x.md": page},
			code: 1,
			want: `content/a.md:3:7: error: URL /guides/ is also the URL of the section content/guides/; choose another slug or rename the section folder
content/c.md:3:7: error: URL /feed.xml/ falls on /feed.xml, which keel generates; choose another slug or folder
content/tags/x.md:2:1: error: URL /tags/x/ falls on /tags/, which keel generates; choose another slug or folder
3 errors, 0 warnings in 3 files; nothing was written
`},
		{name: "slug and alias too long for a file name",
			files: map[string]string{"content/a.md": "---\ntitle: A\nslug: " + strings.Repeat("s", 300) + "\naliases: [/" + strings.Repeat("o", 256) + "/]\n---\n"},
			code:  1,
			want: `content/a.md:3:7: error: slug "` + strings.Repeat("s", 300) + `" is 300 bytes long; a slug becomes a folder name in the output, which keel keeps to 200 bytes
content/a.md:4:11: error: alias "/` + strings.Repeat("o", 256) + `/" has a segment of 256 bytes; keel keeps folder and file names to 200 bytes
2 errors, 0 warnings in 1 file; nothing was written
`},
		{name: "tag too long for a file name is shortened",
			files: map[string]string{"content/a.md": "---\ntitle: A\ntags: [" + strings.Repeat("t", 300) + "]\n---\n"},
			page:  "tags/" + strings.Repeat("t", 191) + "-" + hash8(strings.Repeat("t", 300)) + "/index.html", text: strings.Repeat("t", 300)},
		{name: "javascript: and data: URLs in values",
			files: map[string]string{"content/briefs/a.md": "---\ntitle: A\nmetrics:\n  - {value: '1', label: x, source: 'javascript:alert(1)'}\n  - {value: '2', label: y, source: 'DATA:text/html,<b>'}\n---\n"},
			code:  1,
			want: `content/briefs/a.md:4:36: error: metric source "javascript:alert(1)": scheme javascript: is not allowed; write an http(s) URL
content/briefs/a.md:5:36: error: metric source "DATA:text/html,<b>": scheme data: is not allowed; write an http(s) URL
2 errors, 0 warnings in 1 file; nothing was written
`},
		{name: "repository and baseURL that are not web URLs",
			files: map[string]string{"content/a.md": page, "keel.yaml": "repository: javascript:alert(1)\nbaseURL: https://exa_mple..com/\n"},
			code:  2,
			want: `keel.yaml:1:13: error: repository "javascript:alert(1)": scheme javascript: is not allowed; write an http(s) URL
keel.yaml:2:10: error: baseURL "https://exa_mple..com/": "exa_mple..com" is not a host name (write e.g. https://docs.example.com/)
2 errors, 0 warnings in 1 file; nothing was written
`},
		{name: "Markdown file ending in .MD",
			files: map[string]string{"content/a.md": page, "content/Notes.MD": "---\ntitle: Secret qqx\n---\n"},
			want: `content/Notes.MD: warning: a Markdown file must end in .md (lower case); rename it to Notes.md; not published
`,
			absent: "Notes.MD", page: "a/index.html", text: "Hello."},
		{name: "template syntax error",
			want: `templates/page.html:2: error: template: bad character U+007D '}'
1 error, 0 warnings in 1 file; nothing was written
`,
			files: map[string]string{"content/a.md": page,
				"templates/page.html": "{{define \"main\"}}\n<h1>{{.Page.Meta.Title}</h1>\n{{end}}\n"},
			code: 1},
		{name: "template execution error",
			want: `templates/page.html:2:6: error: template: executing "main" at <index .Page.Meta.Tags 3>: error calling index: index out of range: 3 (rendering content/a.md)
1 error, 0 warnings in 1 file; nothing was written
`,
			files: map[string]string{"content/a.md": page,
				"templates/page.html": "{{define \"main\"}}\n<h1>{{index .Page.Meta.Tags 3}}</h1>\n{{end}}\n"},
			code: 1},
		{name: "keel.yaml with a wrong type",
			want: `keel.yaml:1:8: error: title must be text, got a list
keel.yaml:3:11: error: markdown.unsafe must be true or false, got "sometimes"
2 errors, 0 warnings in 1 file; nothing was written
`,
			files: map[string]string{"content/a.md": page, "keel.yaml": "title: [My, portal]\nmarkdown:\n  unsafe: sometimes\n"},
			code:  2},
		{name: "directory that cannot be read",
			want: `content/secret: error: cannot read: permission denied
1 error, 0 warnings in 1 file; nothing was written
`,
			files: map[string]string{"content/a.md": page, "content/secret/b.md": page},
			setup: func(t *testing.T, site string) {
				if err := os.Chmod(filepath.Join(site, "content", "secret"), 0); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(filepath.Join(site, "content", "secret"), 0o755) })
			},
			unprivileged: true,
			code:         1},
		{name: "page or alias where a published file is",
			files: map[string]string{"content/a.md": "---\ntitle: A\naliases: [/a/index.md, /hello.txt/old/, /x.html]\n---\n", "static/x.html": "x",
				"content/c.md": "---\ntitle: C\nslug: hello.txt\n---\n", "static/hello.txt": "x",
				"content/guides/b.md": page, "static/guides": "x", "content/d.md": page, "static/d/index.md": "x"},
			code: 1,
			want: `content/a.md:3:11: error: alias "/a/index.md" needs a folder /a/index.md/, but /a/index.md is the Markdown copy of content/a.md
content/a.md:3:24: error: alias "/hello.txt/old/" needs a folder /hello.txt/, but static/hello.txt is published there as a file
content/a.md:3:41: error: alias "/x.html" falls on /x.html, where static/x.html is published
content/c.md:3:7: error: URL /hello.txt/ needs a folder /hello.txt/, but static/hello.txt is published there as a file; choose another slug or folder
content/guides/b.md:2:1: error: URL /guides/b/ needs a folder /guides/, but static/guides is published there as a file; choose another slug or folder
static/d/index.md: error: file would overwrite /d/index.md, the Markdown copy of content/d.md; rename or move it
6 errors, 0 warnings in 4 files; nothing was written
`},
		{name: "javascript: and data: URLs as share-card images",
			files: map[string]string{"content/a.md": "---\ntitle: A\nimage: 'data:image/svg+xml,<svg onload=alert(1)>'\n---\n",
				"content/b.md": "---\ntitle: B\nimage: https://cdn.example.com/card.png\n---\n", "content/c.md": "---\ntitle: C\nimage: ' JavaScript:alert(1)'\n---\n"},
			code: 1,
			want: `content/a.md:3:8: error: image "data:image/svg+xml,<svg onload=alert(1)>": scheme data: is not allowed; write an http(s) URL
content/c.md:3:8: error: image " JavaScript:alert(1)": scheme javascript: is not allowed; write an http(s) URL
2 errors, 0 warnings in 2 files; nothing was written
`},
		{name: "javascript: URL as the site's share-card image",
			files: map[string]string{"keel.yaml": "image: 'javascript:alert(1)'\n", "content/a.md": page},
			code:  2,
			want: `keel.yaml:1:8: error: image "javascript:alert(1)": scheme javascript: is not allowed; write an http(s) URL
1 error, 0 warnings in 1 file; nothing was written
`},
		{name: "Markdown file ending in .markdown, .mdown or .Md",
			files: map[string]string{"content/a.md": page, "content/b.markdown": "---\ntitle: Secret qqx\n---\n",
				"content/c.MDOWN": "x", "content/d.Md": "x", "content/e.mkd": "x", "content/notes.txt": "kept"},
			want: `content/b.markdown: warning: a Markdown file must end in .md (lower case); rename it to b.md; not published
content/c.MDOWN: warning: a Markdown file must end in .md (lower case); rename it to c.md; not published
content/d.Md: warning: a Markdown file must end in .md (lower case); rename it to d.md; not published
content/e.mkd: warning: a Markdown file must end in .md (lower case); rename it to e.md; not published
`,
			absent: "b.markdown", page: "notes.txt", text: "kept"},
		{name: "javascript: and data: links in the body",
			files: map[string]string{"content/a.md": "---\ntitle: A\n---\n[x](javascript:alert(1)) [y](data:text/html,x) ![ok](data:image/png;base64,AA) [z](JavaScript&#58;alert(1))\n\n## [h](vbscript:x)\n"},
			want: `content/a.md:4:1: warning: link "javascript:alert(1)": scheme javascript: is not allowed, so it is written as an empty link; write an http(s) URL
content/a.md:4:26: warning: link "data:text/html,x": scheme data: is not allowed, so it is written as an empty link; write an http(s) URL
content/a.md:4:80: warning: link "JavaScript:alert(1)": scheme javascript: is not allowed, so it is written as an empty link; write an http(s) URL
content/a.md:6:4: warning: link "vbscript:x": scheme vbscript: is not allowed, so it is written as an empty link; write an http(s) URL
`,
			page: "a/index.html", text: `<a href="">x</a>`},
		{name: "page or alias in another language's folder",
			files: map[string]string{"keel.yaml": "languages: [en, zh]\n", "content/a.md": "---\ntitle: A\naliases: [/zh/old/]\n---\n",
				"content/a.zh.md": "---\ntitle: A zh\n---\n", "content/zh.md": page, "content/b.md": "---\ntitle: B\nslug: zh\n---\n"},
			code: 1,
			want: `content/a.md:3:11: error: alias "/zh/old/" falls on /zh/, where the pages in zh go (keel.yaml languages)
content/b.md:3:7: error: URL /zh/ is produced by both content/zh.md and content/b.md
content/zh.md:2:1: error: URL /zh/ falls on /zh/, where the pages in zh go (keel.yaml languages); choose another slug or folder
3 errors, 0 warnings in 3 files; nothing was written
`},
		{name: "URLs that differ only in case",
			files: map[string]string{"content/s.md": "---\ntitle: S\nslug: Setup\naliases: [/OLD/]\n---\n", "content/setup.md": "---\ntitle: s\naliases: [/old/]\n---\n"},
			want: `content/setup.md:2:1: warning: URL /setup/ differs from /Setup/ only in case: on macOS and Windows disks, and hosts that ignore case, one overwrites the other; choose another name
content/setup.md:3:11: warning: alias "/old/" differs from /OLD/ only in case: on macOS and Windows disks, and hosts that ignore case, one overwrites the other; choose another name
`,
			page: "Setup/index.html", text: "S"},
		{name: "tags, teams and owners that share a page",
			files: map[string]string{"content/a.md": "---\ntitle: A\ntags: [C, 'C#', go]\nowner: Tom Jerry\n---\n",
				"content/b.md": "---\ntitle: B\ntags: ['c++', Go, 'C#']\nowner: tom-jerry\n---\n"},
			want: `content/a.md:2:1: warning: tag "C#" shares the page /tags/c/ with "C" (its URL keeps only the letters, digits, - and _ of a name); write both the same, or tell them apart in letters
content/b.md:2:1: warning: owner "tom-jerry" shares the page /owners/tom-jerry/ with "Tom Jerry" (its URL keeps only the letters, digits, - and _ of a name); write both the same, or tell them apart in letters
content/b.md:2:1: warning: tag "c++" shares the page /tags/c/ with "C" (its URL keeps only the letters, digits, - and _ of a name); write both the same, or tell them apart in letters
`,
			page: "tags/c/index.html", text: "<h1>C</h1>"},
	}
}

// hash8 is the first 8 hex digits of the SHA-256 of s, as keel puts into
// fingerprinted and shortened names.
func hash8(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:4])
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
}

// TestBadInputCatalogue builds one site per case and asserts the exact
// diagnostics (text and position), the exit code, and that a failed build
// wrote nothing.
func TestBadInputCatalogue(t *testing.T) {
	for _, c := range badInputs() {
		t.Run(c.name, func(t *testing.T) {
			base := t.TempDir()
			site := filepath.Join(base, "site")
			for name, data := range c.files {
				write(t, site, name, data)
			}
			if c.setup != nil {
				c.setup(t, site)
			}
			out := filepath.Join(base, "out")
			if c.out != "" {
				out = filepath.Join(site, filepath.FromSlash(c.out))
			}
			code, stdout, stderr := buildAs(t, base, site, out, c.unprivileged, c.args...)
			stderr = strings.ReplaceAll(stderr, site, "{site}")
			stderr = strings.ReplaceAll(stderr, base+"/", "{base}/")
			if code != c.code {
				t.Errorf("exit code %d, want %d", code, c.code)
			}
			if stderr != c.want {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr, c.want)
			}
			if code != 0 {
				if _, err := os.Stat(out); !os.IsNotExist(err) && out != site {
					t.Errorf("a failed build wrote %s", out)
				}
				return
			}
			if !strings.HasPrefix(stdout, "built ") {
				t.Errorf("stdout: %s", stdout)
			}
			if c.page != "" {
				data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(c.page)))
				if err != nil || !strings.Contains(string(data), c.text) {
					t.Errorf("%s must hold %q (%v)", c.page, c.text, err)
				}
			}
			if c.absent != "" {
				if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(c.absent))); err == nil {
					t.Errorf("%s must not be written", c.absent)
				}
			}
		})
	}
}

// buildAs runs keel build in this process or, for a case that needs a user
// without root's power to read anything, in a child process as nobody.
func buildAs(t *testing.T, base, site, out string, unprivileged bool, args ...string) (int, string, string) {
	if !unprivileged || os.Getuid() != 0 {
		return runKeel(append([]string{"build", "--source", site, "--out", out}, args...)...)
	}
	// nobody needs to reach the site and run a copy of this test binary.
	bin := filepath.Join(base, "keel.test")
	self, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, self, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Dir(base), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(base, 65534, 65534); err != nil { // for the output folder
		t.Fatal(err)
	}
	argv, _ := json.Marshal(append([]string{"build", "--source", site, "--out", out}, args...))
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), childEnv+"="+string(argv))
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil && cmd.ProcessState == nil {
		// root reads any folder, so without another user this cannot be shown
		t.Skipf("running as root and cannot start a child as nobody: %v", err)
	}
	return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
}

// TestCheckAgreesWithBuild: keel check finds every content error keel build
// finds in the catalogue, at the same positions, before anything is
// rendered (template execution errors aside: check does not render).
func TestCheckAgreesWithBuild(t *testing.T) {
	for _, c := range badInputs() {
		if c.code != 1 || c.unprivileged || strings.Contains(c.want, "template: executing") {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			base := t.TempDir()
			site := filepath.Join(base, "site")
			for name, data := range c.files {
				write(t, site, name, data)
			}
			if c.setup != nil {
				c.setup(t, site)
			}
			code, stdout, _ := runKeel(append([]string{"check", "--source", site}, c.args...)...)
			stdout = strings.ReplaceAll(stdout, site, "{site}")
			stdout = strings.ReplaceAll(stdout, base+"/", "{base}/")
			want := c.want[:strings.LastIndex(strings.TrimSuffix(c.want, "\n"), "\n")+1] // without the summary line
			if code != c.code || stdout != want {
				t.Errorf("keel check: exit %d\n%s\nkeel build said:\n%s", code, stdout, want)
			}
		})
	}
}
