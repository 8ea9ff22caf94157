package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"keel/internal/browsertest"
	"keel/internal/build"
)

// viewsSite has six status columns with long titles, fifteen dated
// milestones (one blueprint with several teams, overdue and at-risk ones),
// and a long manual for the page navigation.
const viewsSite = `
-- keel.yaml --
title: Views in a browser
-- content/blueprints/_index.md --
---
title: Blueprints
---

-- content/blueprints/gateway.md --
---
title: "OpenResty API gateway with Lua authentication and rate limits"
status: in-progress
owner: Chen Jing
teams: [gateway, security, sre]
horizon: 2027-H1
milestones:
  - {title: "Canary at five percent of patient-app traffic", due: 2026-11-10, status: in-progress}
  - {title: "Shadow traffic through the new gateway", due: 2026-10-15, status: done}
  - {title: "Cluster-wide rate limits per partner hospital in Redis", due: 2027-Q2, status: planned}
---
Body.

-- content/blueprints/his.md --
---
title: "HIS modernisation: .NET Framework 4.8 to .NET 10, reporting on PostgreSQL"
status: in-progress
owner: Chen Jing
teams: [his, data]
horizon: 2027-H2
milestones:
  - {title: "Shared libraries multi-targeted to net48 and modern .NET", due: 2026-08-31, status: in-progress}
  - {title: "Inventory of 312 projects", due: 2026-Q1, status: done}
  - {title: "Outpatient services on .NET 10", due: 2027-Q2, status: at-risk}
---
Body.

-- content/blueprints/hospital.md --
---
title: "Internet hospital platform 2027 architecture"
status: in-progress
owner: Chen Jing
teams: [platform, mobile]
horizon: 2027-H2
milestones:
  - {title: "Consultation service split out of the monolith", due: 2026-Q2, status: done}
  - {title: "Cross-region disaster-recovery drill", due: 2026-11-15, status: at-risk}
  - {title: "Self-hosted WebRTC SFU for private deployments", due: 2027-Q2, status: planned}
---
Body.

-- content/blueprints/data.md --
---
title: "数据中台建设蓝图（2027）"
status: proposed
owner: Chen Jing
teams: [data]
horizon: 2027-H2
milestones:
  - {title: "技术选型评审（Paimon + Doris 方案）", due: 2026-12-17, status: planned}
  - {title: "统一指标库首批 60 个指标上线", due: 2027-Q2, status: planned}
---
Body.

-- content/blueprints/middle.md --
---
title: "Business middle platform consolidation"
status: accepted
owner: Chen Jing
teams: [platform, data, security]
horizon: 2027-H2
supersedes: [shared.md]
milestones:
  - {title: "API contracts for patient, order and payment frozen", due: 2026-12-18, status: planned}
---
Body.

-- content/blueprints/otel.md --
---
title: "Observability on OpenTelemetry"
status: done
owner: Chen Jing
teams: [sre]
horizon: 2026-H2
milestones:
  - {title: "Collector as agent DaemonSet", due: 2026-Q1, status: done}
  - {title: "Tail sampling in production", due: 2026-Q2, status: done}
---
Body.

-- content/blueprints/shared.md --
---
title: "Shared services inside hexin-core (2025 plan)"
status: superseded
owner: Chen Jing
teams: [platform]
horizon: 2026-H1
milestones:
  - {title: "Common MySQL schema for orders and payments", due: 2026-Q2, status: at-risk}
---
Body.

-- content/blueprints/mesh.md --
---
title: "Istio service mesh for service-to-service traffic"
status: rejected
owner: Chen Jing
teams: [gateway, sre]
horizon: 2026-H2
---
Body.
`

// today in these tests: 2026-11-26, so some milestones are overdue
var viewsNow = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

func longManual() string {
	var b strings.Builder
	b.WriteString("-- content/manuals/_index.md --\n---\ntitle: Manuals\n---\n")
	b.WriteString("-- content/manuals/long.md --\n---\ntitle: A long migration\nfrom: MySQL 5.7\nto: PostgreSQL 16\n---\n")
	para := strings.Repeat("Run the step, watch the replication lag on the dashboard, and write down what you saw before you go on. ", 6)
	for i, name := range []string{"Prepare", "Freeze schema changes", "Take a backup", "Bulk load", "Change data capture", "Shadow reads", "Cut over", "Soak", "Clean up", "Rollback"} {
		fmt.Fprintf(&b, "## %s\n\n", name)
		for range 5 {
			b.WriteString(para + "\n\n")
		}
		fmt.Fprintf(&b, "- [ ] Check %d\n\n", i)
	}
	return b.String()
}

// eval runs a JavaScript expression (awaiting a promise) and decodes its value.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%v\n%s", err, js)
	}
	return v
}

// open loads a page at a viewport width and waits until it has settled.
func open(t *testing.T, ctx context.Context, url string, width int) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(int64(width), 900),
		chromedp.Navigate(url),
		chromedp.WaitReady("footer"),
	); err != nil {
		t.Fatal(err)
	}
	eval[bool](t, ctx, `new Promise(r => requestAnimationFrame(() => setTimeout(() => r(true), 100)))`)
}

// brokenWordsJS lists the Latin words under a selector that the layout broke
// across two lines (CJK text may break between any characters; a hyphen is a
// break opportunity, so words are runs of letters and digits).
const brokenWordsJS = `(sel) => {
	const bad = [];
	document.querySelectorAll(sel).forEach(el => {
		if (!el.getClientRects().length) return;
		const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
		for (let n; (n = walk.nextNode()); ) {
			if (!n.parentElement || !n.parentElement.getClientRects().length) continue;
			const re = /[A-Za-z0-9]{2,}/g;
			for (let m; (m = re.exec(n.data)); ) {
				const r = document.createRange();
				r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
				const tops = new Set(Array.from(r.getClientRects()).filter(x => x.width > 0).map(x => Math.round(x.bottom)));
				if (tops.size > 1) bad.push(m[0]);
			}
		}
	});
	return bad;
}`

func noBrokenWords(t *testing.T, ctx context.Context, what string, width int) {
	t.Helper()
	if bad := eval[[]string](t, ctx, `(`+brokenWordsJS+`)("main")`); len(bad) > 0 {
		t.Errorf("%s at %d px: words broken across lines: %v", what, width, bad)
	}
}

func noPageOverflow(t *testing.T, ctx context.Context, what string, width int) {
	t.Helper()
	if got := eval[[]int](t, ctx, `[document.scrollingElement.scrollWidth, innerWidth]`); got[0] > got[1] {
		t.Errorf("%s at %d px: the page scrolls sideways (scrollWidth %d > innerWidth %d)", what, width, got[0], got[1])
	}
}

func serveViews(t *testing.T) (context.Context, string) {
	srv := serveSite(t, viewsSite+longManual(), build.Options{Now: viewsNow})
	ctx := browsertest.New(t)
	step, cancel := browsertest.Within(ctx, 90*time.Second)
	t.Cleanup(cancel)
	return step, srv.URL
}

// The board's status columns stay in one row at every width: on a laptop all
// of them fit, on a phone the row scrolls (with snap) inside the board while
// the page itself never scrolls sideways.
func TestBoardLayout(t *testing.T) {
	ctx, base := serveViews(t)
	for _, width := range []int{1440, 390} {
		open(t, ctx, base+"/blueprints/board/", width)
		tops := eval[[]int](t, ctx, `Array.from(document.querySelectorAll('.board-col')).map(c => Math.round(c.getBoundingClientRect().top))`)
		if len(tops) != 6 {
			t.Fatalf("%d columns, want 6", len(tops))
		}
		for i, top := range tops {
			if top != tops[0] {
				t.Errorf("at %d px column %d starts at y=%d, column 1 at y=%d: the columns wrapped", width, i+1, top, tops[0])
			}
		}
		noPageOverflow(t, ctx, "board", width)
		noBrokenWords(t, ctx, "board", width)
		fits := eval[bool](t, ctx, `(() => { const b = document.querySelector('.board'); return b.scrollWidth <= b.clientWidth + 1 })()`)
		if width == 1440 && !fits {
			t.Errorf("at 1440 px the board hides columns behind a scroll")
		}
		if width == 390 {
			if fits {
				t.Errorf("at 390 px six columns fit without scrolling: they must be too narrow")
			}
			if snap := eval[string](t, ctx, `getComputedStyle(document.querySelector('.board')).scrollSnapType`); !strings.HasPrefix(snap, "x") {
				t.Errorf("board scroll-snap-type %q, want x mandatory", snap)
			}
		}
	}
}

// The roadmap shows each milestone exactly once at every width (the timeline
// on a laptop, the list by quarter on a phone), and the team filter keeps
// the rows of blueprints that team works on.
func TestRoadmapLayout(t *testing.T) {
	ctx, base := serveViews(t)
	visible := `Array.from(document.querySelectorAll('.rm-ms')).filter(e => e.getClientRects().length).map(e => e.title)`
	for _, width := range []int{1440, 390} {
		open(t, ctx, base+"/roadmap/", width)
		titles := eval[[]string](t, ctx, visible)
		seen := map[string]int{}
		for _, s := range titles {
			seen[s]++
		}
		if len(titles) != 15 || len(seen) != 15 {
			t.Errorf("at %d px %d milestone markers visible (%d distinct), want each of 15 exactly once", width, len(titles), len(seen))
		}
		noPageOverflow(t, ctx, "roadmap", width)
		noBrokenWords(t, ctx, "roadmap", width)
	}
	open(t, ctx, base+"/roadmap/", 1440)
	// rows of the sre filter: gateway (gateway, security, sre) and otel (sre),
	// though gateway sits in the gateway lane
	rows := eval[[]string](t, ctx, `(() => {
		document.querySelector('.rm-filter button[data-team="sre"]').click();
		return Array.from(document.querySelectorAll('.rm-row')).filter(r => !r.hidden).map(r => r.querySelector('.rm-bp').textContent);
	})()`)
	if strings.Join(rows, "|") != "OpenResty API gateway with Lua authentication and rate limits|Observability on OpenTelemetry" {
		t.Errorf("rows shown for team sre: %q", rows)
	}
	if n := eval[int](t, ctx, `Array.from(document.querySelectorAll('.rm-lane')).filter(l => !l.hidden).length`); n != 2 {
		t.Errorf("%d lanes shown for team sre, want 2 (gateway, sre)", n)
	}

	// On a phone the filter is a row that pans inside itself (the page does
	// not), and its last team still filters the list by quarter.
	open(t, ctx, base+"/roadmap/", 390)
	phone := eval[[]int](t, ctx, `(async () => {
		const f = document.querySelector('.rm-filter'), last = f.querySelector('button[data-team]:last-of-type');
		const pans = f.scrollWidth > f.clientWidth && getComputedStyle(f).overflowX === 'auto';
		f.scrollLeft = f.scrollWidth;
		await new Promise(r => requestAnimationFrame(() => r()));
		const r = last.getBoundingClientRect();
		last.click();
		const team = last.dataset.team;
		const shown = Array.from(document.querySelectorAll('.rm-li')).filter(e => !e.hidden);
		const wrong = shown.filter(e => !(' ' + e.dataset.teams + ' ').includes(' ' + team + ' ')).length;
		const empty = Array.from(document.querySelectorAll('.rm-quarter')).filter(q => !q.hidden && !q.querySelector('.rm-li:not([hidden])')).length;
		return [pans ? 1 : 0, Math.round(r.left), Math.round(r.right), innerWidth, shown.length, wrong, empty];
	})()`)
	if phone[0] != 1 || phone[1] < 0 || phone[2] > phone[3] {
		t.Errorf("at 390 px the team filter must pan to its last team: pans %d, last team at %d–%d of %d px", phone[0], phone[1], phone[2], phone[3])
	}
	if phone[4] == 0 || phone[5] != 0 || phone[6] != 0 {
		t.Errorf("at 390 px the last team's filter shows %d milestones, %d of another team, %d empty quarters", phone[4], phone[5], phone[6])
	}
	noPageOverflow(t, ctx, "filtered roadmap", 390)
}

// Below the width where the right-hand contents disappear, "On this page"
// sits at the top of the article; the current section is marked while
// scrolling, after a jump and on a deep link; sidebar groups open in place.
func TestPageNavigation(t *testing.T) {
	ctx, base := serveViews(t)
	url := base + "/manuals/long/"
	shown := `(sel) => { const e = document.querySelector(sel); return !!e && e.getClientRects().length > 0 }`
	open(t, ctx, url, 1440)
	if !eval[bool](t, ctx, `(`+shown+`)('.page-aside .toc')`) || eval[bool](t, ctx, `(`+shown+`)('.toc-mobile')`) {
		t.Error("at 1440 px the right-hand contents must show and the On this page control must not")
	}
	noBrokenWords(t, ctx, "manual", 1440)
	for _, width := range []int{1000, 390} {
		open(t, ctx, url, width)
		if eval[bool](t, ctx, `(`+shown+`)('.page-aside .toc')`) || !eval[bool](t, ctx, `(`+shown+`)('.toc-mobile > summary')`) {
			t.Errorf("at %d px the On this page control must replace the right-hand contents", width)
		}
		noPageOverflow(t, ctx, "manual", width)
		noBrokenWords(t, ctx, "manual", width)
	}
	active := `(() => { const a = Array.from(document.querySelectorAll('.toc-mobile a.active')); return a.map(x => x.hash + '=' + x.getAttribute('aria-current')).join(',') + '|' + document.querySelector('.toc-current').textContent })()`
	settle := `new Promise(r => setTimeout(() => requestAnimationFrame(() => r(true)), 400))`

	// a deep link
	open(t, ctx, url+"#bulk-load", 390)
	eval[bool](t, ctx, settle)
	if got := eval[string](t, ctx, active); got != "#bulk-load=location|Bulk load" {
		t.Errorf("deep link to #bulk-load: active %q", got)
	}
	// scrolling
	eval[bool](t, ctx, `(document.getElementById('soak').scrollIntoView(), true)`)
	eval[bool](t, ctx, settle)
	if got := eval[string](t, ctx, active); got != "#soak=location|Soak" {
		t.Errorf("after scrolling to Soak: active %q", got)
	}
	// a jump from the control: it closes, and the target is current even
	// at the end of the page, where it cannot reach the top
	got := eval[string](t, ctx, `(async () => {
		const d = document.querySelector('.toc-mobile');
		d.querySelector('summary').click();
		const opened = d.open;
		d.querySelector('a[href="#rollback"]').click();
		await new Promise(r => setTimeout(r, 400));
		return opened + ',' + d.open;
	})()`)
	if got != "true,false" {
		t.Errorf("On this page control open/after jump: %s, want true,false", got)
	}
	if got := eval[string](t, ctx, active); got != "#rollback=location|Rollback" {
		t.Errorf("after jumping to Rollback: active %q", got)
	}

	// sidebar: the current group is open, the others fold and open in place
	open(t, ctx, url, 1440)
	groups := eval[string](t, ctx, `Array.from(document.querySelectorAll('.sidebar .nav-section > details')).map(d => d.querySelector('summary a').textContent + '=' + d.open).join(',')`)
	if groups != "Blueprints=false,Manuals=true" {
		t.Errorf("sidebar groups %q, want Blueprints=false,Manuals=true", groups)
	}
	opened := eval[string](t, ctx, `(async () => {
		const d = document.querySelector('.sidebar .nav-section > details:not([open])');
		const s = d.querySelector('summary'), r = s.getBoundingClientRect();
		// click the chevron, the summary's own area right of the link
		const at = document.elementFromPoint(r.right - 6, r.top + r.height / 2);
		at.click();
		await new Promise(r => setTimeout(r, 100));
		const link = d.querySelector('.nav-page');
		return d.open + ',' + location.pathname + ',' + (link && link.getClientRects().length > 0);
	})()`)
	if opened != "true,/manuals/long/,true" {
		t.Errorf("opening the Blueprints group: %s, want it open in place with its pages shown", opened)
	}
}
