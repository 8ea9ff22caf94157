package build

import (
	"bytes"
	"slices"
	"strings"
	"sync"

	"keel/internal/diag"
	"keel/internal/par"
	"keel/internal/render"
	"keel/internal/site"
)

// renderJobs renders jobs in parallel, each page with the body the build
// hands over (pageBody), and passes each file, and each page's Markdown
// twin, to emit as soon as it is rendered, then rest. With emit nil it
// returns all of them instead, sorted by path.
func (b *Builder) renderJobs(r *render.Renderer, jobs []render.Job, rest []render.File, emit func(render.File) error) ([]render.File, diag.List) {
	var out []render.File
	if emit == nil {
		out = make([]render.File, len(jobs), 2*len(jobs)+len(rest))
	}
	errs := make([]error, len(jobs))
	twins := make([]render.File, len(jobs))
	buffers := sync.Pool{New: func() any { return new(bytes.Buffer) }} // one per worker, reused
	par.For(len(jobs), func(i int) {
		buf := buffers.Get().(*bytes.Buffer)
		defer buffers.Put(buf)
		buf.Reset()
		j, body := jobs[i], ""
		if p := j.Page(); p != nil {
			if body, errs[i] = b.pageBody(p); errs[i] != nil {
				return
			}
		}
		if errs[i] = r.Render(buf, j, body); errs[i] != nil {
			return
		}
		var twin render.File
		if p := j.Page(); p != nil {
			twin.Path = p.TwinPath()
			if twin.Data, errs[i] = b.twin(p); errs[i] != nil {
				return
			}
		}
		if emit == nil {
			out[i], twins[i] = render.File{Path: j.Out, Data: bytes.Clone(buf.Bytes())}, twin
			return
		}
		if errs[i] = emit(render.File{Path: j.Out, Data: buf.Bytes()}); errs[i] == nil && twin.Path != "" {
			errs[i] = emit(twin)
		}
	})
	var diags diag.List
	for i, err := range errs {
		if err != nil {
			diags.Add(jobs[i].Error(err))
		}
	}
	if emit == nil {
		for _, f := range twins {
			if f.Path != "" {
				out = append(out, f)
			}
		}
		out = append(out, rest...)
		slices.SortFunc(out, func(a, b render.File) int { return strings.Compare(a.Path, b.Path) })
		return out, diags
	}
	for _, f := range rest {
		if err := emit(f); err != nil {
			diags.Errorf("", 0, 0, "writing %s: %v", f.Path, err)
		}
	}
	return nil, diags
}

// renderAll renders every output of the site r was made for.
func (b *Builder) renderAll(r *render.Renderer, in render.Input, emit func(render.File) error) ([]render.File, diag.List) {
	jobs, rest, diags := r.Jobs(in)
	if diags.HasErrors() {
		return nil, diags
	}
	files, more := b.renderJobs(r, jobs, rest, emit)
	return files, append(diags, more...)
}

// renderPages renders the given pages of r's site again (its own, or
// copies site.Site.WithBody made), in memory.
func (b *Builder) renderPages(r *render.Renderer, pages []*site.Page) ([]render.File, diag.List) {
	jobs := make([]render.Job, len(pages))
	for i, p := range pages {
		jobs[i] = r.PageJob(p)
	}
	return b.renderJobs(r, jobs, nil, nil)
}
