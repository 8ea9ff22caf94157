package serve

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"hash/maphash"
	"io"
	"keel/internal/par"
	"maps"
	"slices"
	"strings"
	"sync"
)

// entry is one file of a published site as the server keeps it: DEFLATE
// compressed, so that a 10,000-page site takes a quarter of its size, and
// split where the live-reload script goes, so that a gzip response is the
// stored blocks with the injection appended, without compressing anything
// per request. A client that does not take gzip gets the bytes inflated.
//
// The stored blocks end with a sync flush (byte-aligned, no final block):
// the injection and the tail follow as uncompressed final blocks, and the
// gzip trailer's CRC-32 continues the one of the stored part.
type entry struct {
	body  []byte // the DEFLATE blocks of the bytes before tail; the bytes themselves when plain
	tail  []byte // from the injection point on (HTML: the last </body> and what follows), as is
	plain bool   // compressing did not pay (small or compressed files): body is the bytes
	size  int    // length of the whole file
	crc   uint32 // CRC-32 (IEEE) of the bytes before tail
	sum   uint64 // maphash of the whole file: with size, what tells a changed file, and the ETag
	ctype string
	csp   string // the Content-Security-Policy of an HTML page
}

func (e *entry) isHTML() bool { return strings.HasPrefix(e.ctype, "text/html") }

// same reports whether b (whose maphash is sum) is the entry's file.
func (e *entry) same(b []byte, sum uint64) bool { return e.size == len(b) && e.sum == sum }

// finalBlock is an empty final stored block: it ends the stored blocks of
// an entry when nothing is appended.
var finalBlock = []byte{1, 0, 0, 0xff, 0xff}

var (
	writers = sync.Pool{New: func() any {
		w, _ := flate.NewWriter(nil, flate.BestSpeed)
		return w
	}}
	readers sync.Pool // flate readers, reset for each use
)

// newEntry keeps b, the file name of a snapshot, compressed when that pays.
func (s *Server) newEntry(name string, b []byte, sum uint64) *entry {
	e := &entry{size: len(b), sum: sum, ctype: contentType(name, b)}
	at := len(b)
	if e.isHTML() {
		e.csp = pageCSP(b)
		at = bodyEnd(b)
	}
	var buf bytes.Buffer
	buf.Grow(len(b)/3 + 64)
	w := writers.Get().(*flate.Writer)
	w.Reset(&buf)
	w.Write(b[:at])
	w.Flush()
	writers.Put(w)
	if buf.Len()+len(b)-at >= len(b)-len(b)/8 {
		e.body, e.tail, e.plain = b[:at], b[at:], true
		return e
	}
	e.body = bytes.Clone(buf.Bytes())
	e.tail = bytes.Clone(b[at:])
	e.crc = crc32.ChecksumIEEE(b[:at])
	return e
}

// inflate writes the bytes before the entry's tail.
func (e *entry) inflate(w io.Writer) error {
	if e.plain {
		_, err := w.Write(e.body)
		return err
	}
	src := io.MultiReader(bytes.NewReader(e.body), bytes.NewReader(finalBlock))
	r, _ := readers.Get().(io.ReadCloser)
	if r == nil {
		r = flate.NewReader(src)
	} else {
		r.(flate.Resetter).Reset(src, nil)
	}
	defer readers.Put(r)
	_, err := io.Copy(w, r)
	return err
}

// bytes is the whole file.
func (e *entry) bytes() []byte {
	var b bytes.Buffer
	b.Grow(e.size)
	if err := e.inflate(&b); err != nil {
		panic("serve: a stored file does not inflate: " + err.Error()) // the server wrote it
	}
	b.Write(e.tail)
	return b.Bytes()
}

// gzipHeader is a gzip member header: DEFLATE, no name, no time, OS unknown.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}

// gzipLen is the length of writeGzip's output with inject.
func (e *entry) gzipLen(inject []byte) int {
	more := len(inject) + len(e.tail)
	blocks := max(1, (more+0xffff-1)/0xffff)
	return len(gzipHeader) + len(e.body) + more + 5*blocks + 8
}

// writeGzip writes the entry as a gzip stream, inject put before the tail.
func (e *entry) writeGzip(w io.Writer, inject []byte) {
	w.Write(gzipHeader)
	w.Write(e.body)
	more := append(slices.Clip(inject), e.tail...)
	for {
		n := min(len(more), 0xffff)
		final := byte(0)
		if n == len(more) {
			final = 1
		}
		w.Write([]byte{final, byte(n), byte(n >> 8), ^byte(n), ^byte(n >> 8)})
		w.Write(more[:n])
		more = more[n:]
		if final == 1 {
			break
		}
	}
	crc := crc32.Update(crc32.Update(e.crc, crc32.IEEETable, inject), crc32.IEEETable, e.tail)
	w.Write(binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(nil, crc), uint32(e.size+len(inject))))
}

// writePlain writes the entry as is, inject put before the tail.
func (e *entry) writePlain(w io.Writer, inject []byte) error {
	if err := e.inflate(w); err != nil {
		return err
	}
	w.Write(inject)
	_, err := w.Write(e.tail)
	return err
}

// store makes the files of a new state from the previous state's and a
// snapshot, and lists the paths that changed (sorted). A file whose bytes
// the previous state has keeps its entry; the others are compressed, in
// parallel.
func (s *Server) store(prev map[string]*entry, snap Snapshot) (map[string]*entry, []string) {
	paths := make([]string, 0, len(snap.Files))
	for p := range snap.Files {
		paths = append(paths, p)
	}
	entries := make([]*entry, len(paths))
	par.For(len(paths), func(i int) {
		b := snap.Files[paths[i]]
		sum := maphash.Bytes(s.seed, b)
		if e := prev[paths[i]]; e != nil && e.same(b, sum) {
			entries[i] = e
			return
		}
		entries[i] = s.newEntry(paths[i], b, sum)
	})
	var files map[string]*entry
	var changed []string
	if snap.Partial {
		files = maps.Clone(prev)
		for _, p := range snap.Removed {
			if _, ok := files[p]; ok {
				delete(files, p)
				changed = append(changed, p)
			}
		}
	} else {
		files = make(map[string]*entry, len(paths))
		for p := range prev {
			if _, ok := snap.Files[p]; !ok {
				changed = append(changed, p)
			}
		}
	}
	for i, p := range paths {
		if prev[p] != entries[i] {
			changed = append(changed, p)
		}
		files[p] = entries[i]
	}
	slices.Sort(changed)
	return files, changed
}

// lookup returns the bytes of a state's files, for cssOnly.
func lookup(files map[string]*entry) func(string) ([]byte, bool) {
	return func(p string) ([]byte, bool) {
		if e, ok := files[p]; ok {
			return e.bytes(), true
		}
		return nil, false
	}
}

// acceptsGzip reports whether a request's Accept-Encoding takes gzip: it
// names gzip (or, without gzip, "*") with a weight above zero.
func acceptsGzip(h string) bool {
	gzip, star := -1, -1 // -1: not named; 0: refused; 1: accepted
	for part := range strings.SplitSeq(h, ",") {
		name, params, _ := strings.Cut(part, ";")
		ok := 1
		if q, found := strings.CutPrefix(strings.ReplaceAll(strings.TrimSpace(params), " ", ""), "q="); found && strings.Trim(q, "0.") == "" {
			ok = 0 // q=0, q=0.0, q=0.000
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "gzip", "x-gzip":
			gzip = ok
		case "*":
			star = ok
		}
	}
	if gzip >= 0 {
		return gzip == 1
	}
	return star == 1
}
