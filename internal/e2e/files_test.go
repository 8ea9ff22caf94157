package e2e

import (
	"os"
	"path/filepath"

	"golang.org/x/tools/txtar"

	"keel/internal/output"
	"keel/internal/render"
)

// writeOutput replaces dir with a build's files, as keel build's output does.
func writeOutput(dir string, files []render.File) error {
	st, err := output.Begin(dir)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := st.WriteFile(output.File(f)); err != nil {
			st.Abort()
			return err
		}
	}
	return st.Commit()
}

func writeFiles(dir string, ar *txtar.Archive) error {
	for _, f := range ar.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
