package pdf

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	keel "keel"
)

// checkContentsPages reads the contents page (page 2) and checks that it
// has at least min entries, each with a page number, and that every heading
// is on the page its entry names.
func checkContentsPages(t *testing.T, file string, min int) {
	t.Helper()
	lines := strings.Split(tool(t, "pdftotext", "-f", "2", "-l", "2", "-layout", file, "-"), "\n")
	entry := regexp.MustCompile(`^\s*(?:\d+\s+)?(\S.*?)\s{2,}(\d+)\s*$`)
	n := 0
	for _, l := range lines {
		m := entry.FindStringSubmatch(l)
		if m == nil || strings.Contains(l, "/") { // the footer's "2 / 5"
			continue
		}
		n++
		page, _ := strconv.Atoi(m[2])
		text := tool(t, "pdftotext", "-f", m[2], "-l", m[2], file, "-")
		if page < 3 || !strings.Contains(strings.Join(strings.Fields(text), " "), m[1]) {
			t.Errorf("contents: %q is listed on page %d, which does not hold it", m[1], page)
		}
	}
	if n < min {
		t.Errorf("contents list %d entries with page numbers, want at least %d:\n%s", n, min, strings.Join(lines, "\n"))
	}
}

var pdfURIRE = regexp.MustCompile(`/URI \(([^)]*)\)`)

// uris are the link targets a PDF holds (Skia writes them as plain strings).
func uris(t *testing.T, file string) []string {
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range pdfURIRE.FindAllSubmatch(raw, -1) {
		out = append(out, string(m[1]))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

const linkSite = `-- keel.yaml --
title: Showcase
baseURL: https://docs.example/sub/
-- content/_index.md --
---
title: Home
audience: public
---
-- content/briefs/uptime.md --
---
title: Uptime
audience: public
---
## Numbers

Read the [plan](plan.md#goals), the [figures below](#figures) and [the standard](https://std.example.org/x).

## Method

Text.

## Figures

Text.
-- content/briefs/plan.md --
---
title: Plan
audience: public
---
## Goals
`

// The PDF's links reach the site at its baseURL, never the loopback port it
// was printed from; a link within the page stays within the PDF; the
// contents give each heading's page.
func TestPDFLinksAndContents(t *testing.T) {
	needTools(t)
	dir := t.TempDir()
	writeSite(t, dir, linkSite)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	run := func(out, baseURL string) Result {
		res, err := Run(ctx, Options{Source: dir, Audience: "public", Out: filepath.Join(dir, out), BaseURL: baseURL, Theme: keel.Theme(), Paths: []string{"content/briefs/uptime.md"}})
		if err != nil || res.Diags.HasErrors() || len(res.Files) != 1 {
			t.Fatalf("keel pdf: %v %v", err, res.Diags)
		}
		return res
	}
	res := run("a", "")
	want := []string{"https://docs.example/sub/briefs/plan/#goals", "https://docs.example/sub/briefs/uptime/", "https://std.example.org/x"}
	if got := uris(t, res.Files[0]); !slices.Equal(got, want) {
		t.Errorf("links in the PDF:\n got %q\nwant %q (the cover's address, the plan, the standard; #figures stays inside the PDF)", got, want)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	checkContentsPages(t, res.Files[0], 3)

	// Without a baseURL there is no address to send a reader to: links to the
	// site's pages are printed as text, and keel says so.
	writeSite(t, dir, "-- keel.yaml --\ntitle: Showcase\n")
	res = run("b", "")
	if got := uris(t, res.Files[0]); !slices.Equal(got, []string{"https://std.example.org/x"}) {
		t.Errorf("links in the PDF without baseURL: %q, want only the external one", got)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "baseURL") {
		t.Errorf("warnings %q, want one naming baseURL", res.Warnings)
	}
	// --base-url sends them elsewhere (an internal edition's own host).
	res = run("c", "https://intra.example/portal/")
	if got := uris(t, res.Files[0]); !slices.Contains(got, "https://intra.example/portal/briefs/plan/#goals") {
		t.Errorf("links with --base-url: %q", got)
	}
}
