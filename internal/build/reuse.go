package build

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"hash"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"keel/internal/diag"
	"keel/internal/par"
	"keel/internal/render"
	"keel/internal/site"
	"keel/internal/source"
)

// buildState is what a build records with its output so that the next one,
// given that output, can render only what changed: when every input but
// some page bodies is the same, and those bodies kept their links and
// anchors, nothing but those pages and the search index can differ (the
// reasoning of the serve fast path, see patch).
type buildState struct {
	Global [32]byte            // everything but the pages: options, config, theme, assets, dates
	Docs   map[string]docState // by path
	Search []string            // the paths of its search index
}

type docState struct {
	Sum   [32]byte // the whole file
	Shape [32]byte // front matter, link targets and anchors: what other pages see
}

// tag is s encoded: the output records it with its files (Reuser.SetTag),
// so a state always travels with the output it describes and comes back
// only with it (Reuser.LiveTag).
func (s *buildState) tag() string {
	var buf strings.Builder
	gob.NewEncoder(&buf).Encode(s)
	return buf.String()
}

// stateOf decodes a tag; nil when there is none or it does not decode.
func stateOf(tag string) *buildState {
	var s buildState
	if tag == "" || gob.NewDecoder(strings.NewReader(tag)).Decode(&s) != nil {
		return nil
	}
	return &s
}

// frame writes a length-prefixed string, so no two sequences hash alike.
func frame[T string | []byte](h hash.Hash, s T) {
	var n [binary.MaxVarintLen64]byte
	h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
	h.Write([]byte(s))
}

// globalKey hashes every input of a build except the content pages.
func (b *Builder) globalKey(cfg []byte, theme []render.ThemeFile, tree source.Tree, now time.Time) [32]byte {
	h := sha256.New() // only with a persistent cache (planOf): its stamp names this keel
	for _, s := range []string{b.disk.stamp, b.opts.Audience, boolStr(b.opts.Drafts), b.opts.BaseURL, now.Format(time.DateOnly)} {
		frame(h, s)
	}
	frame(h, cfg)
	for _, f := range theme {
		frame(h, f.Path)
		frame(h, f.Data)
	}
	for _, a := range tree.Assets {
		frame(h, a.Path)
		frame(h, a.Data)
	}
	for _, p := range slices.Sorted(maps.Keys(b.dates)) {
		frame(h, p)
		frame(h, b.dates[p].Format(time.RFC3339Nano))
	}
	return [32]byte(h.Sum(nil))
}

// shape hashes what other pages and the lists see of a page: its front
// matter (so its metadata), its title (which may come from the body's "# "
// heading), its outbound links and the anchors it offers.
func shape(d source.Doc, r parsed) [32]byte {
	h := sha256.New()
	frame(h, d.Path)
	frame(h, strconv.Itoa(d.FMLine))
	frame(h, d.FrontMatter)
	frame(h, r.meta.Title)
	for _, l := range r.md.Links {
		frame(h, l.Dest)
		frame(h, boolStr(l.Image)+boolStr(l.Internal))
	}
	for _, ids := range [][]string{r.md.IDs, r.md.InternalIDs} {
		frame(h, "ids")
		for _, id := range ids {
			frame(h, id)
		}
	}
	return [32]byte(h.Sum(nil))
}

// PlanKind is what a build renders.
type PlanKind int

const (
	RenderAll   PlanKind = iota // every page and the search index
	RenderPages                 // Plan.Pages and the search index; every other file is the previous build's
	IndexOnly                   // nothing changed that a page shows: only the search index is rebuilt
)

// Plan is what a build renders: a plain value, decided in one place (plan)
// from the state the previous build recorded and the current inputs.
type Plan struct {
	Kind  PlanKind
	Pages []string // RenderPages: the content files whose pages change, sorted
}

// plan compares the previous build's state with the current one: when the
// only changes are page bodies that kept their shape, nothing but those
// pages and the search index can differ. Without a previous state, or when
// anything else changed, everything is rendered.
func plan(prev, cur *buildState) Plan {
	if prev == nil || prev.Global != cur.Global || len(prev.Docs) != len(cur.Docs) {
		return Plan{Kind: RenderAll}
	}
	var changed []string
	for p, d := range cur.Docs {
		body, ok := bodyOnly(prev.Docs[p], d)
		if !ok {
			return Plan{Kind: RenderAll}
		}
		if body {
			changed = append(changed, p)
		}
	}
	if len(changed) == 0 {
		return Plan{Kind: IndexOnly}
	}
	slices.Sort(changed)
	return Plan{Kind: RenderPages, Pages: changed}
}

// bodyOnly is the one test of "only the body changed" (plan, and the serve
// fast path through it): it reports whether the body changed, and false in ok
// when anything other pages see did (or the page is new: a zero old state).
func bodyOnly(old, cur docState) (changed, ok bool) {
	if old.Shape != cur.Shape {
		return false, false
	}
	return old.Sum != cur.Sum, true
}

// renderChanged is the partial render: the pages in changed are emitted and
// every other file of the live output (the previous build's, which the
// output recorded: Reuser.LiveFiles) but its search index is reused; it
// returns the reused paths. It reports false, having emitted nothing, when a
// file cannot be reused; the caller then renders everything.
func (b *Builder) renderChanged(prev *buildState, changed []string, s *site.Site, r *render.Renderer, emit func(render.File) error, out Reuser) ([]string, diag.List, bool) {
	pages := slices.DeleteFunc(slices.Clone(s.Pages), func(p *site.Page) bool {
		_, ok := slices.BinarySearch(changed, p.Path)
		return !ok
	})
	files, diags := b.renderPages(r, pages) // sorted by path
	if diags.HasErrors() {
		return nil, diags, true
	}
	index := make(map[string]bool, len(prev.Search))
	for _, p := range prev.Search {
		index[p] = true
	}
	reuse := slices.DeleteFunc(out.LiveFiles(), func(p string) bool {
		_, fresh := slices.BinarySearchFunc(files, p, func(f render.File, p string) int { return strings.Compare(f.Path, p) })
		return fresh || index[p]
	})
	var failed atomic.Bool
	par.For(len(reuse), func(i int) {
		if !out.Reuse(reuse[i]) {
			failed.Store(true)
		}
	})
	if failed.Load() {
		return nil, nil, false
	}
	for _, f := range files {
		if err := emit(f); err != nil {
			diags.Errorf("", 0, 0, "writing %s: %v", f.Path, err)
		}
	}
	return reuse, diags, true
}
