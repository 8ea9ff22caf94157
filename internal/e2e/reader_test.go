package e2e

import (
	"strings"
	"testing"
	"time"

	"keel/internal/browsertest"
	"keel/internal/build"
)

// readerSite has a home page titled like the site, one alert of each type
// and a page three sections deep whose section titles are long.
const readerSite = `
-- keel.yaml --
title: Reader portal
-- content/_index.md --
---
title: Reader portal
summary: Where the platform team writes things down.
---
> [!NOTE]
> A note.

> [!TIP]
> A tip.

> [!IMPORTANT]
> Something important.

> [!WARNING]
> A warning.

> [!CAUTION]
> A caution.
-- content/platform/_index.md --
---
title: Platform reference for every hospital deployment
---
-- content/platform/networking/_index.md --
---
title: Networking, ingress and the edge in front of every partner hospital
---
-- content/platform/networking/egress.md --
---
title: Egress through the NAT gateways of the Hangzhou region
---
Egress goes through the NAT gateways.
-- content/manuals/pg.md --
---
title: PostgreSQL cut-over
from: MySQL 5.7
to: PostgreSQL 16
---
Cut over to PostgreSQL.
-- content/blueprints/pg.md --
---
title: PostgreSQL platform
status: accepted
teams: [dba]
---
A PostgreSQL platform.
-- content/teams/dba.md --
---
title: Database administration
summary: Looks after every database.
---
Page us through the quokkabridge rota.
`

// What a reader notices: each alert type has its own icon, the home page
// names the site twice (the header and its heading, not a third time in
// the breadcrumbs or the sidebar), breadcrumbs stay on one line on a phone,
// the search page's filter chips keep a gap between label and count, and a
// team's own page is found by search at its team page.
func TestReaderDetails(t *testing.T) {
	srv := serveSite(t, readerSite, build.Options{Now: viewsNow})
	ctx, cancel := browsertest.Within(browsertest.New(t), 90*time.Second)
	defer cancel()
	base := srv.URL

	open(t, ctx, base+"/", 1280)
	icons := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('.alert .alert-title')).map(e => {
		const s = getComputedStyle(e, '::before');
		return e.parentElement.className + '=' + (s.width !== 'auto' && parseFloat(s.width) > 0 ? s.content : 'none');
	})`)
	seen := map[string]bool{}
	for _, ic := range icons {
		glyph := ic[strings.Index(ic, "=")+1:]
		if glyph == "none" || glyph == "" || glyph == `""` {
			t.Errorf("alert without an icon: %s", ic)
		}
		seen[glyph] = true
	}
	if len(icons) != 5 || len(seen) < 3 {
		t.Errorf("alert icons %q: want 5 alerts drawing at least 3 different glyphs", icons)
	}
	for _, width := range []int{1280, 390} {
		open(t, ctx, base+"/", width)
		if n := eval[int](t, ctx, `document.body.innerText.split('Reader portal').length - 1`); n > 2 {
			t.Errorf("home page at %d px shows the site title %d times, want at most 2", width, n)
		}
	}

	open(t, ctx, base+"/platform/networking/egress/", 390)
	crumbs := eval[[]int](t, ctx, `(() => {
		const ol = document.querySelector('.breadcrumbs ol');
		const lis = Array.from(ol.children).filter(li => li.getClientRects().length);
		const tops = new Set(lis.map(li => Math.round(li.getBoundingClientRect().top)));
		return [tops.size, Math.round(ol.getBoundingClientRect().right), innerWidth, lis.length];
	})()`)
	if crumbs[0] != 1 || crumbs[1] > crumbs[2] || crumbs[3] < 2 {
		t.Errorf("breadcrumbs at 390 px: %d lines, right edge %d of %d px, %d crumbs shown; want one line inside the screen", crumbs[0], crumbs[1], crumbs[2], crumbs[3])
	}
	if first := eval[string](t, ctx, `document.querySelector('.breadcrumbs li a').textContent`); first != "Home" {
		t.Errorf("first breadcrumb %q, want Home (not the site title again)", first)
	}
	noPageOverflow(t, ctx, "deep page", 390)

	open(t, ctx, base+"/search/?q=postgresql", 390)
	gaps := eval[[]int](t, ctx, `(async () => {
		for (let i = 0; i < 100 && !document.querySelector('.search-chip-group .chip-count'); i++) await new Promise(r => setTimeout(r, 50));
		return Array.from(document.querySelectorAll('.search-chip-group .chip')).map(c => {
			const r = document.createRange(); r.selectNodeContents(c.firstChild);
			const text = Array.from(r.getClientRects()).filter(x => x.width > 0).pop();
			return Math.round(c.querySelector('.chip-count').getBoundingClientRect().left - text.right);
		});
	})()`)
	if len(gaps) < 2 {
		t.Fatalf("search page shows %d filter chips, want kind chips for manual and blueprint", len(gaps))
	}
	for i, g := range gaps {
		if g < 3 {
			t.Errorf("filter chip %d: %d px between label and count, want a visible gap", i+1, g)
		}
	}

	// a team's own page is found, at its team page
	open(t, ctx, base+"/search/?q=quokkabridge", 1280)
	hit := eval[string](t, ctx, `(async () => {
		for (let i = 0; i < 100 && !document.querySelector('#search-page .search-result'); i++) await new Promise(r => setTimeout(r, 50));
		const a = document.querySelector('#search-page .search-result');
		return a ? a.getAttribute('href') + ' ' + a.querySelector('.search-result-title').textContent : 'none';
	})()`)
	if hit != "/teams/dba/?highlight=quokkabridg Database administration" { // highlight: the stem
		t.Errorf("search for a word of the team page: first hit %q", hit)
	}
	// and it reads at the width of any page's prose
	open(t, ctx, base+"/teams/dba/", 1440)
	if w := eval[[]int](t, ctx, `[Math.round(document.querySelector('.term-body').getBoundingClientRect().width), Math.round(parseFloat(getComputedStyle(document.documentElement).fontSize) * 48)]`); w[0] > w[1] {
		t.Errorf("team page body %d px wide, want at most the %d px measure", w[0], w[1])
	}
}
