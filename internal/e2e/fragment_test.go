package e2e

import (
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
// real id into the link: clicking it scrolls to the heading on the built site.
func TestCaseMismatchedFragmentScrolls(t *testing.T) {
	var filler strings.Builder
	for i := range 80 {
		fmt.Fprintf(&filler, "Paragraph %d of filler text that pushes the heading well below the first screen of the page.\n\n", i)
	}
	srv := serveSite(t, "-- content/guide.md --\n# Guide\n\n"+filler.String()+
		"## Getting Started\n\nThe heading to land on.\n\n"+filler.String()+
		"-- content/index.md --\n# Index\n\nGo to [getting started](guide.md#Getting-Started).\n", build.Options{})
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
