package serve

import (
	"bytes"
	"maps"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"keel/internal/diag"
)

func page(title, css string) []byte {
	return []byte(`<!doctype html><html><head><link rel="stylesheet" href="/` + css + `"></head><body><h1>` +
		title + `</h1></body></html>`)
}

// site is a small built site; css names its fingerprinted stylesheet.
func site(css string) map[string][]byte {
	return map[string][]byte{
		"index.html":       page("Home", css),
		"a/index.html":     page("A", css),
		"a/index.md":       []byte("# A\n"),
		"a/b/index.html":   page("B", css),
		"404.html":         page("Not here", css),
		"zh/index.html":    page("首页", css),
		"zh/404.html":      page("页面不存在", css),
		css:                []byte("body{color:black}"),
		"css/print.css":    []byte("@media print{}"),
		"feed.xml":         []byte(`<?xml version="1.0"?><feed/>`),
		"search.json":      []byte(`{"pages":[]}`),
		"robots.txt":       []byte("User-agent: *\n"),
		"app.js":           []byte("console.log(1)"),
		"img/logo.svg":     []byte("<svg/>"),
		"img/photo.png":    []byte("\x89PNG\r\n\x1a\n"),
		"fonts/x.woff2":    []byte("wOF2"),
		"site.webmanifest": []byte("{}"),
		"data/blob":        []byte("plain bytes"),
		"upper/INDEX.HTML": []byte("<p>odd</p>"),
		"noend/index.html": []byte("<p>no body end</p>"),
	}
}

const css1 = "css/keel.3fa2c1.css"

func newServer(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.Logf == nil {
		opts.Logf = t.Logf
	}
	s := New(opts)
	s.Publish(Snapshot{Files: site(css1)})
	return s
}

func do(s *Server, method, target string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

// stripInjection removes what serve adds to a page, failing unless it was
// added exactly once.
func stripInjection(t *testing.T, body string) string {
	t.Helper()
	const open, end = "<!-- keel serve -->", "<!-- /keel serve -->"
	i, j := strings.Index(body, open), strings.Index(body, end)
	if i < 0 || j < i || strings.Count(body, open) != 1 {
		t.Fatalf("injection missing or repeated in %q", body)
	}
	return body[:i] + body[j+len(end):]
}

func TestServe(t *testing.T) {
	s := newServer(t, Options{})
	files := site(css1)
	tests := []struct {
		method, target string
		status         int
		file           string // expected body (injection removed for HTML), "" to skip
		ctype          string
	}{
		{"GET", "/", 200, "index.html", "text/html; charset=utf-8"},
		{"GET", "/index.html", 200, "index.html", "text/html; charset=utf-8"},
		{"GET", "/a/", 200, "a/index.html", "text/html; charset=utf-8"},
		{"GET", "/a/b/", 200, "a/b/index.html", "text/html; charset=utf-8"},
		{"GET", "/a/./b/", 200, "a/b/index.html", "text/html; charset=utf-8"},
		{"GET", "//a//b/", 200, "a/b/index.html", "text/html; charset=utf-8"},
		{"GET", "/feed.xml", 200, "feed.xml", "application/xml; charset=utf-8"},
		{"GET", "/" + css1, 200, css1, "text/css; charset=utf-8"},
		{"GET", "/search.json", 200, "search.json", "application/json"},
		{"GET", "/robots.txt", 200, "robots.txt", "text/plain; charset=utf-8"},
		{"GET", "/a/index.md", 200, "a/index.md", "text/markdown; charset=utf-8"},
		{"GET", "/app.js", 200, "app.js", "text/javascript; charset=utf-8"},
		{"GET", "/img/logo.svg", 200, "img/logo.svg", "image/svg+xml"},
		{"GET", "/img/photo.png", 200, "img/photo.png", "image/png"},
		{"GET", "/fonts/x.woff2", 200, "fonts/x.woff2", "font/woff2"},
		{"GET", "/site.webmanifest", 200, "site.webmanifest", "application/manifest+json"},
		{"GET", "/data/blob", 200, "data/blob", "text/plain; charset=utf-8"},
		{"GET", "/upper/INDEX.HTML", 200, "upper/INDEX.HTML", "text/html; charset=utf-8"},
		{"GET", "/noend/", 200, "noend/index.html", "text/html; charset=utf-8"},
		{"GET", "/missing/", 404, "404.html", "text/html; charset=utf-8"},
		{"GET", "/missing.css", 404, "404.html", "text/html; charset=utf-8"},
		{"GET", "/zh/missing/", 404, "zh/404.html", "text/html; charset=utf-8"}, // a language's own 404 page
		{"GET", "/zh/a/b/gone.png", 404, "zh/404.html", "text/html; charset=utf-8"},
		{"GET", "/zhx/missing/", 404, "404.html", "text/html; charset=utf-8"},
		{"GET", "/a/b/missing/", 404, "404.html", "text/html; charset=utf-8"},
		{"HEAD", "/a/", 200, "", "text/html; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			w := do(s, tt.method, tt.target)
			if w.Code != tt.status {
				t.Fatalf("status = %d, want %d", w.Code, tt.status)
			}
			if got := w.Header().Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type = %q, want %q", got, tt.ctype)
			}
			if got := w.Header().Get("Cache-Control"); got != "no-cache" {
				t.Errorf("Cache-Control = %q", got)
			}
			body := w.Body.String()
			if tt.file == "" {
				if body != "" {
					t.Errorf("HEAD returned a body")
				}
				return
			}
			if strings.HasPrefix(tt.ctype, "text/html") {
				if !strings.Contains(body, `<script src="/__keel/live.js"`) {
					t.Errorf("no live-reload script in %q", body)
				}
				body = stripInjection(t, body)
			} else if strings.Contains(body, "keel serve") {
				t.Errorf("script injected into %s", tt.file)
			}
			if body != string(files[tt.file]) {
				t.Errorf("body = %q, want %s", body, tt.file)
			}
		})
	}
}

func TestInjectionPlacement(t *testing.T) {
	s := newServer(t, Options{})
	body := do(s, "GET", "/a/").Body.String()
	if !strings.HasSuffix(body, "<!-- /keel serve --></body></html>") {
		t.Errorf("script not injected right before </body>: %q", body)
	}
	if !strings.Contains(body, `data-path="a/index.html" data-want="a/index.html"`) {
		t.Errorf("page paths missing: %q", body)
	}
	body = do(s, "GET", "/gone/").Body.String()
	if !strings.Contains(body, `data-path="404.html" data-want="gone/index.html"`) {
		t.Errorf("404 page does not say what was asked for: %q", body)
	}
	// The site itself is never modified: serve injects per response.
	if got := s.cur.Load().files["a/index.html"].bytes(); !bytes.Equal(got, site(css1)["a/index.html"]) {
		t.Errorf("snapshot modified: %q", got)
	}
}

func TestHeadMatchesGet(t *testing.T) {
	s := newServer(t, Options{})
	get, head := do(s, "GET", "/a/"), do(s, "HEAD", "/a/")
	if get.Header().Get("Content-Length") != head.Header().Get("Content-Length") ||
		get.Header().Get("Content-Length") != strconv.Itoa(get.Body.Len()) {
		t.Errorf("Content-Length GET %s, HEAD %s, body %d", get.Header().Get("Content-Length"),
			head.Header().Get("Content-Length"), get.Body.Len())
	}
}

func TestMethodNotAllowed(t *testing.T) {
	s := newServer(t, Options{})
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS"} {
		w := do(s, m, "/")
		if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: status %d, Allow %q", m, w.Code, w.Header().Get("Allow"))
		}
	}
}

func TestRedirects(t *testing.T) {
	tests := []struct {
		base, target string
		status       int
		location     string
	}{
		{"/", "/a", 302, "/a/"},
		{"/", "/a/b?x=1", 302, "/a/b/?x=1"},
		{"/", "/feed.xml", 200, ""},
		{"/sub/", "/sub", 302, "/sub/"},
		{"/sub/", "/", 302, "/sub/"},
		{"/sub/", "/sub/", 200, ""},
		{"/sub/", "/sub/a", 302, "/sub/a/"},
		{"/sub/", "/sub/a/", 200, ""},
		{"/sub/", "/a/", 404, ""},
		{"/sub/", "/subway/", 404, ""},
		{"https://example.com/docs", "/docs/a/", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.base+" "+tt.target, func(t *testing.T) {
			s := newServer(t, Options{BasePath: tt.base})
			w := do(s, "GET", tt.target)
			if w.Code != tt.status || w.Header().Get("Location") != tt.location {
				t.Errorf("got %d %q, want %d %q", w.Code, w.Header().Get("Location"), tt.status, tt.location)
			}
		})
	}
}

func TestBasePathInjection(t *testing.T) {
	s := newServer(t, Options{BasePath: "/sub/"})
	body := do(s, "GET", "/sub/a/").Body.String()
	if !strings.Contains(body, `<script src="/sub/__keel/live.js" data-base="/sub/"`) {
		t.Errorf("script not under the base path: %q", body)
	}
	if w := do(s, "GET", "/sub/__keel/live.js"); w.Code != 200 || !strings.Contains(w.Body.String(), "EventSource") {
		t.Errorf("live.js: %d", w.Code)
	}
}

func TestETag(t *testing.T) {
	s := newServer(t, Options{})
	for _, target := range []string{"/a/", "/" + css1} {
		first := do(s, "GET", target)
		etag := first.Header().Get("ETag")
		if etag == "" {
			t.Fatalf("%s: no ETag", target)
		}
		if w := do(s, "GET", target, "If-None-Match", etag); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
			t.Errorf("%s: revalidation gave %d", target, w.Code)
		}
	}
	// A new version changes the injected script, hence every page's ETag.
	etag := do(s, "GET", "/a/").Header().Get("ETag")
	s.Publish(Snapshot{Files: site(css1)})
	if w := do(s, "GET", "/a/", "If-None-Match", etag); w.Code != http.StatusOK {
		t.Errorf("stale page revalidated: %d", w.Code)
	}
}

func TestNoSiteYet(t *testing.T) {
	s := New(Options{Logf: t.Logf})
	w := do(s, "GET", "/")
	if w.Code != 404 || !strings.Contains(w.Body.String(), "live.js") {
		t.Errorf("before the first build: %d %q", w.Code, w.Body.String())
	}
	// A failed first build has no good site: the overlay still shows.
	s.Publish(Snapshot{Diags: diag.List{diag.Errorf("content/a.md", 1, 1, "broken")}})
	if body := do(s, "GET", "/").Body.String(); !strings.Contains(textOf(body), "content/a.md:1:1: error: broken") {
		t.Errorf("no overlay without a site: %q", body)
	}
}

func TestOverlay(t *testing.T) {
	var logged strings.Builder
	s := newServer(t, Options{Logf: func(f string, a ...any) { logged.WriteString(f + "\n") }})
	bad := diag.List{
		diag.Errorf("content/a.md", 3, 7, "unknown status %q", "<shipped>"),
		diag.Warnf("content/b.md", 1, 1, "unknown key"),
	}
	s.Publish(Snapshot{Files: site(css1), Diags: bad})
	body := do(s, "GET", "/a/").Body.String()
	text := textOf(body)
	if !strings.Contains(body, `<div id="keel-overlay" role="alert">`) {
		t.Error("no overlay")
	}
	for _, want := range []string{
		`content/a.md:3:7: error: unknown status &#34;&lt;shipped&gt;&#34;`,
		`content/b.md:1:1: warning: unknown key`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("page lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "<shipped>") {
		t.Error("diagnostic not escaped")
	}
	// The last good site is still what is served, also when a failed
	// rebuild publishes no files at all.
	if got := stripInjection(t, body); got != string(site(css1)["a/index.html"]) {
		t.Errorf("page body changed: %q", got)
	}
	s.Publish(Snapshot{Diags: bad})
	if got := stripInjection(t, do(s, "GET", "/a/").Body.String()); !strings.Contains(got, "<h1>A</h1>") {
		t.Errorf("nil Files dropped the site: %q", got)
	}
	if st := do(s, "GET", "/__keel/status").Body.String(); !strings.Contains(st, `"errors":1`) {
		t.Errorf("status = %s", st)
	}

	s.Publish(Snapshot{Files: site(css1), Diags: diag.List{diag.Warnf("content/b.md", 1, 1, "unknown key")}})
	if body := do(s, "GET", "/a/").Body.String(); strings.Contains(body, "keel-overlay") {
		t.Errorf("overlay still shown after a clean build: %q", body)
	}
	if st := do(s, "GET", "/__keel/status").Body.String(); !strings.Contains(st, `"errors":0`) {
		t.Errorf("status = %s", st)
	}
	if !strings.Contains(logged.String(), "rebuild failed") {
		t.Errorf("failure not printed: %q", logged.String())
	}
}

func TestPublishComputesChanged(t *testing.T) {
	a := site(css1)
	b := maps.Clone(a)
	b["a/index.html"] = page("A edited", css1)
	delete(b, "robots.txt")
	b["new.txt"] = []byte("new")
	got := diffFiles(a, b)
	want := []string{"a/index.html", "new.txt", "robots.txt"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("diffFiles = %q, want %q", got, want)
	}
	if got := diffFiles(a, maps.Clone(a)); len(got) != 0 {
		t.Errorf("shared slices reported as changed: %q", got)
	}
}
