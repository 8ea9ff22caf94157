package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"keel/internal/browsertest"
	"keel/internal/build"
)

const codeSite = `
-- content/runbook.md --
---
title: Runbook
---
` + "```sql title=\"inventory.sql\" {2} ins={3} del={1} showLineNumbers startLineNumber=9" + `
SELECT 1;
SELECT 2; -- a line long enough to scroll on a phone, and further, and further, and further still
SELECT 3;
` + "```" + `

` + "```diff lang=\"yaml\"" + `
 database:
-  host: mysql.internal
+  host: pg.internal
` + "```" + `

` + "```sql" + `
SELECT 1;
` + "```" + `
`

// The copy button copies the code: no line numbers, no +/- markers, no
// title; a reader's own selection of the code gives the same text; a marked
// line's colour runs under the whole line when the block scrolls.
func TestCodeBlockCopy(t *testing.T) {
	srv := serveSite(t, codeSite, build.Options{})
	ctx := browsertest.New(t)
	step, cancel := browsertest.Within(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(step,
		chromedp.EmulateViewport(390, 800),
		chromedp.Navigate(srv.URL+"/runbook/"),
		chromedp.WaitVisible(".code .copy-button"),
	); err != nil {
		t.Fatal(err)
	}
	// Capture what the button hands to the clipboard (headless Chromium's
	// clipboard needs a permission this protocol version cannot grant).
	if _, err := chromedp.Run(step, chromedp.Evaluate[bool](
		`window.copied = []; navigator.clipboard.writeText = t => { window.copied.push(t); return Promise.resolve(); }; window.isSecureContext`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(step,
		chromedp.Click(`figure.code .copy-button`),
		chromedp.Click(`.prose > div.code .copy-button`),
		chromedp.Click(`.prose > div.code:last-child .copy-button`),
	); err != nil {
		t.Fatal(err)
	}
	copied, err := chromedp.Run(step, chromedp.Evaluate[[]string](`window.copied`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"SELECT 1;\nSELECT 2; -- a line long enough to scroll on a phone, and further, and further, and further still\nSELECT 3;",
		"database:\n  host: mysql.internal\n  host: pg.internal",
		"SELECT 1;",
	}
	if strings.Join(copied, "\n---\n") != strings.Join(want, "\n---\n") {
		t.Errorf("copy button gave\n%q\nwant\n%q", copied, want)
	}

	// A selection of the whole block copies the same text.
	sel, err := chromedp.Run(step, chromedp.Evaluate[string](`(() => {
		const r = document.createRange(); r.selectNodeContents(document.querySelector("figure.code code"));
		const s = getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString(); })()`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSuffix(sel, "\n") != want[0] {
		t.Errorf("selection copies %q, want %q", sel, want[0])
	}

	// Numbers and markers are on screen, as generated content.
	shown, err := chromedp.Run(step, chromedp.Evaluate[[]string](`(() => {
		const rows = document.querySelectorAll("figure.code .row");
		return [getComputedStyle(rows[0], "::before").content, getComputedStyle(rows[0], "::after").content,
			getComputedStyle(rows[2], "::after").content, document.querySelector("figure.code figcaption").textContent]; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if want := `["9" / "" "−" / "" "+" / "" inventory.sql]`; strings.Join([]string{"[" + strings.Join(shown, " ") + "]"}, "") != want {
		t.Errorf("generated content %q, want %s", shown, want)
	}

	// The block scrolls sideways (it does not push the page wider), shows a
	// scroll shadow, and the marked row is as wide as its scrolled content.
	geo, err := chromedp.Run(step, chromedp.Evaluate[[]float64](`(() => {
		const pre = document.querySelector("figure.code pre"), row = pre.querySelectorAll(".row")[1];
		return [pre.scrollWidth, pre.clientWidth, row.getBoundingClientRect().width, document.documentElement.scrollWidth, innerWidth,
			getComputedStyle(pre).backgroundImage.split("linear-gradient").length - 1]; })()`))
	if err != nil {
		t.Fatal(err)
	}
	scrollW, clientW, rowW, pageW, viewW, gradients := geo[0], geo[1], geo[2], geo[3], geo[4], geo[5]
	if scrollW <= clientW {
		t.Errorf("the long line does not scroll: scrollWidth %v, clientWidth %v", scrollW, clientW)
	}
	if rowW < scrollW-1 {
		t.Errorf("marked row is %v wide, the scrolled content %v: its colour stops short", rowW, scrollW)
	}
	if pageW > viewW {
		t.Errorf("page is %v wide in a %v viewport", pageW, viewW)
	}
	if gradients != 4 {
		t.Errorf("scroll shadow: %v gradients on the pre, want 4", gradients)
	}
}
