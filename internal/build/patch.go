package build

import (
	"crypto/sha256"
	"slices"
	"strings"
	"time"

	"keel/internal/diag"
	"keel/internal/render"
	"keel/internal/site"
	"keel/internal/source"
)

// patch is the fast path of Rebuild, the Plan of RenderPages kept in memory:
// when the only changes are Markdown bodies that kept their shape (bodyOnly,
// the same test plan makes), nothing but those pages' own output (and the
// search index) can differ, so only they are re-rendered. It reports false
// whenever a full rebuild is needed; the result is then computed by run,
// which gives the same bytes a fresh build would.
func (b *Builder) patch(start time.Time, tree source.Tree, diags diag.List, paths []string) (Result, bool) {
	last := b.last
	if last == nil || len(diags) > 0 {
		return Result{}, false
	}
	changes, ok := b.bodyChanges(tree, paths)
	if !ok {
		return Result{}, false
	}
	// Each changed file belongs to one language's site: patch it there and
	// render it with that language's renderer.
	b.tree = &tree // pages and their twins are rendered from it (pageBody, twin); a failed patch is a full build of tree
	langs := slices.Clone(last.langs)
	pages := make([][]*site.Page, len(langs))
	for _, c := range changes {
		l := slices.IndexFunc(langs, func(l langBuild) bool { return l.site.Has(c.path) })
		if l < 0 {
			return Result{}, false
		}
		page, ok := langs[l].site.WithBody(c.path, c.p.md)
		if !ok {
			// bodyOnly checked what WithBody checks, so this cannot happen;
			// if it did, rebuild it whole.
			return Result{}, false
		}
		b.cache[c.path] = c.p
		if page != nil {
			pages[l] = append(pages[l], page)
		}
	}
	var files []render.File
	for i := range langs {
		if len(pages[i]) == 0 {
			continue
		}
		more, diags := b.renderPages(langs[i].rend, pages[i])
		if diags.HasErrors() {
			return Result{}, false
		}
		files = append(files, more...)
		// Only the edited pages' search documents change; copied so that an
		// index still being built from the previous ones is undisturbed.
		langs[i].docs = slices.Clone(langs[i].docs)
		for _, p := range pages[i] {
			if j := searchPosition(langs[i].site, p); j >= 0 {
				langs[i].docs[j] = b.searchDoc(p)
			}
		}
	}
	last.langs = langs
	res := Result{Files: files, Changes: true, Site: langs[0].site, Generation: b.gen, Diags: last.diags, Plan: Plan{Kind: RenderPages},
		Stats: Stats{Kinds: map[string]int{}, Reparsed: len(changes), Files: last.count}}
	if !b.opts.Changes {
		last.files = replaceFiles(last.files, files, nil)
		res.Files, res.Changes = last.files, false
	}
	for _, l := range langs {
		for _, p := range l.site.Pages {
			res.Stats.Kinds[p.Kind]++
		}
	}
	for _, c := range changes {
		res.Plan.Pages = append(res.Plan.Pages, c.path)
	}
	if len(changes) > 0 {
		b.gen++ // a save that changed no bytes leaves the build (and a pending index) as it was
		res.Generation = b.gen
		known := b.terms
		res.Search = func() []render.File {
			var files []render.File
			searchIndex(langs, nil, known, func(f render.File) { files = append(files, f) }, nil)
			slices.SortFunc(files, func(a, b render.File) int { return strings.Compare(a.Path, b.Path) })
			return files
		}
	}
	res.Stats.Duration = time.Since(start)
	return res, true
}

// searchPosition is the index of a page's document in lastBuild.docs (which
// follow site.Pages, skipping home), or -1.
func searchPosition(s *site.Site, p *site.Page) int {
	find := func(id string) (int, bool) {
		return slices.BinarySearchFunc(s.Pages, id, func(q *site.Page, id string) int { return strings.Compare(q.ID, id) })
	}
	i, ok := find(p.ID)
	if !ok || p.Kind == "home" {
		return -1
	}
	if h, ok := find("_index"); ok && h < i {
		i-- // home has no document
	}
	return i
}

// replaceFiles returns a copy of files (sorted by path) with the given ones
// put in place by path, and the paths in drop that they do not have left
// out: a regenerated set of files (the search index) loses the files it no
// longer has. One merge of two sorted lists: no map, no sort of files.
func replaceFiles(files, with []render.File, drop map[string]bool) []render.File {
	with = slices.SortedFunc(slices.Values(with), func(a, b render.File) int { return strings.Compare(a.Path, b.Path) })
	out := make([]render.File, 0, len(files)+len(with))
	i := 0
	for _, f := range files {
		for ; i < len(with) && with[i].Path < f.Path; i++ {
			out = append(out, with[i])
		}
		if i < len(with) && with[i].Path == f.Path {
			out = append(out, with[i])
			i++
		} else if !drop[f.Path] {
			out = append(out, f)
		}
	}
	return append(out, with[i:]...)
}

func pathSet(files []render.File) map[string]bool {
	set := make(map[string]bool, len(files))
	for _, f := range files {
		set[f.Path] = true
	}
	return set
}

// ApplySearch puts the search index a fast rebuild's Search produced into the
// last build and returns the complete file set. It returns false when a later
// build has happened since (that build brings its own index).
// With Options.Changes it returns the index alone (see SearchChanges).
func (b *Builder) ApplySearch(generation int, index []render.File) ([]render.File, bool) {
	files, _, ok := b.SearchChanges(generation, index)
	return files, ok
}

// SearchChanges is ApplySearch for Options.Changes: it returns the index
// files and, in removed, the paths of the last build's index files that
// the new index no longer has (sorted). Without Options.Changes files is
// the complete file set, as ApplySearch returns it.
func (b *Builder) SearchChanges(generation int, index []render.File) (files []render.File, removed []string, ok bool) {
	last := b.last
	if last == nil || generation != b.gen {
		return nil, nil, false
	}
	set := pathSet(index)
	for p := range last.index {
		if !set[p] {
			removed = append(removed, p)
		}
	}
	slices.Sort(removed)
	last.count += len(index) - len(last.index)
	if !b.opts.Changes {
		last.files = replaceFiles(last.files, index, last.index)
		index = last.files
	}
	last.index = set
	return index, removed, true
}

// change is a content file whose body changed, parsed again.
type change struct {
	path string
	p    parsed
}

// bodyChanges parses the changed paths again and returns those whose bytes
// changed, or false when one changed more than its body (or is not a page).
func (b *Builder) bodyChanges(tree source.Tree, paths []string) ([]change, bool) {
	var changes []change
	for _, p := range paths {
		if !strings.HasPrefix(p, "content/") || !strings.HasSuffix(p, ".md") {
			return nil, false // templates, static files, config, assets, folders
		}
		d, found := tree.Doc(p)
		old, had := b.cache[p]
		if !found || !had {
			return nil, false // a page appeared or disappeared
		}
		sum := sha256.Sum256(d.Data)
		if sum == old.sum {
			continue
		}
		np := b.parseOne(d, sum)
		if len(np.diags) > 0 || len(old.diags) > 0 {
			return nil, false
		}
		// The last build's diagnostics (other pages' errors, in keel serve)
		// still hold only if this page had none (their positions may move)
		// and neither gains nor loses a warning.
		if slices.ContainsFunc(b.last.diags, func(d diag.Diagnostic) bool { return d.Path == p }) {
			return nil, false
		}
		if h, ok := b.ph[p]; (ok && h.phrase != "") || (len(b.phKey) > 0 && findPlaceholder(d.Data, b.phSet).phrase != "") {
			return nil, false
		}
		was, _ := b.tree.Doc(p)
		if _, ok := bodyOnly(docState{Sum: old.sum, Shape: shape(was, old)}, docState{Sum: sum, Shape: shape(d, np)}); !ok {
			return nil, false
		}
		changes = append(changes, change{p, np})
	}
	return changes, true
}
