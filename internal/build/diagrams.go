package build

import (
	"sync"

	"keel/internal/diagram"
	"keel/internal/markdown"
)

// diagramCache holds rendered diagrams by markdown.DiagramKey, in memory for
// the Builder's life (serve) and, with a persistent cache, one record each
// ("diagram/KEY"). Laying out a diagram costs more than converting a page,
// so a page edited elsewhere than in its diagrams re-renders none of them.
type diagramCache struct {
	mu      sync.Mutex
	mem     map[string]markdown.Diagram
	disk    *diskCache      // nil without a persistent cache
	renders int             // diagrams rendered (not found in a cache) by this Builder
	loaded  bool            // a diagram was read from the persistent cache
	gen     map[string]bool // keys of generated diagrams (decision chains) used since the last keep
}

func diagramKey(key string) string { return "diagram/" + key }

func newDiagramCache(disk *diskCache) *diagramCache {
	return &diagramCache{mem: map[string]markdown.Diagram{}, gen: map[string]bool{}, disk: disk}
}

// render is the markdown.DiagramFunc of the Builder's converter.
func (c *diagramCache) render(key, kind, title, src string) markdown.Diagram {
	c.mu.Lock()
	d, ok := c.mem[key]
	c.mu.Unlock()
	if ok {
		return d
	}
	read := c.disk != nil && c.disk.tx.GetGob(diagramKey(key), &d)
	if !read {
		r := diagram.Render(kind, src, title)
		d = markdown.Diagram{SVG: r.SVG}
		for _, p := range r.Problems {
			d.Problems = append(d.Problems, markdown.DiagramProblem{Line: p.Line, Col: p.Col, Msg: p.Msg, Warning: p.Warning})
		}
		if c.disk != nil {
			c.disk.tx.PutGob(diagramKey(key), d)
		}
	}
	c.mu.Lock()
	c.mem[key] = d
	c.loaded = c.loaded || read
	if !read {
		c.renders++
	}
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
	return c.render(key, "d2", title, src).SVG
}

// keepDiagrams keeps the diagrams of the pages this build has (and the
// generated ones), in memory and in the persistent cache, and drops the rest.
func (b *Builder) keepDiagrams() {
	c := b.diags
	c.mu.Lock()
	defer c.mu.Unlock()
	live := c.gen
	for _, p := range b.cache {
		if p.md != nil {
			for _, k := range p.md.Diagrams {
				live[k] = true
			}
		}
	}
	for k := range c.mem {
		if !live[k] {
			delete(c.mem, k)
		}
	}
	for k := range live {
		if c.disk != nil {
			c.disk.tx.Keep(diagramKey(k))
		}
	}
	c.gen = map[string]bool{}
}
