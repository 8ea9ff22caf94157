package build

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"debug/elf"
	"encoding/gob"
	"encoding/hex"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
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
// each ("html/KEY"), read only when a page is written, their search text
// one record each ("search/KEY", searchtext.go), the search terms
// ("terms") and the diagrams ("diagram/KEY"). A file's key hashes keel's own executable, the Markdown
// options and the file, so a new keel or new options never reuse stale
// results. The folder is safe to delete at any time.
type diskCache struct {
	dir   string
	stamp string
	st    *store.Store
	tx    *store.Tx                     // this build's transaction, committed by save
	old   [shards]map[string]cacheEntry // the shards as committed
	hits  atomic.Int64                  // files taken from the cache in this build
}

// cacheEntry is what parsing one file made (a parsed): decoding YAML and
// analyzing the body are most of what a build spends per page.
type cacheEntry struct {
	Meta   meta.Meta
	Result markdown.Result // HTML and search text left out: each is its own record
	Diags  diag.List
	Text   [32]byte // the sum of the search text record (parsed.text)
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
		if data, ok := c.tx.Get(shardKey(i)); ok {
			c.old[i] = decodeShard(data)
		}
		if c.old[i] == nil {
			c.old[i] = map[string]cacheEntry{}
		}
	})
	return c
}

// begin starts a build's transaction.
func (c *diskCache) begin() {
	c.tx = c.st.Begin()
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
// version are never reused: the Go build ID the linker put in the
// executable (its last part hashes the executable's content), else a hash of
// the whole file (tens of MB: a tenth of a one-page rebuild's CPU).
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
	if id, ok := goBuildID(f); ok {
		frame(h, "go build id")
		frame(h, id)
	} else {
		io.Copy(h, io.NewSectionReader(f, 0, 1<<62))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// goBuildID is the Go build ID note of an ELF executable, when it has a
// non-empty one (go build always writes it; -ldflags=-buildid= empties it).
func goBuildID(f io.ReaderAt) ([]byte, bool) {
	ef, err := elf.NewFile(f)
	if err != nil {
		return nil, false
	}
	sec := ef.Section(".note.go.buildid")
	if sec == nil {
		return nil, false
	}
	note, err := sec.Data()
	// namesz, descsz, type, "Go\x00\x00", then the ID itself
	if err != nil || len(note) < 16 || string(note[12:16]) != "Go\x00\x00" {
		return nil, false
	}
	n := int(ef.ByteOrder.Uint32(note[4:8]))
	if n == 0 || 16+n > len(note) {
		return nil, false
	}
	return note[16 : 16+n], true
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

// get returns a file's cached entry.
func (c *diskCache) get(key string) (cacheEntry, bool) {
	e, ok := c.old[shardOf(key)][key]
	if ok {
		c.hits.Add(1)
	}
	return e, ok
}

func (c *diskCache) putHTML(key string, html []byte) {
	if c != nil && len(html) > 0 {
		c.tx.Put(htmlKey(key), html)
	}
}

// cachedHTML is a body's HTML from its record, when c has one.
func (c *diskCache) cachedHTML(key string) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	return c.tx.Get(htmlKey(key))
}

// html is a body's HTML from its record, or converted again (and stored)
// when there is none; c may be nil (no persistent cache).
func (c *diskCache) html(key string, conv *markdown.Converter, d source.Doc, mode markdown.Mode) []byte {
	if html, ok := c.cachedHTML(key); ok {
		return html
	}
	r, _ := conv.Convert(d.Path, d.Body, d.BodyLine, mode)
	c.putHTML(key, r.HTML)
	return r.HTML
}

// save writes the entries of this build's files (see saveEntries), then
// commits and begins the next build's transaction.
func (c *diskCache) save(files map[string]parsed) {
	c.saveEntries(files, true)
	c.commit()
}

// saveEntries writes the entries of this build's files (parsed from the
// cache, from memory in keel serve, or anew) in the shards that changed and
// keeps the records no phase of this build touched but the next needs
// (HTML, search text). With next, the entries are kept for the next build's
// comparison; a one-shot build has no next build, and lets them go.
func (c *diskCache) saveEntries(files map[string]parsed, next bool) {
	var split [shards]map[string]cacheEntry
	for i := range split {
		split[i] = map[string]cacheEntry{}
	}
	for _, p := range files {
		r := *p.md
		r.HTML = nil
		dropText(&r)
		split[shardOf(p.key)][p.key] = cacheEntry{Meta: p.meta, Result: r, Diags: p.diags, Text: p.text}
		c.tx.Keep(htmlKey(p.key))
		c.tx.Keep(searchKey(p.key))
	}
	par.For(shards, func(i int) {
		same := len(split[i]) == len(c.old[i])
		for k := range split[i] {
			if _, ok := c.old[i][k]; !ok {
				same = false
				break
			}
		}
		if same { // entries are keyed by their content: the same keys, the same record
			c.tx.Keep(shardKey(i))
			return
		}
		c.tx.PutStream(shardKey(i), func(w io.Writer) error { return encodeShard(w, split[i]) })
		if next {
			c.old[i] = split[i]
		}
	})
}

// commit keeps the terms record (when this build did not write it anew),
// commits and begins the next build's transaction.
func (c *diskCache) commit() {
	c.tx.Keep(termsKey)
	c.tx.Commit()
	c.begin()
	removeOldLayout(c.dir)
}

// A shard record is one gob stream of its entries, key then entry, in key
// order: encoded one entry at a time, a shard is never whole in memory
// (gob buffers each value it encodes).
func encodeShard(w io.Writer, m map[string]cacheEntry) error {
	enc := gob.NewEncoder(w)
	for _, k := range slices.Sorted(maps.Keys(m)) {
		e := m[k]
		if err := cmp.Or(enc.Encode(k), enc.Encode(&e)); err != nil {
			return err
		}
	}
	return nil
}

// decodeShard reads a shard record; any damage means an empty shard.
func decodeShard(data []byte) map[string]cacheEntry {
	m := map[string]cacheEntry{}
	dec := gob.NewDecoder(bytes.NewReader(data))
	for {
		var k string
		if err := dec.Decode(&k); err == io.EOF {
			return m
		} else if err != nil {
			return nil
		}
		var e cacheEntry // a fresh value: gob leaves fields it does not send as they are
		if dec.Decode(&e) != nil {
			return nil
		}
		m[k] = e
	}
}

// removeOldLayout deletes the files of the cache before it was one store.
func removeOldLayout(dir string) {
	old, _ := filepath.Glob(filepath.Join(dir, "*.gob"))
	packs, _ := filepath.Glob(filepath.Join(dir, "html-*.pack"))
	for _, p := range append(append(old, packs...), filepath.Join(dir, "terms.bin"), filepath.Join(dir, "html"), filepath.Join(dir, "builds")) {
		os.RemoveAll(p)
	}
}
