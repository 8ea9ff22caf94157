package site

import (
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"keel/internal/diag"
	"keel/internal/markdown"
	"keel/internal/meta"
)

func fuzzConfig(t *testing.T) meta.Config {
	cfg := meta.DefaultConfig()
	if msg := cfg.SetBaseURL("https://example.com/sub/"); msg != "" {
		t.Fatal(msg)
	}
	return cfg
}

// doc decodes front matter into a Doc, as the build does.
func doc(t *testing.T, path, fm string, md *markdown.Result) Doc {
	m, diags := meta.Decode(path, []byte(fm), 2, strings.HasSuffix(path, "/_index.md"))
	if diags.HasErrors() {
		t.Fatalf("%s: %v", path, diags)
	}
	if md == nil {
		md = &markdown.Result{HTML: []byte("<p>x</p>\n")}
	}
	return Doc{Path: path, Meta: m, MD: md, FMLine: 2}
}

// FuzzResolve resolves any link and any front-matter page reference from a
// public page. A link either resolves to a URL inside the site (under the
// base path, safe to put in an attribute, never an internal page in the
// public edition) or is reported at its own position.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{
		"manuals/pg.md", "manuals/pg.md#intro", "manuals/pg.md#nope", "/manuals/pg.md#步骤-2", "../a.md",
		"briefs/open.md#why", "/briefs/open", "manuals/", "/", "#top", "#", "?q=1", "img/logo.png", "/css/keel.css",
		"manuals/pg.md%23intro", "%2e%2e/%2e%2e/etc/passwd", "/roadmap/", "a b.md", "x\"><script>.md", "/tags",
	} {
		f.Add(s, s, false)
		f.Add(s, s, true)
	}
	f.Fuzz(func(t *testing.T, dest, ref string, public bool) {
		s, diags := Build(resolveInput(t, dest, ref, public))
		linkReported, refReported, folderWarned := resolveDiags(t, diags, dest)
		var page *Page
		for _, p := range s.Pages {
			if p.Path == "content/a.md" {
				page = p
			}
		}
		if page == nil {
			t.Fatal("page a is missing")
		}
		if !linkReported {
			checkResolvedLink(t, page, dest, public, folderWarned)
		}
		if !refReported {
			checkResolvedRelated(t, page, ref, public)
		}
	})
}

// Where FuzzResolve's page a has its link and its related reference.
const linkLine, linkCol, refLine, refCol = 7, 3, 4, 10

// resolveInput is FuzzResolve's site: page a links to dest and lists ref
// as related.
func resolveInput(t *testing.T, dest, ref string, public bool) Input {
	a := doc(t, "content/a.md", "title: A\naudience: public\n", &markdown.Result{
		HTML:  []byte("<p><a href=\"\x000\x00\">x</a></p>\n"),
		Links: []markdown.Link{{Dest: dest, Line: linkLine, Col: linkCol}},
		IDs:   []string{"top"},
	})
	a.Meta.Related = []meta.Ref{{Target: ref, Line: refLine, Col: refCol}}
	in := Input{
		Config: fuzzConfig(t),
		Docs: []Doc{
			doc(t, "content/_index.md", "title: Home\naudience: public\n", nil),
			a,
			doc(t, "content/briefs/open.md", "title: Open\naudience: public\n", &markdown.Result{IDs: []string{"why"}}),
			doc(t, "content/manuals/_index.md", "title: Manuals\naudience: public\n", nil),
			doc(t, "content/manuals/pg.md", "title: PG\nfrom: a\nto: b\n", &markdown.Result{IDs: []string{"intro", "步骤-2"}}),
		},
		Assets:   []string{"content/img/logo.png"},
		Static:   []string{"static/css/keel.css"},
		Audience: "internal",
		Now:      time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC),
	}
	if public {
		in.Audience = "public"
	}
	return in
}

// resolveDiags checks that the only diagnostics are about a's link (broken,
// a folder GitHub would list, or a link GitHub would miss) and its related
// reference.
func resolveDiags(t *testing.T, diags diag.List, dest string) (linkReported, refReported, folderWarned bool) {
	for _, d := range diags {
		switch {
		case d.Path == "content/a.md" && d.Line == linkLine && d.Col == linkCol:
			switch {
			case d.Severity == diag.Error && strings.HasPrefix(d.Message, "broken link "+strconv.Quote(dest)+": "):
				linkReported = true
			case d.Severity == diag.Warning && strings.HasPrefix(d.Message, "link "+strconv.Quote(dest)+" works on GitHub but not on the built site: "):
				// a folder GitHub would list: left relative, still checked below
				folderWarned = true
			case d.Severity == diag.Warning && strings.HasPrefix(d.Message, "link "+strconv.Quote(dest)+" works on the built site but not on GitHub: "):
				// resolved (the page named without .md, a fragment GitHub misses): checked below
			default:
				t.Fatalf("link diagnostic: %v", d)
			}
		case d.Path == "content/a.md" && d.Line == refLine && d.Col == refCol:
			refReported = true
		default:
			t.Fatalf("unexpected diagnostic: %v", d)
		}
	}
	return linkReported, refReported, folderWarned
}

// checkResolvedLink: a's link resolved to a safe URL inside the site.
func checkResolvedLink(t *testing.T, page *Page, dest string, public, folderWarned bool) {
	body := page.Body()
	_, u, ok := strings.Cut(body, `href="`)
	u, _, ok2 := strings.Cut(u, `"`)
	if !ok || !ok2 {
		t.Fatalf("no href in %q", body)
	}
	if strings.ContainsAny(u, "<>'\x00 \t\n\r\\") || strings.ContainsFunc(u, func(r rune) bool { return r >= 0x80 }) {
		t.Fatalf("link %q resolved to an unsafe URL %q", dest, u)
	}
	if !strings.HasPrefix(u, "/sub/") && !(folderWarned && relativeInside(u)) {
		t.Fatalf("link %q resolved outside the site: %q", dest, u)
	}
	if public && strings.HasPrefix(u, "/sub/manuals/pg/") {
		t.Fatalf("public page links to the internal page: %q → %q", dest, u)
	}
}

// checkResolvedRelated: a's related pages are in the edition.
func checkResolvedRelated(t *testing.T, page *Page, ref string, public bool) {
	for _, r := range page.Related {
		// A section without _index.md gets a generated page, which exists
		// in an edition exactly when the section holds a page of it.
		if !r.Visible || (public && r.Path != "" && r.Meta.Audience != "public") {
			t.Fatalf("related %q resolved to %s, which this edition leaves out", ref, r.Path)
		}
	}
}

// relativeInside reports a relative URL that stays below the linking page's
// folder: how a link to a GitHub-listed folder is left.
func relativeInside(u string) bool {
	parsed, err := url.Parse(u)
	return err == nil && u != "" && parsed.Scheme == "" && parsed.Host == "" &&
		!strings.HasPrefix(parsed.Path, "/") && !strings.HasPrefix(parsed.Path, "..")
}

// FuzzURLs gives a page any file name, slug, alias and tag. Whenever the
// build reports no error, every page, alias and term must land inside the
// output folder (the output stage's own check would refuse it otherwise),
// under the base path, and anchors from markdown.Slug stay plain.
func FuzzURLs(f *testing.F) {
	for _, s := range [][3]string{
		{"guide", "pg", "/old/path/"}, {"manuals/x", "../../etc", "../../outside"}, {"a:b", "C:", `C:\Windows`},
		{"值班", "值班-手册", "/旧/路径"}, {"x", "..", "//host/x"}, {"x", "a/b", "old.html"}, {"x", "ok", "tags"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, name, slug, alias string) {
		for _, seg := range strings.Split(name, "/") {
			if seg == "" || seg[0] == '.' || strings.IndexByte(seg, 0) >= 0 {
				return // the source walk never yields such a path
			}
		}
		anchor := markdown.Slug(slug)
		if strings.ContainsAny(anchor, `/\.:%#? `) || markdown.Slug(anchor) != anchor {
			t.Fatalf("Slug(%q) = %q", slug, anchor)
		}
		path := "content/" + name + ".md"
		fm := "title: T\nslug: " + strconv.Quote(slug) + "\naliases: [" + strconv.Quote(alias) + "]\ntags: [" + strconv.Quote(slug) + "]\n"
		m, diags := meta.Decode(path, []byte(fm), 2, false)
		in := Input{
			Config: fuzzConfig(t),
			Docs:   []Doc{{Path: path, Meta: m, MD: &markdown.Result{}, FMLine: 2}, doc(t, "content/zz.md", "title: Z\n", nil)},
			Static: []string{"static/css/keel.css"},
		}
		s, more := Build(in)
		if diags.HasErrors() || more.HasErrors() {
			return
		}
		var outs []string
		for _, p := range s.Pages {
			outs = append(outs, p.OutPath)
			if !strings.HasPrefix(p.URL, "/sub/") {
				t.Fatalf("page URL %q is not under the base path", p.URL)
			}
		}
		for _, a := range s.Aliases {
			outs = append(outs, a.OutPath)
		}
		for _, tx := range s.Taxonomies {
			for _, term := range tx.Terms {
				outs = append(outs, tx.Name+"/"+term.Slug+"/index.html")
				if !strings.HasPrefix(term.URL, "/sub/") || strings.Contains(term.Slug, "/") || term.Slug == "" {
					t.Fatalf("term %q: slug %q, URL %q", term.Name, term.Slug, term.URL)
				}
			}
		}
		for _, o := range outs {
			if o == "" || strings.ContainsAny(o, "\\:\x00") || !filepath.IsLocal(filepath.FromSlash(o)) || !strings.HasSuffix(o, ".html") {
				t.Fatalf("output path %q (name %q, slug %q, alias %q) could leave the output folder", o, name, slug, alias)
			}
		}
	})
}
