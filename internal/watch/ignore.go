package watch

import (
	"strings"

	"keel/internal/source"
)

// Ignored reports whether a file or directory name is never part of a site:
// hidden names (vim swap files, emacs locks and most temporary files among
// them) and the editor backups and temporaries that the source stage skips.
// It must not ignore anything the build reads, or serve would drift from
// build, so it defers to source for everything but hidden names, which
// source skips too.
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || source.IgnoredName(name)
}
