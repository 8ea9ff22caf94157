// Package render executes the theme's templates over an assembled site and
// returns every output file in memory: pages, section lists, views, feeds,
// sitemap, search index, redirects and fingerprinted static files.
package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"html/template"
	"path"
	"slices"
	"strings"
	"sync"

	"keel/internal/diag"
	"keel/internal/site"
)

// File is one output file; Path is relative to the output root.
type File struct {
	Path string
	Data []byte
}

// ThemeFile is a template, message table or static file of the theme, after
// a site's own files have overridden the embedded ones.
type ThemeFile struct {
	Path string // "templates/page.html", "static/css/keel.css"
	Data []byte
}

// Input is what rendering needs.
type Input struct {
	Site   *site.Site
	Theme  []ThemeFile // templates/** and static/**, already merged
	Assets []Asset     // content files published beside pages
	Extra  []File      // generated files (search index, syntax CSS) to publish as they are
	// Diagram renders the generated decision diagrams (supersedes chains, the
	// decision graph); nil leaves them out.
	Diagram DiagramFunc
}

// Asset is a content file copied to the output.
type Asset struct {
	OutPath string
	Data    []byte
}

// Renderer holds parsed templates and the fingerprinted asset map of one theme.
type Renderer struct {
	diagram    DiagramFunc
	views      map[string]*template.Template
	messages   map[string]string
	assets     map[string]string // "css/keel.css" → "css/keel.1a2b3c4d.css"
	static     []File
	base       string
	prefix     string // the site's language prefix ("zh/"); "" for the default language
	repository string
	site       *site.Site
	nav        *navCache
	rendering  sync.Map // *site.Page → template.HTML: the body of each page being rendered
	memo       memo     // parts rendered once: siteHTML, card
	tocs       sync.Map // *site.Page → template.HTML: the table of contents of each page being rendered
}

// New parses the theme for a site. The Renderer renders the jobs of the
// whole site (Jobs) and, later, single pages of the same site after their
// bodies changed (PageJob), which is how keel serve stays fast.
func New(in Input) (*Renderer, diag.List) {
	r, diags := newRenderer(in)
	if !diags.HasErrors() {
		r.site = in.Site
		r.nav = newNavCache(in.Site, r)
	}
	return r, diags
}

// CheckTheme parses the theme as New does, for keel check, which renders
// nothing but must report the same template errors as a build.
func CheckTheme(in Input) diag.List {
	_, diags := newRenderer(in)
	return diags
}

// Job is one output of a template: a page or a generated view.
type Job struct {
	Out  string // the output path
	name string
	data view
}

// Page is the content page the job renders; nil for a generated view.
func (j Job) Page() *site.Page { return j.data.Page }

// Error is err, met rendering or writing j, as the diagnostic that names
// the template and the page.
func (j Job) Error(err error) diag.Diagnostic {
	d := templateError("templates/"+j.name+".html", err)
	if j.data.Page != nil && j.data.Page.Path != "" {
		d.Message += " (rendering " + j.data.Page.Path + ")"
	}
	return d
}

// PageJob is the job of a page of the Renderer's site: its own, or a copy
// site.Site.WithBody made.
func (r *Renderer) PageJob(p *site.Page) Job {
	v := p.Kind
	if _, ok := r.views[v]; !ok {
		v = "page"
	}
	return Job{p.OutPath, v, view{Page: p, Title: p.Meta.Title, URL: p.URL}}
}

// Render runs j's template into buf. body is the HTML of the page's body,
// links resolved ("" for a generated view): the build hands it over and
// the template's body function shows it; the renderer never fetches one.
// Render may be called from several goroutines.
func (r *Renderer) Render(buf *bytes.Buffer, j Job, body string) error {
	j.data.Site, j.data.View = r.site, j.name
	if p := j.data.Page; p != nil {
		r.rendering.Store(p, template.HTML(body))
		defer r.rendering.Delete(p)
		defer r.tocs.Delete(p)
	}
	// The sidebar goes into the job's copy only: kept in the job list it
	// would stay alive until every page is rendered (217 MB at 100,000 pages).
	j.data.Nav = r.nav.forPage(r.site.Own(j.data.Page)) // the graph's page, also for a site.Site.WithBody copy
	return r.views[j.name].ExecuteTemplate(buf, "templates/layout.html", j.data)
}

var views = []string{"home", "section", "page", "blueprint", "manual", "brief", "board", "decisions", "roadmap",
	"taxonomy", "term", "stale", "search", "404"}

func newRenderer(in Input) (*Renderer, diag.List) {
	var diags diag.List
	cfg := in.Site.Config
	r := &Renderer{views: map[string]*template.Template{}, assets: map[string]string{}, base: cfg.BasePath, prefix: in.Site.Prefix, repository: cfg.Repository, diagram: in.Diagram}
	files := map[string][]byte{}
	for _, f := range in.Theme {
		files[f.Path] = f.Data
	}

	var more diag.List
	r.messages, more = Messages(in.Theme, cfg.Language)
	diags = append(diags, more...)

	// Static files: CSS and JS get a content hash in their name so they can be cached forever.
	var static []File
	for _, f := range in.Theme {
		if rel, ok := strings.CutPrefix(f.Path, "static/"); ok {
			static = append(static, File{Path: rel, Data: f.Data})
		}
	}
	static = append(static, in.Extra...)
	for _, f := range static {
		out := PublishedName(f.Path, f.Data)
		r.assets[f.Path] = out
		r.static = append(r.static, File{Path: out, Data: f.Data})
	}

	base := template.New("").Funcs(r.funcs())
	var shared []string
	for name := range files {
		if strings.HasPrefix(name, "templates/partials/") || name == "templates/layout.html" {
			shared = append(shared, name)
		}
	}
	slices.Sort(shared)
	for _, name := range shared {
		if _, err := base.New(name).Parse(string(files[name])); err != nil {
			diags.Add(templateError(name, err))
		}
	}
	for _, v := range views {
		name := "templates/" + v + ".html"
		src, ok := files[name]
		if !ok {
			diags.Errorf(name, 0, 0, "template missing")
			continue
		}
		t, err := base.Clone()
		if err == nil {
			t.Funcs(r.memoFuncs(v, groupOf(v, name, string(src))))
			_, err = t.New(name).Parse(string(src))
		}
		if err != nil {
			diags.Add(templateError(name, err))
			continue
		}
		r.views[v] = t
	}
	if src, ok := files["templates/alias.html"]; ok {
		t, err := template.New("templates/alias.html").Funcs(r.funcs()).Parse(string(src))
		if err != nil {
			diags.Add(templateError("templates/alias.html", err))
		}
		r.views["alias"] = t
	}
	return r, diags
}

// PublishedName is the output path of a static file (relative to static/):
// CSS and JS get a content hash in their name so they can be cached forever.
func PublishedName(rel string, data []byte) string {
	if ext := path.Ext(rel); ext == ".css" || ext == ".js" {
		sum := sha256.Sum256(data)
		return strings.TrimSuffix(rel, ext) + "." + hex.EncodeToString(sum[:4]) + ext
	}
	return rel
}

// view is the data every template gets.
type view struct {
	Site     *site.Site
	Page     *site.Page // nil on generated views
	Title    string
	View     string
	URL      string // this output's URL (base path applied)
	Nav      template.HTML
	Taxonomy *site.Taxonomy
	Term     *site.Term
	Alias    *site.Alias
}

func (r *Renderer) jobs(s *site.Site) []Job {
	var jobs []Job
	for _, p := range s.Pages {
		if !p.Clashes { // reported by the site: the page whose URL it is renders
			jobs = append(jobs, r.PageJob(p))
		}
	}
	add := func(rel, name, title string, extra view) {
		rel = s.Prefix + rel
		extra.Title, extra.URL = title, s.Config.BasePath+rel
		out := rel + "index.html"
		if strings.HasSuffix(rel, ".html") {
			out, extra.URL = rel, s.Config.BasePath+rel
		}
		jobs = append(jobs, Job{out, name, extra})
	}
	if len(s.Blueprints()) > 0 {
		if s.Shows("board") {
			add("blueprints/board/", "board", r.t("board.title"), view{})
			add("blueprints/decisions/", "decisions", r.t("decisions.title"), view{})
		}
		if len(s.Roadmap().Quarters) > 0 && s.Shows("roadmap") {
			add("roadmap/", "roadmap", r.t("roadmap.title"), view{})
		}
	}
	for _, tx := range s.Taxonomies {
		add(tx.Name+"/", "taxonomy", r.t("taxonomy."+tx.Name), view{Taxonomy: tx})
		for _, term := range tx.Terms {
			add(tx.Name+"/"+term.Slug+"/", "term", term.Title, view{Taxonomy: tx, Term: term, Page: term.Page})
		}
	}
	if s.Shows("stale") {
		add("stale/", "stale", r.t("stale.title"), view{})
	}
	add("search/", "search", r.t("search.title"), view{})
	add("404.html", "404", r.t("notfound.title"), view{})
	return jobs
}

// Jobs is every output of the site New was given: the jobs of its templates
// and the files made without one (aliases, static files, assets, sitemap,
// robots.txt, llms.txt, feed). It reports an error when two want one path.
func (r *Renderer) Jobs(in Input) ([]Job, []File, diag.List) {
	s := in.Site
	jobs := r.jobs(s)
	var diags diag.List
	var rest []File
	for _, a := range s.Aliases {
		var buf bytes.Buffer
		if err := r.views["alias"].Execute(&buf, view{Site: s, Page: a.Target, Alias: &a, URL: a.URL}); err != nil {
			diags.Add(templateError("templates/alias.html", err))
		}
		rest = append(rest, File{Path: a.OutPath, Data: buf.Bytes()})
	}
	if s.Prefix == "" { // files of the whole site: written once, with the default language
		rest = append(rest, r.static...)
		for _, a := range in.Assets {
			rest = append(rest, File{Path: a.OutPath, Data: a.Data})
		}
		rest = append(rest,
			File{Path: "sitemap.xml", Data: sitemap(s)},
			File{Path: "robots.txt", Data: robots(s)},
			File{Path: "llms.txt", Data: llmsTxt(s)},
		)
	}
	rest = append(rest, File{Path: s.Prefix + "feed.xml", Data: feed(s, r.t("feed.title"), r.t("lang"))})
	paths := make([]string, 0, len(jobs)+len(rest))
	for _, j := range jobs {
		paths = append(paths, j.Out)
		if j.data.Page != nil {
			paths = append(paths, j.data.Page.TwinPath())
		}
	}
	for _, f := range rest {
		paths = append(paths, f.Path)
	}
	slices.Sort(paths)
	for i := 1; i < len(paths); i++ {
		if paths[i] == paths[i-1] {
			// A file beside the pages is the usual culprit: name it.
			if slices.ContainsFunc(in.Assets, func(a Asset) bool { return a.OutPath == paths[i] }) {
				diags.Errorf("content/"+paths[i], 0, 0, "file would overwrite /%s, which keel writes for a page or a generated file; rename or move it", paths[i])
				continue
			}
			diags.Errorf("", 0, 0, "two outputs want %s", paths[i])
		}
	}
	if diags.HasErrors() {
		return nil, nil, diags
	}
	return jobs, rest, diags
}

func (r *Renderer) t(key string) string {
	if v, ok := r.messages[key]; ok {
		return v
	}
	return key
}

func (r *Renderer) asset(p string) string {
	if out, ok := r.assets[p]; ok {
		return r.base + out
	}
	return r.base + p
}

// Messages reads the theme's UI strings for a language: English, overlaid by
// the language's own table.
func Messages(theme []ThemeFile, language string) (map[string]string, diag.List) {
	var diags diag.List
	files := map[string][]byte{}
	for _, f := range theme {
		files[f.Path] = f.Data
	}
	msgs := map[string]string{}
	for _, lang := range []string{"en", language} {
		name := "templates/i18n/" + lang + ".json"
		table := map[string]string{}
		if err := json.Unmarshal(files[name], &table); err != nil {
			diags.Errorf(name, 1, 1, "invalid message table: %v", err)
		}
		for k, v := range table {
			msgs[k] = v
		}
		if lang == language {
			break
		}
	}
	return msgs, diags
}
