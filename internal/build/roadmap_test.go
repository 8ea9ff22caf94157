package build

import (
	"regexp"
	"strings"
	"testing"
)

// between returns the part of s from the first start to the next end.
func between(t *testing.T, s, start, end string) string {
	t.Helper()
	_, rest, ok := strings.Cut(s, start)
	if !ok {
		t.Fatalf("no %q in output", start)
	}
	part, _, ok := strings.Cut(rest, end)
	if !ok {
		t.Fatalf("no %q after %q", end, start)
	}
	return part
}

var msTitleRE = regexp.MustCompile(`<a class="rm-ms [^"]*" href="[^"]*" title="([^"]*)">`)

// The roadmap shows each milestone exactly once on the timeline (and once in
// the phone list, which CSS shows instead of it), one row per blueprint in the
// swimlane of its first team, a today line in today's quarter, and every
// marker labelled by its status in words.
func TestRoadmapTimeline(t *testing.T) {
	f := loadFixture(t, "views.txtar")
	res := buildSite(t, f.dir, Options{})
	html := fileMap(res.Files)["roadmap/index.html"]
	timeline := between(t, html, `<div class="rm-timeline"`, `<div class="rm-list">`)
	list := between(t, html, `<div class="rm-list">`, `<p class="rm-empty"`)

	// gateway 3 (all dated), mesh 1, cache 1: five milestones, five markers
	want := []string{
		"Gateway: All traffic", "Gateway: Canary", "Gateway: Half traffic",
		"Service mesh: Pilot", "Shared cache: Cluster sizing agreed",
	}
	for name, part := range map[string]string{"timeline": timeline, "phone list": list} {
		got := map[string]int{}
		for _, m := range msTitleRE.FindAllStringSubmatch(part, -1) {
			got[m[1]]++
		}
		for _, w := range want {
			if got[w] != 1 {
				t.Errorf("%s: milestone %q shown %d times, want exactly once", name, w, got[w])
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d distinct milestones, want %d: %v", name, len(got), len(want), got)
		}
	}

	// one row per blueprint with dated milestones; the gateway blueprint (teams
	// gateway, sre) sits in the gateway lane only
	if n := strings.Count(timeline, `<div class="rm-row"`); n != 3 {
		t.Errorf("%d blueprint rows, want 3 (gateway, mesh, cache)", n)
	}
	if n := strings.Count(timeline, `href="/blueprints/gateway/">Gateway</a>`); n != 1 {
		t.Errorf("gateway blueprint has %d rows, want 1", n)
	}
	lanes := regexp.MustCompile(`<section class="rm-lane" data-lane="([^"]+)"`).FindAllStringSubmatch(timeline, -1)
	var names []string
	for _, l := range lanes {
		names = append(names, l[1])
	}
	if got := strings.Join(names, ","); got != "gateway,platform" {
		t.Errorf("swimlanes %s, want gateway,platform (mesh's first team is platform, cache's too)", got)
	}
	gatewayLane := between(t, timeline, `data-lane="gateway"`, `</section>`)
	if !strings.Contains(gatewayLane, `<span class="chip chip-team">sre</span>`) {
		t.Error("the gateway blueprint's second team is not shown as a chip")
	}

	// today (2026-11-26) is 61% into 2026-Q4: one header cell and one cell per
	// row carry the today line
	if n := strings.Count(timeline, `rm-now rm-t6`); n != 1+3 {
		t.Errorf("today line in %d cells, want 4 (header and 3 rows)", n)
	}
	if strings.Count(html, `<span class="rm-today-label">Today</span>`) != 2 {
		t.Error("today's quarter is not labelled Today in the header and in the phone list")
	}

	// every marker says its status in words, next to its coloured mark
	for _, label := range []string{
		`<span class="ms-mark ms-done" aria-hidden="true"></span>
  <span class="rm-ms-title">Canary</span>
  <span class="rm-ms-meta"><span class="rm-ms-status">Done</span>`,
		`<span class="ms-mark ms-overdue" aria-hidden="true"></span>
  <span class="rm-ms-title">Half traffic</span>
  <span class="rm-ms-meta"><span class="rm-ms-status">In progress · Overdue</span>`,
		`<span class="ms-mark ms-planned" aria-hidden="true"></span>
  <span class="rm-ms-title">All traffic</span>
  <span class="rm-ms-meta"><span class="rm-ms-status">Planned</span>`,
		`<span class="ms-mark ms-at-risk" aria-hidden="true"></span>
  <span class="rm-ms-title">Cluster sizing agreed</span>
  <span class="rm-ms-meta"><span class="rm-ms-status">At risk</span>`,
	} {
		if !strings.Contains(timeline, label) {
			t.Errorf("timeline lacks the labelled marker:\n%s", label)
		}
	}
	// a rejected blueprint's open milestone is history, not a risk to flag
	meshRow := between(t, timeline, `href="/blueprints/mesh/"`, `</ol>`)
	if strings.Contains(meshRow, "flag-risk") || strings.Contains(meshRow, "ms-is-overdue") {
		t.Error("the rejected blueprint's milestone is flagged")
	}
}

// The home page names the site in the header and in its own heading, not a
// third time in the sidebar.
func TestHomeTitleOnce(t *testing.T) {
	f := loadFixture(t, "kinds.txtar")
	res := buildSite(t, f.dir, Options{})
	home := fileMap(res.Files)["index.html"]
	body := between(t, home, `<body`, `<footer`)
	body = regexp.MustCompile(`(?s)<div class="print-brand".*?</div>`).ReplaceAllString(body, "")
	if n := strings.Count(body, "Acme Portal"); n > 2 {
		t.Errorf("the site title appears %d times on the home page, want at most 2 (header, heading)", n)
	}
}
