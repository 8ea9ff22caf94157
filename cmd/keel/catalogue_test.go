package main

import (
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
1 error(s), 0 warning(s); nothing was written
`,
			files: map[string]string{"content/a.md": "---\ntitle: A\ntags: [x, y\nowner: me\n---\nBody.\n"},
			code:  1},
		{name: "YAML alias to an unknown anchor",
			files: map[string]string{"content/a.md": "---\ntitle: A\ntags: [a, *nope]\n---\n"},
			code:  1,
			want: `content/a.md:3:11: error: invalid YAML: unknown anchor 'nope' referenced
1 error(s), 0 warning(s); nothing was written
`},
		{name: "front matter never closes",
			want: `content/a.md:1:1: error: front matter starts with --- but never closes; add a closing --- line
1 error(s), 0 warning(s); nothing was written
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
1 error(s), 0 warning(s); nothing was written
`,
			files: map[string]string{"content/a.md": "---\r\ntitle: A\r\n---\r\n\r\nSee [b](missing.md).\r\n"},
			code:  1},
		{name: "invalid UTF-8",
			want: `content/a.md:4:4: error: invalid UTF-8; save the file as UTF-8
1 error(s), 0 warning(s); nothing was written
`,
			files: map[string]string{"content/a.md": "---\ntitle: A\n---\nCaf\xe9 au lait.\n"},
			code:  1},
		{name: "binary file named .md",
			want: `content/a.md: error: not a text file (it contains NUL bytes); Markdown files must be UTF-8 text
1 error(s), 0 warning(s); nothing was written
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
2 error(s), 0 warning(s); nothing was written
`},
		{name: "related names a generated view",
			files: map[string]string{"content/a.md": "---\ntitle: A\nrelated: [/roadmap/]\n---\n[Roadmap](/roadmap/) is a fine link.\n"},
			code:  1,
			want: `content/a.md:3:11: error: related "/roadmap/": "/roadmap/" is not a page
1 error(s), 0 warning(s); nothing was written
`},
		{name: "50 MB file",
			want: `content/big.md: error: file is 50 MB; keel reads Markdown files up to 2 MB: split the page
1 error(s), 0 warning(s); nothing was written
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
1 error(s), 0 warning(s); nothing was written
`,
			files: map[string]string{"content/a.md": "---\ntitle: Deep\n---\n" + strings.Repeat(">", 10000) + " x\n"},
			code:  1},
		{name: "10,000 nested list items on one line",
			want: `content/a.md:4:65: error: lists or block quotes nest more than 32 levels deep; deeper levels are shown as plain text
1 error(s), 0 warning(s); nothing was written
`,
			files: map[string]string{"content/a.md": "---\ntitle: Deep\n---\n" + strings.Repeat("- ", 10000) + "x\n"},
			code:  1},
		{name: "1,000 nested indented list levels",
			want: `content/a.md:36:65: error: lists or block quotes nest more than 32 levels deep; deeper levels are shown as plain text
1 error(s), 0 warning(s); nothing was written
`,
			files: map[string]string{"content/a.md": deepList(1000)},
			code:  1},
		{name: "1,001 reference definitions in a row",
			files: map[string]string{"content/a.md": "---\ntitle: Refs\n---\n" + strings.Repeat("[r]: /x.md\n", 1001)},
			code:  1,
			want: `content/a.md:4:1: error: more than 1000 link reference definitions ([name]: url) without a blank line; put blank lines between groups (such runs take quadratic time to parse)
1 error(s), 0 warning(s); nothing was written
`},
		{name: "duplicate slug",
			want: `content/b.md:3:7: error: URL /same/ is produced by both content/a.md and content/b.md
1 error(s), 0 warning(s); nothing was written
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
5 error(s), 0 warning(s); nothing was written
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
6 error(s), 0 warning(s); nothing was written
`,
			files: map[string]string{
				"content/a.md": "---\ntitle: A\naliases:\n  - ../../outside\n  - /old/../../x/\n  - 'old\\page'\n  - 'C:/Windows/x'\n  - https://example.com/x\n  - //host/x\n---\n"},
			code: 1},
		{name: "file or folder name with \\ or :",
			want: `content/a\b.md: error: a file or folder name with \ or : cannot be part of a URL; rename it
content/notes:2026/c.md: error: a file or folder name with \ or : cannot be part of a URL; rename it
2 error(s), 0 warning(s); nothing was written
`,
			files: map[string]string{"content/a\\b.md": page, "content/notes:2026/c.md": page, "content/d.md": page},
			code:  1},
		{name: "content file where keel writes a page",
			want: `content/a/index.html: error: file would overwrite /a/index.html, which keel writes for a page or a generated file; rename or move it
content/feed.xml: error: file would overwrite /feed.xml, which keel writes for a page or a generated file; rename or move it
content/search/meta.json: error: file would be published at /search/meta.json, but /search/ is where keel writes the search index; rename or move it
static/search/x.json: error: file would be published at /search/x.json, but /search/ is where keel writes the search index; rename or move it
4 error(s), 0 warning(s); nothing was written
`,
			files: map[string]string{"content/a.md": page + "\n[m](search/meta.json)\n", "content/a/index.html": "<p>stale copy</p>", "content/feed.xml": "<feed/>",
				"content/search/meta.json": "{}", "static/search/x.json": "{}"},
			code: 1},
		{name: "content is a file",
			want: `content: error: is a file; keel expects a folder here
1 error(s), 0 warning(s); nothing was written
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
		{name: "template syntax error",
			want: `templates/page.html:2: error: template: bad character U+007D '}'
1 error(s), 0 warning(s); nothing was written
`,
			files: map[string]string{"content/a.md": page,
				"templates/page.html": "{{define \"main\"}}\n<h1>{{.Page.Meta.Title}</h1>\n{{end}}\n"},
			code: 1},
		{name: "template execution error",
			want: `templates/page.html:2:6: error: template: executing "main" at <index .Page.Meta.Tags 3>: error calling index: index out of range: 3 (rendering content/a.md)
1 error(s), 0 warning(s); nothing was written
`,
			files: map[string]string{"content/a.md": page,
				"templates/page.html": "{{define \"main\"}}\n<h1>{{index .Page.Meta.Tags 3}}</h1>\n{{end}}\n"},
			code: 1},
		{name: "keel.yaml with a wrong type",
			want: `keel.yaml:1:8: error: title must be text, got a list
keel.yaml:3:11: error: markdown.unsafe must be true or false, got "sometimes"
2 error(s), 0 warning(s); nothing was written
`,
			files: map[string]string{"content/a.md": page, "keel.yaml": "title: [My, portal]\nmarkdown:\n  unsafe: sometimes\n"},
			code:  2},
		{name: "directory that cannot be read",
			want: `content/secret: error: cannot read: permission denied
1 error(s), 0 warning(s); nothing was written
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
	}
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
			code, stdout, stderr := buildAs(t, base, site, out, c.unprivileged)
			stderr = strings.ReplaceAll(stderr, base+"/", "{base}/")
			if code != c.code {
				t.Errorf("exit code %d, want %d", code, c.code)
			}
			if stderr != c.want {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr, c.want)
			}
			if code != 0 {
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Errorf("a failed build wrote %s", out)
				}
				return
			}
			if !strings.HasPrefix(stdout, "built internal edition") {
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
func buildAs(t *testing.T, base, site, out string, unprivileged bool) (int, string, string) {
	if !unprivileged || os.Getuid() != 0 {
		return runKeel("build", "--source", site, "--out", out)
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
	args, _ := json.Marshal([]string{"build", "--source", site, "--out", out})
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), childEnv+"="+string(args))
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil && cmd.ProcessState == nil {
		// root reads any folder, so without another user this cannot be shown
		t.Skipf("running as root and cannot start a child as nobody: %v", err)
	}
	return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
}
