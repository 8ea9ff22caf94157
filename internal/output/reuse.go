package output

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"keel/internal/store"
)

// Reusing is an output rebuilt often. Its state folder (in the build cache)
// holds a spare folder, the output before last, and a store recording what
// the spare and the live output contain. A build writes only the files whose
// bytes changed since the spare was made, hard-links files it knows are the
// live output's, and swaps the spare in: a one-page edit of a 10,000-page
// site touches a few hundred files instead of 22,000, and the live output is
// never modified before the swap. Files are never changed in place (the two
// folders share inodes), and every record is checked against the disk
// (folders by device and inode, files by inode, size and modification
// time), so files changed or added by hand are rewritten or deleted and a
// killed build costs only speed. Safe for use from several goroutines.
type Reusing struct {
	st      *Staged              // the spare folder, staged; or, without reuse, a plain Staged
	store   *store.Store         // the record of both folders; nil without reuse
	live    map[string]fileState // the live output's files, when the record describes it
	liveTag string               // what the caller said made the live output
	tag     string               // what makes the new output, for the next build
	spare   map[string]fileState // files in the spare whose content is known
	present map[string]bool      // every file in the spare before this build
	mu      sync.Mutex           // guards done
	done    map[string]fileState // the new output's files so far
}

type fileState struct {
	Sum   [sha256.Size]byte
	Size  int64
	Mtime int64 // nanoseconds
	Ino   uint64
}

// folder is what the store records of one folder ("live", "spare").
type folder struct {
	ID    [2]uint64 // device, inode
	Tag   string
	Files map[string]fileState
}

// BeginReusing is Begin for an output rebuilt often; stateDir may be deleted
// at any time. When it is not on dir's filesystem, or the system cannot
// tell folders apart, it works as Begin does.
func BeginReusing(dir, stateDir string) (*Reusing, error) {
	dir, err := prepare(dir)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	plain := func() (*Reusing, error) {
		st, err := Begin(dir)
		return &Reusing{st: st}, err
	}
	sum := sha256.Sum256([]byte(abs))
	state := filepath.Join(stateDir, "out-"+hex.EncodeToString(sum[:6]))
	spare := filepath.Join(state, "spare")
	if err := os.MkdirAll(spare, 0o755); err != nil {
		return plain()
	}
	spareID, ok1 := folderID(spare)
	parentID, ok2 := folderID(filepath.Dir(dir))
	if !ok1 || !ok2 || spareID[0] != parentID[0] {
		os.RemoveAll(state)
		return plain() // the swap needs one filesystem
	}
	removeLeftovers(dir)
	os.Remove(filepath.Join(state, "manifest.gob")) // the record before the store

	o := &Reusing{store: store.Open(state, "reusing output 1"), present: map[string]bool{}, spare: map[string]fileState{}, done: map[string]fileState{}}
	var live, known folder
	tx := o.store.Begin()
	if id, ok := folderID(dir); ok && tx.GetGob("live", &live) && id == live.ID {
		o.live, o.liveTag = live.Files, live.Tag
	}
	if !tx.GetGob("spare", &known) || spareID != known.ID {
		known = folder{}
	}
	// From here on the spare changes: until Commit records it again, the
	// store must not vouch for it.
	tx.PutGob("spare", folder{})
	tx.Commit()
	if o.store.Problem() != nil {
		return plain()
	}
	o.st = &Staged{dir: dir, tmp: spare, dirs: map[string]bool{spare: true}}
	err = filepath.WalkDir(spare, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, spare+string(filepath.Separator)))
		if d.IsDir() {
			o.st.dirs[p] = true
			return nil
		}
		o.present[rel] = true
		if k, ok := known.Files[rel]; ok {
			if fi, err := d.Info(); err == nil && sameFile(fi, k) {
				o.spare[rel] = k
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// LiveTag is the tag the live output was committed with, or "" when it is
// not known to be the output the record describes.
func (o *Reusing) LiveTag() string { return o.liveTag }

// LiveFiles lists the live output's files when LiveTag is known, sorted.
func (o *Reusing) LiveFiles() []string { return slices.Sorted(maps.Keys(o.live)) }

// SetTag records tag, opaque here, with the new output (a build records what
// made it); the next build reads it back with LiveTag.
func (o *Reusing) SetTag(tag string) { o.tag = tag }

// WriteFile writes one file of the new output; a file whose bytes the spare
// already holds is left as it is.
func (o *Reusing) WriteFile(f File) error {
	if o.store == nil || !safePath(f.Path) {
		return o.st.WriteFile(f)
	}
	sum := sha256.Sum256(f.Data)
	if s, ok := o.spare[f.Path]; ok && s.Sum == sum {
		o.record(f.Path, s)
		return nil
	}
	full := filepath.Join(o.st.tmp, filepath.FromSlash(f.Path))
	fi, err := o.st.create(full, f.Data, func() error { return o.clear(f.Path, full) })
	if err != nil {
		return err
	}
	s, ok := stateOf(fi)
	if !ok {
		return fmt.Errorf("%s: cannot read the file's inode", full)
	}
	s.Sum = sum
	o.record(f.Path, s)
	return nil
}

// Abort leaves the previous output untouched; the spare folder stays,
// marked as unknown, for next time.
func (o *Reusing) Abort() {
	if o.store == nil {
		o.st.Abort()
	}
}

// Reuse puts the live output's file at path into the new output unchanged
// (a hard link) and reports whether it could: false when the live output has
// no such file or it changed since it was written. The caller then writes it.
func (o *Reusing) Reuse(path string) bool {
	l, ok := o.live[path]
	if !ok || !safePath(path) {
		return false
	}
	if s, ok := o.spare[path]; ok && s.Sum == l.Sum {
		o.record(path, s)
		return true
	}
	src := filepath.Join(o.st.dir, filepath.FromSlash(path))
	if fi, err := os.Lstat(src); err != nil || !sameFile(fi, l) {
		return false
	}
	full := filepath.Join(o.st.tmp, filepath.FromSlash(path))
	o.st.fsMu.Lock()
	defer o.st.fsMu.Unlock()
	if o.st.mkdirs(filepath.Dir(full)) != nil || o.clear(path, full) != nil || os.Link(src, full) != nil {
		return false
	}
	o.record(path, l)
	return true
}

// clear removes what the spare has at path, if anything, before a new file
// takes its place.
func (o *Reusing) clear(path, full string) error {
	if !o.present[path] {
		return nil
	}
	if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

func (o *Reusing) record(path string, s fileState) {
	o.mu.Lock()
	o.done[path] = s
	o.mu.Unlock()
}

// Commit removes what the new output does not have, swaps the spare in and
// records the new live output and, when known, the previous one (the spare).
func (o *Reusing) Commit() error {
	st := o.st
	if o.store == nil {
		return st.Commit()
	}
	var gone []string
	for p := range o.present {
		if _, ok := o.done[p]; !ok {
			gone = append(gone, p)
		}
	}
	if err := removeFiles(st.tmp, gone); err != nil {
		return err
	}
	prev, hadPrev := o.live, o.live != nil
	if err := swap(st.tmp, st.dir); err != nil {
		return err
	}
	tx := o.store.Begin() // a record not written only costs the next build time
	if id, ok := folderID(st.dir); ok {
		tx.PutGob("live", folder{ID: id, Tag: o.tag, Files: o.done})
	}
	if !hadPrev && linkSpare(st, o.done) == nil {
		prev, hadPrev = o.done, true
	}
	if id, ok := folderID(st.tmp); ok && hadPrev {
		tx.PutGob("spare", folder{ID: id, Files: prev})
	}
	tx.Commit()
	return nil
}

// linkSpare makes the spare a copy of the new output in hard links when no
// previous output is known: else the next build would write every file.
func linkSpare(st *Staged, files map[string]fileState) error {
	if err := os.RemoveAll(st.tmp); err != nil {
		return err
	}
	if err := os.Mkdir(st.tmp, 0o755); err != nil {
		return err
	}
	st.dirs = map[string]bool{st.tmp: true}
	for _, p := range slices.Sorted(maps.Keys(files)) { // folder by folder
		full := filepath.Join(st.tmp, filepath.FromSlash(p))
		if err := st.mkdirs(filepath.Dir(full)); err != nil {
			return err
		}
		if err := os.Link(filepath.Join(st.dir, filepath.FromSlash(p)), full); err != nil {
			return err
		}
	}
	return nil
}

// removeFiles removes files under root and then their folders that are now
// empty, deepest first.
func removeFiles(root string, removed []string) error {
	dirs := map[string]bool{}
	for _, p := range removed {
		if err := os.Remove(filepath.Join(root, filepath.FromSlash(p))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		for d := filepath.Dir(filepath.FromSlash(p)); d != "."; d = filepath.Dir(d) {
			dirs[d] = true
		}
	}
	for _, d := range slices.SortedFunc(maps.Keys(dirs), func(a, b string) int { return len(b) - len(a) }) {
		os.Remove(filepath.Join(root, d)) // fails, as it should, when not empty
	}
	return nil
}

func sameFile(fi os.FileInfo, s fileState) bool {
	got, ok := stateOf(fi)
	return ok && fi.Mode().IsRegular() && got.Size == s.Size && got.Mtime == s.Mtime && got.Ino == s.Ino
}
