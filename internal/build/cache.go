package build

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"

	"keel/internal/diag"
	"keel/internal/markdown"
	"keel/internal/meta"
	"keel/internal/par"
	"keel/internal/source"
	"keel/internal/store"
)

// diskCache is the persistent build cache (.keel/cache by default), kept in
// one store (internal/store) under typed keys: what parsing made of every
// content file — front matter and the body's analysis, what the site stage
// needs — in 16 shard records ("analysis/N"), the bodies' HTML one record
// each ("html/KEY"), read only when a page is written, the search terms
// ("terms"), the diagrams ("diagram/KEY") and the last build states
// ("state/TAG"). A file's key hashes keel's own executable, the Markdown
// options and the file, so a new keel or new options never reuse stale
// results. The folder is safe to delete at any time.
type diskCache struct {
	dir   string
	stamp string
	st    *store.Store
	tx    *store.Tx                     // this build's transaction, committed by save
	old   [shards]map[string]cacheEntry // the shards as committed
	mu    sync.Mutex
	used  map[string]cacheEntry // entries of this build, saved at the end
	dirty [shards]bool          // shards with an entry added in this build
	hits  atomic.Int64          // files taken from the cache in this build
}

// cacheEntry is what parsing one file made: decoding YAML and analyzing the
// body are most of what a build spends per page.
type cacheEntry struct {
	Meta   meta.Meta
	Result markdown.Result // HTML left out: it is its own record
	Diags  diag.List       // the front matter's, then the body's
}

// The entries are split by the first hex digit of the key, so a rebuild
// after one edit rewrites a small record, not the analysis of every page,
// and the shards decode in parallel. (A gob record per file decoded ten
// times slower.)
const shards = 16

func shardOf(key string) int {
	i, _ := strconv.ParseUint(key[:1], 16, 8)
	return int(i)
}

func shardKey(i int) string { return "analysis/" + strconv.FormatInt(int64(i), 16) }

func htmlKey(key string) string { return "html/" + key }

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
		if !c.tx.GetGob(shardKey(i), &c.old[i]) || c.old[i] == nil {
			c.old[i] = map[string]cacheEntry{}
		}
	})
	return c
}

// begin starts a build's transaction.
func (c *diskCache) begin() {
	c.tx = c.st.Begin()
	c.used = map[string]cacheEntry{}
	c.dirty = [shards]bool{}
	c.hits.Store(0)
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

// key names one content file parsed with one set of Markdown options.
func (c *diskCache) key(options string, d source.Doc, isSection bool) string {
	h := sha256.New()
	for _, s := range []string{c.stamp, options, d.Path, boolStr(isSection)} {
		frame(h, s)
	}
	frame(h, d.Data)
	return hex.EncodeToString(h.Sum(nil))
}

// get returns a file's cached entry; its HTML is kept for this build.
func (c *diskCache) get(key string) (cacheEntry, bool) {
	e, ok := c.old[shardOf(key)][key]
	if ok {
		c.hits.Add(1)
		c.keep(key)
	}
	return e, ok
}

// keep carries a file's entry into this build; keel serve also calls it
// for the pages it takes from memory, which the next keel build must find.
func (c *diskCache) keep(key string) {
	if e, ok := c.old[shardOf(key)][key]; ok {
		c.tx.Keep(htmlKey(key))
		c.mu.Lock()
		c.used[key] = e
		c.mu.Unlock()
	}
}

// put stores a file's entry and, apart, its HTML.
func (c *diskCache) put(key string, e cacheEntry) {
	if len(e.Result.HTML) > 0 {
		c.tx.Put(htmlKey(key), e.Result.HTML)
	}
	e.Result.HTML = nil
	c.mu.Lock()
	c.used[key] = e
	c.dirty[shardOf(key)] = true
	c.mu.Unlock()
}

// html is a body's HTML from its record, or converted again (and stored)
// when the record is not there.
func (c *diskCache) html(key string, conv *markdown.Converter, d source.Doc, mode markdown.Mode) []byte {
	if html, ok := c.tx.Get(htmlKey(key)); ok {
		return html
	}
	r, _ := conv.Convert(d.Path, d.Body, d.BodyLine, mode)
	if len(r.HTML) > 0 {
		c.tx.Put(htmlKey(key), r.HTML)
	}
	return r.HTML
}

// save writes the shards whose entries changed in this build, keeps the
// records no phase of this build touched but the next needs (terms,
// states), commits and begins the next build's transaction.
func (c *diskCache) save() {
	var split [shards]map[string]cacheEntry
	for i := range split {
		split[i] = map[string]cacheEntry{}
	}
	for k, e := range c.used {
		split[shardOf(k)][k] = e
	}
	par.For(shards, func(i int) {
		if !c.dirty[i] && len(split[i]) == len(c.old[i]) {
			c.tx.Keep(shardKey(i)) // used ⊆ old here, so equal
			return
		}
		c.tx.PutGob(shardKey(i), split[i])
		c.old[i] = split[i]
	})
	c.tx.Keep(termsKey)
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
