package site

import (
	"testing"

	"keel/internal/markdown"
	"keel/internal/meta"
)

func TestTranslationTable(t *testing.T) {
	langs := []string{"en", "zh"}
	tests := []struct {
		path  string
		langs []string
		lang  string
		src   string
	}{
		{"content/x.zh.md", langs, "zh", "content/x.md"},
		{"content/a/_index.zh.md", langs, "zh", "content/a/_index.md"},
		{"content/a/README.zh.md", langs, "zh", "content/a/README.md"},
		{"content/x.md", langs, "", "content/x.md"},
		{"content/x.en.md", langs, "", "content/x.en.md"}, // the default language has no suffix
		{"content/a/.zh.md", langs, "", "content/a/.zh.md"},
		{"content/x.zh.png", langs, "", "content/x.zh.png"},
		{"content/x.zh.md", []string{"en"}, "", "content/x.zh.md"}, // one language: no translations
	}
	for _, tt := range tests {
		if lang, src := Translation(tt.path, tt.langs); lang != tt.lang || src != tt.src {
			t.Errorf("Translation(%q, %v) = %q, %q; want %q, %q", tt.path, tt.langs, lang, src, tt.lang, tt.src)
		}
	}
}

func TestIsIndex(t *testing.T) {
	langs := []string{"en", "zh"}
	tests := []struct {
		path        string
		index, inZh bool
	}{
		{"content/a/_index.md", true, true},
		{"content/a/README.md", true, true},
		{"content/a/readme.MD", true, true}, // README.md in any case, as on GitHub
		{"content/a/Readme.md", true, true},
		{"content/a/_index.zh.md", false, true},
		{"content/a/README.zh.md", false, true},
		{"content/a/index.md", false, false},
		{"content/a/my_index.md", false, false},
	}
	for _, tt := range tests {
		if got := IsIndex(tt.path); got != tt.index {
			t.Errorf("IsIndex(%q) = %v, want %v", tt.path, got, tt.index)
		}
		if got := IsIndexIn(tt.path, langs); got != tt.inZh {
			t.Errorf("IsIndexIn(%q, %v) = %v, want %v", tt.path, langs, got, tt.inZh)
		}
	}
}

func TestEscapes(t *testing.T) {
	tests := []struct {
		in                 string
		url, text, md, pth string
	}{
		{"/a/b/", "/a/b/", "/a/b/", "/a/b/", "/a/b/"},
		{"/a b?x=1&y=2", "/a%20b?x=1&amp;y=2", "/a%20b?x=1&y=2", "/a%20b?x=1&y=2", "/a%20b%3Fx=1&y=2"},
		{"/p%20q", "/p%20q", "/p%20q", "/p%20q", "/p%2520q"}, // an escape is kept, not doubled (but a path segment is escaped once whole)
		{"/100%", "/100%25", "/100%25", "/100%25", "/100%25"},
		{`/"<x>"`, "/%22%3Cx%3E%22", "/%22%3Cx%3E%22", "/%22%3Cx%3E%22", "/%22%3Cx%3E%22"},
		{"/f(1)", "/f(1)", "/f(1)", "/f%281%29", "/f%281%29"},
		{"/é", "/%C3%A9", "/%C3%A9", "/%C3%A9", "/%C3%A9"},
		{"/a#b", "/a#b", "/a#b", "/a#b", "/a%23b"},
		{"/x\x7f", "/x%7F", "/x%7F", "/x%7F", "/x%7F"},
	}
	for _, tt := range tests {
		if got := EscapeURL(tt.in); got != tt.url {
			t.Errorf("EscapeURL(%q) = %q, want %q", tt.in, got, tt.url)
		}
		if got := EscapeURLText(tt.in); got != tt.text {
			t.Errorf("EscapeURLText(%q) = %q, want %q", tt.in, got, tt.text)
		}
		if got := EscapeMarkdownURL(tt.in); got != tt.md {
			t.Errorf("EscapeMarkdownURL(%q) = %q, want %q", tt.in, got, tt.md)
		}
		if got := EscapePath(tt.in); got != tt.pth {
			t.Errorf("EscapePath(%q) = %q, want %q", tt.in, got, tt.pth)
		}
	}
}

func TestInternalStatic(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"static/internal/x.pdf", true},
		{"static/internal/a/b.png", true},
		{"static/internals.css", false},
		{"static/css/internal/x.css", false},
		{"content/internal/x.md", false},
	}
	for _, tt := range tests {
		if got := InternalStatic(tt.path); got != tt.want {
			t.Errorf("InternalStatic(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

func TestTitle(t *testing.T) {
	tests := []struct {
		path  string
		hasFM bool
		h1    string
		want  string
		errs  int
	}{
		{"content/x.md", true, "From the heading", "From the heading", 0},
		{"content/x.md", true, "", "", 1},
		{"content/pg-upgrade_notes.md", false, "", "Pg upgrade notes", 0},
		{"content/manuals/README.md", false, "", "Manuals", 0},
		{"content/manuals/_index.md", false, "", "Manuals", 0},
		{"content/_index.md", false, "", "", 0}, // the home page takes the site's title
	}
	for _, tt := range tests {
		got, diags := Title(tt.path, tt.hasFM, 1, tt.h1)
		if got != tt.want || len(diags) != tt.errs {
			t.Errorf("Title(%q, %v, %q) = %q, %v; want %q, %d diagnostics", tt.path, tt.hasFM, tt.h1, got, diags, tt.want, tt.errs)
		}
	}
}

// Build places each page at its URL, per edition.
func TestBuildURLs(t *testing.T) {
	doc := func(p, title, audience string, draft bool) Doc {
		return Doc{Path: p, MD: &markdown.Result{}, Meta: meta.Meta{Title: title, Audience: audience, Draft: draft, Set: map[string]bool{}}}
	}
	docs := []Doc{
		doc("content/_index.md", "Home", "", false),
		doc("content/manuals/_index.md", "Manuals", "", false),
		doc("content/manuals/pg.md", "PG", "public", false),
		doc("content/manuals/secret.md", "Secret", "internal", false),
		doc("content/manuals/wip.md", "WIP", "public", true),
		doc("content/notes/README.md", "Notes", "public", false),
	}
	tests := []struct {
		audience string
		drafts   bool
		want     map[string]string // page ID → URL; absent: not published
	}{
		{"internal", false, map[string]string{"_index": "/", "manuals/_index": "/manuals/", "manuals/pg": "/manuals/pg/", "manuals/secret": "/manuals/secret/", "notes/_index": "/notes/"}},
		{"internal", true, map[string]string{"_index": "/", "manuals/_index": "/manuals/", "manuals/pg": "/manuals/pg/", "manuals/secret": "/manuals/secret/", "manuals/wip": "/manuals/wip/", "notes/_index": "/notes/"}},
		// The public edition leaves out internal pages, drafts, and sections
		// left with nothing to list (notes/).
		{"public", false, map[string]string{"_index": "/", "manuals/_index": "/manuals/", "manuals/pg": "/manuals/pg/"}},
	}
	for _, tt := range tests {
		cfg := meta.DefaultConfig()
		cfg.Audience = "public" // pages without an audience are public
		s, diags := Build(Input{Config: cfg, Docs: docs, Audience: tt.audience, Drafts: tt.drafts})
		if len(diags) > 0 {
			t.Errorf("%s: diagnostics %v", tt.audience, diags)
		}
		got := map[string]string{}
		for _, p := range s.Pages {
			got[p.ID] = p.URL
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s drafts=%v: pages %v, want %v", tt.audience, tt.drafts, got, tt.want)
		}
		for id, u := range tt.want {
			if got[id] != u {
				t.Errorf("%s drafts=%v: %s at %q, want %q", tt.audience, tt.drafts, id, got[id], u)
			}
		}
	}
}
