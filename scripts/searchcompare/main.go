// Command searchcompare runs the same queries against keel's search and
// Pagefind's on built sites, in headless Chromium, and prints a Markdown
// table: index size, bytes each query downloads (index data and code,
// counted from the browser's resource timing), and how often the expected
// page comes first. scripts/pagefind-compare builds the sites, installs
// Pagefind and runs it; see there.
//
//	searchcompare -pagefind BIN -queries FILE -site NAME=DIR [-site NAME=DIR...]
//
// For each site, the pages keel's index holds (from search/f/*.json) are
// copied to a staging directory that Pagefind indexes with its root
// selector on <main> (what data-pagefind-body on main would do): both tools
// index the same pages and the same part of each. Both are served from one
// local server that gzips text as a static host does (Pagefind's own files
// are compressed already), with caching off, and each query runs in a
// fresh page: what a first query costs a reader. Bytes are counted by the
// server, so requests from Pagefind's web worker count too.
package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/chromedp/chromedp"
)

type query struct {
	q      string
	expect map[string]string // site name -> expected first page path ("" for none)
}

type siteFlag []string

func (s *siteFlag) String() string     { return strings.Join(*s, ",") }
func (s *siteFlag) Set(v string) error { *s = append(*s, v); return nil }

// shown is how many results each query loads the details of (keel's
// dropdown shows 8; Pagefind's default UI 5, then more).
const shown = 8

func main() {
	pagefind := flag.String("pagefind", "", "pagefind binary")
	queries := flag.String("queries", "scripts/searchcompare/queries.tsv", "query list")
	chromium := flag.String("chromium", "/usr/bin/chromium", "Chromium binary")
	work := flag.String("work", "", "scratch directory (staging copies)")
	var sites siteFlag
	flag.Var(&sites, "site", "NAME=DIR of a built keel site (repeatable)")
	flag.Parse()
	if *pagefind == "" || len(sites) == 0 || *work == "" {
		fmt.Fprintln(os.Stderr, "usage: searchcompare -pagefind BIN -work DIR -site NAME=DIR...")
		os.Exit(2)
	}
	if err := run(*pagefind, *queries, *chromium, *work, sites); err != nil {
		fmt.Fprintln(os.Stderr, "searchcompare:", err)
		os.Exit(1)
	}
}

func run(pagefind, queryFile, chromium, work string, sites []string) error {
	qs, names, err := readQueries(queryFile)
	if err != nil {
		return err
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.NoFirstRun,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(filepath.Join(work, "chromium")))
	defer cancel()
	ctx, cancel2 := chromedp.NewContext(actx)
	defer cancel2()
	if err := chromedp.Do(ctx); err != nil { // start the browser outside any per-query timeout
		return err
	}

	var report strings.Builder
	var detail strings.Builder
	fmt.Fprintf(&report, "| | %s |\n|---|%s\n", strings.Join(pairs(sites), " | "), strings.Repeat("---:|", 2*len(sites)))
	rows := map[string][]string{}
	order := []string{"pages indexed", "index files", "index size (bytes on disk)", "index size (gzip)",
		"median bytes per query", "max bytes per query", "of which code (JS, wasm)", "first hit"}
	for _, spec := range sites {
		name, dir, ok := strings.Cut(spec, "=")
		if !ok {
			return fmt.Errorf("-site %q: want NAME=DIR", spec)
		}
		if !contains(names, name) {
			return fmt.Errorf("%s: no column %q in the query list", queryFile, name)
		}
		stage := filepath.Join(work, "stage-"+name)
		pages, err := stagePages(dir, stage)
		if err != nil {
			return err
		}
		cmd := exec.Command(pagefind, "--site", stage, "--root-selector", "main", "--exclude-selectors", "nav", "--exclude-selectors", ".print-brand", "--quiet")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("pagefind on %s: %w", stage, err)
		}
		kn, kb, kz, err := dirSize(filepath.Join(dir, "search"))
		if err != nil {
			return err
		}
		pn, pb, pz, err := dirSize(filepath.Join(stage, "pagefind"))
		if err != nil {
			return err
		}
		var m meter
		srv := httptest.NewServer(handler(dir, stage, &m))
		var kBytes, pBytes []int
		var kCode, pCode int
		kHits, pHits, expected := 0, 0, 0
		fmt.Fprintf(&detail, "\n%s:\n\n| query | expected first | keel first | bytes | Pagefind first | bytes |\n|---|---|---|---:|---|---:|\n", name)
		for _, q := range qs {
			k, err := measure(ctx, &m, srv.URL+"/keel/__compare.html", keelJS(q.q))
			if err != nil {
				srv.Close()
				return fmt.Errorf("keel %q: %w", q.q, err)
			}
			p, err := measure(ctx, &m, srv.URL+"/pf/__compare.html", pagefindJS(q.q))
			if err != nil {
				srv.Close()
				return fmt.Errorf("pagefind %q: %w", q.q, err)
			}
			kBytes, pBytes = append(kBytes, k.Bytes), append(pBytes, p.Bytes)
			kCode, pCode = max(kCode, k.Code), max(pCode, p.Code)
			want := q.expect[name]
			kf, pf := first(k.URLs, "/keel/"), first(p.URLs, "/pf/")
			if want != "" {
				expected++
				if kf == want {
					kHits++
				}
				if pf == want {
					pHits++
				}
			}
			fmt.Fprintf(&detail, "| `%s` | %s | %s | %d | %s | %d |\n", q.q, orDash(want), mark(kf, want), k.Bytes, mark(pf, want), p.Bytes)
		}
		srv.Close()
		add := func(row, keel, pf string) { rows[row] = append(rows[row], keel, pf) }
		add("pages indexed", fmt.Sprint(pages), fmt.Sprint(pages))
		add("index files", fmt.Sprint(kn), fmt.Sprint(pn))
		add("index size (bytes on disk)", kilo(kb), kilo(pb))
		add("index size (gzip)", kilo(kz), kilo(pz))
		add("median bytes per query", kilo(median(kBytes)), kilo(median(pBytes)))
		add("max bytes per query", kilo(slicesMax(kBytes)), kilo(slicesMax(pBytes)))
		add("of which code (JS, wasm)", kilo(kCode), kilo(pCode))
		add("first hit", fmt.Sprintf("%d/%d", kHits, expected), fmt.Sprintf("%d/%d", pHits, expected))
	}
	for _, r := range order {
		fmt.Fprintf(&report, "| %s | %s |\n", r, strings.Join(rows[r], " | "))
	}
	fmt.Print(report.String())
	fmt.Print(detail.String())
	return nil
}

func pairs(sites []string) []string {
	var out []string
	for _, s := range sites {
		name, _, _ := strings.Cut(s, "=")
		out = append(out, name+": keel", name+": Pagefind")
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return "`" + s + "`"
}

// mark is a result path, bold when it is the expected one.
func mark(got, want string) string {
	if got == "" {
		return "(none)"
	}
	if got == want {
		return "**`" + got + "`**"
	}
	return "`" + got + "`"
}

// readQueries reads the query list: a header "query<TAB>site…", then one
// query a line with the expected first page per site ("-" for none).
func readQueries(path string) ([]query, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var names []string
	var qs []query
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if strings.HasPrefix(text, "#") || strings.TrimSpace(text) == "" {
			continue
		}
		cols := strings.Split(text, "\t")
		if names == nil {
			names = cols[1:]
			continue
		}
		if len(cols) != len(names)+1 {
			return nil, nil, fmt.Errorf("%s:%d: want %d tab-separated columns", path, line, len(names)+1)
		}
		q := query{q: cols[0], expect: map[string]string{}}
		for i, n := range names {
			if v := cols[i+1]; v != "-" {
				q.expect[n] = v
			}
		}
		qs = append(qs, q)
	}
	return qs, names, sc.Err()
}

// stagePages copies the HTML of the pages keel's index holds into stage
// and returns how many.
func stagePages(site, stage string) (int, error) {
	if err := os.RemoveAll(stage); err != nil {
		return 0, err
	}
	base := ""
	if b, err := os.ReadFile(filepath.Join(site, "index.html")); err == nil {
		if i := strings.Index(string(b), `data-base="`); i >= 0 {
			base, _, _ = strings.Cut(string(b[i+len(`data-base="`):]), `"`)
		}
	}
	frags, err := filepath.Glob(filepath.Join(site, "search", "f", "*.json"))
	if err != nil {
		return 0, err
	}
	for _, fp := range frags {
		b, err := os.ReadFile(fp)
		if err != nil {
			return 0, err
		}
		var fr struct {
			U string `json:"u"`
		}
		if err := json.Unmarshal(b, &fr); err != nil {
			return 0, fmt.Errorf("%s: %w", fp, err)
		}
		rel := strings.TrimPrefix(fr.U, strings.TrimSuffix(base, "/"))
		html, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(rel), "index.html"))
		if err != nil {
			return 0, err
		}
		dst := filepath.Join(stage, filepath.FromSlash(rel), "index.html")
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return 0, err
		}
		if err := os.WriteFile(dst, html, 0o644); err != nil {
			return 0, err
		}
	}
	return len(frags), nil
}

// dirSize is the number of files under dir, their bytes, and their bytes
// gzipped one by one (files Pagefind compressed itself count as they are).
func dirSize(dir string) (n, bytes, gz int, err error) {
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		bytes += len(b)
		if compressible(p) {
			gz += gzipLen(b)
		} else {
			gz += len(b)
		}
		return nil
	})
	return n, bytes, gz, err
}

func compressible(p string) bool {
	switch filepath.Ext(p) {
	case ".json", ".js", ".html", ".css":
		return true
	}
	return false
}

func gzipLen(b []byte) int {
	var c countWriter
	w, _ := gzip.NewWriterLevel(&c, gzip.DefaultCompression)
	w.Write(b)
	w.Close()
	return int(c)
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

// handler serves the keel site under /keel/ and the staged site with its
// Pagefind bundle under /pf/, each with a blank page that loads only the
// search code, gzipping text, caching off.
// meter counts the bytes the server sent since the last reset (after
// compression, without headers), and how many of them were code.
type meter struct{ bytes, code atomic.Int64 }

func (m *meter) reset() { m.bytes.Store(0); m.code.Store(0) }

type countingWriter struct {
	http.ResponseWriter
	m    *meter
	code bool
}

func (c countingWriter) Write(b []byte) (int, error) {
	n, err := c.ResponseWriter.Write(b)
	c.m.bytes.Add(int64(n))
	if c.code {
		c.m.code.Add(int64(n))
	}
	return n, err
}

func isCode(p string) bool {
	return strings.HasSuffix(p, ".js") || strings.HasSuffix(p, ".pagefind") || strings.Contains(p, "wasm")
}

func handler(site, stage string, m *meter) http.Handler {
	js, _ := filepath.Glob(filepath.Join(site, "js", "search*.js"))
	keelPage := `<!doctype html><html data-base="/keel/"><meta charset="utf-8"><body>`
	if len(js) > 0 {
		keelPage += `<script src="/keel/js/` + filepath.Base(js[0]) + `"></script>`
	}
	pfPage := `<!doctype html><html><meta charset="utf-8"><body>`
	mux := http.NewServeMux()
	serve := func(prefix, dir, page string) {
		files := http.StripPrefix(prefix, http.FileServer(http.Dir(dir)))
		mux.HandleFunc(prefix, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "no-store")
			if r.URL.Path == prefix+"__compare.html" {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				io.WriteString(w, page)
				return
			}
			w = countingWriter{w, m, isCode(r.URL.Path)}
			if compressible(r.URL.Path) && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				w.Header().Set("Content-Encoding", "gzip")
				gz := gzip.NewWriter(w)
				defer gz.Close()
				files.ServeHTTP(gzipWriter{w, gz}, r)
				return
			}
			files.ServeHTTP(w, r)
		})
	}
	serve("/keel/", site, keelPage)
	serve("/pf/", stage, pfPage)
	return mux
}

type gzipWriter struct {
	http.ResponseWriter
	gz *gzip.Writer
}

func (g gzipWriter) Write(b []byte) (int, error) { return g.gz.Write(b) }
func (g gzipWriter) WriteHeader(code int) {
	g.ResponseWriter.Header().Del("Content-Length")
	g.ResponseWriter.WriteHeader(code)
}

type result struct {
	URLs  []string
	Bytes int // on the wire (bodies, after compression), everything the query loaded
	Code  int // of which JavaScript and WebAssembly
}

func keelJS(q string) string {
	qs, _ := json.Marshal(q)
	return `(async () => {
	for (let i = 0; i < 100 && !(window.keelSearch && keelSearch.index); i++) await new Promise(r => setTimeout(r, 20));
	const ix = keelSearch.index, r = await ix.query(` + string(qs) + `, {limit: ` + fmt.Sprint(shown) + `});
	const hs = await Promise.all(r.docs.slice(0, ` + fmt.Sprint(shown) + `).map(d => ix.details(d, r.groups)));
	return hs.map(h => h.url);
})()`
}

func pagefindJS(q string) string {
	qs, _ := json.Marshal(q)
	return `(async () => {
	const pf = await import('/pf/pagefind/pagefind.js');
	await pf.options({baseUrl: '/pf/'});
	const s = await pf.search(` + string(qs) + `);
	const ds = await Promise.all(s.results.slice(0, ` + fmt.Sprint(shown) + `).map(r => r.data()));
	return ds.map(d => d.url);
})()`
}

// measure opens page, runs js (which resolves to the result URLs) and
// returns them with the bytes the server sent from the navigation on,
// the blank page itself left out.
func measure(ctx context.Context, m *meter, page, js string) (result, error) {
	c, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(c, chromedp.Navigate("about:blank")); err != nil {
		return result{}, err
	}
	m.reset()
	if err := chromedp.Do(c, chromedp.Navigate(page)); err != nil {
		return result{}, err
	}
	blank := m.bytes.Load()
	urls, err := chromedp.Run(c, chromedp.Evaluate[[]string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		return result{}, err
	}
	time.Sleep(50 * time.Millisecond) // let the last responses finish writing
	return result{URLs: urls, Bytes: int(m.bytes.Load() - blank), Code: int(m.code.Load())}, nil
}

// first is the path of the first result without the site prefix, query
// and fragment.
func first(urls []string, prefix string) string {
	if len(urls) == 0 {
		return ""
	}
	u := urls[0]
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	return "/" + strings.TrimPrefix(strings.TrimPrefix(u, prefix), "/")
}

func median(v []int) int {
	s := append([]int(nil), v...)
	sort.Ints(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

func slicesMax(v []int) int {
	m := 0
	for _, x := range v {
		m = max(m, x)
	}
	return m
}

func kilo(n int) string {
	if n < 10000 {
		return fmt.Sprintf("%.1f KB", float64(n)/1000)
	}
	if n < 10_000_000 {
		return fmt.Sprintf("%.0f KB", float64(n)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
