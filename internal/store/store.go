// Package store is keel's one persistent cache: byte strings by key in a
// folder, with one on-disk format and one integrity check.
//
// The folder holds two files. pack is records appended one after another,
// each [uvarint key length, key, data, CRC-32 of all that]; index names, for every
// live key, where its record is, and ends with a CRC-32 of itself. Only the
// index says what is live: a record appended by a build killed before it
// wrote the index is garbage, never read. A record whose checksum fails
// (damaged, or overwritten by another process) is a miss, never wrong data;
// so is an index of another stamp. Both files are replaced only by
// writeAtomic, the program's one atomic write.
//
// Lifecycle: Open loads the index; Begin starts a transaction (one per
// build) that records the keys the build uses; Commit makes them, and only
// them, the new index, compacting the pack when most of it is garbage.
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
	mu         sync.Mutex     // guards f and err
	f          *os.File       // the pack, opened on first use
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

// parseIndex decodes an index file: magic, stamp, newline, entries
// [uvarint key length, key, uvarint offset, uvarint length], CRC-32.
func parseIndex(data []byte, stamp string) (map[string]loc, bool) {
	head := magic + stamp + "\n"
	body, ok := checked(data)
	if !ok || !bytes.HasPrefix(body, []byte(head)) {
		return nil, false
	}
	body = body[len(head):]
	ix := map[string]loc{}
	for len(body) > 0 {
		var v [3]uint64 // key length, offset, record length
		var key string
		for i := range v {
			w := 0
			if v[i], w = binary.Uvarint(body); w <= 0 || v[i] > 1<<50 || i == 0 && v[0] > uint64(len(body)-w) {
				return nil, false
			}
			body = body[w:]
			if i == 0 { // the key follows its length
				key, body = string(body[:v[0]]), body[v[0]:]
			}
		}
		ix[key] = loc{int64(v[1]), int64(v[2])}
	}
	return ix, true
}

func encodeIndex(stamp string, ix map[string]loc) []byte {
	buf := []byte(magic + stamp + "\n")
	for _, k := range slices.Sorted(maps.Keys(ix)) { // sorted: the same index, the same bytes
		buf = binary.AppendUvarint(buf, uint64(len(k)))
		buf = append(buf, k...)
		buf = binary.AppendUvarint(buf, uint64(ix[k].off))
		buf = binary.AppendUvarint(buf, uint64(ix[k].n))
	}
	return binary.LittleEndian.AppendUint32(buf, crc32.ChecksumIEEE(buf))
}

// checked returns data without its trailing CRC-32 when that matches.
func checked(data []byte) ([]byte, bool) {
	if len(data) < 4 {
		return nil, false
	}
	body := data[:len(data)-4]
	return body, crc32.ChecksumIEEE(body) == binary.LittleEndian.Uint32(data[len(body):])
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

// pack returns the open pack file, opening (or creating) it on first use.
func (s *Store) pack() (*os.File, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f != nil {
		return s.f, nil
	}
	err := os.MkdirAll(s.dir, 0o755)
	if err == nil {
		s.f, err = os.OpenFile(filepath.Join(s.dir, packFile), os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	}
	s.err = cmp.Or(s.err, err)
	return s.f, err
}

func (s *Store) closePack() {
	s.mu.Lock()
	if s.f != nil {
		s.f.Close()
		s.f = nil
	}
	s.mu.Unlock()
}

// read returns key's record at l and the data in it, when intact.
func (s *Store) read(key string, l loc) (rec, data []byte, ok bool) {
	f, err := s.pack()
	if err != nil {
		return nil, nil, false
	}
	rec = make([]byte, l.n)
	if _, err := f.ReadAt(rec, l.off); err != nil {
		return nil, nil, false
	}
	h := head(key)
	body, ok := checked(rec)
	if !ok || !bytes.HasPrefix(body, h) {
		return nil, nil, false
	}
	return rec, body[len(h):], true
}

// Begin starts a transaction: the keys one build reads, keeps and writes.
func (s *Store) Begin() *Tx {
	return &Tx{s: s, used: map[string]loc{}}
}

// Tx is one build's use of the store. Its methods are safe for concurrent use.
type Tx struct {
	s     *Store
	mu    sync.Mutex
	used  map[string]loc // the index Commit writes
	added bool           // a record was appended
	buf   []byte         // Put's record buffer
}

// Get returns key's data and keeps it; a missing or damaged record is a miss.
func (t *Tx) Get(key string) ([]byte, bool) {
	l, ok := t.where(key)
	if !ok {
		return nil, false
	}
	_, data, ok := t.s.read(key, l)
	if ok {
		t.keep(key, l)
	}
	return data, ok
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
// once committed. Large data is written as it is, not copied into a record.
func (t *Tx) Put(key string, data []byte) {
	f, err := t.s.pack()
	if err != nil {
		return
	}
	t.mu.Lock() // one append at a time, so the offset read is this record's
	defer t.mu.Unlock()
	h := head(key)
	parts := [][]byte{h, data, binary.LittleEndian.AppendUint32(nil, crc32.Update(crc32.ChecksumIEEE(h), crc32.IEEETable, data))}
	if len(data) <= 64<<10 {
		t.buf = record(t.buf[:0], key, data) // reused: a cold build puts thousands of records
		parts = [][]byte{t.buf}
	}
	n := len(h) + len(data) + 4
	for _, p := range parts {
		if err == nil {
			_, err = f.Write(p)
		}
	}
	end, serr := f.Seek(0, io.SeekCurrent)
	if t.s.problem(cmp.Or(err, serr)) == nil {
		t.used[key] = loc{end - int64(n), int64(n)}
		t.added = true
	}
}

// Commit makes the keys used by the transaction the store's index, and
// nothing else: records not used are dropped. The pack is rewritten with
// only the live records when they are less than half of it.
func (t *Tx) Commit() {
	s := t.s
	defer s.closePack()
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
			if rec, _, ok := s.read(k, t.used[k]); ok {
				if _, err := w.Write(rec); err != nil {
					return err
				}
				moved[k] = loc{off, int64(len(rec))}
				off += int64(len(rec))
			}
		}
		return nil
	})
	s.closePack()
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

// GetGob decodes key's data, gob-encoded, into v, reporting whether it could.
func (t *Tx) GetGob(key string, v any) bool {
	data, ok := t.Get(key)
	return ok && gob.NewDecoder(bytes.NewReader(data)).Decode(v) == nil
}

// PutGob puts v, gob-encoded, under key.
func (t *Tx) PutGob(key string, v any) {
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(v) == nil {
		t.Put(key, buf.Bytes())
	}
}
