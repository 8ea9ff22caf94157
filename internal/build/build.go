// Package build is the composition root: it runs the stages in order
// (source → meta → markdown → site → render) and keeps the per-file cache
// that makes rebuilds in `keel serve` cheap. Writing is left to the caller.
package build

import (
	"crypto/sha256"
	"io/fs"
	"slices"
	"strings"
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
	// Changes (keel serve) keeps the builder from holding the output: a fast
	// rebuild returns in Result.Files only the files it rendered again (with
	// Result.Changes set) and SearchChanges only the index, so the caller
	// keeps the one copy of the site (compressed, in keel serve). Nor does
	// it keep the pages' HTML: as in a streaming build, each page's is read
	// back from the persistent cache when the page is rendered.
	Changes bool
	// Once (keel build) says the Builder runs one Build and no Rebuild: it
	// lets the content files' text go once they are parsed, and reads a
	// page's file again when its Markdown twin is written (a file that
	// changed in between fails the build).
	Once bool
}

// Result is one build's outcome.
type Result struct {
	Files []render.File // nil when the build has errors (see Options.Lenient)
	Diags diag.List
	Site  *site.Site // nil after a one-shot build that writes its files (Options.Once), which lets it go before the index
	Stats Stats
	// Search, when set, completes a fast rebuild: it builds the search index
	// of the new site (a pure function, safe to run on another goroutine while
	// the next edit is handled). Give its files to ApplySearch.
	Search func() []render.File
	// Generation numbers builds; ApplySearch refuses an index of an older one.
	Generation int
	// Plan is what this build rendered (Rebuild's fast path: RenderPages).
	Plan Plan
	// Changes (Options.Changes) says Files holds only the files that differ
	// from the last build's; every other file is as that build left it.
	Changes bool
}

// Output is where a build writes its files: output.Staged, or a test's
// collector. WriteFile is called from several goroutines.
type Output interface {
	WriteFile(f output.File) error
}

// Reuser is an output that starts from the files of an earlier build
// (output.Reusing): LiveTag names that build's recorded state (what SetTag
// was given then), LiveFiles lists its files, and Reuse keeps one of them
// unchanged, reporting false when it cannot (the build then renders everything).
type Reuser interface {
	Output
	LiveTag() string
	SetTag(tag string)
	LiveFiles() []string
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
	langs []langBuild     // the default language first (keel.yaml languages:)
	files []render.File   // sorted by path; nil with Options.Changes (the caller keeps them)
	count int             // how many files the build has
	index map[string]bool // paths of the search index files among them
	diags diag.List       // its diagnostics (sorted), which a fast rebuild leaves as they are
}

// langBuild is one language of the last build: its site graph, renderer
// and the documents of its search index, in the order of site.Pages.
type langBuild struct {
	site *site.Site
	rend *render.Renderer
	docs []indexDoc
}

type parsed struct {
	sum   [32]byte
	meta  meta.Meta
	md    *markdown.Result
	diags diag.List
	key   string   // the persistent cache's key, when there is one
	text  [32]byte // the sum of the body's search text record (indexKey)
	shape [32]byte // what other pages see of it (see shape)
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
	load := source.Load
	if b.opts.Once { // each page's text is read by parse, and let go
		load = source.LoadUnread
	}
	tree, diags := load(b.opts.Source)
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
// An unread tree's files are read here, one at a time on each goroutine, and
// their text let go once parsed: parse returns the tree's documents as read
// (lines set, text left out; a file that cannot be a page left out too).
func (b *Builder) parse(tree source.Tree) ([]site.Doc, []source.Doc, int, diag.List) {
	docs := tree.Docs
	results := make([]parsed, len(docs))
	read := docs
	var unreadable []diag.List
	var hits []placeholderHit // an unread tree's placeholder search, for placeholderWarnings
	if tree.Unread {
		read = make([]source.Doc, len(docs))
		unreadable = make([]diag.List, len(docs))
		hits = make([]placeholderHit, len(docs))
	}
	var reparsed atomic.Int64
	par.For(len(docs), func(i int) {
		d := docs[i]
		if tree.Unread {
			var ok bool
			if d, unreadable[i], ok = tree.Read(d); !ok {
				return
			}
			read[i] = source.Doc{Path: d.Path, FMLine: d.FMLine, BodyLine: d.BodyLine, Link: d.Link}
		}
		sum := sha256.Sum256(d.Data)
		if tree.Unread && len(b.phSet) > 0 { // placeholderWarnings finds it by the sum
			hits[i] = findPlaceholder(d.Data, b.phSet)
			hits[i].sum = sum
		}
		if c, ok := b.cache[d.Path]; ok && c.sum == sum {
			results[i] = c
			return
		}
		reparsed.Add(1)
		results[i] = b.parseOne(d, sum)
		results[i].shape = shape(d, results[i])
	})
	var diags diag.List
	out := make([]site.Doc, 0, len(docs))
	live := make(map[string]parsed, len(docs))
	for i, d := range read {
		if tree.Unread && d.Path == "" { // not a page: Read said why
			diags = append(diags, unreadable[i]...)
			continue
		}
		r := results[i]
		if tree.Unread && len(b.phSet) > 0 {
			b.ph[d.Path] = hits[i]
		}
		live[d.Path] = r
		diags = append(diags, r.diags...)
		out = append(out, site.Doc{Path: d.Path, Meta: r.meta, MD: r.md, FMLine: max(d.FMLine, 1), Link: d.Link})
	}
	if tree.Unread {
		read = slices.DeleteFunc(read, func(d source.Doc) bool { return d.Path == "" })
	}
	b.cache = live // files that disappeared leave the cache too
	return out, read, int(reparsed.Load()), diags
}

func (b *Builder) parseOne(d source.Doc, sum [32]byte) parsed {
	isSection := site.IsIndexIn(d.Path, b.langs)
	lazy := b.opts.Output != nil || b.opts.Check || b.opts.Changes // a streaming build (and serve) renders HTML page by page; check never does
	conv, convKey := b.converterFor(d.Path)
	var key string
	if b.disk != nil {
		key = b.disk.key(convKey, d, isSection)
		if e, ok := b.disk.get(key); ok {
			if !lazy {
				e.Result.HTML = b.disk.html(key, conv, d, modeOf(e.Meta, isSection))
			}
			p := parsed{sum: sum, meta: e.Meta, md: &e.Result, diags: slices.Clip(e.Diags), key: key, text: e.Text} // clipped: callers append
			// keel serve holds the text: read back, or analyzed again when the record was lost
			if !b.textOut() && !b.disk.readText(key, &e.Result) {
				r, rec := b.analyzeText(d, p)
				b.disk.putText(key, rec)
				setText(&e.Result, &r)
			}
			return p
		}
	}
	m, diags := meta.Decode(d.Path, d.FrontMatter, d.FMLine, isSection)
	mode := modeOf(m, isSection)
	var md markdown.Result
	var more diag.List
	if b.opts.Check || lazy && b.disk == nil { // no HTML: none is rendered now, or the cache could not keep it
		md, more = conv.Analyze(d.Path, d.Body, d.BodyLine, mode)
	} else {
		md, more = conv.Convert(d.Path, d.Body, d.BodyLine, mode)
	}
	diags = append(diags, more...)
	if !m.Set["title"] && !m.Invalid { // a broken front matter has said enough
		m.Title, more = site.Title(d.Path, d.FrontMatter != nil, d.FMLine, md.Title)
		diags = append(diags, more...)
	}
	b.disk.putHTML(key, md.HTML)
	if lazy {
		md.HTML = nil // in the cache now; read back when its page is rendered
	}
	text := encodeText(&md)
	b.disk.putText(key, text)
	if b.textOut() {
		dropText(&md) // in the cache now; read back when the index is built
	}
	return parsed{sum: sum, meta: m, md: &md, diags: diags, key: key, text: textSum(text)}
}

// modeOf is how a document's body is converted, given its front matter.
func modeOf(m meta.Meta, isSection bool) markdown.Mode {
	var mode markdown.Mode
	if m.Kind == meta.Manual && !isSection {
		mode |= markdown.Steps
	}
	if !m.Set["title"] {
		mode |= markdown.TitleHeading
	}
	return mode
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
