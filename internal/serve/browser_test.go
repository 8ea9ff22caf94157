package serve

import (
	"maps"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"keel/internal/browsertest"
	"keel/internal/diag"
)

// livePage is tall enough to scroll; the browser's own scroll restoration is
// off, so a kept position proves that the reload script restored it.
func livePage(title, css string) []byte {
	return []byte(`<!doctype html><html><head><meta charset="utf-8">` +
		`<script>history.scrollRestoration = "manual"</script>` +
		`<link rel="stylesheet" href="/` + css + `"></head><body><h1>` + title +
		`</h1><div style="height:5000px"></div></body></html>`)
}

func liveSite(css, color, titleA string) map[string][]byte {
	return map[string][]byte{
		"a/index.html": livePage(titleA, css),
		"b/index.html": livePage("B", css),
		"404.html":     livePage("Not found", css),
		css:            []byte("body{background:" + color + "}"),
	}
}

// TestBrowserLiveReload drives the injected script in headless Chromium:
// unrelated changes leave the page alone, a stylesheet change is swapped in
// without a reload, the overlay comes, can be dismissed and goes, and a
// change of the page reloads it at the same scroll position.
func TestBrowserLiveReload(t *testing.T) {
	ctx := browsertest.New(t)
	const css2 = "css/keel.9bd012.css"
	s := New(Options{Logf: t.Logf})
	s.Publish(Snapshot{Files: liveSite(css1, "rgb(255, 255, 255)", "A")})
	ts := startServer(t, s)

	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	js := func(expr string) chromedp.Action[chromedp.Void] { return chromedp.Evaluate[chromedp.Void](expr) }
	// until waits for a condition in the page, across reloads (evaluating
	// fails while the page navigates); the deadline only catches hangs.
	until := func(cond string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
			if ok && err == nil {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("waiting for %s: %v", cond, err)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}

	do(chromedp.Navigate(ts.URL+"/a/"), js("window.scrollTo(0, 1234); window.keelMarker = 1"))
	waitFor(t, func() bool { return clientCount(s) == 1 })

	// Another page changed: no reload. Then a fingerprinted stylesheet:
	// swapped in place, still no reload (events arrive in order, so the
	// marker surviving the swap proves the first publish left the page alone).
	files := liveSite(css1, "rgb(255, 255, 255)", "A")
	files["b/index.html"] = livePage("B edited", css1)
	s.Publish(Snapshot{Files: files})
	good := liveSite(css2, "rgb(1, 2, 3)", "A")
	good["b/index.html"] = livePage("B edited", css2)
	s.Publish(Snapshot{Files: good})
	until(`getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)"`)
	until(`document.querySelectorAll('link[rel=stylesheet]').length === 1 &&
		document.querySelector('link[rel=stylesheet]').href.endsWith("/` + css2 + `")`)
	until(`window.keelMarker === 1`)

	// A failed rebuild: overlay, dismissable, back on the next failure, gone
	// when fixed, and all without reloading.
	bad := diag.List{diag.Errorf("content/a.md", 3, 7, "bad date")}
	s.Publish(Snapshot{Files: good, Diags: bad})
	until(`document.querySelector("#keel-overlay li")?.textContent === "content/a.md:3:7: error: bad date"`)
	do(js(`document.querySelector("#keel-overlay .keel-close").click()`))
	until(`document.getElementById("keel-overlay")?.style.display === "none"`)
	s.Publish(Snapshot{Files: good, Diags: bad})
	until(`document.getElementById("keel-overlay")?.style.display === ""`)
	s.Publish(Snapshot{Files: good})
	until(`document.getElementById("keel-overlay") === null`)
	until(`window.keelMarker === 1`)

	// This page changed: it reloads and keeps its scroll position.
	edited := maps.Clone(good)
	edited["a/index.html"] = livePage("A edited", css2)
	s.Publish(Snapshot{Files: edited})
	until(`document.querySelector("h1").textContent === "A edited" && window.keelMarker === undefined`)
	until(`window.scrollY === 1234`)

	// A page opened while the build is broken shows the overlay at once.
	s.Publish(Snapshot{Files: edited, Diags: bad})
	do(chromedp.Navigate(ts.URL + "/b/"))
	until(`document.getElementById("keel-overlay") !== null`)

	// The page's own errors come first, marked, after only what makes the
	// site impossible.
	s.Publish(Snapshot{Files: edited, Diags: diag.List{
		diag.Errorf("content/a.md", 3, 7, "bad date"),
		diag.Errorf("content/b.md", 4, 1, "broken link"),
		diag.Errorf("keel.yaml", 2, 1, "does not parse"),
	}, Outputs: map[string]string{"content/a.md": "a/index.html", "content/b.md": "b/index.html"}})
	until(`Array.from(document.querySelectorAll("#keel-overlay li"), li => li.className + " " + li.textContent.split(":")[0]).join(", ") ===
		"keel-error keel-root keel.yaml, keel-error keel-here content/b.md, keel-error content/a.md"`)

	// A 404 page reloads when the page it stands for appears.
	do(chromedp.Navigate(ts.URL + "/c/"))
	until(`document.querySelector("h1").textContent === "Not found"`)
	withC := maps.Clone(edited)
	withC["c/index.html"] = livePage("C is here", css2)
	s.Publish(Snapshot{Files: withC})
	until(`document.querySelector("h1").textContent === "C is here"`)
}
