package e2e

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"keel/internal/browsertest"
	"keel/internal/build"
)

// A link written against GitHub with a fragment in the wrong case
// (#Getting-Started for "## Getting Started") works on GitHub, which matches
// fragments case-insensitively. Browsers do not, so keel writes the heading's
// real id into the link: clicking it scrolls to the heading on the built site,
// from a Markdown link to another page and from a raw-HTML one on the page.
func TestCaseMismatchedFragmentScrolls(t *testing.T) {
	var filler strings.Builder
	for i := range 80 {
		fmt.Fprintf(&filler, "Paragraph %d of filler text that pushes the heading well below the first screen of the page.\n\n", i)
	}
	srv := serveSite(t, "-- content/guide.md --\n# Guide\n\n"+filler.String()+
		"## Getting Started\n\nThe heading to land on.\n\n"+filler.String()+
		"-- content/index.md --\n# Index\n\nGo to [getting started](guide.md#Getting-Started).\n"+
		// a raw-HTML table of contents, as READMEs write them
		"-- content/toc.md --\n# Toc\n\n<p><a href=\"#GETTING-STARTED\">getting started</a></p>\n\n"+filler.String()+
		"## Getting Started\n\nThe heading to land on.\n\n"+filler.String(), build.Options{})
	ctx := browsertest.New(t)
	for _, c := range []struct{ from, want string }{{"/index/", "/guide/"}, {"/toc/", "/toc/"}} {
		step, cancel := browsertest.Within(ctx, 30*time.Second)
		clickAndCheckScroll(t, step, srv.URL+c.from, c.want+"#getting-started")
		cancel()
	}
}

// clickAndCheckScroll clicks the first link of the page at u and checks
// that the browser lands on the "Getting Started" heading at want.
func clickAndCheckScroll(t *testing.T, step context.Context, u, want string) {
	t.Helper()
	if err := chromedp.Do(step,
		chromedp.Navigate(u),
		chromedp.WaitVisible(`.prose a`),
		chromedp.Click(`.prose a`),
		chromedp.WaitVisible(`#getting-started`),
		chromedp.Sleep(300*time.Millisecond),
	); err != nil {
		t.Fatal(err)
	}
	hash, err := chromedp.Run(step, chromedp.Evaluate[string](`location.pathname + location.hash`))
	if err != nil {
		t.Fatal(err)
	}
	if hash != want {
		t.Errorf("from %s: landed on %q, want %s", u, hash, want)
	}
	top, err := chromedp.Run(step, chromedp.Evaluate[float64](`document.getElementById("getting-started").getBoundingClientRect().top`))
	if err != nil {
		t.Fatal(err)
	}
	scrolled, err := chromedp.Run(step, chromedp.Evaluate[float64](`window.scrollY`))
	if err != nil {
		t.Fatal(err)
	}
	// The heading is at the top of the viewport (below a sticky header at
	// most), and the page did scroll: it starts far below the first screen.
	if scrolled < 1000 || math.Abs(top) > 200 {
		t.Errorf("from %s: heading top %.0f px after scrolling %.0f px; want it at the top of the viewport", u, top, scrolled)
	}
}
