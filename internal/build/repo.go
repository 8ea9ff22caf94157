package build

import (
	"os"
	"path"
	"path/filepath"
	"strings"

	"keel/internal/source"
)

// repoExists answers site.Input.Exists: whether a path from the site root
// names a file or folder of the site's repository (the folder holding .git
// at or above the site; the site itself when there is none). It lets the
// site stage tell a link GitHub follows to an unpublished file (a hidden
// folder, a file outside content/) from a link to nothing. The files of
// tree and their folders are known to exist (they were just read): only
// other paths cost a stat, so a build's link checks do not stat every
// linked page again.
func repoExists(root string, tree source.Tree) func(string) bool {
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
	known := map[string]bool{}
	add := func(p string) {
		for ; p != "." && p != "/" && !known[p]; p = path.Dir(p) {
			known[p] = true
		}
	}
	for _, d := range tree.Docs {
		add(d.Path)
	}
	for _, f := range tree.Assets {
		add(f.Path)
	}
	return func(p string) bool {
		if known[p] {
			return true
		}
		abs := filepath.Join(absRoot, filepath.FromSlash(p))
		if abs != top && !strings.HasPrefix(abs, top+string(filepath.Separator)) {
			return false
		}
		_, err := os.Lstat(abs)
		return err == nil
	}
}
