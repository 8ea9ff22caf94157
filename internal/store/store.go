// Package store is keel's one persistent cache: a store of byte strings by
// key in a folder, with one on-disk format and one integrity check.
//
// The folder holds two files. pack is records appended one after another,
// each [uvarint key length, uvarint data length, key, data, CRC-32 of all
// that]; index names, for every live key, where its record is, and ends with
// a CRC-32 of itself. Only the index says what is live: a record appended by
// a build that was killed before it wrote the index is garbage, never read.
// A record whose bytes do not check out (damaged, or overwritten by another
// process) is a miss, never wrong data; so is an index of another stamp.
//
// Lifecycle: Open loads the index; Begin starts a transaction (one per
// build) that records the keys the build uses; Commit makes them, and only
// them, the new index, compacting the pack when most of it is garbage.
package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"keel/internal/output"
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
	if len(data) < len(head)+4 {
		return nil, false
	}
	body := data[:len(data)-4]
	if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(data[len(data)-4:]) || !bytes.HasPrefix(body, []byte(head)) {
		return nil, false
	}
	body = body[len(head):]
	ix := map[string]loc{}
	for len(body) > 0 {
		k, w := binary.Uvarint(body)
		if w <= 0 || k > uint64(len(body)-w) {
			return nil, false
		}
		key := string(body[w : w+int(k)])
		body = body[w+int(k):]
		var v [2]uint64
		for i := range v {
			if v[i], w = binary.Uvarint(body); w <= 0 || v[i] > 1<<50 {
				return nil, false
			}
			body = body[w:]
		}
		ix[key] = loc{int64(v[0]), int64(v[1])}
	}
	return ix, true
}

func encodeIndex(stamp string, ix map[string]loc) []byte {
	buf := []byte(magic + stamp + "\n")
	for _, k := range slices.Sorted(maps.Keys(ix)) { // sorted: the same index, the same bytes
		l := ix[k]
		buf = binary.AppendUvarint(buf, uint64(len(k)))
		buf = append(buf, k...)
		buf = binary.AppendUvarint(buf, uint64(l.off))
		buf = binary.AppendUvarint(buf, uint64(l.n))
	}
	return binary.LittleEndian.AppendUint32(buf, crc32.ChecksumIEEE(buf))
}

// record appends one pack record to buf.
func record(buf []byte, key string, data []byte) []byte {
	start := len(buf)
	buf = append(append(buf, head(key, data)...), data...)
	return binary.LittleEndian.AppendUint32(buf, sum(buf[start:len(buf)-len(data)], data))
}

// head is the start of key's record: lengths and key.
func head(key string, data []byte) []byte {
	buf := make([]byte, 0, len(key)+2*binary.MaxVarintLen64)
	buf = binary.AppendUvarint(buf, uint64(len(key)))
	buf = binary.AppendUvarint(buf, uint64(len(data)))
	return append(buf, key...)
}

// sum is a record's checksum: CRC-32 of its head and data.
func sum(head, data []byte) uint32 {
	return crc32.Update(crc32.ChecksumIEEE(head), crc32.IEEETable, data)
}

// parseRecord returns the data of rec when it is an intact record of key.
func parseRecord(rec []byte, key string) ([]byte, bool) {
	if len(rec) < 6 || crc32.ChecksumIEEE(rec[:len(rec)-4]) != binary.LittleEndian.Uint32(rec[len(rec)-4:]) {
		return nil, false
	}
	body := rec[:len(rec)-4]
	k, w := binary.Uvarint(body)
	if w <= 0 {
		return nil, false
	}
	body = body[w:]
	n, w := binary.Uvarint(body)
	if w <= 0 || k > uint64(len(body)-w) || n != uint64(len(body)-w)-k || string(body[w:w+int(k)]) != key {
		return nil, false
	}
	return body[w+int(k):], true
}

// problem records err, unless it is nil or a file not there yet (a cold
// store), and returns it.
func (s *Store) problem(err error) error {
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		s.mu.Lock()
		if s.err == nil {
			s.err = err
		}
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
	if err != nil && s.err == nil {
		s.err = err
	}
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
	data, ok = parseRecord(rec, key)
	return rec, data, ok
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

// Get returns key's data and keeps it; a missing or damaged record is a miss.
func (t *Tx) Get(key string) ([]byte, bool) {
	l, ok := t.where(key)
	if !ok {
		return nil, false
	}
	_, data, ok := t.s.read(key, l)
	if ok {
		t.mark(key, l)
	}
	return data, ok
}

// Keep keeps key's record, if there is one, without reading it.
func (t *Tx) Keep(key string) {
	if l, ok := t.where(key); ok {
		t.mark(key, l)
	}
}

func (t *Tx) mark(key string, l loc) {
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
	parts := [][]byte{record(t.buf[:0], key, data)}
	if len(data) > 64<<10 {
		h := head(key, data)
		parts = [][]byte{h, data, binary.LittleEndian.AppendUint32(nil, sum(h, data))}
	} else {
		t.buf = parts[0] // reused: a cold build puts thousands of records
	}
	n := 0
	for _, p := range parts {
		if err == nil {
			_, err = f.Write(p)
			n += len(p)
		}
	}
	end, serr := f.Seek(0, io.SeekCurrent)
	if err == nil && serr == nil {
		t.used[key] = loc{end - int64(n), int64(n)}
		t.added = true
	}
	t.s.problem(err)
	t.s.problem(serr)
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
	if s.problem(output.WriteAtomic(filepath.Join(s.dir, indexFile), encodeIndex(s.stamp, t.used))) == nil {
		s.index = t.used
	}
}

// compact rewrites the pack with the live records only, when they are less
// than half of it. A kill before the index is written leaves offsets whose
// records fail their check: misses.
func (t *Tx) compact() {
	s := t.s
	st, err := os.Stat(filepath.Join(s.dir, packFile))
	if err != nil {
		return
	}
	live := int64(0)
	for _, l := range t.used {
		live += l.n
	}
	if st.Size() <= 2*live+64<<10 {
		return
	}
	keys := slices.SortedFunc(maps.Keys(t.used), func(a, b string) int { return cmp.Compare(t.used[a].off, t.used[b].off) })
	moved := make(map[string]loc, len(keys))
	err = output.WriteAtomicFunc(filepath.Join(s.dir, packFile), func(w io.Writer) error {
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
