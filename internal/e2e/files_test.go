package e2e

import (
	"os"
	"path/filepath"

	"golang.org/x/tools/txtar"
)

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
