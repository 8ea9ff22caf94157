package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"keel/internal/browsertest"
)

// TestServeCSPKeepsTheThemeWorking opens a page of keel serve, which sends a
// Content-Security-Policy, in headless Chromium: the theme's inline <head>
// script (the saved colour scheme), its scripts (the checklist) and its
// inline styles (progress bars) still work, and a script in the page body is
// refused.
func TestServeCSPKeepsTheThemeWorking(t *testing.T) {
	src := t.TempDir()
	write(t, src, "keel.yaml", "markdown:\n  unsafe: true\n")
	write(t, src, "content/manuals/pg.md", "---\ntitle: PG\nfrom: MySQL\nto: PostgreSQL\n---\n## Prepare\n\n- [ ] One\n- [ ] Two\n\n<script>document.body.dataset.injected = 'ran'</script>\n")
	url := startServe(t, src) + "manuals/pg/"
	ctx := browsertest.New(t)
	step, cancel := browsertest.Within(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(step, chromedp.Navigate(url), chromedp.WaitVisible(".checklist-bar")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(step, chromedp.Evaluate[bool](`localStorage.setItem("keel-theme", "dark"); true`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(step, chromedp.Reload(), chromedp.WaitVisible(".checklist-bar"),
		chromedp.Click(`.prose li:nth-child(1) input[type=checkbox]`)); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(step, chromedp.Evaluate[string](`[
		document.documentElement.getAttribute("data-theme"),
		document.querySelector(".checklist-text").textContent.trim(),
		document.querySelector(".checklist-bar .progress span").style.width,
		String(document.body.dataset.injected)].join("|")`))
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(got, "|")
	if len(parts) != 4 || parts[0] != "dark" || parts[1] != "1 of 2 checks done" || parts[2] != "50%" || parts[3] != "undefined" {
		t.Errorf("theme | checklist | progress width | body script = %q, want dark | 1 of 2 checks done | 50%% | undefined", got)
	}
}
