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
	"keel/internal/par"
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
	// Emit, when set, receives each file as soon as it is ready (from several
	// goroutines at once) and Render returns no files: a build then never
	// holds the whole site in memory. Emit must not keep Data after returning.
	Emit func(File) error
	// Diagram renders the generated decision diagrams (supersedes chains, the
	// decision graph); nil leaves them out.
	Diagram DiagramFunc
	// Bodies, when set, gives each page's HTML right before that page is
	// rendered; the renderer lets go of it once the page is written, so a
	// build never holds every page's HTML. Nil: the pages' Markdown results
	// hold their HTML (site.Page.Body).
	Bodies Bodies
}

// Bodies gives the HTML a page's body converts to (site.Page.BodyOf's
// argument). Only the renderer calls it, never a template.
type Bodies interface {
	HTML(p *site.Page) []byte
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
	bodies     Bodies
	rendering  sync.Map // *site.Page → template.HTML: the body of each page being rendered
}

// New parses the theme for a site. The Renderer can render the whole site
// (All) and later re-render single pages of the same site after
// their bodies changed (Pages), which is how keel serve stays fast.
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

// Pages renders the given pages of the Renderer's site again: its own, or
// copies site.Site.WithBody made.
func (r *Renderer) Pages(pages []*site.Page) ([]File, diag.List) {
	var diags diag.List
	var out []File
	var buf bytes.Buffer
	for _, p := range pages {
		j := r.pageJob(p)
		buf.Reset()
		if err := r.exec(&buf, &j); err != nil {
			diags.Add(execError(j, err))
			continue
		}
		out = append(out, File{Path: j.out, Data: bytes.Clone(buf.Bytes())})
		out = append(out, File{Path: p.TwinPath(), Data: p.Twin()})
	}
	return out, diags
}

func (r *Renderer) pageJob(p *site.Page) job {
	v := p.Kind
	if _, ok := r.views[v]; !ok {
		v = "page"
	}
	return job{p.OutPath, v, view{Page: p, Title: p.Meta.Title, URL: p.URL}}
}

func (r *Renderer) exec(buf *bytes.Buffer, j *job) error {
	j.data.Site, j.data.View = r.site, j.name
	// The page's HTML is fetched here and dropped once the page is written;
	// the template's body function reads it from rendering.
	if p := j.data.Page; p != nil {
		body := p.Body()
		if r.bodies != nil {
			body = p.BodyOf(r.bodies.HTML(p))
		}
		r.rendering.Store(p, template.HTML(body))
		defer r.rendering.Delete(p)
	}
	// The sidebar goes into a copy: kept in the job it would stay alive with
	// the job list until every page is rendered (217 MB at 100,000 pages).
	data := j.data
	data.Nav = r.nav.forPage(r.site.Own(j.data.Page)) // the graph's page, also for a site.Site.WithBody copy
	return r.views[j.name].ExecuteTemplate(buf, "templates/layout.html", data)
}

var views = []string{"home", "section", "page", "blueprint", "manual", "brief", "board", "decisions", "roadmap",
	"taxonomy", "term", "stale", "search", "404"}

func newRenderer(in Input) (*Renderer, diag.List) {
	var diags diag.List
	cfg := in.Site.Config
	r := &Renderer{views: map[string]*template.Template{}, assets: map[string]string{}, base: cfg.BasePath, prefix: in.Site.Prefix, repository: cfg.Repository, diagram: in.Diagram,
		bodies: in.Bodies}
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

type job struct {
	out  string
	name string
	data view
}

func (r *Renderer) jobs(s *site.Site) []job {
	var jobs []job
	for _, p := range s.Pages {
		if !p.Clashes { // reported by the site: the page whose URL it is renders
			jobs = append(jobs, r.pageJob(p))
		}
	}
	add := func(rel, name, title string, extra view) {
		rel = s.Prefix + rel
		extra.Title, extra.URL = title, s.Config.BasePath+rel
		out := rel + "index.html"
		if strings.HasSuffix(rel, ".html") {
			out, extra.URL = rel, s.Config.BasePath+rel
		}
		jobs = append(jobs, job{out, name, extra})
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
			add(tx.Name+"/"+term.Slug+"/", "term", term.Name, view{Taxonomy: tx, Term: term})
		}
	}
	if s.Shows("stale") {
		add("stale/", "stale", r.t("stale.title"), view{})
	}
	add("search/", "search", r.t("search.title"), view{})
	add("404.html", "404", r.t("notfound.title"), view{})
	return jobs
}

// All renders every output of the site New was given.
func (r *Renderer) All(in Input) ([]File, diag.List) {
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
		paths = append(paths, j.out)
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
		return nil, diags
	}

	// Pages render in parallel; each worker reuses one buffer. With Emit set,
	// a page is handed over as soon as it is rendered and not kept in memory.
	var out []File
	if in.Emit == nil {
		out = make([]File, len(jobs), 2*len(jobs)+len(rest))
	}
	errs := make([]error, len(jobs))
	twinFiles := make([]File, len(jobs)) // a page's Markdown twin, beside its HTML
	buffers := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	par.For(len(jobs), func(i int) {
		buf := buffers.Get().(*bytes.Buffer)
		defer buffers.Put(buf)
		buf.Reset()
		j := &jobs[i]
		if errs[i] = r.exec(buf, j); errs[i] != nil {
			return
		}
		var twin File
		if p := j.data.Page; p != nil {
			twin = File{Path: p.TwinPath(), Data: p.Twin()}
		}
		if in.Emit != nil {
			errs[i] = in.Emit(File{Path: j.out, Data: buf.Bytes()})
			if errs[i] == nil && twin.Path != "" {
				errs[i] = in.Emit(twin)
			}
		} else {
			out[i] = File{Path: j.out, Data: bytes.Clone(buf.Bytes())}
			twinFiles[i] = twin
		}
	})
	for i, err := range errs {
		if err != nil {
			diags.Add(execError(jobs[i], err))
		}
	}
	for _, f := range twinFiles {
		if f.Path != "" {
			out = append(out, f)
		}
	}
	for _, f := range rest {
		if in.Emit != nil {
			if err := in.Emit(f); err != nil {
				diags.Errorf("", 0, 0, "writing %s: %v", f.Path, err)
			}
		} else {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return out, diags
}

func execError(j job, err error) diag.Diagnostic {
	d := templateError("templates/"+j.name+".html", err)
	if j.data.Page != nil && j.data.Page.Path != "" {
		d.Message += " (rendering " + j.data.Page.Path + ")"
	}
	return d
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
