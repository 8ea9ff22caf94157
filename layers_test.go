package keel

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// allowedImports is the pipeline's dependency table: a stage may import only
// the stages before it (and diag, which every stage shares). Like Go's own
// go/build deps_test.go, any import not listed here fails the test.
var allowedImports = map[string][]string{
	"diag":        {},
	"par":         {},
	"source":      {"diag", "par"},
	"meta":        {"diag"},
	"markdown":    {"diag", "fastlex", "chromarun"},
	"fastlex":     {},
	"chromarun":   {}, // runs chroma's own rule tables; markdown's highlighter uses it
	"search":      {"diag", "par"},
	"site":        {"diag", "meta", "markdown"},
	"render":      {"diag", "meta", "markdown", "site", "par"},
	"output":      {"par", "store"},
	"store":       {}, // the one persistent cache, with the one atomic write
	"diagram":     {}, // D2 and GoAT: only build links them
	"build":       {"diag", "source", "meta", "markdown", "site", "render", "search", "keel", "par", "diagram", "output", "store"},
	"watch":       {"diag", "source"},
	"serve":       {"diag", "par"},
	"corpus":      {},
	"archetype":   {"meta", "markdown"},
	"browsertest": {},
	"lextest":     {}, // fastlex's and chromarun's tests: chroma's sample files, fenced blocks
	"e2e":         {},
	"pdf":         {"diag", "meta", "build", "render", "site"},
	"devloop":     {"diag", "build", "render", "site", "serve", "watch"}, // keel serve's loop: the last stage
}

func TestLayers(t *testing.T) {
	dirs, err := os.ReadDir("internal")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		pkg := d.Name()
		allowed, known := allowedImports[pkg]
		if !known {
			t.Errorf("internal/%s is not in the layer table; add it with the stages it may import", pkg)
			continue
		}
		files, _ := filepath.Glob(filepath.Join("internal", pkg, "*.go"))
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, file, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				var dep string
				switch {
				case path == "keel":
					dep = "keel"
				case strings.HasPrefix(path, "keel/internal/"):
					dep = strings.TrimPrefix(path, "keel/internal/")
				default:
					continue
				}
				if !slices.Contains(allowed, dep) {
					t.Errorf("%s imports %s, which internal/%s may not import (allowed: %v)", file, path, pkg, allowed)
				}
			}
		}
	}
}
