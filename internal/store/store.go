// Package store is keel's persistent cache format: byte strings by key in a
// folder. pack is records appended one after another, each [uvarint key
// length, key, data, CRC-32 of all that]; index is one such record naming
// where every live key's record is. A record of a build killed before it
// wrote the index is garbage, never read; one that fails its check (damaged,
// or overwritten by another process) is a miss, never wrong data; so is an
// index of another stamp. Both files are replaced only by writeAtomic, the
// program's one atomic write. Lifecycle: Open loads the index; Begin starts a
// transaction (one per build) recording the keys the build uses; Commit
// makes them, and only them, the new index.
package store

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

const (
	packFile  = "pack"
	indexFile = "index"
	magic     = "keel-store 1\n"
)

// loc is where a key's record is in the pack: offset and total length.
type loc struct{ off, n int64 }

// Store is an opened store folder.
type Store struct {
	dir, stamp string
	index      map[string]loc // the committed index
	mu         sync.Mutex     // guards err
	err        error          // the first read or write that failed
}

// Open loads the index of the store in dir. Entries are only valid for the
// same stamp (keel's own build): an index of another one is empty. Any
// problem means an empty store.
func Open(dir, stamp string) *Store {
	s := &Store{dir: dir, stamp: stamp, index: map[string]loc{}}
	data, err := os.ReadFile(filepath.Join(dir, indexFile))
	if s.problem(err) == nil {
		if ix, ok := parseIndex(data, stamp); ok {
			s.index = ix
		}
	}
	return s
}

// entry is one key's place in the index.
type entry struct {
	Key    string
	Off, N int64
}

// parseIndex decodes an index file: one record, keyed by magic and stamp,
// of the gob-encoded entries.
func parseIndex(data []byte, stamp string) (map[string]loc, bool) {
	body, ok := parseRecord(data, magic+stamp)
	var list []entry
	if !ok || gob.NewDecoder(bytes.NewReader(body)).Decode(&list) != nil {
		return nil, false
	}
	ix := make(map[string]loc, len(list))
	for _, e := range list {
		ix[e.Key] = loc{e.Off, e.N}
	}
	return ix, true
}

func encodeIndex(stamp string, ix map[string]loc) []byte {
	list := make([]entry, 0, len(ix))
	for _, k := range slices.Sorted(maps.Keys(ix)) { // sorted: the same index, the same bytes
		list = append(list, entry{k, ix[k].off, ix[k].n})
	}
	var buf bytes.Buffer
	gob.NewEncoder(&buf).Encode(list)
	return record(nil, magic+stamp, buf.Bytes())
}

// head is the start of key's record: the key, length-prefixed.
func head(key string) []byte {
	return append(binary.AppendUvarint(nil, uint64(len(key))), key...)
}

// record appends key's record to buf: head, data, CRC-32 of both.
func record(buf []byte, key string, data []byte) []byte {
	start := len(buf)
	buf = append(append(buf, head(key)...), data...)
	return binary.LittleEndian.AppendUint32(buf, crc32.ChecksumIEEE(buf[start:]))
}

// parseRecord returns the data of rec when it is an intact record of key.
func parseRecord(rec []byte, key string) ([]byte, bool) {
	h := head(key)
	if len(rec) < len(h)+4 || !bytes.HasPrefix(rec, h) {
		return nil, false
	}
	body := rec[:len(rec)-4]
	return body[len(h):], crc32.ChecksumIEEE(body) == binary.LittleEndian.Uint32(rec[len(body):])
}

// problem records err, unless it is nil or a file not there yet (a cold
// store), and returns it.
func (s *Store) problem(err error) error {
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		s.mu.Lock()
		s.err = cmp.Or(s.err, err)
		s.mu.Unlock()
	}
	return err
}

// Problem returns the first read or write that failed since the last call
// (nil when none), so that it is reported once.
func (s *Store) Problem() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.err
	s.err = nil
	return err
}

// Begin starts a transaction, the keys one build reads, keeps and writes,
// and opens (or creates) the pack until Commit.
func (s *Store) Begin() *Tx {
	t := &Tx{s: s, used: map[string]loc{}}
	err := os.MkdirAll(s.dir, 0o755)
	if err == nil {
		t.f, err = os.OpenFile(filepath.Join(s.dir, packFile), os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	}
	s.problem(err)
	return t
}

// Tx is one build's use of the store. Its methods are safe for concurrent use.
type Tx struct {
	s     *Store
	f     *os.File // the pack; nil when it cannot be opened
	mu    sync.Mutex
	used  map[string]loc // the index Commit writes
	added bool           // a record was appended
	// wmu is held while a record is appended (by Put, or all through a
	// PutStream): one append at a time, and the pack's end is the next
	// record's offset. mu guards used and added only, so reads (Get, Keep)
	// never wait for an append, even from inside a PutStream's writer.
	wmu sync.Mutex
	buf []byte // Put's record buffer (wmu)
}

// Get returns key's data and keeps it; a missing or damaged record is a miss.
func (t *Tx) Get(key string) ([]byte, bool) {
	l, ok := t.where(key)
	if !ok {
		return nil, false
	}
	_, data, ok := t.read(key, l)
	if ok {
		t.keep(key, l)
	}
	return data, ok
}

// read returns key's record at l and the data in it, when intact.
func (t *Tx) read(key string, l loc) (rec, data []byte, ok bool) {
	rec = make([]byte, l.n)
	if t.f == nil {
		return nil, nil, false
	}
	if _, err := t.f.ReadAt(rec, l.off); err != nil {
		return nil, nil, false
	}
	data, ok = parseRecord(rec, key)
	return rec, data, ok
}

// Keep keeps key's record, if there is one, without reading it.
func (t *Tx) Keep(key string) {
	if l, ok := t.where(key); ok {
		t.keep(key, l)
	}
}

// where is key's record: this transaction's, else the committed one.
func (t *Tx) where(key string) (loc, bool) {
	t.mu.Lock()
	l, ok := t.used[key]
	t.mu.Unlock()
	if !ok {
		l, ok = t.s.index[key]
	}
	return l, ok
}

func (t *Tx) keep(key string, l loc) {
	t.mu.Lock()
	if _, ok := t.used[key]; !ok {
		t.used[key] = l
	}
	t.mu.Unlock()
}

// Put appends key's data to the pack: it replaces any earlier record of key
// once committed.
func (t *Tx) Put(key string, data []byte) {
	t.wmu.Lock()
	defer t.wmu.Unlock()
	t.buf = record(t.buf[:0], key, data) // reused: a cold build puts thousands of records
	t.write(key, t.buf)
}

// PutGob puts v, gob-encoded, under key, streamed to the pack (see
// PutStream): the search terms and build states are megabytes, not to be
// copied.
func (t *Tx) PutGob(key string, v any) {
	t.PutStream(key, func(w io.Writer) error { return gob.NewEncoder(w).Encode(v) })
}

// PutStream puts what write writes under key, streamed to the pack through
// a buffer, the checksum computed as it goes: a record is never whole in
// memory. Other puts wait until it is done; reads do not (write may call
// Get and Keep, but not Put). write is called once in any
// case, into nothing when the pack cannot be written, so a caller may make
// what it writes as it goes. When write fails, the record is left unnamed
// in the pack (garbage the next compaction drops).
func (t *Tx) PutStream(key string, write func(w io.Writer) error) {
	t.wmu.Lock()
	defer t.wmu.Unlock()
	start, err := int64(0), errors.New("no pack")
	if t.f != nil {
		start, err = t.f.Seek(0, io.SeekEnd)
		t.s.problem(err)
	}
	if err != nil {
		write(io.Discard)
		return
	}
	sum := crc32.NewIEEE()
	bw := bufio.NewWriterSize(t.f, 64<<10)
	cw := &countWriter{w: io.MultiWriter(bw, sum)}
	cw.Write(head(key))
	if err := write(cw); err != nil && cw.err == nil {
		return // not encodable: nothing is put (what reached the pack is unnamed garbage)
	}
	bw.Write(binary.LittleEndian.AppendUint32(nil, sum.Sum32()))
	err = cmp.Or(cw.err, bw.Flush())
	end, serr := t.f.Seek(0, io.SeekCurrent)
	if err == nil && serr == nil && end-start != cw.n+4 {
		err = errors.New("store: the pack changed while a record was written")
	}
	if t.s.problem(cmp.Or(err, serr)) == nil {
		t.put(key, loc{start, cw.n + 4})
	}
}

// put names key's record, just appended at l.
func (t *Tx) put(key string, l loc) {
	t.mu.Lock()
	t.used[key] = l
	t.added = true
	t.mu.Unlock()
}

// countWriter counts the bytes written through it and keeps its first error.
type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}

// write appends key's record to the pack (t.wmu held: one append at a
// time, so the offset read is this record's).
func (t *Tx) write(key string, rec []byte) {
	if t.f == nil {
		return
	}
	_, err := t.f.Write(rec)
	end, serr := t.f.Seek(0, io.SeekCurrent)
	if t.s.problem(cmp.Or(err, serr)) == nil {
		t.put(key, loc{end - int64(len(rec)), int64(len(rec))})
	}
}

// Commit makes the keys used by the transaction the store's index, and
// nothing else: records not used are dropped. The pack is rewritten with
// only the live records when they are less than half of it.
func (t *Tx) Commit() {
	s := t.s
	if t.f != nil {
		defer t.f.Close()
	}
	if !t.added && len(t.used) == len(s.index) {
		return // used ⊆ index, so the same
	}
	if s.problem(os.MkdirAll(s.dir, 0o755)) != nil {
		return
	}
	t.compact()
	index := encodeIndex(s.stamp, t.used)
	if s.problem(writeAtomic(filepath.Join(s.dir, indexFile), func(w io.Writer) error { _, err := w.Write(index); return err })) == nil {
		s.index = t.used
	}
}

// compact rewrites the pack with the live records only, when they are less
// than half of it. A kill before the index is written leaves offsets whose
// records fail their check: misses.
func (t *Tx) compact() {
	s := t.s
	st, err := os.Stat(filepath.Join(s.dir, packFile))
	live := int64(0)
	for _, l := range t.used {
		live += l.n
	}
	if err != nil || st.Size() <= 2*live+64<<10 {
		return
	}
	keys := slices.SortedFunc(maps.Keys(t.used), func(a, b string) int { return cmp.Compare(t.used[a].off, t.used[b].off) })
	moved := make(map[string]loc, len(keys))
	err = writeAtomic(filepath.Join(s.dir, packFile), func(w io.Writer) error {
		off := int64(0)
		for _, k := range keys { // one record in memory at a time
			if rec, _, ok := t.read(k, t.used[k]); ok {
				if _, err := w.Write(rec); err != nil {
					return err
				}
				moved[k] = loc{off, int64(len(rec))}
				off += int64(len(rec))
			}
		}
		return nil
	})
	if s.problem(err) == nil {
		t.used = moved
	}
}

// writeAtomic replaces path with what write writes (buffered), in one step:
// a temporary file beside it, renamed over it, so no reader (nor a build
// killed halfway) ever sees half a file.
func writeAtomic(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	err = cmp.Or(write(bw), bw.Flush(), f.Close(), os.Chmod(f.Name(), 0o644))
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// GetGob decodes key's data, gob-encoded, into v, reporting whether it
// could. It decodes from the pack as it reads, checking the CRC as it goes,
// so the record is not held in memory besides what gob copies: the analysis
// shards are megabytes. When it reports false, v may hold part of a value
// and is to be discarded.
func (t *Tx) GetGob(key string, v any) bool {
	l, ok := t.where(key)
	h := head(key)
	if !ok || t.f == nil || l.n < int64(len(h))+4 {
		return false
	}
	got := make([]byte, len(h))
	if _, err := t.f.ReadAt(got, l.off); err != nil || !bytes.Equal(got, h) {
		return false
	}
	sum := crc32.NewIEEE()
	sum.Write(h)
	data := io.NewSectionReader(t.f, l.off+int64(len(h)), l.n-int64(len(h))-4)
	err := gob.NewDecoder(bufio.NewReaderSize(io.TeeReader(data, sum), 64<<10)).Decode(v)
	if _, cerr := io.Copy(sum, data); err != nil || cerr != nil { // what the decoder left: the check covers every byte
		return false
	}
	var want [4]byte
	if _, err := t.f.ReadAt(want[:], l.off+l.n-4); err != nil || sum.Sum32() != binary.LittleEndian.Uint32(want[:]) {
		return false
	}
	t.keep(key, l)
	return true
}
