package search

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

const chromiumPath = "/usr/bin/chromium"

// fixtureServer serves the fixture page, search.js, search.css and an
// index under each base: "/sub/" is the public edition, "/int/" the
// internal one. It records every path requested.
type fixtureServer struct {
	*httptest.Server
	mu    sync.Mutex
	paths []string
}

func newFixtureServer(t *testing.T) *fixtureServer {
	t.Helper()
	page, err := os.ReadFile("testdata/page.html")
	if err != nil {
		t.Fatal(err)
	}
	js, err := os.ReadFile("../../static/js/search.js")
	if err != nil {
		t.Fatal(err)
	}
	css, err := os.ReadFile("../../static/css/search.css")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, base := range []string{"/sub/", "/int/"} {
		pub, internal := fixtureDocs(base)
		docs := pub
		if base == "/int/" {
			docs = append(pub, internal)
		}
		for _, f := range Build(docs) {
			files[base+f.Path] = f.Data
		}
		files[base+"js/search.js"] = js
		files[base+"css/search.css"] = css
	}
	fs := &fixtureServer{}
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.mu.Lock()
		fs.paths = append(fs.paths, r.URL.Path)
		fs.mu.Unlock()
		p := r.URL.Path
		if b, ok := files[p]; ok {
			switch {
			case strings.HasSuffix(p, ".js"):
				w.Header().Set("Content-Type", "text/javascript")
			case strings.HasSuffix(p, ".css"):
				w.Header().Set("Content-Type", "text/css")
			default:
				w.Header().Set("Content-Type", "application/json")
			}
			w.Write(b)
			return
		}
		if len(p) < 5 || (p[:5] != "/sub/" && p[:5] != "/int/") || !strings.HasSuffix(p, "/") {
			http.NotFound(w, r)
			return
		}
		html := strings.ReplaceAll(string(page), "{{base}}", p[:5])
		sp := ""
		if p[4:] == "/search/" {
			sp = `<div id="search-page" data-base="` + p[:5] + `"></div>`
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(strings.Replace(html, "{{search-page}}", sp, 1)))
	}))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *fixtureServer) requested() []string {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return slices.Clone(fs.paths)
}

func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium is required in CI: %v", err)
		}
		t.Skipf("no browser: %v", err)
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath), chromedp.Headless, chromedp.NoSandbox, chromedp.NoFirstRun,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1200, 900))
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	if err := chromedp.Do(ctx); err != nil { // start the browser before any timeout
		t.Fatal(err)
	}
	return ctx
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(c, steps...); err != nil {
		t.Fatal(err)
	}
}

// waitFor polls js until it is true. A poll that began just as a navigation
// replaced the page's JavaScript context fails with "Cannot find context with
// specified id" (seen once on a loaded machine); it is simply polled again.
func waitFor(js string) chromedp.Action[chromedp.Void] {
	poll := chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(5*time.Second))
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		deadline := time.Now().Add(5 * time.Second)
		for {
			v, err := poll(ctx, t)
			if err == nil || time.Now().After(deadline) ||
				!strings.Contains(err.Error(), "Cannot find context") && !strings.Contains(err.Error(), "context was destroyed") {
				return v, err
			}
		}
	}
}

type shownHit struct {
	Title   string   `json:"title"`
	Href    string   `json:"href"`
	Badges  []string `json:"badges"`
	Section string   `json:"section"`
	Marks   []string `json:"marks"`
}

const readHits = `Array.from(document.querySelectorAll(%q)).map(a => ({
	title: a.querySelector('.search-result-title').textContent,
	href: decodeURIComponent(a.getAttribute('href')),
	badges: Array.from(a.querySelectorAll('.badge'), b => b.className),
	section: (a.querySelector('.search-result-section') || {}).textContent || '',
	marks: Array.from(a.querySelectorAll('mark'), m => m.textContent)}))`

// search opens a page under base, focuses the box with "/" and types q,
// then returns what the dropdown shows for it.
func search(t *testing.T, ctx context.Context, srv *fixtureServer, base, q string) []shownHit {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(srv.URL+base+"about/"),
		chromedp.WaitReady("#search-input"),
		waitFor(`window.keelSearch && window.keelSearch.index`),
		chromedp.KeyEvent("/"),
		waitFor(`document.activeElement === document.getElementById('search-input')`),
		// CDP sends the "/" char event on its own, after the keydown that
		// moved the focus, so it lands in the box; a real keyboard does not.
		chromedp.Evaluate[chromedp.Void](`document.getElementById('search-input').value = ''`),
		chromedp.KeyEvent(q),
		waitFor(fmt.Sprintf(`(() => { const b = document.getElementById('search-results');
			return !b.hidden && b.getAttribute('data-query') === %q })()`, q)),
	)
	return eval[[]shownHit](t, ctx, fmt.Sprintf(readHits, "#search-results .search-result:not(.search-all)"))
}

func titles(hs []shownHit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Title)
	}
	return out
}

func TestBrowser(t *testing.T) {
	ctx := browser(t)
	srv := newFixtureServer(t)

	t.Run("english query", func(t *testing.T) { testBrowserEnglishQuery(t, ctx, srv) })
	t.Run("chinese query", func(t *testing.T) { testBrowserChineseQuery(t, ctx, srv) })
	t.Run("prefix query", func(t *testing.T) { testBrowserPrefixQuery(t, ctx, srv) })
	t.Run("kind filter", func(t *testing.T) { testBrowserKindFilter(t, ctx, srv) })
	t.Run("typo query", func(t *testing.T) { testBrowserTypoQuery(t, ctx, srv) })
	t.Run("filter-only queries", func(t *testing.T) { testBrowserFilterOnlyQueries(t, ctx, srv) })
	t.Run("snippet starts at the matching row", func(t *testing.T) { testBrowserSnippetRow(t, ctx, srv) })
	t.Run("no results message", func(t *testing.T) { testBrowserNoResultsMessage(t, ctx, srv) })
	t.Run("keyboard navigation", func(t *testing.T) { testBrowserKeyboardNavigation(t, ctx, srv) })
	t.Run("shortcuts", func(t *testing.T) { testBrowserShortcuts(t, ctx, srv) })
	t.Run("input method composition", func(t *testing.T) { testBrowserInputMethodComposition(t, ctx, srv) })
	t.Run("results page", func(t *testing.T) { testBrowserResultsPage(t, ctx, srv) })
	t.Run("public edition hides internal pages", func(t *testing.T) { testBrowserPublicEditionHidesInternalPages(t, ctx, srv) })
	t.Run("sub-path base", func(t *testing.T) { testBrowserSubPathBase(t, ctx, srv) })
	t.Run("same tokens and ranking as Go", func(t *testing.T) { testBrowserSameTokensAndRankingAsGo(t, ctx, srv) })
}

// testBrowserEnglishQuery: a subtest of TestBrowser.
func testBrowserEnglishQuery(t *testing.T, ctx context.Context, srv *fixtureServer) {
	hs := search(t, ctx, srv, "/sub/", "rollback")
	if len(hs) != 1 || hs[0].Title != "MySQL to PostgreSQL migration" {
		t.Fatalf("results = %+v", hs)
	}
	h := hs[0]
	if h.Href != "/sub/manuals/mysql-to-postgresql/?highlight=rollback#rollback" {
		t.Errorf("href = %q, want the Rollback heading", h.Href)
	}
	if !slices.Equal(h.Badges, []string{"badge kind-manual"}) || h.Section != "Migration manuals › Rollback" {
		t.Errorf("badges %q, section %q", h.Badges, h.Section)
	}
	if !slices.Equal(h.Marks, []string{"Rollback"}) {
		t.Errorf("marks = %q, want the heading marked", h.Marks)
	}
}

// testBrowserChineseQuery: a subtest of TestBrowser.
func testBrowserChineseQuery(t *testing.T, ctx context.Context, srv *fixtureServer) {
	hs := search(t, ctx, srv, "/sub/", "迁移")
	if len(hs) == 0 || hs[0].Title != "数据库迁移手册" {
		t.Fatalf("results = %+v", hs)
	}
	if !slices.Contains(hs[0].Marks, "迁移") {
		t.Errorf("marks = %q, want 迁移", hs[0].Marks)
	}
}

// testBrowserPrefixQuery: a subtest of TestBrowser.
func testBrowserPrefixQuery(t *testing.T, ctx context.Context, srv *fixtureServer) {
	hs := search(t, ctx, srv, "/sub/", "postg")
	want := []string{"MySQL to PostgreSQL migration", "Managed PostgreSQL platform", "数据库迁移手册"}
	if got := titles(hs); !slices.Equal(got, want) {
		t.Fatalf("titles = %q, want %q", got, want)
	}
	if !slices.Contains(hs[0].Marks, "PostgreSQL") {
		t.Errorf("marks = %q, want PostgreSQL", hs[0].Marks)
	}
}

// testBrowserKindFilter: a subtest of TestBrowser.
func testBrowserKindFilter(t *testing.T, ctx context.Context, srv *fixtureServer) {
	hs := search(t, ctx, srv, "/sub/", "postgresql kind:blueprint")
	if len(hs) != 1 || hs[0].Title != "Managed PostgreSQL platform" ||
		!slices.Equal(hs[0].Badges, []string{"badge kind-blueprint", "badge status-in-progress"}) {
		t.Fatalf("results = %+v", hs)
	}
}

// testBrowserTypoQuery: a subtest of TestBrowser.
func testBrowserTypoQuery(t *testing.T, ctx context.Context, srv *fixtureServer) {
	for _, c := range []struct{ q, first, mark, suggest string }{
		{"postgress", "MySQL to PostgreSQL migration", "Postgres", "postgres"},
		{"opentelemtry", "Unified observability", "OpenTelemetry", "opentelemetry"},
		{"rollbakc", "MySQL to PostgreSQL migration", "Rollback", "rollback"}, // transposition
		{"replicaton lag", "MySQL to PostgreSQL migration", "replication", "replication lag"},
	} {
		hs := search(t, ctx, srv, "/sub/", c.q)
		if len(hs) == 0 || hs[0].Title != c.first || !slices.Contains(hs[0].Marks, c.mark) {
			t.Errorf("%q: results %+v, want %q first with %q marked", c.q, hs, c.first, c.mark)
		}
		got := eval[string](t, ctx, `(document.querySelector('#search-results .search-suggest') || {}).textContent || ''`)
		if got != "Did you mean "+c.suggest+"?" {
			t.Errorf("%q: suggestion %q", c.q, got)
		}
	}
	// The suggestion is an option: it runs the corrected query in place.
	search(t, ctx, srv, "/sub/", "postgress")
	do(t, ctx, chromedp.KeyEvent(kb.ArrowDown),
		waitFor(`document.getElementById('search-input').getAttribute('aria-activedescendant') === 'search-opt-suggest'`),
		chromedp.Click(`#search-opt-suggest`),
		waitFor(`document.getElementById('search-results').getAttribute('data-query') === 'postgres'`))
	if got := eval[string](t, ctx, `document.getElementById('search-input').value`); got != "postgres" {
		t.Errorf("after the suggestion the box holds %q", got)
	}
	// A word written correctly gets no suggestion.
	search(t, ctx, srv, "/sub/", "opentelemetry")
	if n := eval[int](t, ctx, `document.querySelectorAll('#search-results .search-suggest').length`); n != 0 {
		t.Errorf("a correct word got a suggestion")
	}
}

// testBrowserFilterOnlyQueries: a subtest of TestBrowser.
func testBrowserFilterOnlyQueries(t *testing.T, ctx context.Context, srv *fixtureServer) {
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"kind:manual", []string{"MySQL to PostgreSQL migration", "Redis 6 to Redis 7 upgrade", "数据库迁移手册"}},
		{"status:accepted", []string{"Unified observability"}},
		{"team:dba", []string{"Managed PostgreSQL platform"}},
		{"owner:li.wei kind:blueprint", []string{"Managed PostgreSQL platform"}},
		{"tag:cache tag:streaming", []string{"Redis 6 to Redis 7 upgrade", "Retire the legacy Kafka cluster"}},
		{"rollback owner:li.wei", []string{"MySQL to PostgreSQL migration"}},
	} {
		if got := titles(search(t, ctx, srv, "/sub/", c.q)); !slices.Equal(got, c.want) {
			t.Errorf("%q: %q, want %q", c.q, got, c.want)
		}
	}
	do(t, ctx,
		chromedp.Navigate(srv.URL+"/sub/search/?q=kind:manual"),
		waitFor(`document.getElementById('search-page').getAttribute('data-query') === 'kind:manual'`))
	if got := titles(eval[[]shownHit](t, ctx, fmt.Sprintf(readHits, "#search-page .search-result"))); len(got) != 3 {
		t.Errorf("results page for kind:manual: %q", got)
	}
}

// testBrowserSnippetRow: a subtest of TestBrowser. A match in the fourth
// row of a table shows that row from its first cell, not the end of the
// row before it.
func testBrowserSnippetRow(t *testing.T, ctx context.Context, srv *fixtureServer) {
	hs := search(t, ctx, srv, "/sub/", "clickhouse")
	if len(hs) != 1 || hs[0].Href != "/sub/about/?highlight=clickhous#stores" { // the stem
		t.Fatalf("results = %+v", hs)
	}
	got := eval[string](t, ctx, `document.querySelector('#search-results .search-result-snippet').textContent`)
	if want := "… tallyd · ClickHouse 24 · pager-tally; quotad"; !strings.HasPrefix(got, want) {
		t.Errorf("snippet %q, want it to start %q", got, want)
	}
}

// testBrowserNoResultsMessage: a subtest of TestBrowser.
func testBrowserNoResultsMessage(t *testing.T, ctx context.Context, srv *fixtureServer) {
	search(t, ctx, srv, "/sub/", "kubernetes")
	msg := eval[string](t, ctx, `document.querySelector('#search-results .search-empty').textContent`)
	if msg != "No results for “kubernetes”" {
		t.Errorf("message = %q", msg)
	}
}

// testBrowserKeyboardNavigation: a subtest of TestBrowser.
func testBrowserKeyboardNavigation(t *testing.T, ctx context.Context, srv *fixtureServer) {
	hs := search(t, ctx, srv, "/sub/", "pg_dump")
	if len(hs) == 0 {
		t.Fatal("no results")
	}
	do(t, ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowUp))
	sel := eval[[]string](t, ctx, `[document.getElementById('search-input').getAttribute('aria-activedescendant'),
		document.querySelector('#search-results [aria-selected="true"]').id]`)
	if !slices.Equal(sel, []string{"search-opt-0", "search-opt-0"}) {
		t.Errorf("active option = %q", sel)
	}
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	want := "/sub/manuals/mysql-to-postgresql/#export-with-pg_dump"
	var got string
	for range 50 { // the page is navigating: evaluations may fail until it has
		got, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + decodeURIComponent(location.hash)`))
		if got == want {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if got != want {
		t.Errorf("Enter opened %q, want %q", got, want)
	}
}

// testBrowserShortcuts: a subtest of TestBrowser.
func testBrowserShortcuts(t *testing.T, ctx context.Context, srv *fixtureServer) {
	do(t, ctx,
		chromedp.Navigate(srv.URL+"/sub/about/"),
		waitFor(`window.keelSearch && window.keelSearch.index`),
		chromedp.Click("#other"),
		chromedp.KeyEvent("/"),
	)
	if got := eval[string](t, ctx, `document.activeElement.id + ":" + document.getElementById('other').value`); got != "other:/" {
		t.Errorf("typing / in another field: %q", got)
	}
	do(t, ctx, chromedp.KeyEvent("k", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		waitFor(`document.activeElement.id === 'search-input'`),
		chromedp.KeyEvent("redis"),
		waitFor(`!document.getElementById('search-results').hidden`),
		chromedp.KeyEvent(kb.Escape),
		waitFor(`document.getElementById('search-results').hidden`))
}

// testBrowserInputMethodComposition: a subtest of TestBrowser.
func testBrowserInputMethodComposition(t *testing.T, ctx context.Context, srv *fixtureServer) {
	do(t, ctx,
		chromedp.Navigate(srv.URL+"/sub/about/"),
		waitFor(`window.keelSearch && window.keelSearch.index`),
		chromedp.Click("#search-input"),
		chromedp.Evaluate[chromedp.Void](`window.seen = []; new MutationObserver(() =>
			seen.push(document.getElementById('search-results').getAttribute('data-query'))).observe(
			document.getElementById('search-results'), {attributes: true, attributeFilter: ['data-query']})`),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, input.ImeSetComposition, input.ImeSetCompositionParams{Text: "qianyi", SelectionStart: 6, SelectionEnd: 6})
			return err
		}),
	)
	time.Sleep(400 * time.Millisecond) // past the debounce: a search of the pinyin would have run
	do(t, ctx,
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: "迁移"})
			return err
		}),
		waitFor(`document.getElementById('search-results').getAttribute('data-query') === '迁移'`))
	if seen := eval[[]string](t, ctx, `seen`); !slices.Equal(seen, []string{"迁移"}) {
		t.Errorf("searched %q while composing, want only the committed 迁移", seen)
	}
}

// testBrowserResultsPage: a subtest of TestBrowser.
func testBrowserResultsPage(t *testing.T, ctx context.Context, srv *fixtureServer) {
	do(t, ctx,
		chromedp.Navigate(srv.URL+"/sub/search/?q=postgresql"),
		waitFor(`document.getElementById('search-page').getAttribute('data-query') === 'postgresql'`))
	page := fmt.Sprintf(readHits, "#search-page .search-result")
	if got := titles(eval[[]shownHit](t, ctx, page)); len(got) != 3 {
		t.Fatalf("results page titles = %q", got)
	}
	do(t, ctx,
		chromedp.Click(`button.chip[data-kind="manual"]`),
		waitFor(`location.search === "?q=postgresql&kind=manual"`),
		waitFor(`document.querySelectorAll('#search-page .search-result').length === 2`))
	for _, h := range eval[[]shownHit](t, ctx, page) {
		if h.Badges[0] != "badge kind-manual" {
			t.Errorf("kind chip let through %+v", h)
		}
	}
	summary := eval[string](t, ctx, `document.querySelector('.search-summary').textContent`)
	if summary != "2 results for “postgresql”" {
		t.Errorf("summary = %q", summary)
	}
}

// testBrowserPublicEditionHidesInternalPages: a subtest of TestBrowser.
func testBrowserPublicEditionHidesInternalPages(t *testing.T, ctx context.Context, srv *fixtureServer) {
	if hs := search(t, ctx, srv, "/int/", "zephyrine"); len(hs) != 1 {
		t.Fatalf("internal edition: %+v", hs)
	}
	if hs := search(t, ctx, srv, "/sub/", "zephyrine"); len(hs) != 0 {
		t.Fatalf("public edition found an internal page: %+v", hs)
	}
}

// testBrowserSubPathBase: a subtest of TestBrowser.
func testBrowserSubPathBase(t *testing.T, ctx context.Context, srv *fixtureServer) {
	for _, p := range srv.requested() {
		if !strings.HasPrefix(p, "/sub/") && !strings.HasPrefix(p, "/int/") && p != "/favicon.ico" {
			t.Errorf("request outside the base path: %s", p)
		}
	}
}

// testBrowserSameTokensAndRankingAsGo: a subtest of TestBrowser.
func testBrowserSameTokensAndRankingAsGo(t *testing.T, ctx context.Context, srv *fixtureServer) {
	inputs := []string{"PostgreSQL Replication", "Café Crème Ærø straße", "migrate migrated migrating migrates",
		"queries databases indexes connections status", "running planned installed", "The cost of a migration is 5 x",
		"rollback/restore, (fast!) state-of-the-art", "pg_dump max_connections", "__init__ _x_", "数据库迁移手册",
		"从MySQL迁移到PostgreSQL", "テスト 데이터", "迁移，回滚。", "ＰｏｓｔｇｒｅＳＱＬ１６", "cafe\u0301 naïve", "İstanbul",
		"Привет мир", "MySQL 5.7 to PostgreSQL 16", strings.Repeat("ab", 30) + " ok", "", "ǅemal ΣΑΣ 𝔘𝔫𝔦 😀x"}
	entries, _ := os.ReadDir("testdata/fuzz/FuzzTokenize")
	for _, e := range entries {
		b, _ := os.ReadFile("testdata/fuzz/FuzzTokenize/" + e.Name())
		lines := strings.SplitN(string(b), "\n", 3)
		var s string
		if len(lines) >= 2 && strings.HasPrefix(lines[1], "string(") {
			if _, err := fmt.Sscanf(strings.TrimSuffix(lines[1][7:], ")"), "%q", &s); err == nil {
				inputs = append(inputs, s)
			}
		}
	}
	fixture, _ := fixtureDocs("/")
	for _, d := range fixture {
		inputs = append(inputs, d.Title, d.Summary)
	}
	in, _ := json.Marshal(inputs)
	got := eval[[][]string](t, ctx, `(`+string(in)+`).map(s => keelSearch.tokenize(s))`)
	for i, s := range inputs {
		if want := Tokenize(s); !slices.Equal(got[i], want) && !(len(want) == 0 && len(got[i]) == 0) {
			t.Errorf("JS tokenize(%q) = %q, Go %q", s, got[i], want)
		}
	}

	queries := []string{"postgresql", "postg", "postgresql rollback", "upgrading replicas", "迁移", "缓", "回滚",
		"pg_dump", "max_connections", "li.wei database", "platform status:in-progress", "migration", "tracing", "p", "the",
		"postgress", "opentelemtry", "opentlemetryy", "rollbakc ", "Observabilty kind:blueprint", "kind:manual",
		"team:平台组", "owner:li.wei", "tag:database rollback", "status:done kind:blueprint"}
	do(t, ctx, chromedp.Navigate(srv.URL+"/sub/about/"), waitFor(`window.keelSearch && window.keelSearch.index`))
	pub, _ := fixtureDocs("/sub/")
	ix, err := Open(Build(pub))
	if err != nil {
		t.Fatal(err)
	}
	qs, _ := json.Marshal(queries)
	js := eval[[][]string](t, ctx, `Promise.all((`+string(qs)+`).map(async q => {
		const ix = keelSearch.index, r = await ix.query(q);
		const hs = await Promise.all(r.docs.map(d => ix.details(d, r.groups)));
		return hs.map(h => h.url + " " + r.scores.get(h.doc)).concat(r.suggest ? ["suggest " + r.suggest] : []);
	}))`)
	for i, q := range queries {
		r, err := ix.Query(q, Filters{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, h := range r.Hits {
			want = append(want, fmt.Sprintf("%s %d", h.URL, h.Score))
		}
		if r.Suggest != "" {
			want = append(want, "suggest "+r.Suggest)
		}
		if !slices.Equal(js[i], want) && !(len(want) == 0 && len(js[i]) == 0) {
			t.Errorf("query %q: JS %q, Go %q", q, js[i], want)
		}
	}
}
