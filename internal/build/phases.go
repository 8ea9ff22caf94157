package build

import (
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"keel/internal/diag"
	"keel/internal/markdown"
	"keel/internal/meta"
	"keel/internal/output"
	"keel/internal/render"
	"keel/internal/site"
	"keel/internal/source"
)

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
	// other languages and how many files were written.
	in      render.Input
	emit    func(render.File) error // the hand-off to the Output; nil keeps files in memory
	rend    *render.Renderer
	files   []render.File
	others  []langBuild
	index   []render.File
	written atomic.Int64
	gate    int  // diagnostics before it are content errors a lenient build renders through
	saved   bool // the cache's entries are saved (letGraphGo)
}

// run is a build: named phases, in order.
func (b *Builder) run(start time.Time, tree source.Tree, diags diag.List) Result {
	b.begin(tree)
	p := &pass{start: start, tree: tree, diags: slices.Clone(diags)}
	b.load(p)     // keel.yaml, options, theme, messages
	b.parseAll(p) // front matter and Markdown of every page, cached by content
	b.assemble(p) // each language's site graph
	b.planOf(p)   // what to render: everything, some pages, or the index only
	b.release(p)  // a one-shot build lets the content files' text go
	if !b.opts.Check && (!p.diags.HasErrors() || b.opts.Lenient && contentOnly(p.diags)) {
		p.gate = len(p.diags)
		b.renderPhase(p) // the pages the plan names
		b.indexPhase(p)  // the search index, after the pages: its peak memory never adds to theirs
		b.record(p)      // the state the next build plans from
	}
	return b.finish(p)
}

// begin starts a build: a new generation (the cache's transaction began
// when it was opened or the last one was committed).
func (b *Builder) begin(tree source.Tree) {
	b.gen++
	b.tree = &tree
	b.last = nil
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
		p.diags.Warnf("keel.yaml", 0, 0, "the public edition has no absolute baseURL: canonical links, the sitemap, the feed, share cards (Open Graph) and links in PDFs "+
			"need one to name this site's pages; set baseURL: https://… in keel.yaml or pass --base-url")
	}
	p.cfg = cfg
	theme, more := mergeTheme(b.opts.Theme, p.tree)
	p.diags = append(p.diags, more...)
	msgs, more := render.Messages(theme, cfg.Language)
	p.diags = append(p.diags, more...)
	p.theme = theme
	b.usePhrases(placeholders(theme))
	p.diags = append(p.diags, b.converter(cfg, msgs, theme)...)
}

// parseAll parses every content file (see parse). The pass and the builder
// take the tree as parse read it (an unread tree's pages have their lines
// now, and still no text).
func (b *Builder) parseAll(p *pass) {
	var more diag.List
	p.docs, p.tree.Docs, p.reparsed, more = b.parse(p.tree)
	b.tree = &p.tree
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
		Exists: repoExists(b.opts.Source, p.tree)})
	p.sites = sites
	if b.opts.Audience == "public" { // static/internal/ is the internal edition's alone
		p.theme = slices.DeleteFunc(slices.Clone(p.theme), func(f render.ThemeFile) bool { return site.InternalStatic(f.Path) })
	}
	p.diags = append(p.diags, more...)
	p.diags = append(p.diags, b.placeholderWarnings(sites[0], p.tree)...)
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
		p.state.Docs[d.Path] = docState{Sum: c.sum, Shape: c.shape}
	}
	p.prev = stateOf(p.reuser.LiveTag())
	p.plan = plan(p.prev, p.state)
}

// release, in a one-shot build (Options.Once), lets the content files' text
// go: what reads it has run, but for the Markdown twins and the HTML of a
// page the cache lost, which read the file again (Builder.doc). The pass
// and the builder take a new tree without it; none is changed in place.
func (b *Builder) release(p *pass) {
	if !b.opts.Once || p.tree.Unread { // an unread tree never held it
		return
	}
	p.tree = p.tree.WithoutText()
	b.tree = &p.tree
}

// emit is the render stage's hand-off to the Output.
func (b *Builder) emit(p *pass) func(render.File) error {
	if b.opts.Output == nil {
		return nil
	}
	return func(f render.File) error {
		p.written.Add(1)
		return b.opts.Output.WriteFile(output.File(f))
	}
}

// renderPhase renders what the plan names, then every other language.
func (b *Builder) renderPhase(p *pass) {
	s := p.sites[0]
	extra := []render.File{openSearchFile(s), {Path: "css/syntax.css", Data: markdown.SyntaxCSS()}}
	assets := publishedAssets(p.sites, p.tree)
	p.in = render.Input{Site: s, Theme: p.theme, Assets: assets, Extra: extra, Diagram: b.diags.generated}
	p.emit = b.emit(p)
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
		reused, more, partial = b.renderChanged(p.prev, p.plan.Pages, s, r, p.emit, p.reuser)
		if partial {
			p.diags = append(p.diags, more...)
			p.res.Stats.Reused = len(reused)
		} else {
			p.plan = Plan{Kind: RenderAll} // a file could not be reused
		}
	}
	if !partial {
		p.files, more = b.renderAll(r, p.in, p.emit)
		p.diags = append(p.diags, more...)
	}
	for _, ls := range p.sites[1:] { // every other language, under its prefix
		lin := p.in
		lin.Site = ls
		lr, more := render.New(lin)
		p.diags = append(p.diags, more...)
		if !more.HasErrors() {
			lfiles, more := b.renderAll(lr, lin, p.emit)
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
	known := b.terms
	if known == nil && b.disk != nil {
		known = b.disk.loadTerms() // read here, not before: check never needs it
	}
	langs := append([]langBuild{{site: p.sites[0], rend: p.rend}}, p.others...)
	for i := range langs {
		langs[i].docs = b.searchDocs(langs[i].site)
	}
	b.letGraphGo(p, langs)
	var index []render.File
	out := func(f render.File) { index = append(index, f) }
	if p.emit != nil {
		out = func(f render.File) {
			if err := p.emit(f); err != nil {
				p.diags.Errorf("", 0, 0, "writing %s: %v", f.Path, err)
			}
			index = append(index, render.File{Path: f.Path}) // written: only the path is kept (record)
		}
	}
	terms := known // unless the pages' terms change
	var keep termWriter
	if p.emit == nil { // kept for serve's rebuilds; a one-shot build lets them go
		keep = func(k [32]byte, enc []byte) error { terms[k] = enc; return nil }
	}
	var save func(build func(put termWriter) error) // nil: no one wants the terms
	switch {
	case b.disk != nil:
		save = func(build func(put termWriter) error) { terms = termSet{}; b.disk.saveTerms(build, keep) }
	case keep != nil:
		save = func(build func(put termWriter) error) { terms = termSet{}; build(keep) }
	}
	text := &textSource{b: b}
	searchIndex(langs, text.doc, known, out, save)
	text.putLost()
	if text.err != nil {
		p.diags.Errorf(text.path, 0, 0, "reading its search text: %v", text.err)
	}
	slices.SortFunc(index, func(a, b render.File) int { return strings.Compare(a.Path, b.Path) })
	p.index = index
	if p.emit != nil {
		return
	}
	b.terms = terms // kept for serve's rebuilds; a one-shot build lets it go
	p.files = append(p.files, index...)
	slices.SortFunc(p.files, func(a, b render.File) int { return strings.Compare(a.Path, b.Path) })
	if len(p.others) == len(p.sites)-1 && p.rend != nil { // with content errors only (lenient), kept with them
		b.last = &lastBuild{langs: langs, files: p.files, count: len(p.files), index: pathSet(index), diags: slices.Clone(p.diags).Sort()}
		if b.opts.Changes {
			b.last.files = nil // returned in Result.Files: the caller keeps them
		}
	}
}

// letGraphGo, in a one-shot build that writes its files, lets the site
// graph go before the index is built: the index reads only its documents
// (searchDocs), each page's cache key and its search text record. So the
// graph's memory and the index's never add up. The cache's entries are
// saved first (finish would), and each is replaced by what the index reads.
func (b *Builder) letGraphGo(p *pass, langs []langBuild) {
	if !b.opts.Once || p.emit == nil {
		return
	}
	if b.disk != nil {
		b.disk.saveEntries(b.cache, false)
		p.saved = true
	}
	for path, c := range b.cache {
		md := noInternal
		if c.md.HasInternal {
			md = hasInternal
		}
		b.cache[path] = parsed{sum: c.sum, meta: meta.Meta{Kind: c.meta.Kind, Set: titleSet[c.meta.Set["title"]]}, md: md, key: c.key, text: c.text}
	}
	for i := range langs {
		langs[i] = langBuild{site: &site.Site{Prefix: langs[i].site.Prefix}, docs: langs[i].docs}
	}
	p.docs, p.sites, p.in, p.rend, p.others, p.res.Site = nil, nil, render.Input{}, nil, nil, nil
}

// What letGraphGo keeps of a page's metadata and Markdown result: what
// the index reads (its mode for analyzeText, whether it has internal
// blocks), shared by every page, never changed.
var (
	noInternal, hasInternal = &markdown.Result{}, &markdown.Result{HasInternal: true}
	titleSet                = map[bool]map[string]bool{false: nil, true: {"title": true}}
)

// record gives the output the state the next build plans from.
func (b *Builder) record(p *pass) {
	failed := p.diags[p.gate:].HasErrors()
	if p.state != nil && !p.diags.HasErrors() {
		for _, f := range p.index {
			p.state.Search = append(p.state.Search, f.Path)
		}
		p.reuser.SetTag(p.state.tag())
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
		if p.saved {
			b.disk.commit()
		} else {
			b.disk.save(b.cache)
		}
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
