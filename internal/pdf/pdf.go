package pdf

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/chromedp"

	"keel/internal/build"
	"keel/internal/diag"
	"keel/internal/meta"
	"keel/internal/render"
	"keel/internal/site"
)

// Options say what to print.
type Options struct {
	Source   string   // site root
	Audience string   // internal (default) or public
	Out      string   // folder for the PDFs (default _pdf)
	BaseURL  string   // overrides keel.yaml's baseURL: where links to other pages go
	CacheDir string   // the build's persistent cache (diagrams laid out once); "" for none
	Paths    []string // content files or folders, relative to the site ("content/briefs/x.md", "briefs/")
	Theme    fs.FS    // the embedded default theme
	Chromium string   // the browser; "" looks for KEEL_CHROMIUM, chromium, chromium-browser, google-chrome
	Now      time.Time
}

// Result lists the PDFs written (paths under Out) and the build's diagnostics.
type Result struct {
	Files []string
	Diags diag.List
	// Fonts are the fonts Chromium set each PDF's title in, by file.
	Fonts map[string][]string
	// Warnings are problems with the PDFs themselves (a Chinese page without a CJK font).
	Warnings []string
}

// ErrNoChromium means no browser was found; the caller names the package.
var ErrNoChromium = errors.New("keel pdf needs Chromium: install Debian's chromium package (apt-get install chromium), or set KEEL_CHROMIUM to a Chrome or Chromium binary")

// UsageError is a PATH that names nothing printable in the edition.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// FindChromium returns the browser to use, or ErrNoChromium.
func FindChromium(explicit string) (string, error) {
	for _, c := range []string{explicit, os.Getenv("KEEL_CHROMIUM")} {
		if c != "" {
			if p, err := exec.LookPath(c); err == nil {
				return p, nil
			}
			return "", fmt.Errorf("%w (%s not found)", ErrNoChromium, c)
		}
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// Run builds the edition, selects the pages and prints each to Out. Build
// errors come back in Result.Diags with no PDF written.
func Run(ctx context.Context, opts Options) (Result, error) {
	if opts.Audience == "" {
		opts.Audience = "internal"
	}
	if opts.Out == "" {
		opts.Out = "_pdf"
	}
	browser, err := FindChromium(opts.Chromium)
	if err != nil {
		return Result{}, err
	}
	res := build.New(build.Options{Source: opts.Source, Audience: opts.Audience, BaseURL: opts.BaseURL, Theme: opts.Theme, Now: opts.Now, CacheDir: opts.CacheDir}).Build()
	out := Result{Diags: res.Diags, Fonts: map[string][]string{}}
	if res.Diags.HasErrors() {
		return out, nil
	}
	pages, err := Select(res.Site, opts.Paths)
	if err != nil {
		return out, err
	}
	srv, base, err := serveFiles(res.Files, res.Site.Config.BasePath)
	if err != nil {
		return out, err
	}
	defer srv.Close()

	profile, err := os.MkdirTemp("", "keel-pdf-")
	if err != nil {
		return out, err
	}
	defer os.RemoveAll(profile)
	flags := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(profile),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, flags...)
	defer cancelAlloc()
	browserCtx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Do(browserCtx); err != nil {
		return out, fmt.Errorf("starting Chromium (%s): %w", browser, err)
	}
	origin := siteOrigin(res.Site.Config)
	if origin == "" {
		out.Warnings = append(out.Warnings, "keel.yaml has no absolute baseURL: links to other pages of the site are printed as plain text (set baseURL: https://… to make them links)")
	}
	for _, p := range pages {
		data, fonts, err := printPage(browserCtx, base, origin, siteOf(res.Site, p), p)
		if err != nil {
			return out, fmt.Errorf("printing %s: %w", p.Path, err)
		}
		name := filepath.Join(opts.Out, filepath.FromSlash(pdfName(p)))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return out, err
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return out, err
		}
		out.Files = append(out.Files, name)
		out.Fonts[name] = fonts
		if isChinese(p.Meta.Title+p.Meta.Summary+p.Meta.Headline) && !slices.ContainsFunc(fonts, isCJKFont) {
			out.Warnings = append(out.Warnings, fmt.Sprintf("%s: the Chinese text is set in %s, not a CJK font: install Debian's fonts-noto-cjk package", name, strings.Join(fonts, ", ")))
		}
	}
	return out, nil
}

// pdfName is "briefs/interoperability.pdf" for /briefs/interoperability/,
// "briefs.pdf" for the section page, "index.pdf" for home.
func pdfName(p *site.Page) string {
	rel := strings.TrimSuffix(p.RelURL, "/")
	if rel == "" {
		rel = "index"
	}
	return rel + ".pdf"
}

// Select maps PATHs to the edition's published pages: a content file is its
// page, a folder every page below it (its own _index.md included when it has
// a body). A path the edition does not publish is a UsageError.
func Select(s *site.Site, paths []string) ([]*site.Page, error) {
	if len(paths) == 0 {
		return nil, &UsageError{"keel pdf: name at least one content file or folder (e.g. content/briefs/interoperability.md)"}
	}
	var out []*site.Page
	for _, raw := range paths {
		p := strings.TrimPrefix(path.Clean(filepath.ToSlash(raw)), "./")
		if !strings.HasPrefix(p, "content/") && p != "content" {
			p = path.Join("content", p)
		}
		var found []*site.Page
		for _, pg := range allPages(s) {
			if pg.Path == "" {
				continue
			}
			dir := strings.TrimSuffix(p, "/")
			switch {
			case pg.Path == p || pg.Path == p+".md":
				found = append(found, pg)
			case dir == "content" || strings.HasPrefix(pg.Path, dir+"/"):
				if !pg.IsSection() || strings.TrimSpace(pg.Body()) != "" {
					found = append(found, pg)
				}
			}
		}
		if len(found) == 0 {
			what := "is not a published page or a folder of them"
			if s.Audience == "public" {
				what += " in the public edition (internal and draft pages are never printed for it)"
			}
			return nil, &UsageError{fmt.Sprintf("keel pdf: %s %s", raw, what)}
		}
		for _, pg := range found {
			if !slices.Contains(out, pg) {
				out = append(out, pg)
			}
		}
	}
	return out, nil
}

// allPages are the published pages of every language (keel.yaml languages:),
// so that content/x.zh.md prints the Chinese translation.
func allPages(s *site.Site) []*site.Page {
	if len(s.Sites) < 2 {
		return s.Pages
	}
	var out []*site.Page
	for _, ls := range s.Sites {
		out = append(out, ls.Pages...)
	}
	return out
}

// siteOf is the language site p belongs to (its title and language).
func siteOf(s *site.Site, p *site.Page) *site.Site {
	for _, ls := range s.Sites {
		if slices.Contains(ls.Pages, p) {
			return ls
		}
	}
	return s
}

// siteOrigin is "https://host" of an absolute baseURL, "" without one: the
// PDF's links to other pages go there, not to the loopback port it was
// printed from.
func siteOrigin(c meta.Config) string {
	if !strings.HasPrefix(c.BaseURL, "http://") && !strings.HasPrefix(c.BaseURL, "https://") {
		return ""
	}
	return strings.TrimSuffix(c.BaseURL, c.BasePath)
}

// serveFiles serves the built files from memory on a loopback port.
func serveFiles(files []render.File, basePath string) (*http.Server, string, error) {
	byPath := make(map[string][]byte, len(files))
	for _, f := range files {
		byPath[f.Path] = f.Data
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(r.URL.Path, basePath)
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		data, ok := byPath[p]
		if !ok {
			http.NotFound(w, r)
			return
		}
		switch path.Ext(p) {
		case ".html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		case ".css":
			w.Header().Set("Content-Type", "text/css; charset=utf-8")
		case ".js":
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		case ".svg":
			w.Header().Set("Content-Type", "image/svg+xml")
		}
		w.Write(data)
	})}
	go srv.Serve(ln)
	return srv, "http://" + ln.Addr().String(), nil
}

//go:embed print.css
var printCSS string

//go:embed front.html
var frontHTML string

var front = template.Must(template.New("front").Parse(frontHTML))

// frontData is what the cover and contents show.
type frontData struct {
	Site, Kind, Title, Headline, Summary, From, To, Estimate, Date, Edition, Copyright string
	Internal                                                                           bool
	Contents                                                                           string
	TOC                                                                                []tocItem
	Lang                                                                               string
	// Online is the page's address on the site (with an absolute baseURL):
	// the reader of a PDF finds the current version there.
	Online, OnlineLabel string
}

type tocItem struct {
	Level    int
	ID, Text string
}

// labels in the page's own language (a Chinese brief gets a Chinese cover).
var labels = map[string]map[string]string{
	"en": {"blueprint": "Blueprint", "manual": "Migration manual", "brief": "Technology brief", "page": "Guide", "section": "Overview", "home": "Overview",
		"internal": "Internal edition · not for distribution", "updated": "Updated", "contents": "Contents", "estimate": "Estimated effort", "online": "Current version:"},
	"zh": {"blueprint": "技术蓝图", "manual": "迁移手册", "brief": "技术简报", "page": "指南", "section": "概览", "home": "概览",
		"internal": "内部版 · 请勿外传", "updated": "更新于", "contents": "目录", "estimate": "预计工作量", "online": "最新版本："},
}

// printPage prints p from the loopback server at base. Links to other pages
// are rewritten to origin (the site's public address) or, without one,
// printed as text. The contents are printed twice: once to learn on which
// page each heading falls (destPages), then with those page numbers.
func printPage(ctx context.Context, base, origin string, s *site.Site, p *site.Page) ([]byte, []string, error) {
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	tab, cancelTime := context.WithTimeout(tab, 60*time.Second)
	defer cancelTime()

	lang := "en"
	if isChinese(p.Meta.Title + p.Meta.Summary + p.Meta.Headline) {
		lang = "zh"
	}
	l := labels[lang]
	d := frontData{Site: s.Config.Title, Kind: l[p.Kind], Title: p.Meta.Title, Headline: p.Meta.Headline, Summary: p.Meta.Summary,
		From: p.Meta.From, To: p.Meta.To, Edition: l[s.Audience], Internal: s.Audience != "public", Copyright: s.Config.Copyright,
		Contents: l["contents"], Lang: map[string]string{"en": "en", "zh": "zh-CN"}[lang]}
	if origin != "" {
		d.Online, d.OnlineLabel = origin+p.URL, l["online"]
	}
	if p.Meta.Estimate != "" {
		d.Estimate = l["estimate"] + ": " + p.Meta.Estimate
	}
	if !p.LastMod.IsZero() {
		d.Date = l["updated"] + " " + p.LastMod.Format("2006-01-02")
	}
	if p.MD != nil {
		for _, h := range p.MD.Headings {
			if h.Level == 2 || h.Level == 3 {
				d.TOC = append(d.TOC, tocItem{Level: h.Level, ID: h.ID, Text: h.Text})
			}
		}
	}
	var b strings.Builder
	if err := front.Execute(&b, d); err != nil {
		return nil, nil, err
	}
	footer := p.Meta.Title + " · " + s.Config.Title
	if p.Meta.Title == s.Config.Title { // the home page
		footer = p.Meta.Title
	}
	css := printCSS + "\n@page { @bottom-left { content: " + cssString(footer) + "; } }\n"

	inject := `(async () => {
  const css = document.createElement("style"); css.textContent = ` + jsString(css) + `; document.head.append(css);
  document.documentElement.lang = ` + jsString(d.Lang) + `;
  document.body.classList.add("keel-pdf");
  const main = document.querySelector("main") || document.body;
  main.insertAdjacentHTML("afterbegin", ` + jsString(b.String()) + `);
  const origin = ` + jsString(origin) + `;
  for (const a of document.querySelectorAll("main a[href]")) {
    const u = new URL(a.href);
    if (u.origin !== location.origin || a.closest(".pdf-cover")) continue;
    if (u.pathname === location.pathname && u.hash) a.setAttribute("href", u.hash);
    else if (origin) { a.href = origin + u.pathname + u.search + u.hash; a.classList.add("pdf-site-link"); }
    else a.removeAttribute("href");
  }
  for (const li of document.querySelectorAll(".pdf-toc li")) {
    const step = document.getElementById(li.dataset.id)?.querySelector(".step-no");
    if (step) li.querySelector(".pdf-toc-no").textContent = step.textContent;
  }
  document.querySelectorAll("details").forEach(e => e.open = true);
  document.querySelectorAll("img[loading=lazy]").forEach(e => e.loading = "eager");
  await Promise.all([...document.images].map(i => i.complete ? 0 : new Promise(r => { i.onload = i.onerror = r; })));
  await document.fonts.ready;
  return true;
})()`
	if err := chromedp.Do(tab, chromedp.Navigate(base+p.URL), chromedp.WaitReady("body")); err != nil {
		return nil, nil, err
	}
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](inject, chromedp.EvalAwaitPromise)); err != nil {
		return nil, nil, err
	}
	fonts, err := chromedp.Run(tab, fontsOf(".pdf-title"))
	if err != nil {
		return nil, nil, err
	}
	printIt := chromedp.PrintToPDF(chromedp.PDFPrintBackground(), chromedp.PDFPreferCSSPageSize(), chromedp.PDFOutlineAndTagged())
	pdf, err := chromedp.Run(tab, printIt)
	if err != nil || len(d.TOC) < 2 {
		return pdf, fonts, err
	}
	pages, err := destPages(pdf)
	if err != nil || len(pages) == 0 {
		return pdf, fonts, nil // the contents keep no page numbers; the PDF is still right
	}
	numbers := map[string]string{}
	for _, t := range d.TOC {
		if n, ok := pages[t.ID]; ok {
			numbers[t.ID] = strconv.Itoa(n)
		}
	}
	fill := `((m) => { for (const li of document.querySelectorAll(".pdf-toc li")) li.querySelector(".pdf-toc-page").textContent = m[li.dataset.id] || ""; return true; })(` + jsonString(numbers) + `)`
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](fill)); err != nil {
		return nil, nil, err
	}
	pdf, err = chromedp.Run(tab, printIt)
	return pdf, fonts, err
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// fontsOf lists the platform fonts Chromium used for the text of an element.
func fontsOf(selector string) chromedp.Action[[]string] {
	return func(ctx context.Context, t *chromedp.Target) ([]string, error) {
		if _, err := cdp.Call(ctx, t, dom.Enable, dom.EnableParams{}); err != nil {
			return nil, err
		}
		if _, err := cdp.Call(ctx, t, css.Enable, cdp.Empty{}); err != nil {
			return nil, err
		}
		doc, err := cdp.Call(ctx, t, dom.GetDocument, dom.GetDocumentParams{})
		if err != nil {
			return nil, err
		}
		n, err := cdp.Call(ctx, t, dom.QuerySelector, dom.QuerySelectorParams{NodeID: doc.Root.NodeID, Selector: selector})
		if err != nil {
			return nil, err
		}
		r, err := cdp.Call(ctx, t, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: n.NodeID})
		if err != nil {
			return nil, err
		}
		var out []string
		for _, f := range r.Fonts {
			out = append(out, f.FamilyName)
		}
		return out, nil
	}
}

var cjkFontRE = regexp.MustCompile(`(?i)CJK|Han |Sans SC|Serif SC|Hei|Song|Kai|Ming|WenQuanYi|Fallback|PingFang|YaHei`)

func isCJKFont(name string) bool { return cjkFontRE.MatchString(name) }

// isChinese reports text that is mostly Han characters.
func isChinese(s string) bool {
	han, letters := 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.IsLetter(r):
			letters++
		}
	}
	return han > 0 && han*3 >= letters
}

func jsString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '<':
			b.WriteString(`\u003c`)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' || r < 0x20 {
			fmt.Fprintf(&b, `\%x `, r)
			continue
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}
