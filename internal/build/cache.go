package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"keel/internal/diag"
	"keel/internal/markdown"
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
	old   map[string]cacheEntry // the index as loaded
	mu    sync.Mutex
	used  map[string]cacheEntry // entries of this build, saved at the end
	hits  atomic.Int64          // bodies taken from the cache in this build
}

type cacheEntry struct {
	Result markdown.Result // HTML and Render left out
	Diags  diag.List
	// The HTML file's length and checksum, set once it was written: a file
	// that does not match (damaged, or from an interrupted build) is redone.
	HTMLLen int
	HTMLCRC uint32
}

const cacheIndex = "index.gob"

// openCache loads the cache under dir ("" disables it). Any problem just
// means an empty cache.
func openCache(dir string) *diskCache {
	if dir == "" {
		return nil
	}
	c := &diskCache{dir: dir, stamp: executableStamp(), old: map[string]cacheEntry{}, used: map[string]cacheEntry{}}
	if f, err := os.Open(filepath.Join(dir, cacheIndex)); err == nil {
		var idx struct {
			Stamp   string
			Entries map[string]cacheEntry
		}
		if gob.NewDecoder(f).Decode(&idx) == nil && idx.Stamp == c.stamp {
			c.old = idx.Entries
		}
		f.Close()
	}
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

func (c *diskCache) get(key string) (cacheEntry, bool) {
	e, ok := c.old[key]
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
	}
	c.mu.Unlock()
}

// save writes the index of this build's entries and drops HTML files no entry uses.
func (c *diskCache) save() {
	var buf bytes.Buffer
	idx := struct {
		Stamp   string
		Entries map[string]cacheEntry
	}{c.stamp, c.used}
	if gob.NewEncoder(&buf).Encode(idx) != nil {
		return
	}
	if os.MkdirAll(c.dir, 0o755) != nil {
		return
	}
	tmp := filepath.Join(c.dir, cacheIndex+".tmp")
	if os.WriteFile(tmp, buf.Bytes(), 0o644) != nil || os.Rename(tmp, filepath.Join(c.dir, cacheIndex)) != nil {
		return
	}
	filepath.WalkDir(filepath.Join(c.dir, "html"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if _, ok := c.used[strings.TrimSuffix(d.Name(), ".html")]; !ok {
				os.Remove(p)
			}
		}
		return nil
	})
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
