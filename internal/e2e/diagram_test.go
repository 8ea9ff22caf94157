package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"keel/internal/browsertest"
	"keel/internal/build"
)

const diagramSite = `
-- content/blueprints/_index.md --
---
title: Blueprints
---
-- content/blueprints/old.md --
---
title: Old gateway
status: superseded
---
Replaced.
-- content/blueprints/gateway.md --
---
title: Edge gateway
status: accepted
supersedes: [old.md]
---
~~~d2 title="Request path"
direction: right
app: Patient app {shape: person}
edge: Clinical zone {
  gw: API gateway
  db: Records {shape: cylinder}
  gw -> db: SQL
}
app -> edge.gw: HTTPS
~~~

~~~goat
+-----+     +-----+
| app +---->| api |
+-----+     +-----+
~~~
`

// A diagram is visible in both colour schemes: on a dark page its
// background is the page's dark background (no white box) and its text is
// light; it fits a phone's width without making the page scroll sideways.
// KEEL_SCREENSHOTS=dir saves the screenshots to look at.
func TestDiagramVisibleInBothSchemes(t *testing.T) {
	srv := serveSite(t, diagramSite, build.Options{})
	ctx := browsertest.New(t)
	shots := os.Getenv("KEEL_SCREENSHOTS")
	const probe = `(() => {
	  const svg = document.querySelector(".prose figure.diagram-d2 svg");
	  const bg = svg.querySelector(".fill-N7"), text = svg.querySelector("text.fill-N1");
	  const r = svg.getBoundingClientRect();
	  const goat = document.querySelector("figure.diagram-goat svg");
	  return JSON.stringify({
	    page: getComputedStyle(document.body).backgroundColor,
	    bg: getComputedStyle(bg).fill, text: getComputedStyle(text).fill,
	    goat: getComputedStyle(goat.querySelector("path")).stroke,
	    width: r.width, height: r.height, inner: innerWidth,
	    scroll: document.documentElement.scrollWidth,
	    caption: document.querySelector(".prose figure.diagram-d2 figcaption").textContent,
	    chain: !!document.querySelector(".decision-chain svg"),
	  });
	})()`
	for _, scheme := range []string{"light", "dark"} {
		for _, width := range []int64{1440, 390} {
			step, cancel := browsertest.Within(ctx, 30*time.Second)
			var raw string
			err := chromedp.Do(step,
				chromedp.EmulateViewport(width, 1000),
				chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
					_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
						Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
					return err
				}),
				chromedp.Navigate(srv.URL+"/blueprints/gateway/"),
				chromedp.WaitVisible("figure.diagram-d2 svg"),
			)
			if err == nil {
				raw, err = chromedp.Run(step, chromedp.Evaluate[string](probe))
			}
			if err != nil {
				cancel()
				t.Fatal(err)
			}
			if shots != "" {
				png, err := chromedp.Run(step, chromedp.FullScreenshot(100))
				if err == nil {
					os.WriteFile(filepath.Join(shots, fmt.Sprintf("diagram-%s-%d.png", scheme, width)), png, 0o644)
				}
			}
			cancel()
			var got struct {
				Page, Bg, Text, Goat, Caption string
				Width, Height                 float64
				Inner, Scroll                 int
				Chain                         bool
			}
			if err := json.Unmarshal([]byte(raw), &got); err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("%s %dpx", scheme, width)
			if got.Width < 100 || got.Height < 50 {
				t.Errorf("%s: diagram is %vx%v", name, got.Width, got.Height)
			}
			if got.Scroll > got.Inner {
				t.Errorf("%s: page scrolls sideways (%d > %d)", name, got.Scroll, got.Inner)
			}
			bg, text, goat := luminance(got.Bg), luminance(got.Text), luminance(got.Goat)
			if scheme == "dark" && (bg > 0.2 || text < 0.6 || goat < 0.6) {
				t.Errorf("%s: background %s, text %s, goat lines %s: want dark behind light", name, got.Bg, got.Text, got.Goat)
			}
			if scheme == "light" && (bg < 0.8 || text > 0.4 || goat > 0.4) {
				t.Errorf("%s: background %s, text %s, goat lines %s: want light behind dark", name, got.Bg, got.Text, got.Goat)
			}
			if got.Caption != "Request path" || !got.Chain {
				t.Errorf("%s: caption %q, supersedes chain shown: %v", name, got.Caption, got.Chain)
			}
		}
	}
}

// luminance is a CSS rgb()/rgba() colour's relative brightness, 0 to 1.
func luminance(c string) float64 {
	var r, g, b float64
	if _, err := fmt.Sscanf(c, "rgb(%f, %f, %f)", &r, &g, &b); err != nil {
		if _, err := fmt.Sscanf(c, "rgba(%f, %f, %f", &r, &g, &b); err != nil {
			if _, err := fmt.Sscanf(c, "color(srgb %f %f %f)", &r, &g, &b); err == nil {
				return (0.2126*r + 0.7152*g + 0.0722*b)
			}
			return -1
		}
	}
	return (0.2126*r + 0.7152*g + 0.0722*b) / 255
}

// Paper does not scroll: printed, a diagram too wide to keep 10 px text in
// the column (which on screen scrolls inside its frame) is scaled to the
// page's width instead, whole, with its caption.
func TestDiagramFitsPrintedPage(t *testing.T) {
	srv := serveSite(t, `
-- content/wide.md --
---
title: Wide
---
~~~d2 title="Twelve hops"
direction: right
a -> b -> c -> d -> e -> f -> g -> h -> i -> j -> k -> l
~~~
`, build.Options{})
	ctx := browsertest.New(t)
	const probe = `(() => {
	  const fig = document.querySelector("figure.diagram"), svg = fig.querySelector("svg");
	  return JSON.stringify({min: parseFloat(svg.style.minWidth), width: svg.getBoundingClientRect().width,
	    fig: fig.clientWidth, scrolls: fig.scrollWidth > fig.clientWidth + 1,
	    shown: getComputedStyle(fig).display !== "none" && !!fig.querySelector("figcaption").getClientRects().length});
	})()`
	for _, media := range []string{"screen", "print"} {
		step, cancel := browsertest.Within(ctx, 30*time.Second)
		var raw string
		err := chromedp.Do(step,
			chromedp.EmulateViewport(700, 1000), // about A4's text width
			chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
				return err
			}),
			chromedp.Navigate(srv.URL+"/wide/"),
			chromedp.WaitVisible("figure.diagram svg"),
		)
		if err == nil {
			raw, err = chromedp.Run(step, chromedp.Evaluate[string](probe))
		}
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Min, Width float64
			Fig        int
			Scrolls    bool
			Shown      bool
		}
		if err := json.Unmarshal([]byte(raw), &got); err != nil {
			t.Fatal(err)
		}
		if got.Min <= 700 || !got.Shown {
			t.Fatalf("%s: the fixture's diagram has min-width %v (want one wider than the page), shown %v", media, got.Min, got.Shown)
		}
		if media == "screen" && !got.Scrolls {
			t.Errorf("screen: a diagram with min-width %v in a %d px frame does not scroll", got.Min, got.Fig)
		}
		if media == "print" && (got.Scrolls || got.Width > float64(got.Fig)+1) {
			t.Errorf("print: the diagram is %v px wide in a %d px frame (scrolls: %v): cut off on paper", got.Width, got.Fig, got.Scrolls)
		}
	}
}
