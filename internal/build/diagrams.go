package build

import (
	"sync"

	"keel/internal/diagram"
	"keel/internal/markdown"
)

// diagramCache holds rendered diagrams by markdown.DiagramKey, in memory for
// the Builder's life (serve) and, with a persistent cache, in its
// "diagrams" record. Laying out a diagram costs more
// than converting a page, so a page edited elsewhere than in its diagrams
// re-renders none of them. The record is read on the first diagram this
// process has not rendered — a build whose pages all come from the cache
// never reads it.
type diagramCache struct {
	mu      sync.Mutex
	mem     map[string]markdown.Diagram
	disk    *diskCache // nil without a persistent cache
	loaded  bool
	added   bool            // entries rendered since the record was read
	renders int             // diagrams rendered (not found in a cache) by this Builder
	gen     map[string]bool // keys of generated diagrams (decision chains) used since the last keep
}

const diagramsKey = "diagrams"

func newDiagramCache(disk *diskCache) *diagramCache {
	return &diagramCache{mem: map[string]markdown.Diagram{}, gen: map[string]bool{}, disk: disk}
}

// render is the markdown.DiagramFunc of the Builder's converter.
func (c *diagramCache) render(key, kind, title, src string) markdown.Diagram {
	c.mu.Lock()
	if d, ok := c.mem[key]; ok {
		c.mu.Unlock()
		return d
	}
	if !c.loaded {
		c.load()
		if d, ok := c.mem[key]; ok {
			c.mu.Unlock()
			return d
		}
	}
	c.mu.Unlock()
	r := diagram.Render(kind, src, title)
	d := markdown.Diagram{SVG: r.SVG}
	for _, p := range r.Problems {
		d.Problems = append(d.Problems, markdown.DiagramProblem{Line: p.Line, Col: p.Col, Msg: p.Msg, Warning: p.Warning})
	}
	c.mu.Lock()
	c.mem[key] = d
	c.added = true
	c.renders++
	c.mu.Unlock()
	return d
}

// generated is the render.DiagramFunc for diagrams keel writes itself (the
// supersedes chains and the decision graph): the same renderer and cache.
func (c *diagramCache) generated(title, src string) []byte {
	key := markdown.DiagramKey("d2", title, src)
	c.mu.Lock()
	c.gen[key] = true
	c.mu.Unlock()
	d := c.render(key, "d2", title, src)
	return d.SVG
}

// load reads the diagrams record into memory (c.mu held).
func (c *diagramCache) load() {
	c.loaded = true
	var entries map[string]markdown.Diagram
	if c.disk == nil || !c.disk.getGob(diagramsKey, &entries) {
		return
	}
	for k, d := range entries {
		if _, ok := c.mem[k]; !ok {
			c.mem[k] = d
		}
	}
}

// keep drops every diagram no page of the build uses any more and, when
// something was rendered, rewrites the record with the rest.
func (c *diagramCache) keep(live map[string]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.gen {
		live[k] = true
	}
	clear(c.gen)
	for k := range c.mem {
		if !live[k] {
			delete(c.mem, k)
		}
	}
	if !c.added || c.disk == nil {
		return
	}
	c.added = false
	if !c.loaded {
		c.load() // keep what earlier builds rendered for pages still there
		for k := range c.mem {
			if !live[k] {
				delete(c.mem, k)
			}
		}
	}
	c.disk.putGob(diagramsKey, c.mem)
}

// keepDiagrams keeps the rendered diagrams of the pages this build has.
func (b *Builder) keepDiagrams() {
	live := map[string]bool{}
	for _, p := range b.cache {
		if p.md != nil {
			for _, k := range p.md.Diagrams {
				live[k] = true
			}
		}
	}
	b.diags.keep(live)
}
