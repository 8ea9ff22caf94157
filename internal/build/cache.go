package build

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"keel/internal/diag"
	"keel/internal/markdown"
	"keel/internal/meta"
	"keel/internal/par"
)

// diskCache is the persistent build cache (.keel/cache by default): the
// analysis of every Markdown body — what the site stage needs — in one index
// file, and each body's HTML in a file of its own, read only when its page is
// written. Entries are keyed by a hash of keel's own executable, the Markdown
// options and the body, so a new keel or new options never reuse stale
// results. The folder is safe to delete at any time.
type diskCache struct {
	dir   string
	stamp string
	old   [shards]map[string]cacheEntry // the index as loaded
	metas [shards]map[string]metaEntry  // decoded front matter as loaded
	mu    sync.Mutex
	used  map[string]cacheEntry // entries of this build, saved at the end
	usedM map[string]metaEntry  // front matter decoded in this build
	dirty [shards]bool          // shards with an entry added or changed in this build
	hits  atomic.Int64          // bodies taken from the cache in this build
	stale atomic.Bool           // a shard of another keel (or damaged) was ignored: sweep its HTML
}

// The index is split by the first hex digit of the key, so a rebuild after
// one edit rewrites two small files, not the analysis of every page, and the
// shards load in parallel.
const shards = 16

func shardOf(key string) int {
	d := key[0]
	if d >= 'a' {
		return int(d-'a') + 10
	}
	return int(d - '0')
}

func shardFile(i int) string { return fmt.Sprintf("index-%x.gob", i) }

type shardData struct {
	Stamp   string
	Entries map[string]cacheEntry
	Metas   map[string]metaEntry
}

// metaEntry is one decoded front matter: decoding YAML is most of what a
// rebuild from the cache would otherwise spend per page.
type metaEntry struct {
	Meta  meta.Meta
	Diags diag.List
}

type cacheEntry struct {
	Result markdown.Result // HTML and Render left out
	Diags  diag.List
	// The HTML file's length and checksum, set once it was written: a file
	// that does not match (damaged, or from an interrupted build) is redone.
	HTMLLen int
	HTMLCRC uint32
}

// openCache loads the cache under dir ("" disables it). Any problem just
// means an empty cache (or shard).
func openCache(dir string) *diskCache {
	if dir == "" {
		return nil
	}
	c := &diskCache{dir: dir, stamp: executableStamp(), used: map[string]cacheEntry{}, usedM: map[string]metaEntry{}}
	if _, err := os.Stat(filepath.Join(dir, "index.gob")); err == nil {
		c.stale.Store(true) // the unsplit index of earlier versions
	}
	par.For(shards, func(i int) {
		c.old[i], c.metas[i] = map[string]cacheEntry{}, map[string]metaEntry{}
		f, err := os.Open(filepath.Join(dir, shardFile(i)))
		if err != nil {
			return
		}
		defer f.Close()
		var d shardData
		if gob.NewDecoder(bufio.NewReader(f)).Decode(&d) == nil && d.Stamp == c.stamp {
			c.old[i] = d.Entries
			if d.Metas != nil {
				c.metas[i] = d.Metas
			}
		} else {
			c.stale.Store(true)
		}
	})
	return c
}

// executableStamp identifies this build of keel, so results of another
// version are never reused.
func executableStamp() string {
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	f, err := os.Open(exe)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// key names one body converted with one set of options.
func (c *diskCache) key(options string, steps bool, body []byte) string {
	h := sha256.New()
	h.Write([]byte(c.stamp + "\x00" + options + "\x00"))
	if steps {
		h.Write([]byte("steps\x00"))
	}
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// decodeMeta is meta.Decode, answered from the cache when the same front
// matter was decoded for the same file before.
func (c *diskCache) decodeMeta(path string, fm []byte, fmLine int, isSection bool) (meta.Meta, diag.List) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00%v\x00", c.stamp, path, fmLine, isSection)
	h.Write(fm)
	key := hex.EncodeToString(h.Sum(nil))
	e, ok := c.metas[shardOf(key)][key]
	if !ok {
		e.Meta, e.Diags = meta.Decode(path, fm, fmLine, isSection)
	}
	c.mu.Lock()
	c.usedM[key] = e
	if !ok {
		c.dirty[shardOf(key)] = true
	}
	c.mu.Unlock()
	return e.Meta, slices.Clip(e.Diags) // callers append to it
}

func (c *diskCache) get(key string) (cacheEntry, bool) {
	e, ok := c.old[shardOf(key)][key]
	if ok {
		c.hits.Add(1)
		c.mu.Lock()
		c.used[key] = e
		c.mu.Unlock()
	}
	return e, ok
}

func (c *diskCache) put(key string, r markdown.Result, diags diag.List) {
	r.HTML, r.Render = nil, nil
	c.mu.Lock()
	c.used[key] = cacheEntry{Result: r, Diags: diags}
	c.dirty[shardOf(key)] = true
	c.mu.Unlock()
}

func (c *diskCache) htmlPath(key string) string {
	return filepath.Join(c.dir, "html", key[:2], key+".html")
}

// readHTML returns the cached HTML of an entry when it is intact.
func (c *diskCache) readHTML(key string, e cacheEntry) ([]byte, bool) {
	if e.HTMLLen == 0 {
		return nil, false
	}
	b, err := os.ReadFile(c.htmlPath(key))
	if err != nil || len(b) != e.HTMLLen || crc32.ChecksumIEEE(b) != e.HTMLCRC {
		return nil, false
	}
	return b, true
}

// writeHTML stores a body's HTML and records its checksum in the entry.
func (c *diskCache) writeHTML(key string, html []byte) {
	p := c.htmlPath(key)
	os.MkdirAll(filepath.Dir(p), 0o755)
	tmp := p + ".tmp"
	if os.WriteFile(tmp, html, 0o644) != nil || os.Rename(tmp, p) != nil {
		return
	}
	c.mu.Lock()
	if e, ok := c.used[key]; ok {
		e.HTMLLen, e.HTMLCRC = len(html), crc32.ChecksumIEEE(html)
		c.used[key] = e
		c.dirty[shardOf(key)] = true
	}
	c.mu.Unlock()
}

// save writes the shards whose entries changed in this build and removes
// the HTML files of entries no longer used.
func (c *diskCache) save() {
	var split [shards]shardData
	for i := range split {
		split[i] = shardData{c.stamp, map[string]cacheEntry{}, map[string]metaEntry{}}
	}
	for k, e := range c.used {
		split[shardOf(k)].Entries[k] = e
	}
	for k, e := range c.usedM {
		split[shardOf(k)].Metas[k] = e
	}
	if os.MkdirAll(c.dir, 0o755) != nil {
		return
	}
	par.For(shards, func(i int) {
		if !c.dirty[i] && len(split[i].Entries) == len(c.old[i]) && len(split[i].Metas) == len(c.metas[i]) {
			return // used ⊆ old here, so equal
		}
		for k := range c.old[i] {
			if _, ok := split[i].Entries[k]; !ok {
				os.Remove(c.htmlPath(k))
			}
		}
		var buf bytes.Buffer
		if gob.NewEncoder(&buf).Encode(split[i]) != nil {
			return
		}
		p := filepath.Join(c.dir, shardFile(i))
		if os.WriteFile(p+".tmp", buf.Bytes(), 0o644) == nil {
			os.Rename(p+".tmp", p)
		}
	})
	if c.stale.Load() {
		filepath.WalkDir(filepath.Join(c.dir, "html"), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if _, ok := c.used[strings.TrimSuffix(d.Name(), ".html")]; !ok {
					os.Remove(p)
				}
			}
			return nil
		})
	}
	os.Remove(filepath.Join(c.dir, "index.gob")) // the unsplit index of earlier versions
}

// convert returns a body's analysis and HTML (or a Render func that produces
// the HTML when lazy), from the cache when it has them.
func (c *diskCache) convert(conv *markdown.Converter, options, path string, body []byte, line int, steps, lazy bool) (markdown.Result, diag.List) {
	key := c.key(options, steps, body)
	var cached cacheEntry
	render := func() []byte {
		if html, ok := c.readHTML(key, cached); ok {
			return html
		}
		r, _ := conv.Convert(path, body, line, steps)
		c.writeHTML(key, r.HTML)
		return r.HTML
	}
	if e, ok := c.get(key); ok {
		cached = e
		r := e.Result
		if lazy {
			r.Render = render
		} else {
			r.HTML = render()
		}
		return r, e.Diags
	}
	if lazy {
		r, diags := conv.Analyze(path, body, line, steps)
		c.put(key, r, diags)
		r.Render = render
		return r, diags
	}
	r, diags := conv.Convert(path, body, line, steps)
	c.put(key, r, diags)
	c.writeHTML(key, r.HTML)
	return r, diags
}
