package build

import (
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// Editions publish the views and people keel.yaml names; the public default
// has no staff names, no owner pages, no review list and no internal wording.
func TestEditionViewsAndPeople(t *testing.T) {
	site := `
-- content/_index.md --
---
title: Home
audience: public
owner: Chen Jing
---
-- content/blueprints/plan.md --
---
title: Plan
status: accepted
audience: public
owner: Chen Jing
teams: [sre]
tags: [uptime]
reviewed: 2025-01-01
review_every: 90d
milestones:
  - {title: M1, due: 2027-Q1, status: planned}
---
Body.
`
	f := writeArchive(t, txtar.Parse([]byte(site)))
	opts := Options{Audience: "public", BaseURL: "https://docs.example/"}
	public := fileMap(buildSite(t, f.dir, opts).Files)
	internal := fileMap(buildSite(t, f.dir, Options{}).Files)
	for path, data := range public {
		for _, bad := range []string{"Chen Jing", "Public edition", "internal edition", `class="badge audience-public"`, "Review needed"} {
			if strings.Contains(data, bad) {
				t.Errorf("public %s contains %q", path, bad)
			}
		}
	}
	for _, path := range []string{"owners/index.html", "stale/index.html"} {
		if _, ok := public[path]; ok {
			t.Errorf("public edition publishes %s by default", path)
		}
		if _, ok := internal[path]; !ok {
			t.Errorf("internal edition lacks %s", path)
		}
	}
	for _, path := range []string{"blueprints/board/index.html", "roadmap/index.html", "tags/uptime/index.html", "teams/sre/index.html"} {
		if _, ok := public[path]; !ok {
			t.Errorf("public edition lacks %s by default", path)
		}
	}
	if !strings.Contains(internal["blueprints/plan/index.html"], "Chen Jing") {
		t.Error("internal edition must show the owner")
	}

	// A site says otherwise in keel.yaml.
	writeFile(t, f.dir, "keel.yaml", "editions:\n  public: {views: [tags], people: true}\n  internal: {views: [board]}\n")
	public = fileMap(buildSite(t, f.dir, opts).Files)
	internal = fileMap(buildSite(t, f.dir, Options{}).Files)
	if !strings.Contains(public["blueprints/plan/index.html"], "Chen Jing") {
		t.Error("people: true must show the owner in the public edition")
	}
	for _, path := range []string{"blueprints/board/index.html", "roadmap/index.html", "teams/sre/index.html", "owners/index.html"} {
		if _, ok := public[path]; ok {
			t.Errorf("public edition publishes %s, which views leaves out", path)
		}
	}
	if _, ok := public["tags/uptime/index.html"]; !ok {
		t.Error("public edition lacks tags")
	}
	if _, ok := internal["stale/index.html"]; ok {
		t.Error("internal edition publishes the stale list, which views leaves out")
	}
	if strings.Contains(public["blueprints/plan/index.html"], `href="/roadmap/"`) || strings.Contains(public["blueprints/plan/index.html"], `href="/teams/sre/"`) {
		t.Error("pages link to views the edition does not publish")
	}
}

func TestEditionConfigErrors(t *testing.T) {
	site := `
-- keel.yaml --
editions:
  public:
    views: [board, rodmap]
    people: maybe
  staff: {}
-- content/_index.md --
---
title: Home
audience: public
---
See the [roadmap](/roadmap/).
`
	f := writeArchive(t, txtar.Parse([]byte(site)))
	res := buildSite(t, f.dir, Options{Audience: "public", BaseURL: "https://docs.example/"})
	var got strings.Builder
	res.Diags.WriteText(&got)
	want := `content/_index.md:5:9: error: broken link "/roadmap/": "/roadmap/" is a view this edition does not publish (keel.yaml editions.public.views)
keel.yaml:3:20: error: editions.public.views item must be one of board, roadmap, teams, owners, tags, stale, got "rodmap" (did you mean "roadmap"?)
keel.yaml:4:13: error: editions.public.people must be true or false, got "maybe"
keel.yaml:5:3: warning: unknown edition "staff" in keel.yaml (internal or public)
`
	if got.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", got.String(), want)
	}
}

func TestShareMeta(t *testing.T) {
	site := `
-- keel.yaml --
title: Hexin Portal
description: Technology for hospitals.
image: /img/card.jpg
-- content/img/card.jpg --
jpeg
-- content/img/brief.png --
png
-- content/_index.md --
---
title: Home
audience: public
---
-- content/briefs/uptime.md --
---
title: Uptime & availability
summary: How we stay up.
audience: public
image: ../img/brief.png
---
Body.
-- content/briefs/plain.md --
---
title: Plain
audience: public
---
`
	f := writeArchive(t, txtar.Parse([]byte(site)))
	res := buildSite(t, f.dir, Options{Audience: "public", BaseURL: "https://docs.example/sub/"})
	if len(res.Diags) != 0 {
		t.Fatalf("diagnostics: %v", res.Diags)
	}
	files := fileMap(res.Files)
	page := files["briefs/uptime/index.html"]
	for _, want := range []string{
		`<link rel="canonical" href="https://docs.example/sub/briefs/uptime/">`,
		`<meta property="og:type" content="article">`,
		`<meta property="og:title" content="Uptime &amp; availability">`,
		`<meta property="og:description" content="How we stay up.">`,
		`<meta property="og:url" content="https://docs.example/sub/briefs/uptime/">`,
		`<meta property="og:site_name" content="Hexin Portal">`,
		`<meta property="og:locale" content="en_US">`,
		`<meta property="og:image" content="https://docs.example/sub/img/brief.png">`,
		`<meta name="twitter:card" content="summary_large_image">`,
		`<meta name="twitter:title" content="Uptime &amp; availability">`,
		`<meta name="twitter:image" content="https://docs.example/sub/img/brief.png">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	plain := files["briefs/plain/index.html"]
	for _, want := range []string{
		`<meta property="og:description" content="Technology for hospitals.">`,
		`<meta property="og:image" content="https://docs.example/sub/img/card.jpg">`,
	} {
		if !strings.Contains(plain, want) {
			t.Errorf("page without its own summary and image lacks %s", want)
		}
	}
	if !strings.Contains(files["tags/index.html"], `<meta property="og:url" content="https://docs.example/sub/tags/">`) {
		t.Error("generated views need share meta too")
	}
	if _, ok := files["img/brief.png"]; !ok {
		t.Error("a page's share image must be published with the public edition")
	}
}

func TestPublicWithoutBaseURLWarns(t *testing.T) {
	site := `
-- content/_index.md --
---
title: Home
audience: public
---
`
	f := writeArchive(t, txtar.Parse([]byte(site)))
	var got strings.Builder
	buildSite(t, f.dir, Options{Audience: "public"}).Diags.WriteText(&got)
	want := "keel.yaml: warning: the public edition has no absolute baseURL: canonical links, the sitemap, the feed, share cards (Open Graph) and links in PDFs need one to name this site's pages; set baseURL: https://… in keel.yaml or pass --base-url\n"
	if got.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", got.String(), want)
	}
	for _, opts := range []Options{{Audience: "public", BaseURL: "https://docs.example/"}, {Audience: "internal"}} {
		if res := buildSite(t, f.dir, opts); len(res.Diags) != 0 {
			t.Errorf("%+v: %v", opts, res.Diags)
		}
	}
}
