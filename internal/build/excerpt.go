package build

import (
	"bytes"
	"slices"
	"strings"

	"keel/internal/source"
)

// SourceLine returns line n (1-based) of a site file as the last build read
// it, without its newline: for the excerpts of keel serve's error overlay.
// It returns "" for a file the build did not read or a line it does not have.
// Like Build, it must not run at the same time as a build.
func (b *Builder) SourceLine(path string, n int) string {
	if b.tree == nil || n < 1 {
		return ""
	}
	var data []byte
	t := b.tree
	switch {
	case path == "keel.yaml" && t.Config != nil:
		data = t.Config.Data
	case strings.HasSuffix(path, ".md"):
		if i, ok := slices.BinarySearchFunc(t.Docs, path, func(d source.Doc, p string) int { return strings.Compare(d.Path, p) }); ok {
			data = t.Docs[i].Data
		}
	case strings.HasPrefix(path, "templates/"):
		for _, f := range t.Templates {
			if f.Path == path {
				data = f.Data
			}
		}
	}
	for i := 1; len(data) > 0; i++ {
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		if i == n {
			return string(line)
		}
		data = rest
	}
	return ""
}
