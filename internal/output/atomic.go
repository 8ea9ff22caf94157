package output

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
)

// WriteAtomic replaces path with data in one step: a temporary file beside
// it, renamed over it, so no reader (nor a build killed halfway) ever sees
// half a file. It is the one atomic write of the program: the build cache,
// its build states and the reusing output's manifest all go through it.
func WriteAtomic(path string, data []byte) error {
	return WriteAtomicFunc(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteAtomicFunc is WriteAtomic of what write writes (buffered), for data
// too large to hold in memory at once.
func WriteAtomicFunc(path string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
