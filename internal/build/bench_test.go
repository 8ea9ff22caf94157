package build

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	keel "keel"
	"keel/internal/corpus"
	"keel/internal/diag"
	"keel/internal/markdown"
	"keel/internal/meta"
	"keel/internal/output"
	"keel/internal/render"
	"keel/internal/site"
	"keel/internal/source"
)

// Benchmarks per stage on a generated 1,000-page corpus, so a regression shows
// which stage moved:
//
//	go test ./internal/build -run '^$' -bench . -benchtime 3x
var benchCorpus = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "keel-bench-")
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "keel"), corpus.Generate(dir, 1000, 1)
})

func corpusDir(b *testing.B) string {
	dir, err := benchCorpus()
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

func BenchmarkLoad(b *testing.B) {
	dir := corpusDir(b)
	for b.Loop() {
		source.Load(dir)
	}
}

func BenchmarkFrontMatter(b *testing.B) {
	tree, _ := source.Load(corpusDir(b))
	for b.Loop() {
		for _, d := range tree.Docs {
			meta.Decode(d.Path, d.FrontMatter, d.FMLine, false)
		}
	}
}

func BenchmarkMarkdown(b *testing.B) {
	tree, _ := source.Load(corpusDir(b))
	conv := markdown.New(markdown.Options{})
	var bytes int64
	for _, d := range tree.Docs {
		bytes += int64(len(d.Body))
	}
	b.SetBytes(bytes)
	for b.Loop() {
		for _, d := range tree.Docs {
			conv.Convert(d.Path, d.Body, d.BodyLine, 0)
		}
	}
}

func siteInput(b *testing.B) site.Input {
	tree, _ := source.Load(corpusDir(b))
	bl := New(Options{Source: corpusDir(b), Theme: keel.Theme()})
	cfg, _ := meta.DecodeConfig(tree.Config.Data)
	bl.converter(cfg, map[string]string{}, nil)
	docs, _, _, _ := bl.parse(tree)
	var assets []string
	for _, a := range tree.Assets {
		assets = append(assets, a.Path)
	}
	return site.Input{Config: cfg, Docs: docs, Assets: assets, Audience: "internal", Now: testNow}
}

func BenchmarkSite(b *testing.B) {
	in := siteInput(b)
	for b.Loop() {
		site.Build(in)
	}
}

func renderInput(b *testing.B) render.Input {
	in := siteInput(b)
	s, _ := site.Build(in)
	tree, _ := source.Load(corpusDir(b))
	theme, _ := mergeTheme(keel.Theme(), tree)
	return render.Input{Site: s, Theme: theme}
}

func BenchmarkRender(b *testing.B) {
	in := renderInput(b)
	for b.Loop() {
		renderAll(in)
	}
}

func BenchmarkSearchIndex(b *testing.B) {
	in := siteInput(b)
	s, _ := site.Build(in)
	var bld Builder // no cache: every page's document is whole
	for b.Loop() {
		indexFiles(bld.searchDocs(s), nil, nil, func(render.File) {}, nil)
	}
}

func BenchmarkWrite(b *testing.B) {
	files, _ := renderAll(renderInput(b))
	out := filepath.Join(b.TempDir(), "site")
	for b.Loop() {
		st, err := output.Begin(out)
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range files {
			if err := st.WriteFile(output.File(f)); err != nil {
				b.Fatal(err)
			}
		}
		if err := st.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// renderAll renders every output file of a site, as a build does.
func renderAll(in render.Input) ([]render.File, diag.List) {
	r, diags := render.New(in)
	if diags.HasErrors() {
		return nil, diags
	}
	files, more := New(Options{}).renderAll(r, in, nil)
	return files, append(diags, more...)
}

// BenchmarkBuild1000 is a whole cold build written to disk, as keel build does it.
func BenchmarkBuild1000(b *testing.B) {
	dir := corpusDir(b)
	out := filepath.Join(b.TempDir(), "site")
	for b.Loop() {
		st, err := output.Begin(out)
		if err != nil {
			b.Fatal(err)
		}
		res := New(Options{Source: dir, Theme: keel.Theme(), Now: testNow, Output: st}).Build()
		if res.Diags.HasErrors() {
			b.Fatal(res.Diags)
		}
		if err := st.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuildOnePage is keel serve's fast path: one body edit.
func BenchmarkRebuildOnePage(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Generate(dir, 1000, 1); err != nil {
		b.Fatal(err)
	}
	src := filepath.Join(dir, "keel")
	bl := New(Options{Source: src, Theme: keel.Theme(), Now: testNow})
	if res := bl.Build(); res.Diags.HasErrors() {
		b.Fatal(res.Diags)
	}
	page := bl.tree.Docs[len(bl.tree.Docs)/2]
	i := 0
	for b.Loop() {
		i++
		data := fmt.Appendf(append([]byte{}, page.Data...), "\nEdit %d.\n", i)
		os.WriteFile(filepath.Join(src, filepath.FromSlash(page.Path)), data, 0o644)
		res := bl.Rebuild([]string{page.Path})
		if res.Search == nil {
			b.Fatalf("edit %d took the full path", i)
		}
	}
}

// BenchmarkCachedRebuild1000 is keel build after one body edit: persistent
// cache, reusing output, only the edited page and the search index rendered.
func BenchmarkCachedRebuild1000(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Generate(dir, 1000, 1); err != nil {
		b.Fatal(err)
	}
	src, out, cache := filepath.Join(dir, "keel"), filepath.Join(dir, "out"), filepath.Join(dir, "cache")
	build := func() Result {
		st, err := output.BeginReusing(out, cache)
		if err != nil {
			b.Fatal(err)
		}
		res := New(Options{Source: src, Theme: keel.Theme(), Now: testNow, CacheDir: cache, Output: st}).Build()
		if res.Diags.HasErrors() {
			b.Fatal(res.Diags)
		}
		if err := st.Commit(); err != nil {
			b.Fatal(err)
		}
		return res
	}
	build()
	page := filepath.Join(src, "content", "about.md")
	matches, _ := filepath.Glob(filepath.Join(src, "content", "manuals", "*", "m-*.md"))
	if len(matches) > 0 {
		page = matches[0]
	}
	orig, err := os.ReadFile(page)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		os.WriteFile(page, fmt.Appendf(append([]byte{}, orig...), "\nEdit %d.\n", i), 0o644)
		if res := build(); res.Stats.Reused == 0 {
			b.Fatalf("edit %d rendered everything", i)
		}
	}
}
