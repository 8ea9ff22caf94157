package e2e

import (
	"math"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"keel/internal/browsertest"
	"keel/internal/build"
)

// A link written against GitHub with a fragment in the wrong case
// (#Getting-Started for "## Getting Started") works on GitHub, which matches
// fragments case-insensitively. Browsers do not, so keel writes the heading's
// real id into the link: clicking it scrolls to the heading on the built site.
func TestCaseMismatchedFragmentScrolls(t *testing.T) {
	srv := serveSite(t, `
-- content/guide.md --
# Guide

Paragraph 0 of filler text that pushes the heading well below the first screen of the page.

Paragraph 1 of filler text that pushes the heading well below the first screen of the page.

Paragraph 2 of filler text that pushes the heading well below the first screen of the page.

Paragraph 3 of filler text that pushes the heading well below the first screen of the page.

Paragraph 4 of filler text that pushes the heading well below the first screen of the page.

Paragraph 5 of filler text that pushes the heading well below the first screen of the page.

Paragraph 6 of filler text that pushes the heading well below the first screen of the page.

Paragraph 7 of filler text that pushes the heading well below the first screen of the page.

Paragraph 8 of filler text that pushes the heading well below the first screen of the page.

Paragraph 9 of filler text that pushes the heading well below the first screen of the page.

Paragraph 10 of filler text that pushes the heading well below the first screen of the page.

Paragraph 11 of filler text that pushes the heading well below the first screen of the page.

Paragraph 12 of filler text that pushes the heading well below the first screen of the page.

Paragraph 13 of filler text that pushes the heading well below the first screen of the page.

Paragraph 14 of filler text that pushes the heading well below the first screen of the page.

Paragraph 15 of filler text that pushes the heading well below the first screen of the page.

Paragraph 16 of filler text that pushes the heading well below the first screen of the page.

Paragraph 17 of filler text that pushes the heading well below the first screen of the page.

Paragraph 18 of filler text that pushes the heading well below the first screen of the page.

Paragraph 19 of filler text that pushes the heading well below the first screen of the page.

Paragraph 20 of filler text that pushes the heading well below the first screen of the page.

Paragraph 21 of filler text that pushes the heading well below the first screen of the page.

Paragraph 22 of filler text that pushes the heading well below the first screen of the page.

Paragraph 23 of filler text that pushes the heading well below the first screen of the page.

Paragraph 24 of filler text that pushes the heading well below the first screen of the page.

Paragraph 25 of filler text that pushes the heading well below the first screen of the page.

Paragraph 26 of filler text that pushes the heading well below the first screen of the page.

Paragraph 27 of filler text that pushes the heading well below the first screen of the page.

Paragraph 28 of filler text that pushes the heading well below the first screen of the page.

Paragraph 29 of filler text that pushes the heading well below the first screen of the page.

Paragraph 30 of filler text that pushes the heading well below the first screen of the page.

Paragraph 31 of filler text that pushes the heading well below the first screen of the page.

Paragraph 32 of filler text that pushes the heading well below the first screen of the page.

Paragraph 33 of filler text that pushes the heading well below the first screen of the page.

Paragraph 34 of filler text that pushes the heading well below the first screen of the page.

Paragraph 35 of filler text that pushes the heading well below the first screen of the page.

Paragraph 36 of filler text that pushes the heading well below the first screen of the page.

Paragraph 37 of filler text that pushes the heading well below the first screen of the page.

Paragraph 38 of filler text that pushes the heading well below the first screen of the page.

Paragraph 39 of filler text that pushes the heading well below the first screen of the page.

Paragraph 40 of filler text that pushes the heading well below the first screen of the page.

Paragraph 41 of filler text that pushes the heading well below the first screen of the page.

Paragraph 42 of filler text that pushes the heading well below the first screen of the page.

Paragraph 43 of filler text that pushes the heading well below the first screen of the page.

Paragraph 44 of filler text that pushes the heading well below the first screen of the page.

Paragraph 45 of filler text that pushes the heading well below the first screen of the page.

Paragraph 46 of filler text that pushes the heading well below the first screen of the page.

Paragraph 47 of filler text that pushes the heading well below the first screen of the page.

Paragraph 48 of filler text that pushes the heading well below the first screen of the page.

Paragraph 49 of filler text that pushes the heading well below the first screen of the page.

Paragraph 50 of filler text that pushes the heading well below the first screen of the page.

Paragraph 51 of filler text that pushes the heading well below the first screen of the page.

Paragraph 52 of filler text that pushes the heading well below the first screen of the page.

Paragraph 53 of filler text that pushes the heading well below the first screen of the page.

Paragraph 54 of filler text that pushes the heading well below the first screen of the page.

Paragraph 55 of filler text that pushes the heading well below the first screen of the page.

Paragraph 56 of filler text that pushes the heading well below the first screen of the page.

Paragraph 57 of filler text that pushes the heading well below the first screen of the page.

Paragraph 58 of filler text that pushes the heading well below the first screen of the page.

Paragraph 59 of filler text that pushes the heading well below the first screen of the page.

Paragraph 60 of filler text that pushes the heading well below the first screen of the page.

Paragraph 61 of filler text that pushes the heading well below the first screen of the page.

Paragraph 62 of filler text that pushes the heading well below the first screen of the page.

Paragraph 63 of filler text that pushes the heading well below the first screen of the page.

Paragraph 64 of filler text that pushes the heading well below the first screen of the page.

Paragraph 65 of filler text that pushes the heading well below the first screen of the page.

Paragraph 66 of filler text that pushes the heading well below the first screen of the page.

Paragraph 67 of filler text that pushes the heading well below the first screen of the page.

Paragraph 68 of filler text that pushes the heading well below the first screen of the page.

Paragraph 69 of filler text that pushes the heading well below the first screen of the page.

Paragraph 70 of filler text that pushes the heading well below the first screen of the page.

Paragraph 71 of filler text that pushes the heading well below the first screen of the page.

Paragraph 72 of filler text that pushes the heading well below the first screen of the page.

Paragraph 73 of filler text that pushes the heading well below the first screen of the page.

Paragraph 74 of filler text that pushes the heading well below the first screen of the page.

Paragraph 75 of filler text that pushes the heading well below the first screen of the page.

Paragraph 76 of filler text that pushes the heading well below the first screen of the page.

Paragraph 77 of filler text that pushes the heading well below the first screen of the page.

Paragraph 78 of filler text that pushes the heading well below the first screen of the page.

Paragraph 79 of filler text that pushes the heading well below the first screen of the page.

## Getting Started

The heading to land on.

Paragraph 0 of filler text that pushes the heading well below the first screen of the page.

Paragraph 1 of filler text that pushes the heading well below the first screen of the page.

Paragraph 2 of filler text that pushes the heading well below the first screen of the page.

Paragraph 3 of filler text that pushes the heading well below the first screen of the page.

Paragraph 4 of filler text that pushes the heading well below the first screen of the page.

Paragraph 5 of filler text that pushes the heading well below the first screen of the page.

Paragraph 6 of filler text that pushes the heading well below the first screen of the page.

Paragraph 7 of filler text that pushes the heading well below the first screen of the page.

Paragraph 8 of filler text that pushes the heading well below the first screen of the page.

Paragraph 9 of filler text that pushes the heading well below the first screen of the page.

Paragraph 10 of filler text that pushes the heading well below the first screen of the page.

Paragraph 11 of filler text that pushes the heading well below the first screen of the page.

Paragraph 12 of filler text that pushes the heading well below the first screen of the page.

Paragraph 13 of filler text that pushes the heading well below the first screen of the page.

Paragraph 14 of filler text that pushes the heading well below the first screen of the page.

Paragraph 15 of filler text that pushes the heading well below the first screen of the page.

Paragraph 16 of filler text that pushes the heading well below the first screen of the page.

Paragraph 17 of filler text that pushes the heading well below the first screen of the page.

Paragraph 18 of filler text that pushes the heading well below the first screen of the page.

Paragraph 19 of filler text that pushes the heading well below the first screen of the page.

Paragraph 20 of filler text that pushes the heading well below the first screen of the page.

Paragraph 21 of filler text that pushes the heading well below the first screen of the page.

Paragraph 22 of filler text that pushes the heading well below the first screen of the page.

Paragraph 23 of filler text that pushes the heading well below the first screen of the page.

Paragraph 24 of filler text that pushes the heading well below the first screen of the page.

Paragraph 25 of filler text that pushes the heading well below the first screen of the page.

Paragraph 26 of filler text that pushes the heading well below the first screen of the page.

Paragraph 27 of filler text that pushes the heading well below the first screen of the page.

Paragraph 28 of filler text that pushes the heading well below the first screen of the page.

Paragraph 29 of filler text that pushes the heading well below the first screen of the page.

Paragraph 30 of filler text that pushes the heading well below the first screen of the page.

Paragraph 31 of filler text that pushes the heading well below the first screen of the page.

Paragraph 32 of filler text that pushes the heading well below the first screen of the page.

Paragraph 33 of filler text that pushes the heading well below the first screen of the page.

Paragraph 34 of filler text that pushes the heading well below the first screen of the page.

Paragraph 35 of filler text that pushes the heading well below the first screen of the page.

Paragraph 36 of filler text that pushes the heading well below the first screen of the page.

Paragraph 37 of filler text that pushes the heading well below the first screen of the page.

Paragraph 38 of filler text that pushes the heading well below the first screen of the page.

Paragraph 39 of filler text that pushes the heading well below the first screen of the page.

Paragraph 40 of filler text that pushes the heading well below the first screen of the page.

Paragraph 41 of filler text that pushes the heading well below the first screen of the page.

Paragraph 42 of filler text that pushes the heading well below the first screen of the page.

Paragraph 43 of filler text that pushes the heading well below the first screen of the page.

Paragraph 44 of filler text that pushes the heading well below the first screen of the page.

Paragraph 45 of filler text that pushes the heading well below the first screen of the page.

Paragraph 46 of filler text that pushes the heading well below the first screen of the page.

Paragraph 47 of filler text that pushes the heading well below the first screen of the page.

Paragraph 48 of filler text that pushes the heading well below the first screen of the page.

Paragraph 49 of filler text that pushes the heading well below the first screen of the page.

Paragraph 50 of filler text that pushes the heading well below the first screen of the page.

Paragraph 51 of filler text that pushes the heading well below the first screen of the page.

Paragraph 52 of filler text that pushes the heading well below the first screen of the page.

Paragraph 53 of filler text that pushes the heading well below the first screen of the page.

Paragraph 54 of filler text that pushes the heading well below the first screen of the page.

Paragraph 55 of filler text that pushes the heading well below the first screen of the page.

Paragraph 56 of filler text that pushes the heading well below the first screen of the page.

Paragraph 57 of filler text that pushes the heading well below the first screen of the page.

Paragraph 58 of filler text that pushes the heading well below the first screen of the page.

Paragraph 59 of filler text that pushes the heading well below the first screen of the page.

Paragraph 60 of filler text that pushes the heading well below the first screen of the page.

Paragraph 61 of filler text that pushes the heading well below the first screen of the page.

Paragraph 62 of filler text that pushes the heading well below the first screen of the page.

Paragraph 63 of filler text that pushes the heading well below the first screen of the page.

Paragraph 64 of filler text that pushes the heading well below the first screen of the page.

Paragraph 65 of filler text that pushes the heading well below the first screen of the page.

Paragraph 66 of filler text that pushes the heading well below the first screen of the page.

Paragraph 67 of filler text that pushes the heading well below the first screen of the page.

Paragraph 68 of filler text that pushes the heading well below the first screen of the page.

Paragraph 69 of filler text that pushes the heading well below the first screen of the page.

Paragraph 70 of filler text that pushes the heading well below the first screen of the page.

Paragraph 71 of filler text that pushes the heading well below the first screen of the page.

Paragraph 72 of filler text that pushes the heading well below the first screen of the page.

Paragraph 73 of filler text that pushes the heading well below the first screen of the page.

Paragraph 74 of filler text that pushes the heading well below the first screen of the page.

Paragraph 75 of filler text that pushes the heading well below the first screen of the page.

Paragraph 76 of filler text that pushes the heading well below the first screen of the page.

Paragraph 77 of filler text that pushes the heading well below the first screen of the page.

Paragraph 78 of filler text that pushes the heading well below the first screen of the page.

Paragraph 79 of filler text that pushes the heading well below the first screen of the page.
-- content/index.md --
# Index

Go to [getting started](guide.md#Getting-Started).
`, build.Options{})
	ctx := browsertest.New(t)
	step, cancel := browsertest.Within(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(step,
		chromedp.Navigate(srv.URL+"/index/"),
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
	if hash != "/guide/#getting-started" {
		t.Errorf("landed on %q, want /guide/#getting-started", hash)
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
		t.Errorf("heading top %.0f px after scrolling %.0f px; want it at the top of the viewport", top, scrolled)
	}
}
