package source

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"keel/internal/diag"
)

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		name, in         string
		fm, body         string
		fmLine, bodyLine int
		err              bool
	}{
		{"none", "# Title\n", "", "# Title\n", 0, 1, false},
		{"front matter", "---\ntitle: A\n---\nbody\n", "title: A\n", "body\n", 2, 4, false},
		{"dots close", "---\ntitle: A\n...\nbody\n", "title: A\n", "body\n", 2, 4, false},
		{"trailing spaces on fences", "--- \ntitle: A\n---\t\nbody\n", "title: A\n", "body\n", 2, 4, false},
		{"empty front matter", "---\n---\nbody\n", "", "body\n", 2, 3, false},
		{"no body", "---\ntitle: A\n---", "title: A\n", "", 2, 4, false},
		{"dashes later are body", "text\n---\nmore\n", "", "text\n---\nmore\n", 0, 1, false},
		{"never closes", "---\ntitle: A\n", "", "", 0, 0, true},
		{"only the opening line", "---", "", "", 0, 0, true},
	}
	for _, tt := range tests {
		fm, body, fmLine, bodyLine, err := SplitFrontMatter([]byte(tt.in))
		if string(fm) != tt.fm || string(body) != tt.body || fmLine != tt.fmLine || bodyLine != tt.bodyLine || (err != nil) != tt.err {
			t.Errorf("%s: SplitFrontMatter(%q) = %q, %q, %d, %d, %v; want %q, %q, %d, %d, error %v",
				tt.name, tt.in, fm, body, fmLine, bodyLine, err, tt.fm, tt.body, tt.fmLine, tt.bodyLine, tt.err)
		}
	}
}

func TestIgnoredName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"page.md", false},
		{"page.md~", true},
		{".page.md.swp", true},
		{".page.md.swx", true},
		{"x.tmp", true},
		{"page.md___jb_tmp___", true},
		{"page.md___jb_old___", true},
		{".#page.md", true},
		{"4913", true}, // vim's write test
		{".DS_Store", true},
		{"4913.md", false},
		{"swp.md", false},
	}
	for _, tt := range tests {
		if got := IgnoredName(tt.name); got != tt.want {
			t.Errorf("IgnoredName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// Load and Update on a small tree: each case is one file with what Load
// makes of it.
func TestLoadFiles(t *testing.T) {
	tests := []struct {
		path, data string
		doc        bool // a content Doc (else an asset, static file or template)
		errs       int  // diagnostics for it
		body       string
	}{
		{"content/a.md", "---\ntitle: A\n---\nbody\n", true, 0, "body\n"},
		{"content/crlf.md", "\xef\xbb\xbf---\r\ntitle: C\r\n---\r\nx\r\ny\r", true, 0, "x\ny\n"},
		{"content/bin.md", "a\x00b", false, 1, ""},
		{"content/latin1.md", "caf\xe9\n", false, 1, ""},
		{"content/open.md", "---\ntitle: O\n", false, 1, ""},
		{"content/huge.md", strings.Repeat("x", MaxMarkdownSize+1), false, 1, ""},
		{"content/img.png", "PNG", false, 0, ""},
		{"content/a.md~", "backup", false, 0, ""},
		{"content/.hidden.md", "x", false, 0, ""},
		{"static/site.css", "body{}", false, 0, ""},
		{"templates/page.html", "{{.}}", false, 0, ""},
	}
	root := t.TempDir()
	for _, tt := range tests {
		p := filepath.Join(root, filepath.FromSlash(tt.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(tt.data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, load := range []string{"Load", "LoadUnread"} {
		tree, diags := Load(root)
		if load == "LoadUnread" {
			tree, diags = readEach(t, root)
		}
		checkLoaded(t, load, tree, diags, tests)
	}
	tree, _ := Load(root)
	// Update after a fix: the file is read again and its problem is gone.
	if err := os.WriteFile(filepath.Join(root, "content/open.md"), []byte("---\ntitle: O\n---\nnow\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tree, diags := tree.Update([]string{"content/open.md"})
	if i := slices.IndexFunc(tree.Docs, func(d Doc) bool { return d.Path == "content/open.md" }); i < 0 || string(tree.Docs[i].Body) != "now\n" {
		t.Errorf("Update: content/open.md not read again (docs %d)", len(tree.Docs))
	}
	for _, d := range diags {
		if d.Path == "content/open.md" {
			t.Errorf("Update: diagnostic kept after the fix: %v", d)
		}
	}
}

// readEach is LoadUnread followed by a Read of every document: what Load
// makes of the tree, problems included, the way a build that reads each page
// when it parses it sees it.
func readEach(t *testing.T, root string) (Tree, diag.List) {
	tree, diags := LoadUnread(root)
	var docs []Doc
	for _, d := range tree.Docs {
		if d.Data != nil || d.FrontMatter != nil || d.Body != nil {
			t.Errorf("LoadUnread: %s was read", d.Path)
		}
		r, more, ok := tree.Read(d)
		diags = append(diags, more...)
		if ok != (len(more) == 0) {
			t.Errorf("Read %s: ok %v with %v", d.Path, ok, more)
		}
		if ok {
			docs = append(docs, r)
		}
	}
	tree.Docs = docs
	return tree, diags.Sort()
}

func checkLoaded(t *testing.T, load string, tree Tree, diags diag.List, tests []struct {
	path, data string
	doc        bool
	errs       int
	body       string
}) {
	t.Helper()
	var files []string
	for _, f := range slices.Concat(tree.Assets, tree.Static, tree.Templates) {
		files = append(files, f.Path)
	}
	for _, tt := range tests {
		i := slices.IndexFunc(tree.Docs, func(d Doc) bool { return d.Path == tt.path })
		if tt.doc != (i >= 0) {
			t.Errorf("%s: %s: a Doc is %v, want %v", load, tt.path, i >= 0, tt.doc)
		}
		if i >= 0 && string(tree.Docs[i].Body) != tt.body {
			t.Errorf("%s: %s: body %q, want %q", load, tt.path, tree.Docs[i].Body, tt.body)
		}
		n := 0
		for _, d := range diags {
			if d.Path == tt.path {
				n++
			}
		}
		if n != tt.errs {
			t.Errorf("%s: %s: %d diagnostics, want %d (%v)", load, tt.path, n, tt.errs, diags)
		}
		ignored := strings.HasSuffix(tt.path, "~") || strings.Contains(tt.path, "/.")
		if listed := slices.Contains(files, tt.path); !tt.doc && tt.errs == 0 && listed == ignored {
			t.Errorf("%s: %s: listed as a file %v, want %v", load, tt.path, listed, !ignored)
		}
	}
}

// TestSymlinkTarget: a link never widens what a file is published as.
func TestSymlinkTarget(t *testing.T) {
	for _, c := range []struct {
		link, target string
		ok           bool
	}{
		{"content/b.md", "content/a.md", true},
		{"content/logo.png", "static/img/logo.png", true},
		{"static/css/x.css", "static/css/y.css", true},
		{"static/internal/x.txt", "static/internal/y.txt", true},
		{"static/internal/x.txt", "static/y.txt", true},
		{"templates/page.html", "templates/base.html", true},
		{"static/env.txt", ".env", false},
		{"content/git.txt", ".git/config", false},
		{"content/x.md", "content/.drafts/x.md", false},
		{"content/conf.txt", "keel.yaml", false},
		{"content/t.html", "templates/page.html", false},
		{"static/notes.md", "content/internal-only/notes.md", false},
		{"static/logo.png", "content/img/logo.png", false},
		{"static/sheet.txt", "static/internal/sheet.txt", false},
		{"content/sheet.txt", "static/internal/sheet.txt", false},
		{"templates/x.html", "static/internal/x.html", false},
	} {
		if msg := symlinkTarget(c.link, c.target); (msg == "") != c.ok {
			t.Errorf("symlinkTarget(%s → %s) = %q, want ok: %v", c.link, c.target, msg, c.ok)
		}
	}
}

func TestTreeDoc(t *testing.T) {
	tree := Tree{Docs: []Doc{{Path: "content/a.md"}, {Path: "content/b/c.md"}}}
	for _, tt := range []struct {
		path string
		ok   bool
	}{{"content/a.md", true}, {"content/b/c.md", true}, {"content/b.md", false}, {"", false}, {"content/z.md", false}} {
		d, ok := tree.Doc(tt.path)
		if ok != tt.ok || ok && d.Path != tt.path {
			t.Errorf("Doc(%q) = %q, %v; want %v", tt.path, d.Path, ok, tt.ok)
		}
	}
}
