package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// The leak fixture: every internal or draft page carries a unique marker in its
// file name, title, body, tags, owner and team. Public pages link to each other;
// internal pages link to public ones (so backlinks could leak), list them as
// related, have aliases, milestones and assets.
const leakSite = `
-- keel.yaml --
title: Showcase
-- content/_index.md --
---
title: Home
audience: public
---
Welcome.
-- content/briefs/_index.md --
---
title: Briefs
cascade:
  audience: public
---
-- content/briefs/uptime.md --
---
title: Uptime brief
headline: Always on
tags: [availability]
teams: [sre]
owner: Chen Jing
metrics:
  - {value: "99.9 %", label: Availability, source: ../blueprints/public-plan.md}
---
Read the [plan](../blueprints/public-plan.md).

## Results

Public results text.

> [!INTERNAL]
> Qqxblk pricing floor is negotiable; see [the notes](../internal-only/qqxsec-notes.md).
>
> ## Qqxblk escalation
>
> - [ ] call qqxblk duty manager
>
> ` + "```sql" + `
> SELECT qqxblk FROM deals;
> ` + "```" + `

Public closing text.
-- content/blueprints/_index.md --
---
title: Blueprints
audience: public
---
-- content/blueprints/public-plan.md --
---
title: Public plan
status: accepted
audience: public
teams: [sre]
tags: [availability]
owner: Chen Jing
milestones:
  - {title: Public milestone, due: 2027-Q1, status: planned}
---
## Goals

> [!INTERNAL]
> ## Qqxblk budget
> Qqxblk budget text.
-- content/blueprints/qqxbp-plan.md --
---
title: Secret qqxbp blueprint
status: in-progress
teams: [qqxbpteam]
tags: [qqxbptag, availability]
owner: Qqxbp Owner
aliases: [/qqxbp-old/]
related: [public-plan.md]
supersedes: [public-plan.md]
milestones:
  - {title: Qqxbp milestone, due: 2026-06-30, status: planned}
---
Internal qqxbp body links to the [public plan](public-plan.md#goals).
![diagram](qqxbp-diagram.svg)

~~~d2 title="Qqxbp topology"
qqxbpgw: Qqxbp gateway -> api
~~~

~~~mermaid
sequenceDiagram
  qqxbpuser->>api: call
~~~
-- content/blueprints/qqxbp-diagram.svg --
<svg>qqxbp</svg>
-- content/internal-only/_index.md --
---
title: Qqxsec section
---
-- content/internal-only/qqxsec-notes.md --
---
title: Qqxsec notes
owner: Qqxsec Owner
teams: [qqxsecteam]
tags: [qqxsectag]
reviewed: 2025-01-01
review_every: 90d
---
Qqxsec body. See [uptime](../briefs/uptime.md).
-- content/cascaded/_index.md --
---
title: Qqxcas section
cascade:
  owner: Qqxcas Owner
  teams: [qqxcasteam]
  tags: [qqxcastag]
  reviewed: 2025-01-01
  review_every: 90d
---
-- content/cascaded/open.md --
---
title: Open page in an internal section
audience: public
updated: 2026-11-01
---
A public page below an internal _index.md: the section's cascaded owner,
teams, tags and review dates are internal too.
-- content/cascaded/inner.md --
---
title: Inner page
---
Uses the [internal sheet](/static/internal/qqxstatic-sheet.txt).
-- static/internal/qqxstatic-sheet.txt --
qqxstatic internal-only static file
-- content/briefs/qqxdraft-brief.md --
---
title: Qqxdraft brief
draft: true
owner: Qqxdraft Owner
teams: [qqxdraftteam]
tags: [qqxdrafttag]
---
Qqxdraft body.
`

var leakMarkers = []string{"qqxbp", "qqxsec", "qqxdraft", "qqxcas", "qqxstatic", "qqxblk"}

// TestPublicEditionLeaksNothing builds the leak fixture with the default
// editions and with a public edition that publishes every view and people's
// names (owner pages, the feed's authors, the review list): the values
// cascaded from an internal section must stay out of those too.
func TestPublicEditionLeaksNothing(t *testing.T) {
	for _, c := range []struct{ name, config string }{
		{"default editions", ""},
		{"every view and people", "editions:\n  public: {views: [board, roadmap, teams, owners, tags, stale], people: true}\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := writeArchive(t, txtar.Parse([]byte(leakSite)))
			if c.config != "" {
				writeFile(t, f.dir, "keel.yaml", "title: Showcase\n"+c.config)
			}
			leakLinks(t, f.dir)
			assertNoLeak(t, f.dir)
			if c.config == "" {
				return
			}
			// The page below the internal section is in the public feed and
			// its owner would be its author; its cascaded review dates must not
			// put it on the public review list.
			public := fileMap(buildSite(t, f.dir, Options{Audience: "public"}).Files)
			internal := fileMap(buildSite(t, f.dir, Options{Audience: "internal"}).Files)
			if !strings.Contains(public["feed.xml"], "Open page in an internal section") {
				t.Errorf("public feed.xml lacks the page below the internal section: the author check proves nothing")
			}
			// (the review list proper, after the nav, which lists every page)
			listed := func(html string) bool {
				_, list, _ := strings.Cut(html, `class="page stale-page"`)
				return strings.Contains(list, `href="/cascaded/open/"`)
			}
			if !listed(internal["stale/index.html"]) {
				t.Errorf("internal stale/index.html does not list the page: the review-list check proves nothing")
			}
			if listed(public["stale/index.html"]) {
				t.Errorf("public stale/index.html lists the page by review dates cascaded from an internal section")
			}
		})
	}
}

// leakLinks adds symlinks inside the site that would publish internal files
// under public names: a static file linking into static/internal/ or to an
// internal page's source, a page in a public section linking to an internal
// page, a file beside a public page linking into static/internal/.
func leakLinks(t *testing.T, dir string) {
	t.Helper()
	for name, target := range map[string]string{
		"static/sheet.txt":         "internal/qqxstatic-sheet.txt",
		"static/notes.md":          "../content/internal-only/qqxsec-notes.md",
		"content/briefs/copy.md":   "../internal-only/qqxsec-notes.md",
		"content/briefs/sheet.txt": "../../static/internal/qqxstatic-sheet.txt",
	} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
}

// assertNoLeak builds the site at dir in both editions: no marker in any
// public file's path or data, every marker somewhere in the internal edition
// with drafts (else the test would prove nothing).
func assertNoLeak(t *testing.T, dir string) {
	t.Helper()
	public := buildSite(t, dir, Options{Audience: "public"})
	if public.Diags.HasErrors() || len(public.Files) == 0 {
		t.Fatalf("public build failed: %v", public.Diags)
	}
	for _, file := range public.Files {
		for _, m := range leakMarkers {
			if strings.Contains(strings.ToLower(file.Path), m) || strings.Contains(strings.ToLower(string(file.Data)), m) {
				t.Errorf("public edition: %s contains marker %q", file.Path, m)
			}
		}
	}
	internal := buildSite(t, dir, Options{Audience: "internal", Drafts: true})
	if internal.Diags.HasErrors() {
		t.Fatalf("internal build failed: %v", internal.Diags)
	}
	var joined strings.Builder
	for path, data := range fileMap(internal.Files) {
		joined.WriteString(strings.ToLower(path + "\n" + data))
	}
	for _, m := range leakMarkers {
		if !strings.Contains(joined.String(), m) {
			t.Errorf("internal edition with drafts never mentions %q: the leak test would prove nothing", m)
		}
	}
}

// TestEditionOutputs checks each output that could leak, one by one: the
// internal edition shows the internal page there, the public edition does not.
func TestEditionOutputs(t *testing.T) {
	f := writeArchive(t, txtar.Parse([]byte(leakSite)))
	internal := fileMap(buildSite(t, f.dir, Options{Audience: "internal"}).Files)
	public := fileMap(buildSite(t, f.dir, Options{Audience: "public"}).Files)
	cases := []struct{ output, file, marker string }{
		{"page", "blueprints/qqxbp-plan/index.html", "qqxbp"},
		{"section list", "blueprints/index.html", "Secret qqxbp blueprint"},
		{"nav", "blueprints/public-plan/index.html", `<a class="nav-page" href="/blueprints/qqxbp-plan/">`},
		{"empty section", "internal-only/index.html", "Qqxsec section"},
		{"breadcrumbs", "internal-only/qqxsec-notes/index.html", "Qqxsec section"},
		{"backlinks", "blueprints/public-plan/index.html", "Secret qqxbp blueprint</a> <span class=\"badge kind-blueprint\">"},
		{"superseded-by", "blueprints/public-plan/index.html", "Superseded by"},
		{"backlinks from page", "briefs/uptime/index.html", "Qqxsec notes"},
		{"tag page", "tags/availability/index.html", "Secret qqxbp blueprint"},
		{"tag count", "tags/index.html", "qqxbptag"},
		{"team page", "teams/qqxbpteam/index.html", "Secret qqxbp blueprint"},
		{"owner page", "owners/qqxbp-owner/index.html", "Qqxbp Owner"},
		{"board", "blueprints/board/index.html", "Secret qqxbp blueprint"},
		{"roadmap", "roadmap/index.html", "Qqxbp milestone"},
		{"stale list", "stale/index.html", "Qqxsec notes"},
		{"sitemap", "sitemap.xml", "qqxbp-plan"},
		{"feed", "feed.xml", "Secret qqxbp blueprint"},
		{"redirect", "qqxbp-old/index.html", "qqxbp-plan"},
		{"asset", "blueprints/qqxbp-diagram.svg", "qqxbp"},
		{"home recent list", "index.html", "Secret qqxbp blueprint"},
		{"cascaded owner page", "owners/qqxcas-owner/index.html", "Open page in an internal section"},
		{"cascaded team page", "teams/qqxcasteam/index.html", "Open page in an internal section"},
		{"cascaded tag page", "tags/qqxcastag/index.html", "Open page in an internal section"},
		{"cascaded owner on the page", "cascaded/open/index.html", "Qqxcas Owner"},
		{"cascaded feed author", "feed.xml", "<name>Qqxcas Owner</name>"},
		{"static/internal/", "internal/qqxstatic-sheet.txt", "qqxstatic"},
		{"internal block", "briefs/uptime/index.html", `<div class="alert alert-internal" role="note"><p class="alert-title">Internal</p>`},
		{"internal block heading", "briefs/uptime/index.html", `id="qqxblk-escalation"`},
		{"markdown twin", "briefs/uptime/index.md", "Qqxblk pricing floor"},
		{"markdown twin of internal page", "blueprints/qqxbp-plan/index.md", "qqxbp"},
		{"markdown twin of section", "blueprints/index.md", "Secret qqxbp blueprint"},
		{"llms.txt", "llms.txt", "Secret qqxbp blueprint"},
		{"internal block toc", "blueprints/public-plan/index.html", `<a href="#qqxblk-budget">`},
	}
	for _, c := range cases {
		if !strings.Contains(internal[c.file], c.marker) {
			t.Errorf("%s: internal %s lacks %q", c.output, c.file, c.marker)
		}
		if data, ok := public[c.file]; ok && strings.Contains(data, c.marker) {
			t.Errorf("%s: public %s contains %q", c.output, c.file, c.marker)
		}
	}
	// Counts must not include internal pages either: the public plan and the brief carry the tag.
	if !strings.Contains(public["tags/availability/index.html"], "<p class=\"lead\">2 pages</p>") ||
		!strings.Contains(internal["tags/availability/index.html"], "<p class=\"lead\">3 pages</p>") {
		t.Errorf("tag page counts: the public edition must count 2 pages, the internal 3")
	}
	for _, want := range []string{"# Uptime brief\n", "Read the [plan](/blueprints/public-plan/).", "Public closing text."} {
		if !strings.Contains(public["briefs/uptime/index.md"], want) {
			t.Errorf("public twin lacks %q:\n%s", want, public["briefs/uptime/index.md"])
		}
	}
	if !strings.Contains(public["briefs/uptime/index.html"], `<link rel="alternate" type="text/markdown" href="/briefs/uptime/index.md"`) {
		t.Error("page does not link its Markdown twin")
	}
	if !strings.Contains(public["llms.txt"], "- [Uptime brief](/briefs/uptime/index.md)") {
		t.Errorf("llms.txt lacks the brief:\n%s", public["llms.txt"])
	}
	if _, ok := public["stale/index.html"]; ok {
		t.Error("the stale list belongs to the internal edition only")
	}
}

func TestPublicPageLinkingInternalIsAnError(t *testing.T) {
	site := `
-- content/a.md --
---
title: A
audience: public
related: [b.md]
---
See [b](b.md) and [draft](c.md).
-- content/b.md --
---
title: B
---
-- content/c.md --
---
title: C
audience: public
draft: true
---
`
	f := writeArchive(t, txtar.Parse([]byte(site)))
	res := buildSite(t, f.dir, Options{Audience: "public", BaseURL: "https://docs.example/"})
	var got strings.Builder
	res.Diags.WriteText(&got)
	want := `content/a.md:4:11: error: related "b.md": links to internal page content/b.md, which the public edition leaves out
content/a.md:6:5: error: broken link "b.md": links to internal page content/b.md, which the public edition leaves out
content/a.md:6:19: error: broken link "c.md": links to draft page content/c.md, which is published only with --drafts
`
	if got.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", got.String(), want)
	}
	if res := buildSite(t, f.dir, Options{Audience: "internal", Drafts: true}); len(res.Diags) != 0 {
		t.Errorf("internal edition with drafts must be clean, got %v", res.Diags)
	}
}

func TestPublicPageLinkingInternalStaticIsAnError(t *testing.T) {
	site := `
-- content/a.md --
---
title: A
audience: public
---
See the [sheet](/static/internal/sheet.txt) and the [logo](/static/logo.txt).
-- static/internal/sheet.txt --
internal
-- static/logo.txt --
public
`
	f := writeArchive(t, txtar.Parse([]byte(site)))
	res := buildSite(t, f.dir, Options{Audience: "public", BaseURL: "https://docs.example/"})
	var got strings.Builder
	res.Diags.WriteText(&got)
	want := `content/a.md:5:9: error: broken link "/static/internal/sheet.txt": links to static/internal/sheet.txt, which only the internal edition publishes (static/internal/)
`
	if got.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", got.String(), want)
	}
	internal := buildSite(t, f.dir, Options{Audience: "internal"})
	if len(internal.Diags) != 0 || fileMap(internal.Files)["internal/sheet.txt"] != "internal\n" {
		t.Errorf("the internal edition publishes static/internal/: %v", internal.Diags)
	}
}

func TestPublicLinkIntoInternalBlockIsAnError(t *testing.T) {
	site := `
-- content/a.md --
---
title: A
audience: public
---
See [the escalation](b.md#escalation) and [results](b.md#results).
-- content/b.md --
---
title: B
audience: public
---
## Results

> [!INTERNAL]
> ## Escalation
> Call the duty manager.
`
	f := writeArchive(t, txtar.Parse([]byte(site)))
	res := buildSite(t, f.dir, Options{Audience: "public", BaseURL: "https://docs.example/"})
	var got strings.Builder
	res.Diags.WriteText(&got)
	want := `content/a.md:5:5: error: broken link "b.md#escalation": anchor #escalation is inside a [!INTERNAL] block of content/b.md, which the public edition leaves out
`
	if got.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", got.String(), want)
	}
	if res := buildSite(t, f.dir, Options{Audience: "internal"}); len(res.Diags) != 0 {
		t.Errorf("internal edition must be clean, got %v", res.Diags)
	}
}
