package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	keel "keel"
	"keel/internal/browsertest"
	"keel/internal/build"
)

// The sample portal's pages with diagrams: every blueprint's architecture
// diagram, the decision graph, the manual's cut-over sequence.
var portalDiagramPages = []string{
	"blueprints/business-middle-platform/",
	"blueprints/data-platform/",
	"blueprints/his-modernisation/",
	"blueprints/internet-hospital-2027/",
	"blueprints/observability-opentelemetry/",
	"blueprints/openresty-gateway/",
	"blueprints/service-mesh-istio/",
	"blueprints/shared-services-2025/",
	"blueprints/decisions/",
	"manuals/mysql-to-postgresql/",
}

// minDiagramText is the smallest text a diagram may show, in CSS pixels as
// rendered (font-size × the SVG's scale): below it a label is not readable
// without zooming.
const minDiagramText = 9.5

// diagramProbeJS measures every diagram on the page: the smallest rendered
// text, whether its figure scrolls (and can: overflow-x auto) or cuts it
// off, and connection labels that overrun the gap cut in their line (the
// line showing through the label).
const diagramProbeJS = `(() => {
  const out = [];
  document.querySelectorAll("main figure.diagram").forEach((fig, i) => {
    const svg = fig.querySelector("svg");
    if (!svg || !svg.getClientRects().length) return;
    const r = svg.getBoundingClientRect(), f = fig.getBoundingClientRect();
    const vb = svg.viewBox.baseVal;
    const scale = vb && vb.width ? r.width / vb.width : 1;
    let min = 1e9, small = "";
    const clipped = [];
    svg.querySelectorAll("text").forEach(t => {
      if (!t.textContent.trim() || !t.getClientRects().length) return;
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (px < min) { min = px; small = t.textContent.trim().slice(0, 40); }
      const b = t.getBoundingClientRect();
      if (b.left < r.left - 1 || b.right > r.right + 1) clipped.push(t.textContent.trim().slice(0, 40));
    });
    const holes = [];
    svg.querySelectorAll("g").forEach(g => {
      const line = g.querySelector(":scope > path[mask]"), text = g.querySelector(":scope > text");
      if (!line || !text) return;
      const id = line.getAttribute("mask").replace(/^url\(#|\)$/g, "");
      const b = text.getBBox();
      const inHole = Array.from(svg.querySelectorAll("mask[id='" + id + "'] rect[fill=black]")).some(h =>
        b.x >= h.x.baseVal.value - .5 && b.x + b.width <= h.x.baseVal.value + h.width.baseVal.value + .5);
      if (!inHole) holes.push(text.textContent.trim());
    });
    // A line drawn through another text (a container's title, a node's
    // label): sample each connection every 3 px against every text's box,
    // except where the line is hidden: in its mask's gap, or under a shape
    // drawn after it (SVG paints in document order) such as a note's box.
    const boxes = Array.from(svg.querySelectorAll("text")).filter(t => t.textContent.trim()).map(t => ({t, b: t.getBoundingClientRect(),
      shapes: Array.from(t.parentNode.querySelectorAll(":scope > g.shape > *"))}));
    const inside = (q, b, pad) => q.x > b.left + pad && q.x < b.right - pad && q.y > b.top + pad && q.y < b.bottom - pad;
    const crossed = new Set();
    svg.querySelectorAll("path.connection").forEach(p => {
      const m = p.getScreenCTM(), len = p.getTotalLength(), own = p.parentNode;
      const id = (p.getAttribute("mask") || "").replace(/^url\(#|\)$/g, "");
      const gaps = id ? Array.from(svg.querySelectorAll("mask[id='" + id + "'] rect[fill=black]")).map(h => h.getBBox()) : [];
      for (let d = 0; d <= len; d += 3) {
        const u = p.getPointAtLength(d);
        if (gaps.some(g => u.x >= g.x && u.x <= g.x + g.width && u.y >= g.y && u.y <= g.y + g.height)) continue;
        const q = new DOMPoint(u.x, u.y).matrixTransform(m);
        for (const {t, b, shapes} of boxes) {
          if (t.parentNode === own || !inside(q, b, 2)) continue;
          const under = shapes.some(sh => (p.compareDocumentPosition(sh) & Node.DOCUMENT_POSITION_FOLLOWING) && inside(q, sh.getBoundingClientRect(), 0));
          if (!under) crossed.add(t.textContent.trim().slice(0, 40));
        }
      }
    });
    const scrolls = fig.scrollWidth > fig.clientWidth + 1;
    // colours as painted: the diagram's background (D2's N7 rect, or the
    // figure's for GoAT) and its text
    const bgEl = svg.querySelector("rect.fill-N7") || fig, textEl = svg.querySelector("text");
    const bg = bgEl === fig ? getComputedStyle(fig).backgroundColor : getComputedStyle(bgEl).fill;
    const ink = textEl ? getComputedStyle(textEl).fill : "";
    out.push({i, caption: (fig.querySelector("figcaption") || {}).textContent || "",
      min: min === 1e9 ? 0 : min, small, holes, scrolls, clipped, crossed: Array.from(crossed), bg, ink,
      cut: scrolls && getComputedStyle(fig).overflowX !== "auto" || r.width < 50});
  });
  return JSON.stringify(out);
})()`

type diagramProbe struct {
	I       int
	Caption string
	Min     float64
	Small   string
	Holes   []string
	Clipped []string
	Crossed []string
	Bg, Ink string
	Scrolls bool
	Cut     bool
}

// servePortal builds the sample portal (this repository's content) and
// serves it.
func servePortal(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the whole sample portal")
	}
	root, _ := filepath.Abs("../..")
	res := build.New(build.Options{Source: root, Theme: keel.Theme()}).Build()
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	out := filepath.Join(t.TempDir(), "site")
	if err := writeOutput(out, res.Files); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	t.Cleanup(srv.Close)
	return srv.URL + "/"
}

// Every diagram of the sample portal is readable at a laptop's and a phone's
// width in both colour schemes: no text below minDiagramText once scaled to
// fit, on a laptop no diagram wider than its column, on a phone one that is
// scrolls inside its frame (never the page), no text past the diagram's edge,
// no connection's line through its label or another text, and in dark mode a
// dark background behind light text (no white box).
// KEEL_SCREENSHOTS=dir saves each diagram's screenshot to look at.
func TestPortalDiagramsReadable(t *testing.T) {
	base := servePortal(t)
	ctx := browsertest.New(t)
	shots := os.Getenv("KEEL_SCREENSHOTS")
	for _, page := range portalDiagramPages {
		for _, width := range []int{1280, 390} {
			for _, scheme := range []string{"light", "dark"} {
				probes := probeDiagrams(t, ctx, base+page, width, scheme)
				name := fmt.Sprintf("%s at %d px (%s)", page, width, scheme)
				if len(probes) == 0 {
					t.Errorf("%s: no diagram", name)
				}
				for _, p := range probes {
					if p.Min < minDiagramText {
						t.Errorf("%s: diagram %d (%q): text %q is %.1f px, want ≥ %v", name, p.I, p.Caption, p.Small, p.Min, minDiagramText)
					}
					if p.Cut {
						t.Errorf("%s: diagram %d (%q) is cut off", name, p.I, p.Caption)
					}
					if p.Scrolls && width >= 1280 {
						t.Errorf("%s: diagram %d (%q) is too wide to read on a laptop without scrolling", name, p.I, p.Caption)
					}
					if len(p.Clipped) > 0 {
						t.Errorf("%s: diagram %d (%q): text runs past the diagram's edge: %q", name, p.I, p.Caption, p.Clipped)
					}
					bg, ink := luminance(p.Bg), luminance(p.Ink)
					if scheme == "dark" && (bg > 0.2 || ink < 0.5) || scheme == "light" && (bg < 0.8 || ink > 0.4) {
						t.Errorf("%s: diagram %d (%q): background %s, text %s", name, p.I, p.Caption, p.Bg, p.Ink)
					}
					if len(p.Crossed) > 0 {
						t.Errorf("%s: diagram %d (%q): a line runs through %q", name, p.I, p.Caption, p.Crossed)
					}
					if len(p.Holes) > 0 {
						t.Errorf("%s: diagram %d (%q): the line runs through labels %q", name, p.I, p.Caption, p.Holes)
					}
					if shots != "" {
						shootDiagram(ctx, filepath.Join(shots, fmt.Sprintf("%s-%d-%s-%d.png", strings.ReplaceAll(strings.Trim(page, "/"), "/", "_"), width, scheme, p.I)), p.I)
					}
				}
				if scheme == "light" {
					noPageOverflow(t, ctx, page, width)
				}
			}
		}
	}
}

func probeDiagrams(t *testing.T, ctx context.Context, url string, width int, scheme string) []diagramProbe {
	t.Helper()
	step, cancel := browsertest.Within(ctx, 60*time.Second)
	defer cancel()
	err := chromedp.Do(step,
		chromedp.EmulateViewport(int64(width), 900),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
			return err
		}),
		chromedp.Navigate(url),
		chromedp.WaitReady("footer"),
	)
	if err != nil {
		t.Fatal(err)
	}
	var probes []diagramProbe
	raw := eval[string](t, ctx, diagramProbeJS)
	if err := json.Unmarshal([]byte(raw), &probes); err != nil {
		t.Fatal(err)
	}
	return probes
}

// shootDiagram saves a screenshot of the page's i-th diagram figure.
func shootDiagram(ctx context.Context, file string, i int) {
	step, cancel := browsertest.Within(ctx, 30*time.Second)
	defer cancel()
	sel := fmt.Sprintf(`(document.querySelectorAll("main figure.diagram")[%d])`, i)
	png, err := chromedp.Run(step, chromedp.Screenshot(chromedp.JSPath(sel)))
	if err == nil {
		os.WriteFile(file, png, 0o644)
	}
}
