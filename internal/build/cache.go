package build

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	"keel/internal/diag"
	"keel/internal/markdown"
	"keel/internal/meta"
	"keel/internal/output"
	"keel/internal/par"
)

// diskCache is the persistent build cache (.keel/cache by default): the
// analysis of every Markdown body — what the site stage needs — in 16 index
// shards, and the bodies' HTML appended to one pack file per shard, read
// only when a page is written. (A file per body cost more in the kernel than
// the rest of a cold build's writes together.) Entries are keyed by a hash
// of keel's own executable, the Markdown options and the body, so a new keel
// or new options never reuse stale results. The folder is safe to delete at
// any time.
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
	packs [shards]pack
	errMu sync.Mutex
	err   error // the first read or write that failed, reported once (warning)
}

// problem records err, unless it is nil or a file that is not there yet (a
// cold cache), and returns it. The build reports the first one as a warning.
func (c *diskCache) problem(err error) error {
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		c.errMu.Lock()
		if c.err == nil {
			c.err = err
		}
		c.errMu.Unlock()
	}
	return err
}

// warning is the one diagnostic of a cache that could not be read or
// written (the build went on without it), once: it is cleared.
func (c *diskCache) warning() diag.List {
	c.errMu.Lock()
	defer c.errMu.Unlock()
	var diags diag.List
	if c.err != nil {
		diags.Warnf(c.dir, 0, 0, "the build cache cannot be used (%v): the build went on without it, so builds stay cold until it can be written (the folder is safe to delete)", c.err)
		c.err = nil
	}
	return diags
}

// pack is a shard's HTML file: bodies appended one after another, found by
// the offset, length and checksum their entries record.
type pack struct {
	mu sync.Mutex
	f  *os.File // opened on first use, for appending and reading
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
	// Where the HTML is in the shard's pack, set once it was written: bytes
	// that do not match the checksum (damaged, or overwritten by another
	// process) are converted again.
	HTMLOff int64
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
	par.For(shards, func(i int) {
		c.old[i], c.metas[i] = map[string]cacheEntry{}, map[string]metaEntry{}
		var d shardData
		if c.readGob(filepath.Join(dir, shardFile(i)), &d) && d.Stamp == c.stamp {
			c.old[i] = d.Entries
			if d.Metas != nil {
				c.metas[i] = d.Metas
			}
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
	r.HTML = nil
	c.mu.Lock()
	c.used[key] = cacheEntry{Result: r, Diags: diags}
	c.dirty[shardOf(key)] = true
	c.mu.Unlock()
}

func packFile(i int) string { return fmt.Sprintf("html-%x.pack", i) }

// file returns the pack's open file, opening it on first use.
func (c *diskCache) file(i int) (*os.File, error) {
	pk := &c.packs[i]
	pk.mu.Lock()
	defer pk.mu.Unlock()
	if pk.f == nil {
		if err := c.problem(os.MkdirAll(c.dir, 0o755)); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(filepath.Join(c.dir, packFile(i)), os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
		if c.problem(err) != nil {
			return nil, err
		}
		pk.f = f
	}
	return pk.f, nil
}

func (c *diskCache) closePack(i int) {
	if f := c.packs[i].f; f != nil {
		f.Close()
		c.packs[i].f = nil
	}
}

// readGob decodes the gob file at path into v, reporting whether it could: a
// missing file is a cold cache, any other read error is reported (problem).
func (c *diskCache) readGob(path string, v any) bool {
	f, err := os.Open(path)
	if c.problem(err) != nil {
		return false
	}
	defer f.Close()
	return gob.NewDecoder(bufio.NewReader(f)).Decode(v) == nil
}

// writeGob writes v, gob-encoded, with output.WriteAtomic.
func writeGob(path string, v any) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return err
	}
	return output.WriteAtomic(path, buf.Bytes())
}

// readHTML returns an entry's HTML when the pack holds it intact.
func (c *diskCache) readHTML(key string, e cacheEntry) ([]byte, bool) {
	if e.HTMLLen == 0 {
		return nil, false
	}
	f, err := c.file(shardOf(key))
	if err != nil {
		return nil, false
	}
	b := make([]byte, e.HTMLLen)
	if _, err := f.ReadAt(b, e.HTMLOff); err != nil || crc32.ChecksumIEEE(b) != e.HTMLCRC {
		return nil, false
	}
	return b, true
}

// writeHTML appends a body's HTML to its shard's pack and records where.
func (c *diskCache) writeHTML(key string, html []byte) {
	if len(html) == 0 {
		return
	}
	i := shardOf(key)
	f, err := c.file(i)
	if err != nil {
		return
	}
	pk := &c.packs[i]
	pk.mu.Lock()
	_, err = f.Write(html) // O_APPEND: at the end, whatever else writes to the file
	end, serr := f.Seek(0, io.SeekCurrent)
	pk.mu.Unlock()
	if c.problem(err) != nil || c.problem(serr) != nil {
		return
	}
	c.mu.Lock()
	if e, ok := c.used[key]; ok {
		e.HTMLOff, e.HTMLLen, e.HTMLCRC = end-int64(len(html)), len(html), crc32.ChecksumIEEE(html)
		c.used[key] = e
		c.dirty[i] = true
	}
	c.mu.Unlock()
}

// entry is the entry of this build for key.
func (c *diskCache) entry(key string) cacheEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used[key]
}

// save writes the shards whose entries changed in this build, and compacts
// a pack when less than half of it is HTML an entry still uses.
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
	if c.problem(os.MkdirAll(c.dir, 0o755)) != nil {
		return
	}
	par.For(shards, func(i int) {
		compacted := c.compact(i, split[i].Entries)
		if !compacted && !c.dirty[i] && len(split[i].Entries) == len(c.old[i]) && len(split[i].Metas) == len(c.metas[i]) {
			return // used ⊆ old here, so equal
		}
		c.problem(writeGob(filepath.Join(c.dir, shardFile(i)), split[i]))
	})
	for i := range c.packs {
		c.closePack(i)
	}
	os.Remove(filepath.Join(c.dir, "index.gob")) // the layout of earlier versions
	os.RemoveAll(filepath.Join(c.dir, "html"))
}

// compact rewrites shard i's pack with only the HTML of entries (updating
// their offsets) when that is less than half of it. A kill before the index
// is saved leaves offsets that fail their checksums: those bodies are
// converted again.
func (c *diskCache) compact(i int, entries map[string]cacheEntry) bool {
	p := filepath.Join(c.dir, packFile(i))
	st, err := os.Stat(p)
	if err != nil {
		return false
	}
	live := int64(0)
	for _, e := range entries {
		live += int64(e.HTMLLen)
	}
	if st.Size() <= 2*live+64<<10 {
		return false
	}
	keys := make([]string, 0, len(entries))
	for k, e := range entries {
		if e.HTMLLen > 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Compare(entries[a].HTMLOff, entries[b].HTMLOff) })
	var out []byte
	for _, k := range keys {
		e := entries[k]
		html, ok := c.readHTML(k, e)
		if !ok {
			e.HTMLLen = 0
		} else {
			e.HTMLOff = int64(len(out))
			out = append(out, html...)
		}
		entries[k] = e
	}
	c.closePack(i)
	if c.problem(output.WriteAtomic(p, out)) != nil {
		for k, e := range entries {
			e.HTMLLen = 0 // the pack is in an unknown state
			entries[k] = e
		}
	}
	return true
}

// convert returns a body's analysis and HTML (when lazy, without the HTML:
// render fetches it page by page, see bodies), from the cache when it has
// them. A body not in the cache is converted at once and its HTML goes to
// the pack, so a cold build parses each body once; only check (analyzeOnly)
// skips the HTML.
func (c *diskCache) convert(conv *markdown.Converter, options, path string, body []byte, line int, mode markdown.Mode, lazy, analyzeOnly bool) (markdown.Result, diag.List) {
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
		return r, diags
	}
	if !lazy {
		r.HTML = c.html(key, conv, path, body, line, mode)
	}
	return r, diags
}
