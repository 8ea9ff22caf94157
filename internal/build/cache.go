package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	"keel/internal/diag"
	"keel/internal/markdown"
	"keel/internal/meta"
	"keel/internal/par"
	"keel/internal/store"
)

// diskCache is the persistent build cache (.keel/cache by default), kept in
// one store (internal/store) under typed keys: the analysis of every Markdown
// body — what the site stage needs — and its decoded front matter in 16
// shard records ("analysis/N"), the bodies' HTML one record each
// ("html/KEY"), read only when a page is written, the search terms
// ("terms"), the diagrams ("diagrams") and the last build states
// ("state/TAG"). Body keys hash keel's own executable, the Markdown options
// and the body, and the store is stamped with the executable, so a new keel
// or new options never reuse stale results. The folder is safe to delete at
// any time.
type diskCache struct {
	dir   string
	stamp string
	st    *store.Store
	tx    *store.Tx                     // this build's transaction, committed by save
	old   [shards]map[string]cacheEntry // the analysis shards as committed
	metas [shards]map[string]metaEntry  // decoded front matter as committed
	mu    sync.Mutex
	used  map[string]cacheEntry // entries of this build, saved at the end
	usedM map[string]metaEntry  // front matter decoded in this build
	dirty [shards]bool          // shards with an entry added in this build
	hits  atomic.Int64          // bodies taken from the cache in this build
}

// warning is the one diagnostic of a cache that could not be read or
// written (the build went on without it), once.
func (c *diskCache) warning() diag.List {
	var diags diag.List
	if err := c.st.Problem(); err != nil {
		diags.Warnf(c.dir, 0, 0, "the build cache cannot be used (%v): the build went on without it, so builds stay cold until it can be written (the folder is safe to delete)", err)
	}
	return diags
}

// The analyses are split by the first hex digit of the key, so a rebuild
// after one edit rewrites two small records, not the analysis of every
// page, and the shards decode in parallel. (A gob record per body decoded
// ten times slower.)
const shards = 16

func shardOf(key string) int {
	d := key[0]
	if d >= 'a' {
		return int(d-'a') + 10
	}
	return int(d - '0')
}

func shardKey(i int) string { return fmt.Sprintf("analysis/%x", i) }

func htmlKey(key string) string { return "html/" + key }

type shardData struct {
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
	Result markdown.Result // HTML left out: it is its own record
	Diags  diag.List
}

// openCache opens the cache under dir ("" disables it) and begins the first
// build's transaction. Any problem just means an empty cache (or shard).
func openCache(dir string) *diskCache {
	if dir == "" {
		return nil
	}
	c := &diskCache{dir: dir, stamp: executableStamp()}
	c.st = store.Open(dir, c.stamp)
	c.begin()
	par.For(shards, func(i int) {
		c.old[i], c.metas[i] = map[string]cacheEntry{}, map[string]metaEntry{}
		var d shardData
		if c.getGob(shardKey(i), &d) {
			if d.Entries != nil {
				c.old[i] = d.Entries
			}
			if d.Metas != nil {
				c.metas[i] = d.Metas
			}
		}
	})
	return c
}

// begin starts a build's transaction.
func (c *diskCache) begin() {
	c.tx = c.st.Begin()
	c.used, c.usedM = map[string]cacheEntry{}, map[string]metaEntry{}
	c.dirty = [shards]bool{}
	c.hits.Store(0)
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
func (c *diskCache) key(options string, mode markdown.Mode, body []byte) string {
	h := sha256.New()
	h.Write([]byte(c.stamp + "\x00" + options + "\x00"))
	if mode != 0 {
		h.Write([]byte{'m', byte(mode), 0})
	}
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// decodeMeta is meta.Decode, answered from the cache when the same front
// matter was decoded for the same file before.
func (c *diskCache) decodeMeta(path string, fm []byte, fmLine int, isSection bool) (meta.Meta, diag.List, string) {
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
	return e.Meta, slices.Clip(e.Diags), key // callers append to the diagnostics
}

// keep carries the entries of a body and its front matter, by the keys
// convert and decodeMeta returned, into this build although no phase looked
// them up: keel serve takes unchanged pages from memory, and the next keel
// build must still find them.
func (c *diskCache) keep(bodyKey, metaKey string) {
	e, okBody := c.old[shardOf(bodyKey)][bodyKey]
	m, okMeta := c.metas[shardOf(metaKey)][metaKey]
	if okBody {
		c.tx.Keep(htmlKey(bodyKey))
	}
	c.mu.Lock()
	if okBody {
		c.used[bodyKey] = e
	}
	if okMeta {
		c.usedM[metaKey] = m
	}
	c.mu.Unlock()
}

// get returns a body's cached analysis; its HTML is kept for this build.
func (c *diskCache) get(key string) (cacheEntry, bool) {
	e, ok := c.old[shardOf(key)][key]
	if ok {
		c.hits.Add(1)
		c.tx.Keep(htmlKey(key))
		c.mu.Lock()
		c.used[key] = e
		c.mu.Unlock()
	}
	return e, ok
}

func (c *diskCache) put(key string, r markdown.Result, diags diag.List) {
	r.HTML = nil
	c.mu.Lock()
	c.used[key] = cacheEntry{Result: r, Diags: diags}
	c.dirty[shardOf(key)] = true
	c.mu.Unlock()
}

// storedHTML is the HTML of the body of key, when the cache holds it intact.
func (c *diskCache) storedHTML(key string) ([]byte, bool) { return c.tx.Get(htmlKey(key)) }

// writeHTML stores a body's HTML.
func (c *diskCache) writeHTML(key string, html []byte) {
	if len(html) > 0 {
		c.tx.Put(htmlKey(key), html)
	}
}

// getGob decodes the record of key into v, reporting whether it could.
func (c *diskCache) getGob(key string, v any) bool {
	data, ok := c.tx.Get(key)
	return ok && gob.NewDecoder(bytes.NewReader(data)).Decode(v) == nil
}

// putGob stores v, gob-encoded, under key.
func (c *diskCache) putGob(key string, v any) {
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(v) == nil {
		c.tx.Put(key, buf.Bytes())
	}
}

// save writes the shards whose entries changed in this build, keeps the
// records no phase of this build touched but the next needs (terms,
// diagrams, states), commits and begins the next build's transaction.
func (c *diskCache) save() {
	var split [shards]shardData
	for i := range split {
		split[i] = shardData{map[string]cacheEntry{}, map[string]metaEntry{}}
	}
	for k, e := range c.used {
		split[shardOf(k)].Entries[k] = e
	}
	for k, e := range c.usedM {
		split[shardOf(k)].Metas[k] = e
	}
	par.For(shards, func(i int) {
		if !c.dirty[i] && len(split[i].Entries) == len(c.old[i]) && len(split[i].Metas) == len(c.metas[i]) {
			c.tx.Keep(shardKey(i)) // used ⊆ old here, so equal
			return
		}
		c.putGob(shardKey(i), split[i])
		c.old[i], c.metas[i] = split[i].Entries, split[i].Metas
	})
	c.tx.Keep(termsKey)
	c.tx.Keep(diagramsKey)
	c.keepStates()
	c.tx.Commit()
	c.begin()
	removeOldLayout(c.dir)
}

// removeOldLayout deletes the files of the cache before it was one store.
func removeOldLayout(dir string) {
	old, _ := filepath.Glob(filepath.Join(dir, "*.gob"))
	packs, _ := filepath.Glob(filepath.Join(dir, "html-*.pack"))
	for _, p := range append(append(old, packs...), filepath.Join(dir, "terms.bin"), filepath.Join(dir, "html"), filepath.Join(dir, "builds")) {
		os.RemoveAll(p)
	}
}

// convert returns a body's analysis and HTML (when lazy, without the HTML:
// render fetches it page by page, see bodies), from the cache when it has
// them. A body not in the cache is converted at once and its HTML goes to
// the pack, so a cold build parses each body once; only check (analyzeOnly)
// skips the HTML.
func (c *diskCache) convert(conv *markdown.Converter, options, path string, body []byte, line int, mode markdown.Mode, lazy, analyzeOnly bool) (markdown.Result, diag.List, string) {
	key := c.key(options, mode, body)
	var r markdown.Result
	var diags diag.List
	if e, ok := c.get(key); ok {
		r, diags = e.Result, e.Diags
	} else if analyzeOnly {
		r, diags = conv.Analyze(path, body, line, mode)
		c.put(key, r, diags)
	} else {
		r, diags = conv.Convert(path, body, line, mode)
		c.put(key, r, diags)
		c.writeHTML(key, r.HTML)
		if lazy {
			r.HTML = nil // in the pack now; read back when its page is rendered
		}
		return r, diags, key
	}
	if !lazy {
		r.HTML = c.html(key, conv, path, body, line, mode)
	}
	return r, diags, key
}
