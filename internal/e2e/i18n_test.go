package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"keel/internal/browsertest"
	"keel/internal/build"
)

const bilingualSite = `
-- keel.yaml --
title: Portal
languages: [en, zh]
-- content/_index.md --
---
title: Portal
---
Welcome.
-- content/_index.zh.md --
---
title: 门户
---
欢迎。
-- content/notes/backup.md --
---
title: Backup routine
---
Nightly snapshots of the database.
-- content/notes/backup.zh.md --
---
title: 备份流程
---
每晚为数据库做快照，保留三十天。
-- content/notes/release.md --
---
title: Release checklist
---
Tag the build and announce the zebrafinch window.
`

// A reader switches a page to Chinese, searches in Chinese from a Chinese
// page (the Chinese index), and a query nothing Chinese matches finds the
// English page, shown as another language's.
func TestLanguageSwitchAndChineseSearch(t *testing.T) {
	srv := serveSite(t, bilingualSite, build.Options{})
	ctx := browsertest.New(t)
	step, cancel := browsertest.Within(ctx, 60*time.Second)
	defer cancel()

	open(t, step, srv.URL+"/notes/backup/", 1440)
	if err := chromedp.Do(step, chromedp.Click(`.lang-switch a[hreflang="zh"]`), chromedp.WaitReady("footer")); err != nil {
		t.Fatal(err)
	}
	if loc := eval[string](t, step, `location.pathname`); loc != "/zh/notes/backup/" {
		t.Fatalf("switching to 中文 went to %s, want /zh/notes/backup/", loc)
	}
	eval[bool](t, step, `new Promise(r => requestAnimationFrame(() => setTimeout(() => r(true), 100)))`) // settled
	if lang := eval[string](t, step, `document.documentElement.lang`); lang != "zh-CN" {
		t.Errorf("<html lang> on the Chinese page is %q", lang)
	}
	search := func(q string) string {
		return eval[string](t, step, `(async () => {
			const input = document.getElementById('search-input');
			input.focus(); input.value = `+jsString(q)+`;
			input.dispatchEvent(new Event('input', {bubbles: true}));
			for (let i = 0; i < 300; i++) {
				await new Promise(r => setTimeout(r, 50));
				const box = document.getElementById('search-results');
				if (!box.hidden && box.textContent.trim() !== '') return box.innerHTML;
			}
			return 'TIMEOUT';
		})()`)
	}
	got := search("快照")
	if !strings.Contains(got, "备份流程") || !strings.Contains(got, `href="/zh/notes/backup/`) {
		t.Errorf("searching 快照 from a Chinese page: %s", got)
	}
	if strings.Contains(got, "search-other-lang") {
		t.Errorf("a Chinese match is shown as another language's: %s", got)
	}
	open(t, step, srv.URL+"/zh/notes/backup/", 1440) // a fresh box
	got = search("zebrafinch")
	if !strings.Contains(got, "search-other-lang") || !strings.Contains(got, "English") || !strings.Contains(got, `href="/notes/release/`) {
		t.Errorf("a query only an English page matches, from a Chinese page: %s", got)
	}
	// The full results page follows the same rule, under the same heading.
	open(t, step, srv.URL+"/zh/search/?q=zebrafinch", 1440)
	got = eval[string](t, step, `(async () => {
		for (let i = 0; i < 300; i++) {
			const page = document.getElementById('search-page');
			if (page && page.getAttribute('data-query') === 'zebrafinch') return page.innerHTML;
			await new Promise(r => setTimeout(r, 50));
		}
		return 'TIMEOUT';
	})()`)
	if !strings.Contains(got, `class="search-summary search-other-lang"`) || !strings.Contains(got, "English") ||
		!strings.Contains(got, `href="/notes/release/?highlight=zebrafinch"`) || !strings.Contains(got, `hreflang="en"`) {
		t.Errorf("/zh/search/?q=zebrafinch (only an English page matches): %s", got)
	}
	if strings.Contains(got, `/zh/notes/release/`) {
		t.Errorf("the English result links to a Chinese page: %s", got)
	}
	// A page with no translation: the switcher offers the language's home,
	// which says, on a phone too, why the reader is there and not on the page.
	open(t, step, srv.URL+"/notes/release/", 390)
	if href := eval[string](t, step, `document.querySelector('.lang-switch a.lang-missing').getAttribute('href')`); href != "/zh/#untranslated" {
		t.Errorf("untranslated page: 中文 goes to %q, want the Chinese home /zh/#untranslated", href)
	}
	if err := chromedp.Do(step, chromedp.Click(`.lang-switch a.lang-missing`), chromedp.WaitVisible(`#untranslated`)); err != nil {
		t.Fatalf("the Chinese home does not show why the reader came there: %v", err)
	}
	if note := eval[string](t, step, `document.getElementById('untranslated').textContent`); !strings.Contains(note, "还没有中文版本") {
		t.Errorf("the note on the Chinese home reads %q", note)
	}
	open(t, step, srv.URL+"/zh/", 390) // reached otherwise, the home shows no note
	if shown := eval[bool](t, step, `getComputedStyle(document.getElementById('untranslated')).display !== 'none'`); shown {
		t.Errorf("the Chinese home shows the untranslated note without coming from an untranslated page")
	}
}
