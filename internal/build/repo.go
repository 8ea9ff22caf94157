package build

import (
	"os"
	"path/filepath"
	"strings"
)

// repoExists answers site.Input.Exists: whether a path from the site root
// names a file or folder of the site's repository (the folder holding .git
// at or above the site; the site itself when there is none). It lets the
// site stage tell a link GitHub follows to an unpublished file (a hidden
// folder, a file outside content/) from a link to nothing.
func repoExists(root string) func(string) bool {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil
	}
	top := absRoot
	for dir := absRoot; ; {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			top = dir
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return func(p string) bool {
		abs := filepath.Join(absRoot, filepath.FromSlash(p))
		if abs != top && !strings.HasPrefix(abs, top+string(filepath.Separator)) {
			return false
		}
		_, err := os.Lstat(abs)
		return err == nil
	}
}
