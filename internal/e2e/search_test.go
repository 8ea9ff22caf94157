package e2e

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"golang.org/x/tools/txtar"

	keel "keel"
	"keel/internal/browsertest"
	"keel/internal/build"
)

const searchSite = `
-- keel.yaml --
title: Portal
baseURL: https://docs.example.com/portal/
-- content/manuals/pg.md --
---
title: 数据库迁移手册
from: MySQL 5.7
to: PostgreSQL 16
audience: public
---
## Export with pg_dump

Run pg_dump against the replica before the PostgreSQL cut-over.
Postgres then replays the changes.
-- content/blueprints/gateway.md --
---
title: Gateway blueprint
status: accepted
audience: public
---
The OpenResty gateway terminates TLS.
-- content/notes.md --
---
title: Internal notes
---
The zebrafinch runbook is internal.
`

// buildUnder builds the archive's public or internal edition and serves it
// under /portal/, like a site deployed below a sub-path.
func buildUnder(t *testing.T, audience string) string {
	t.Helper()
	src := t.TempDir()
	if err := writeFiles(src, txtar.Parse([]byte(searchSite))); err != nil {
		t.Fatal(err)
	}
	res := build.New(build.Options{Source: src, Theme: keel.Theme(), Audience: audience}).Build()
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	out := filepath.Join(t.TempDir(), "site")
	if err := writeOutput(out, res.Files); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/portal/", http.StripPrefix("/portal/", http.FileServer(http.Dir(out))))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + "/portal/"
}

// The default theme's search box, on a real build under a sub-path: English,
// Chinese and prefix queries, keyboard navigation, and a public edition that
// knows nothing of an internal page.
func TestThemeSearch(t *testing.T) {
	internal := buildUnder(t, "internal")
	public := buildUnder(t, "public")
	ctx := browsertest.New(t)
	step, cancel := browsertest.Within(ctx, 40*time.Second)
	defer cancel()

	query := func(base, q string) string {
		t.Helper()
		js := `(async () => {
			const input = document.getElementById('search-input');
			input.focus(); input.value = ` + jsString(q) + `;
			input.dispatchEvent(new Event('input', {bubbles: true}));
			for (let i = 0; i < 100; i++) {
				await new Promise(r => setTimeout(r, 50));
				const box = document.getElementById('search-results');
				if (!box.hidden && box.textContent.trim() !== '') return box.textContent;
			}
			return 'TIMEOUT';
		})()`
		if err := chromedp.Do(step, chromedp.Navigate(base), chromedp.WaitVisible("#search-input")); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(step, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	for _, c := range []struct{ base, q, want string }{
		{internal, "postgresql", "数据库迁移手册"},
		{internal, "迁移", "数据库迁移手册"},
		{internal, "gatew", "Gateway blueprint"},
		{internal, "zebrafinch", "Internal notes"},
		{public, "zebrafinch", "No results"},
		{public, "pg_dump", "数据库迁移手册"},
		{internal, "postgress", "Did you mean postgres?"},
		{internal, "postgress", "数据库迁移手册"},
		{internal, "gatewya", "Gateway blueprint"},
		{internal, "kind:manual", "数据库迁移手册"},
		{internal, "status:accepted", "Gateway blueprint"},
		{public, "kind:page", "No results"},
	} {
		if got := query(c.base, c.q); !strings.Contains(got, c.want) {
			t.Errorf("%s %q: results %q, want %q", c.base, c.q, got, c.want)
		}
	}
	// Keyboard: down selects the first result, Enter opens it at its heading.
	query(internal, "pg_dump")
	if err := chromedp.Do(step, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	var loc string
	for range 50 {
		loc, _ = chromedp.Run(step, chromedp.Location())
		if strings.Contains(loc, "/portal/manuals/pg/") {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(loc, "/portal/manuals/pg/?highlight=pg_dump#export-with-pg_dump") {
		t.Errorf("Enter on the first result opened %q", loc)
	}
	// The page it opened marks the words the query matched, in the article only.
	var marks []string
	for range 50 {
		marks, _ = chromedp.Run(step, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#main article mark.search-hit'), m => m.textContent)`))
		if len(marks) > 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(marks) < 2 || marks[0] != "pg_dump" {
		t.Errorf("marks on the opened page = %q, want pg_dump in the heading and the text", marks)
	}
	if n, _ := chromedp.Run(step, chromedp.Evaluate[int](`document.querySelectorAll('mark.search-hit').length - document.querySelectorAll('#main article mark.search-hit').length`)); n != 0 {
		t.Errorf("%d marks outside the article", n)
	}
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`)
	return "'" + r.Replace(s) + "'"
}
