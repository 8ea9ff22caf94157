package site

import (
	"strings"
	"testing"

	"keel/internal/markdown"
	"keel/internal/meta"
)

// TestWithBody: a body-only edit gives a new page and leaves the site (a
// stage output) as Build returned it; an edit that others could depend on
// (links, anchors, title) asks for a full rebuild.
func TestWithBody(t *testing.T) {
	conv := markdown.New(markdown.Options{})
	md := func(body string) *markdown.Result {
		r, _ := conv.Convert("content/pg.md", []byte(body), 1, 0)
		return &r
	}
	const orig = "Intro [home](_index.md).\n\n## Setup\n\nText.\n"
	docs := []Doc{
		{Path: "content/_index.md", MD: md("Home.\n"), Meta: meta.Meta{Title: "Home", Set: map[string]bool{"title": true}}},
		{Path: "content/pg.md", MD: md(orig), Meta: meta.Meta{Title: "PG", Set: map[string]bool{"title": true}}},
		{Path: "content/hidden.md", MD: md("x\n"), Meta: meta.Meta{Title: "H", Draft: true, Set: map[string]bool{"title": true}}},
		{Path: "content/teams/sre.md", MD: md("We run on-call.\n"), Meta: meta.Meta{Title: "SRE", Kind: meta.Page, Set: map[string]bool{"title": true}}},
	}
	tests := []struct {
		name, path, body string
		ok, page         bool
	}{
		{"body only", "content/pg.md", "Intro [home](_index.md), edited.\n\n## Setup\n\nMore text.\n", true, true},
		{"link added", "content/pg.md", "Intro [home](_index.md) [again](_index.md#x).\n\n## Setup\n", false, false},
		{"anchor renamed", "content/pg.md", "Intro [home](_index.md).\n\n## Install\n\nText.\n", false, false},
		{"not published", "content/hidden.md", "y\n", true, false},
		{"not a page", "content/none.md", "y\n", false, false},
		{"team page: shown on its team's page", "content/teams/sre.md", "We run on-call, edited.\n", false, false},
	}
	for _, tt := range tests {
		s, diags := Build(Input{Config: meta.DefaultConfig(), Docs: docs, Audience: "internal"})
		if diags.HasErrors() {
			t.Fatalf("%s: %v", tt.name, diags)
		}
		before := s.byPath["content/pg.md"]
		beforeMD, beforeBody := before.MD, before.Body()
		p, ok := s.WithBody(tt.path, md(tt.body))
		if ok != tt.ok || (p != nil) != tt.page {
			t.Errorf("%s: WithBody = %v, %v; want page %v, %v", tt.name, p, ok, tt.page, tt.ok)
		}
		if s.byPath["content/pg.md"] != before || before.MD != beforeMD || before.Body() != beforeBody {
			t.Errorf("%s: the site was changed", tt.name)
		}
		if p == nil {
			continue
		}
		if p == before || s.Own(p) != before || s.Own(before) != before {
			t.Errorf("%s: Own(copy) = %p, want the site's page %p", tt.name, s.Own(p), before)
		}
		if got := p.Body(); got == beforeBody || p.Section != before.Section || string(p.Twin([]byte(tt.body))) == string(before.Twin([]byte(orig))) {
			t.Errorf("%s: copy's body %q, section %p (want %p)", tt.name, got, p.Section, before.Section)
		}
	}
}

// TestBodyOf: HTML handed over at render time is what the page's own
// Markdown result would hold, in either edition.
func TestBodyOf(t *testing.T) {
	conv := markdown.New(markdown.Options{})
	const body = "Public [home](_index.md).\n\n> [!INTERNAL]\n> Secret.\n"
	full, _ := conv.Convert("content/pg.md", []byte(body), 1, 0)
	for _, audience := range []string{"internal", "public"} {
		md := full // the build's analysis keeps no HTML
		md.HTML = nil
		docs := []Doc{
			{Path: "content/_index.md", MD: &markdown.Result{}, Meta: meta.Meta{Title: "Home", Set: map[string]bool{"title": true}}},
			{Path: "content/pg.md", MD: &md, Meta: meta.Meta{Title: "PG", Set: map[string]bool{"title": true}}},
		}
		eager := docs[1]
		eagerMD := full
		eager.MD = &eagerMD
		lazy, _ := Build(Input{Config: meta.DefaultConfig(), Docs: docs, Audience: audience})
		kept, _ := Build(Input{Config: meta.DefaultConfig(), Docs: []Doc{docs[0], eager}, Audience: audience})
		lp, kp := lazy.byPath["content/pg.md"], kept.byPath["content/pg.md"]
		if lp.Body() != "" {
			t.Errorf("%s: Body without HTML = %q", audience, lp.Body())
		}
		got, want := lp.BodyOf(full.HTML), kp.Body()
		if got != want || want == "" {
			t.Errorf("%s: BodyOf = %q, want %q", audience, got, want)
		}
		if secret := len(want) > 0 && strings.Contains(want, "Secret"); secret != (audience == "internal") {
			t.Errorf("%s: body %q", audience, want)
		}
	}
}
