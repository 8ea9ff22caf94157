package output

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync"
)

// Reporting wraps a reusing output and remembers the first failed write and
// how many failed: on a full disk every write fails, and one line with the
// path says more than thousands. After the first failure nothing more is
// written (the build is lost anyway), only counted.
type Reporting struct {
	*Reusing                  // where files go; Reuse and the tags go straight to it
	write    func(File) error // Reusing.WriteFile, or a stand-in in tests
	mu       sync.Mutex
	first    string // output path of the first failed write
	err      error
	fails    int
}

// NewReporting reports the failures of writes to o.
func NewReporting(o *Reusing) *Reporting { return &Reporting{Reusing: o, write: o.WriteFile} }

// WriteFile writes f unless a write failed before; it never returns an
// error, so the build goes on and Failure lists what was lost.
func (w *Reporting) WriteFile(f File) error {
	w.mu.Lock()
	failed := w.fails > 0
	w.mu.Unlock()
	var err error
	if !failed {
		err = w.write(f)
	}
	if failed || err != nil {
		w.mu.Lock()
		if w.fails == 0 {
			w.first, w.err = f.Path, err
		}
		w.fails++
		w.mu.Unlock()
	}
	return nil
}

// Failure describes the failed writes into out, or is "" when there were none.
func (w *Reporting) Failure(out string) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.fails == 0 {
		return ""
	}
	err := w.err
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is the temporary folder's; name the output's
	}
	msg := fmt.Sprintf("cannot write %s: %v", filepath.Join(out, filepath.FromSlash(w.first)), err)
	if w.fails > 1 {
		msg += fmt.Sprintf(" (and %d more file(s) not written)", w.fails-1)
	}
	return msg + "; nothing was written, the previous output is unchanged"
}
