package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// A reusing output keeps, in a state folder (the build cache), a spare
// folder holding the output before last and a manifest of what the spare
// and the live output contain. A build then writes only the files whose
// bytes changed since the spare was made, hard-links files it knows are the
// same as the live output's, and swaps the spare in: a one-page edit of a
// 10,000-page site touches a few hundred files instead of 22,000, and the
// live output is still never modified before the swap.
//
// Files are never changed in place (a file that differs is removed and
// written anew) because the spare and the live output share inodes after a
// hard link. Everything recorded is checked against the disk before it is
// trusted: folders by identity (device and inode), files by inode, size and
// modification time, so a file changed by hand is rewritten, a file added by
// hand is deleted, and a build killed at any moment costs only speed.
type reuse struct {
	state   string               // the state folder of this output
	live    map[string]fileState // the live output's files, when the manifest describes it
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

// folder is what the manifest says of one folder; a zero ID means unknown.
type folder struct {
	ID    [2]uint64 // device, inode
	Tag   string
	Files map[string]fileState
}

type manifest struct{ Live, Spare folder }

const manifestFile = "manifest.gob"

// Reusing is an output rebuilt often: it starts from the files of the
// build before (see reuse). Files may be written and reused from several
// goroutines.
type Reusing struct {
	st *Staged // the spare folder, staged; or, without reuse, a plain Staged
	r  *reuse  // nil when the output could not be reused (then it is st alone)
}

// BeginReusing is Begin for an output that is rebuilt often: stateDir keeps
// the spare folder (mostly hard links to the live output) and its manifest,
// and may be deleted at any time. When stateDir is not on dir's filesystem,
// or the system cannot tell folders apart, it works as Begin does.
func BeginReusing(dir, stateDir string) (*Reusing, error) {
	st, r, err := beginReusing(dir, stateDir)
	if err != nil {
		return nil, err
	}
	return &Reusing{st: st, r: r}, nil
}

func beginReusing(dir, stateDir string) (*Staged, *reuse, error) {
	dir, err := prepare(dir)
	if err != nil {
		return nil, nil, err
	}
	parent := filepath.Dir(dir)
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, err
	}
	plain := func() (*Staged, *reuse, error) {
		st, err := Begin(dir)
		return st, nil, err
	}
	sum := sha256.Sum256([]byte(abs))
	state := filepath.Join(stateDir, "out-"+hex.EncodeToString(sum[:6]))
	spare := filepath.Join(state, "spare")
	if err := os.MkdirAll(spare, 0o755); err != nil {
		return plain()
	}
	spareID, ok1 := folderID(spare)
	parentID, ok2 := folderID(parent)
	if !ok1 || !ok2 || spareID[0] != parentID[0] {
		os.RemoveAll(state)
		return plain() // the swap needs one filesystem
	}
	removeLeftovers(dir)

	m := loadManifest(state)
	r := &reuse{state: state, present: map[string]bool{}, spare: map[string]fileState{}, done: map[string]fileState{}}
	if id, ok := folderID(dir); ok && id == m.Live.ID {
		r.live, r.liveTag = m.Live.Files, m.Live.Tag
	}
	known := map[string]fileState{}
	if spareID == m.Spare.ID {
		known = m.Spare.Files
	}
	// From here on the spare changes: until Commit records it again, the
	// manifest must not vouch for it.
	m.Spare = folder{}
	if err := saveManifest(state, m); err != nil {
		return plain()
	}
	st := &Staged{dir: dir, tmp: spare, dirs: map[string]bool{spare: true}}
	err = filepath.WalkDir(spare, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, spare+string(filepath.Separator)))
		if d.IsDir() {
			st.dirs[p] = true
			return nil
		}
		r.present[rel] = true
		if k, ok := known[rel]; ok {
			if fi, err := d.Info(); err == nil && sameFile(fi, k) {
				r.spare[rel] = k
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return st, r, nil
}

// LiveTag is the tag the live output was committed with, or "" when it is
// not known to be the output the manifest describes.
func (o *Reusing) LiveTag() string {
	if o.r == nil {
		return ""
	}
	return o.r.liveTag
}

// SetTag names what makes the new output (for example a hash of the build's
// inputs); the next build reads it back with LiveTag.
func (o *Reusing) SetTag(tag string) {
	if o.r != nil {
		o.r.tag = tag
	}
}

// WriteFile writes one file of the new output; a file whose bytes the spare
// already holds is left as it is.
func (o *Reusing) WriteFile(f File) error {
	if o.r == nil || !safePath(f.Path) {
		return o.st.WriteFile(f)
	}
	return o.r.write(o.st, f)
}

// Commit swaps the new output in and records it for the next build.
func (o *Reusing) Commit() error {
	if o.r == nil {
		return o.st.Commit()
	}
	return o.r.commit(o.st)
}

// Abort leaves the previous output untouched; the spare folder stays,
// marked as unknown, for next time.
func (o *Reusing) Abort() {
	if o.r == nil {
		o.st.Abort()
	}
}

// Reuse puts the live output's file at path into the new output unchanged
// (a hard link) and reports whether it could: false when the live output has
// no such file or it changed since it was written. The caller then writes it.
func (o *Reusing) Reuse(path string) bool {
	r, st := o.r, o.st
	if r == nil || !safePath(path) {
		return false
	}
	l, ok := r.live[path]
	if !ok {
		return false
	}
	if s, ok := r.spare[path]; ok && s.Sum == l.Sum {
		r.record(path, s)
		return true
	}
	src := filepath.Join(st.dir, filepath.FromSlash(path))
	if fi, err := os.Lstat(src); err != nil || !sameFile(fi, l) {
		return false
	}
	full := filepath.Join(st.tmp, filepath.FromSlash(path))
	st.fsMu.Lock()
	defer st.fsMu.Unlock()
	if st.mkdirs(filepath.Dir(full)) != nil || r.clear(path, full) != nil || os.Link(src, full) != nil {
		return false
	}
	r.record(path, l)
	return true
}

func (r *reuse) write(st *Staged, f File) error {
	sum := sha256.Sum256(f.Data)
	if s, ok := r.spare[f.Path]; ok && s.Sum == sum {
		r.record(f.Path, s)
		return nil
	}
	full := filepath.Join(st.tmp, filepath.FromSlash(f.Path))
	fi, err := st.create(full, f.Data, func() error { return r.clear(f.Path, full) })
	if err != nil {
		return err
	}
	s, ok := stateOf(fi)
	if !ok {
		return fmt.Errorf("%s: cannot read the file's inode", full)
	}
	s.Sum = sum
	r.record(f.Path, s)
	return nil
}

// clear removes what the spare has at path, if anything, before a new file
// takes its place.
func (r *reuse) clear(path, full string) error {
	if !r.present[path] {
		return nil
	}
	if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

func (r *reuse) record(path string, s fileState) {
	r.mu.Lock()
	r.done[path] = s
	r.mu.Unlock()
}

// commit removes what the new output does not have, swaps the spare in and
// records both folders: the new live output, and the previous one, now the
// spare, when its files were known.
func (r *reuse) commit(st *Staged) error {
	var gone []string
	for p := range r.present {
		if _, ok := r.done[p]; !ok {
			gone = append(gone, p)
		}
	}
	for _, p := range gone {
		if err := os.Remove(filepath.Join(st.tmp, filepath.FromSlash(p))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	removeEmptyDirs(st.tmp, gone)
	prev, hadPrev := r.live, r.live != nil
	if err := swap(st.tmp, st.dir); err != nil {
		return err
	}
	var m manifest
	if id, ok := folderID(st.dir); ok {
		m.Live = folder{ID: id, Tag: r.tag, Files: r.done}
	}
	if !hadPrev && linkSpare(st, r.done) == nil {
		prev, hadPrev = r.done, true
	}
	if id, ok := folderID(st.tmp); ok && hadPrev {
		m.Spare = folder{ID: id, Files: prev}
	}
	saveManifest(r.state, m) // a manifest not written only costs the next build time
	return nil
}

// linkSpare makes the spare a copy of the new output made of hard links,
// when there is no known previous output to keep: without it, the next build
// would have to put every file of its output in place, not only the changed
// ones. A failure leaves a spare the manifest does not vouch for.
func linkSpare(st *Staged, files map[string]fileState) error {
	if err := os.RemoveAll(st.tmp); err != nil {
		return err
	}
	if err := os.Mkdir(st.tmp, 0o755); err != nil {
		return err
	}
	st.dirs = map[string]bool{st.tmp: true}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths) // folder by folder
	for _, p := range paths {
		rel := filepath.FromSlash(p)
		full := filepath.Join(st.tmp, rel)
		if err := st.mkdirs(filepath.Dir(full)); err != nil {
			return err
		}
		if err := os.Link(filepath.Join(st.dir, rel), full); err != nil {
			return err
		}
	}
	return nil
}

// removeEmptyDirs removes the folders of removed files that are now empty,
// deepest first.
func removeEmptyDirs(root string, removed []string) {
	dirs := map[string]bool{}
	for _, p := range removed {
		for d := filepath.Dir(filepath.FromSlash(p)); d != "."; d = filepath.Dir(d) {
			dirs[d] = true
		}
	}
	list := make([]string, 0, len(dirs))
	for d := range dirs {
		list = append(list, d)
	}
	slices.SortFunc(list, func(a, b string) int { return len(b) - len(a) })
	for _, d := range list {
		os.Remove(filepath.Join(root, d)) // fails, as it should, when not empty
	}
}

func loadManifest(state string) manifest {
	var m manifest
	data, err := os.ReadFile(filepath.Join(state, manifestFile))
	if err != nil || gob.NewDecoder(bytes.NewReader(data)).Decode(&m) != nil {
		return manifest{}
	}
	return m
}

func saveManifest(state string, m manifest) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(m); err != nil {
		return err
	}
	return WriteAtomic(filepath.Join(state, manifestFile), buf.Bytes())
}

func sameFile(fi os.FileInfo, s fileState) bool {
	got, ok := stateOf(fi)
	return ok && fi.Mode().IsRegular() && got.Size == s.Size && got.Mtime == s.Mtime && got.Ino == s.Ino
}
