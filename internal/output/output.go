// Package output writes a rendered site to a directory atomically: the new
// site is written beside the target and swapped in at the end, so a build that
// fails or is killed leaves the previous output exactly as it was.
package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"keel/internal/par"
)

// File is one output file: a slash-separated path inside the output folder
// and its bytes.
type File struct {
	Path string
	Data []byte
}

// Staged is an output being written beside its target. Files may be written
// from several goroutines; Commit swaps the result in, Abort throws it away.
type Staged struct {
	dir, tmp string
	mu       sync.Mutex // guards dirs
	dirs     map[string]bool
	// fsMu makes one goroutine at a time create files and folders: on ext4,
	// two threads creating files at once spent twice the kernel time of one
	// thread creating them all (measured: 10,000 pages, 2.3 s against 0.5 s
	// of system time), while the renderers never wait long for it.
	fsMu sync.Mutex
}

// Begin prepares to replace dir: it checks that dir may be replaced, removes
// what killed builds left behind, and creates the temporary folder beside it.
func Begin(dir string) (*Staged, error) {
	dir, err := prepare(dir)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(dir)
	removeLeftovers(dir)
	tmp, err := os.MkdirTemp(parent, filepath.Base(dir)+".tmp-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Staged{dir: dir, tmp: tmp, dirs: map[string]bool{tmp: true}}, nil
}

// WriteFile writes one file into the staged output (no fsync: the swap, not
// each file, is what makes the result durable as a whole).
func (st *Staged) WriteFile(f File) error {
	if !safePath(f.Path) {
		return fmt.Errorf("refusing to write %q: not a path inside the output folder", f.Path)
	}
	_, err := st.create(filepath.Join(st.tmp, filepath.FromSlash(f.Path)), f.Data, nil)
	return err
}

// create writes a new file (O_EXCL: a new inode every time, never one a
// reusing output's live folder shares) after its folder and, when given,
// clear, which removes what was there.
func (st *Staged) create(full string, data []byte, clear func() error) (os.FileInfo, error) {
	st.fsMu.Lock()
	defer st.fsMu.Unlock()
	if err := st.mkdirs(filepath.Dir(full)); err != nil {
		return nil, err
	}
	if clear != nil {
		if err := clear(); err != nil {
			return nil, err
		}
	}
	fh, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	_, err = fh.Write(data)
	var fi os.FileInfo
	if err == nil {
		fi, err = fh.Stat()
	}
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	return fi, err
}

func (st *Staged) mkdirs(d string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.dirs[d] {
		return nil
	}
	if err := os.MkdirAll(d, 0o755); err != nil {
		return err
	}
	for ; !st.dirs[d]; d = filepath.Dir(d) {
		st.dirs[d] = true
	}
	return nil
}

// WriteAll writes files in parallel and returns the first error.
func (st *Staged) WriteAll(files []File) error {
	for _, f := range files {
		if !safePath(f.Path) {
			return fmt.Errorf("refusing to write %q: not a path inside the output folder", f.Path)
		}
	}
	errs := make([]error, len(files))
	par.For(len(files), func(i int) { errs[i] = st.WriteFile(files[i]) })
	return errors.Join(errs...)
}

// Commit swaps the staged output in.
func (st *Staged) Commit() error {
	if err := swap(st.tmp, st.dir); err != nil {
		os.RemoveAll(st.tmp)
		return err
	}
	return os.RemoveAll(st.tmp) // it holds the previous output now, if there was one
}

// Abort removes the staged output; the previous output is untouched.
func (st *Staged) Abort() { os.RemoveAll(st.tmp) }

// prepare cleans dir, checks that it may be replaced and creates its parent.
func prepare(dir string) (string, error) {
	dir = filepath.Clean(dir)
	if err := checkReplaceable(dir); err != nil {
		return "", err
	}
	return dir, os.MkdirAll(filepath.Dir(dir), 0o755)
}

// safePath accepts only relative, slash-separated paths that stay inside the root.
func safePath(p string) bool {
	return p != "" && !strings.Contains(p, `\`) && !strings.Contains(p, "\x00") && filepath.IsLocal(filepath.FromSlash(p)) &&
		!strings.Contains(p, ":")
}

// checkReplaceable refuses to swap away a folder that is not a site output,
// so a mistyped --out can never destroy someone's files.
func checkReplaceable(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) || (err == nil && len(entries) == 0) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, name := range []string{"index.html", "404.html"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return nil
		}
	}
	return fmt.Errorf("refusing to replace %s: it is not empty and does not look like a site keel built (no index.html)", dir)
}

// removeLeftovers deletes temporary folders of builds that were killed.
func removeLeftovers(dir string) {
	for _, pat := range []string{".tmp-*", ".old-*"} {
		matches, _ := filepath.Glob(dir + pat)
		for _, m := range matches {
			os.RemoveAll(m)
		}
	}
}

// swap puts tmp in dir's place; the previous output, if any, is left at tmp.
func swap(tmp, dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	if exchange(tmp, dir) == nil {
		return nil
	}
	// Without an atomic exchange there is a moment with dir absent; the old
	// output stays complete under .old- until the new one is in place.
	old := dir + ".old-" + filepath.Base(tmp)
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(old, dir)
		return err
	}
	os.Rename(old, tmp) // if this fails, the next Begin removes the .old- folder
	return nil
}
