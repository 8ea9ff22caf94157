// Package build is the composition root: it runs the stages in order
// (source → meta → markdown → site → render) and keeps the per-file cache
// that makes rebuilds in `keel serve` cheap. Writing is left to the caller.
package build

import (
	"crypto/sha256"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"keel/internal/diag"
	"keel/internal/markdown"
	"keel/internal/meta"
	"keel/internal/output"
	"keel/internal/par"
	"keel/internal/render"
	"keel/internal/search"
	"keel/internal/site"
	"keel/internal/source"
)

// Options select the edition and where things are.
type Options struct {
	Source   string
	Audience string // internal (default) or public
	Drafts   bool
	BaseURL  string    // overrides keel.yaml's baseURL when set
	Now      time.Time // today; zero means time.Now()
	Theme    fs.FS     // the embedded default theme: templates/ and static/
	Check    bool      // validate only: skip rendering
	CacheDir string    // persistent cache folder (e.g. SITE/.keel/cache); "" for none
	// Output, when set, receives every output file as it is rendered (from
	// several goroutines) instead of Result.Files. When it is a Reuser and
	// the persistent cache is on, the build renders only what changed since
	// the build whose files it holds.
	Output Output
	// Lenient (keel serve) renders through content errors: when every error
	// is in a content file, pages are still rendered (broken links marked in
	// place) and Result.Files is set beside the errors. Errors elsewhere
	// (keel.yaml, templates, rendering) still leave Files nil.
	Lenient bool
}

// Result is one build's outcome.
type Result struct {
	Files []render.File // nil when the build has errors (see Options.Lenient)
	Diags diag.List
	Site  *site.Site
	Stats Stats
	// Search, when set, completes a fast rebuild: it builds the search index
	// of the new site (a pure function, safe to run on another goroutine while
	// the next edit is handled). Give its files to ApplySearch.
	Search func() []render.File
	// Generation numbers builds; ApplySearch refuses an index of an older one.
	Generation int
	// Plan is what this build rendered (Rebuild's fast path: RenderPages).
	Plan Plan
}

// Output is where a build writes its files: output.Staged, or a test's
// collector. WriteFile is called from several goroutines.
type Output interface {
	WriteFile(f output.File) error
}

// Reuser is an output that starts from the files of an earlier build
// (output.Reusing): LiveTag names that build's inputs (what SetTag was given
// then), and Reuse keeps one of its files unchanged, reporting false when it
// cannot (the build then renders everything).
type Reuser interface {
	Output
	LiveTag() string
	SetTag(tag string)
	Reuse(path string) bool
}

// Stats summarise a build for the one-line report.
type Stats struct {
	Kinds     map[string]int
	Static    int
	Files     int
	Reparsed  int // content files parsed in this build (the rest came from the memory cache)
	FromCache int // of those, how many the persistent cache answered
	Reused    int // output files taken unchanged from the previous build (Options.Reuse)
	Duration  time.Duration
}

// Builder builds a site repeatedly, re-parsing only files whose bytes changed.
type Builder struct {
	opts  Options
	conv  *markdown.Converter
	key   string // what the converter was built for
	cache map[string]parsed
	tree  *source.Tree // the tree as last read, for Rebuild
	dates map[string]time.Time
	gen   int                       // incremented by every Build and Rebuild
	last  *lastBuild                // the last good build held in memory, for the fast path
	disk  *diskCache                // the persistent cache, when Options.CacheDir is set
	terms termSet                   // the search tokenization of the last build's pages
	ph    map[string]placeholderHit // keel new's placeholder text found per page, by content
	phKey string                    // the placeholder phrases ph was searched for
	phSet map[string]bool           // the same phrases, as a set
	diags *diagramCache
	langs []string // keel.yaml languages: of the last build
	// langConv and langKey are the converters of the other languages (alert
	// titles in their language) and their cache keys; allKey covers them all.
	langConv map[string]*markdown.Converter
	langKey  map[string]string
	allKey   string
}

// lastBuild is what a body-only edit needs to re-render one page.
type lastBuild struct {
	site  *site.Site
	rend  *render.Renderer
	files []render.File   // sorted by path
	index map[string]bool // paths of the search index files among them
	docs  []search.Doc    // what the index was built from, in the order of site.Pages
	diags diag.List       // its diagnostics (sorted), which a fast rebuild leaves as they are
	// others are the other languages of a multilingual site (keel.yaml
	// languages:), each with its own site graph, renderer and index documents.
	others []langBuild
}

// langBuild is one language beyond the default in the last build.
type langBuild struct {
	site *site.Site
	rend *render.Renderer
	docs []search.Doc
}

type parsed struct {
	sum   [32]byte
	meta  meta.Meta
	md    *markdown.Result
	diags diag.List
}

func New(opts Options) *Builder {
	if opts.Audience == "" {
		opts.Audience = "internal"
	}
	disk := openCache(opts.CacheDir)
	return &Builder{opts: opts, cache: map[string]parsed{}, disk: disk, diags: newDiagramCache(disk)}
}

// Build reads the whole tree and runs every stage.
func (b *Builder) Build() Result {
	start := time.Now()
	tree, diags := source.Load(b.opts.Source)
	dates, more := gitDates(b.opts.Source, tree)
	b.dates = dates
	// Told once: a Rebuild (keel serve) keeps the dates and says nothing.
	res := b.run(start, tree, diags)
	if len(more) > 0 {
		res.Diags = append(slices.Clone(res.Diags), more...).Sort()
	}
	return res
}

// Rebuild re-reads only the given site-relative paths (as a watcher reports
// them) and runs the stages again; unchanged files come from the cache. The
// result is identical to a fresh Build of the tree as it is now.
func (b *Builder) Rebuild(paths []string) Result {
	if b.tree == nil {
		return b.Build()
	}
	start := time.Now()
	tree, diags := b.tree.Update(paths)
	if res, ok := b.patch(start, tree, diags, paths); ok {
		return res
	}
	return b.run(start, tree, diags)
}

// pass is one build in progress: each phase reads what the earlier ones
// produced and adds its own; nothing a phase produced is changed by a later one.
type pass struct {
	start    time.Time
	tree     source.Tree
	diags    diag.List
	now      time.Time
	cfgData  []byte
	cfg      meta.Config
	theme    []render.ThemeFile
	docs     []site.Doc
	reparsed int
	sites    []*site.Site // the default language's first (keel.yaml languages:)
	reuser   Reuser       // the output, when it can keep the previous build's files
	state    *buildState  // what this build records for the next; nil when nothing can be reused
	prev     *buildState  // what the build whose files reuser holds recorded
	plan     Plan
	res      Result
	// Set by render: the renderer, the files kept in memory (no Output), the
	// other languages and, when state is recorded, every path written.
	in      render.Input
	rend    *render.Renderer
	files   []render.File
	others  []langBuild
	index   []render.File
	docsIx  []search.Doc
	mu      sync.Mutex
	paths   []string
	written atomic.Int64
	gate    int // diagnostics before it are content errors a lenient build renders through
}

// run is a build: named phases, in order.
func (b *Builder) run(start time.Time, tree source.Tree, diags diag.List) Result {
	b.begin(tree)
	p := &pass{start: start, tree: tree, diags: slices.Clone(diags)}
	b.load(p)     // keel.yaml, options, theme, messages
	b.parseAll(p) // front matter and Markdown of every page, cached by content
	b.assemble(p) // each language's site graph
	b.planOf(p)   // what to render: everything, some pages, or the index only
	if !b.opts.Check && (!p.diags.HasErrors() || b.opts.Lenient && contentOnly(p.diags)) {
		p.gate = len(p.diags)
		b.renderPhase(p) // the pages the plan names
		b.indexPhase(p)  // the search index, after the pages: its peak memory never adds to theirs
		b.record(p)      // the state the next build plans from
	}
	return b.finish(p)
}

// begin starts a build: a new generation, the caches' transaction.
func (b *Builder) begin(tree source.Tree) {
	b.gen++
	b.tree = &tree
	b.last = nil
	if b.disk != nil {
		b.disk.used = map[string]cacheEntry{}
		b.disk.hits.Store(0)
	}
}

// load decodes keel.yaml, applies the options and merges the theme.
func (b *Builder) load(p *pass) {
	p.now = b.opts.Now
	if p.now.IsZero() {
		y, m, d := time.Now().Date()
		p.now = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	if p.tree.Config != nil {
		p.cfgData = p.tree.Config.Data
	}
	cfg, more := meta.DecodeConfig(p.cfgData)
	p.diags = append(p.diags, more...)
	if b.opts.BaseURL != "" {
		if msg := cfg.SetBaseURL(b.opts.BaseURL); msg != "" {
			p.diags.Errorf("--base-url", 0, 0, "%q: %s", b.opts.BaseURL, msg)
		}
	}
	if b.opts.Audience == "public" && !strings.Contains(cfg.BaseURL, "://") {
		p.diags.Warnf("keel.yaml", 0, 0, "the public edition has no absolute baseURL: canonical links, the sitemap, the feed and share cards (Open Graph) "+
			"need one to name this site's pages; set baseURL: https://… in keel.yaml or pass --base-url")
	}
	p.cfg = cfg
	theme, more := mergeTheme(b.opts.Theme, p.tree)
	p.diags = append(p.diags, more...)
	msgs, more := render.Messages(theme, cfg.Language)
	p.diags = append(p.diags, more...)
	p.theme = theme
	p.diags = append(p.diags, b.converter(cfg, msgs, theme)...)
}

// parseAll parses every content file (see parse).
func (b *Builder) parseAll(p *pass) {
	var more diag.List
	p.docs, p.reparsed, more = b.parse(p.tree.Docs)
	p.diags = append(p.diags, more...)
}

// assemble builds the site graph of every language.
func (b *Builder) assemble(p *pass) {
	assets := make([]string, len(p.tree.Assets))
	for i, a := range p.tree.Assets {
		assets[i] = a.Path
	}
	static := make([]string, 0, len(p.tree.Static))
	staticOut := map[string]string{}
	for _, f := range p.theme {
		if rel, ok := strings.CutPrefix(f.Path, "static/"); ok {
			static = append(static, f.Path)
			if out := render.PublishedName(rel, f.Data); out != rel {
				staticOut[f.Path] = out
			}
		}
	}
	sites, more := site.BuildAll(site.Input{Config: p.cfg, Docs: p.docs, Assets: assets, Static: static, StaticOut: staticOut,
		Audience: b.opts.Audience, Drafts: b.opts.Drafts, Now: p.now, GitDates: b.dates,
		Exists: repoExists(b.opts.Source)})
	p.sites = sites
	if b.opts.Audience == "public" { // static/internal/ is the internal edition's alone
		p.theme = slices.DeleteFunc(slices.Clone(p.theme), func(f render.ThemeFile) bool { return site.InternalStatic(f.Path) })
	}
	p.diags = append(p.diags, more...)
	p.diags = append(p.diags, b.placeholderWarnings(sites[0], p.tree, placeholders(p.theme))...)
	p.res = Result{Site: sites[0], Stats: Stats{Kinds: map[string]int{}, Reparsed: p.reparsed}}
	if b.disk != nil {
		p.res.Stats.FromCache = int(b.disk.hits.Load())
	}
	for _, ls := range sites {
		for _, pg := range ls.Pages {
			p.res.Stats.Kinds[pg.Kind]++
		}
	}
	if b.opts.Check { // templates are checked even though nothing is rendered
		p.diags = append(p.diags, render.CheckTheme(render.Input{Site: sites[0], Theme: p.theme})...)
	}
}

// planOf records this build's state and plans from the previous one's: only
// a one-language build into an output that holds a previous build, with the
// persistent cache, can render less than everything.
func (b *Builder) planOf(p *pass) {
	p.plan = Plan{Kind: RenderAll}
	p.reuser, _ = b.opts.Output.(Reuser)
	if p.reuser == nil || b.disk == nil || len(p.sites) != 1 || b.opts.Check {
		return
	}
	p.state = &buildState{Global: b.globalKey(p.cfgData, p.theme, p.tree, p.now), Docs: make(map[string]docState, len(p.tree.Docs))}
	for _, d := range p.tree.Docs {
		c := b.cache[d.Path]
		p.state.Docs[d.Path] = docState{Sum: c.sum, Shape: shape(d, c)}
	}
	p.prev = loadState(b.opts.CacheDir, p.reuser.LiveTag())
	p.plan = plan(p.prev, p.state)
}

// emit is the render stage's hand-off to the Output.
func (b *Builder) emit(p *pass) func(render.File) error {
	if b.opts.Output == nil {
		return nil
	}
	return func(f render.File) error {
		p.written.Add(1)
		if p.state != nil {
			p.mu.Lock()
			p.paths = append(p.paths, f.Path)
			p.mu.Unlock()
		}
		return b.opts.Output.WriteFile(output.File(f))
	}
}

// renderPhase renders what the plan names, then every other language.
func (b *Builder) renderPhase(p *pass) {
	s := p.sites[0]
	extra := []render.File{openSearchFile(s), {Path: "css/syntax.css", Data: markdown.SyntaxCSS()}}
	assets := publishedAssets(p.sites, p.tree)
	p.in = render.Input{Site: s, Theme: p.theme, Assets: assets, Extra: extra, Emit: b.emit(p), Diagram: b.diags.generated}
	p.diags = append(p.diags, reservedPaths(p.theme, assets)...)
	r, more := render.New(p.in)
	p.diags = append(p.diags, more...)
	if more.HasErrors() {
		return
	}
	p.rend = r
	partial := false
	if p.plan.Kind != RenderAll {
		var reused []string
		reused, more, partial = b.renderChanged(p.prev, p.plan.Pages, s, r, p.in.Emit, p.reuser)
		if partial {
			p.diags = append(p.diags, more...)
			p.res.Stats.Reused = len(reused)
			p.paths = append(p.paths, reused...)
		} else {
			p.plan = Plan{Kind: RenderAll} // a file could not be reused
		}
	}
	if !partial {
		p.files, more = r.All(p.in)
		p.diags = append(p.diags, more...)
	}
	for _, ls := range p.sites[1:] { // every other language, under its prefix
		lin := p.in
		lin.Site = ls
		lr, more := render.New(lin)
		p.diags = append(p.diags, more...)
		if !more.HasErrors() {
			lfiles, more := lr.All(lin)
			p.diags = append(p.diags, more...)
			p.files = append(p.files, lfiles...)
			p.others = append(p.others, langBuild{site: ls, rend: lr})
		}
	}
}

// indexPhase builds every language's search index, tokenizing only pages
// whose terms the last build (or the cache) does not have.
func (b *Builder) indexPhase(p *pass) {
	if p.diags[p.gate:].HasErrors() {
		return
	}
	p.docsIx = searchDocs(p.sites[0])
	known := b.terms
	if known == nil && b.disk != nil {
		known = b.disk.loadTerms() // read here, not before: check never needs it
	}
	index, terms := indexFiles(p.docsIx, known)
	for i := range p.others { // each language's own index, under its prefix
		p.others[i].docs = searchDocs(p.others[i].site)
		index = append(index, langIndex(p.others[i])...)
	}
	if terms != nil && b.disk != nil {
		b.disk.saveTerms(terms)
	}
	if terms == nil {
		terms = known
	}
	p.index = index
	if p.in.Emit != nil {
		for _, f := range index {
			if err := p.in.Emit(f); err != nil {
				p.diags.Errorf("", 0, 0, "writing %s: %v", f.Path, err)
			}
		}
		return
	}
	b.terms = terms // kept for serve's rebuilds; a one-shot build lets it go
	p.files = append(p.files, index...)
	slices.SortFunc(p.files, func(a, b render.File) int { return strings.Compare(a.Path, b.Path) })
	if len(p.others) == len(p.sites)-1 && p.rend != nil { // with content errors only (lenient), kept with them
		b.last = &lastBuild{site: p.sites[0], rend: p.rend, files: p.files, index: pathSet(index), docs: p.docsIx,
			diags: slices.Clone(p.diags).Sort(), others: p.others}
	}
}

// record saves the state the next build plans from and names it to the output.
func (b *Builder) record(p *pass) {
	failed := p.diags[p.gate:].HasErrors()
	if p.state != nil && !p.diags.HasErrors() {
		slices.Sort(p.paths)
		p.state.Files = p.paths
		for _, f := range p.index {
			p.state.Search = append(p.state.Search, f.Path)
		}
		tag := p.state.tag()
		b.disk.saveState(tag, p.state)
		p.reuser.SetTag(tag)
	}
	if !failed {
		p.res.Files = p.files
	}
	for _, f := range p.theme {
		if strings.HasPrefix(f.Path, "static/") {
			p.res.Stats.Static++
		}
	}
	p.res.Stats.Files = len(p.files) + int(p.written.Load()) + p.res.Stats.Reused
}

// finish commits the caches and completes the result.
func (b *Builder) finish(p *pass) Result {
	b.keepDiagrams()
	if b.disk != nil { // entries are keyed by content, so a failed build's are as good
		b.disk.save()
		// A failed build says what failed; the cache is told with a build that works.
		if warn := b.disk.warning(); !p.diags.HasErrors() {
			p.diags = append(p.diags, warn...)
		}
	}
	res := p.res
	res.Plan = p.plan
	res.Diags = p.diags.Sort()
	res.Generation = b.gen
	res.Stats.Duration = time.Since(p.start)
	return res
}

// contentOnly reports whether every error is in a content file, so the
// site can still be rendered around them.
func contentOnly(diags diag.List) bool {
	for _, d := range diags {
		if d.Severity == diag.Error && !strings.HasPrefix(d.Path, "content/") {
			return false
		}
	}
	return true
}

// converter (re)builds the Markdown converter when its options change, and
// drops the cache then, since cached HTML depends on them.
func (b *Builder) converter(cfg meta.Config, msgs map[string]string, theme []render.ThemeFile) diag.List {
	var diags diag.List
	alerts := func(msgs map[string]string) (map[string]string, string) {
		titles := map[string]string{}
		for _, t := range []string{"note", "tip", "important", "warning", "caution", "internal"} {
			titles[t] = msgs["alert."+t]
		}
		return titles, strings.Join([]string{cfg.HTML, titles["note"], titles["tip"], titles["important"], titles["warning"], titles["caution"], titles["internal"]}, "\x00")
	}
	b.langs = cfg.Languages
	titles, key := alerts(msgs)
	// A translation's alerts are titled in its language: one converter per
	// language, each with its own cache key.
	langTitles := map[string]map[string]string{}
	langKeys := map[string]string{}
	all := key + "\x00" + strings.Join(cfg.Languages, ",")
	for _, l := range cfg.Languages[min(1, len(cfg.Languages)):] {
		m, more := render.Messages(theme, l)
		diags = append(diags, more...)
		langTitles[l], langKeys[l] = alerts(m)
		all += "\x00" + langKeys[l]
	}
	if b.conv == nil || all != b.allKey {
		b.conv = markdown.New(markdown.Options{HTML: cfg.HTML, AlertTitles: titles, Diagram: b.diags.render})
		b.key, b.allKey = key, all
		b.langConv = map[string]*markdown.Converter{}
		b.langKey = langKeys
		for l, t := range langTitles {
			b.langConv[l] = markdown.New(markdown.Options{HTML: cfg.HTML, AlertTitles: t, Diagram: b.diags.render})
		}
		clear(b.cache)
	}
	return diags
}

// converterFor is the converter of a document's language, and its cache key.
func (b *Builder) converterFor(p string) (*markdown.Converter, string) {
	if l, _ := site.Translation(p, b.langs); l != "" && b.langConv[l] != nil {
		return b.langConv[l], b.langKey[l]
	}
	return b.conv, b.key
}

func boolStr(v bool) string {
	if v {
		return "1"
	}
	return "0"
}

// parse decodes and converts every document in parallel, joined by index so
// the order never depends on scheduling. Unchanged files come from the cache.
func (b *Builder) parse(docs []source.Doc) ([]site.Doc, int, diag.List) {
	out := make([]site.Doc, len(docs))
	results := make([]parsed, len(docs))
	var reparsed atomic.Int64
	par.For(len(docs), func(i int) {
		d := docs[i]
		sum := sha256.Sum256(d.Data)
		if c, ok := b.cache[d.Path]; ok && c.sum == sum {
			results[i] = c
			return
		}
		reparsed.Add(1)
		results[i] = b.parseOne(d, sum)
	})
	var diags diag.List
	live := make(map[string]parsed, len(docs))
	for i, d := range docs {
		r := results[i]
		live[d.Path] = r
		diags = append(diags, r.diags...)
		out[i] = site.Doc{Path: d.Path, Meta: r.meta, MD: r.md, FMLine: max(d.FMLine, 1), Body: d.Body}
	}
	b.cache = live // files that disappeared leave the cache too
	return out, int(reparsed.Load()), diags
}

func (b *Builder) parseOne(d source.Doc, sum [32]byte) parsed {
	isSection := site.IsIndexIn(d.Path, b.langs)
	var m meta.Meta
	var diags diag.List
	if b.disk != nil {
		m, diags = b.disk.decodeMeta(d.Path, d.FrontMatter, d.FMLine, isSection)
	} else {
		m, diags = meta.Decode(d.Path, d.FrontMatter, d.FMLine, isSection)
	}
	var mode markdown.Mode
	if m.Kind == meta.Manual && !isSection {
		mode |= markdown.Steps
	}
	if !m.Set["title"] {
		mode |= markdown.TitleHeading
	}
	lazy := b.opts.Output != nil || b.opts.Check // a streaming build renders HTML page by page; check never does
	conv, convKey := b.converterFor(d.Path)
	var md markdown.Result
	var more diag.List
	switch {
	case b.disk != nil:
		md, more = b.disk.convert(conv, convKey, d.Path, d.Body, d.BodyLine, mode, lazy, b.opts.Check)
	case lazy:
		md, more = conv.Analyze(d.Path, d.Body, d.BodyLine, mode)
	default:
		md, more = conv.Convert(d.Path, d.Body, d.BodyLine, mode)
	}
	diags = append(diags, more...)
	if !m.Set["title"] && !m.Invalid { // a broken front matter has said enough
		m.Title, more = site.Title(d.Path, d.FrontMatter != nil, d.FMLine, md.Title)
		diags = append(diags, more...)
	}
	return parsed{sum: sum, meta: m, md: &md, diags: diags}
}

// mergeTheme overlays the site's templates/ and static/ on the embedded theme, file by file.
func mergeTheme(embedded fs.FS, tree source.Tree) ([]render.ThemeFile, diag.List) {
	var diags diag.List
	files := map[string][]byte{}
	if embedded != nil {
		fs.WalkDir(embedded, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			data, err := fs.ReadFile(embedded, p)
			if err != nil {
				diags.Errorf(p, 0, 0, "reading the embedded theme: %v", err)
				return nil
			}
			files[p] = data
			return nil
		})
	}
	for _, f := range slices.Concat(tree.Templates, tree.Static) {
		files[f.Path] = f.Data
	}
	out := make([]render.ThemeFile, 0, len(files))
	for p, data := range files {
		out = append(out, render.ThemeFile{Path: p, Data: data})
	}
	slices.SortFunc(out, func(a, b render.ThemeFile) int { return strings.Compare(a.Path, b.Path) })
	return out, diags
}

func publishedAssets(sites []*site.Site, tree source.Tree) []render.Asset {
	var out []render.Asset
	for _, a := range tree.Assets {
		for _, s := range sites {
			if _, ok := slices.BinarySearch(s.Assets, a.Path); ok {
				out = append(out, render.Asset{OutPath: strings.TrimPrefix(a.Path, "content/"), Data: a.Data})
				break
			}
		}
	}
	return out
}

// reservedPaths reports site files under search/, where the search index
// goes (it is built after the pages, so render's check of every output
// against every other cannot see its files).
func reservedPaths(theme []render.ThemeFile, assets []render.Asset) diag.List {
	var diags diag.List
	const msg = "file would be published at /%s, but /search/ is where keel writes the search index; rename or move it"
	for _, f := range theme {
		if p, ok := strings.CutPrefix(f.Path, "static/"); ok && strings.HasPrefix(p, "search/") {
			diags.Errorf(f.Path, 0, 0, msg, p)
		}
	}
	for _, a := range assets {
		if strings.HasPrefix(a.OutPath, "search/") {
			diags.Errorf("content/"+a.OutPath, 0, 0, msg, a.OutPath)
		}
	}
	return diags
}

// openSearchFile lets a browser add the portal as a search engine. Browsers
// want an absolute URL; without a host in baseURL the path is the best we know.
func openSearchFile(s *site.Site) render.File {
	base := s.Config.BaseURL
	if !strings.Contains(base, "://") {
		base = s.Config.BasePath
	}
	return render.File{Path: "opensearch.xml", Data: search.OpenSearchXML(s.Config.Title, base)}
}

// searchIndex builds the edition's search index from exactly the pages it publishes.
// searchDocs is what the index is built from: one Doc per published page but
// home, in the order of s.Pages. The index can be built from it on any goroutine.
// langIndex is the search index of a language beyond the default, under its prefix.
func langIndex(l langBuild) []render.File {
	files, _ := indexFiles(l.docs, nil)
	for i := range files {
		files[i].Path = l.site.Prefix + files[i].Path
	}
	return files
}

func searchDocs(s *site.Site) []search.Doc {
	var docs []search.Doc
	for _, p := range s.Pages {
		if p.Kind != "home" {
			docs = append(docs, searchDoc(p))
		}
	}
	return docs
}

func searchDoc(p *site.Page) search.Doc {
	d := search.Doc{URL: p.URL, Title: p.Meta.Title, Summary: p.Meta.Summary, Kind: p.Kind, Status: p.Meta.Status,
		Tags: p.Meta.Tags, Teams: p.Meta.Teams, Owner: p.Meta.Owner}
	if p.Section != nil && p.Section.Page != nil && !p.IsSection() {
		d.Section = p.Section.Page.Meta.Title
	}
	if p.MD != nil {
		d.Lead, d.Code = p.MD.Lead, p.MD.Code
		for _, sec := range p.MD.Sections {
			d.Sections = append(d.Sections, search.Section{ID: sec.ID, Title: sec.Title, Text: sec.Text})
		}
	}
	return d
}
