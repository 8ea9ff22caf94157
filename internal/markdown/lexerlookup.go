package markdown

import (
	"path/filepath"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// lookupLexer is lexers.Get(name), without its cost when name is none of
// chroma's: chroma then globs every file name pattern of every lexer with
// filepath.Match, twice, each also with 13 backup suffixes (9,000 calls per
// name: 4 % of a build of the Rust RFCs, whose fences name 60 languages
// chroma does not know, "rust,ignore" and the like). A name that no pattern
// can match is answered nil at once, which is what chroma answers; any other
// goes to chroma.
func lookupLexer(name string) chroma.Lexer {
	g := globIndex()
	if g.names[name] || g.names[strings.ToLower(name)] || g.mayMatch(filepath.Base("filename."+name)) || g.mayMatch(filepath.Base(name)) {
		return lexers.Get(name)
	}
	return nil
}

// ignoredSuffixes are the backup suffixes chroma's Match also tries after
// each pattern (chroma's own list, registry.go, v2.27).
var ignoredSuffixes = []string{"", "~", ".bak", ".old", ".orig", ".dpkg-dist", ".dpkg-old", ".ucf-dist",
	".ucf-new", ".ucf-old", ".rpmnew", ".rpmorig", ".rpmsave", ".in"}

// globs is what decides quickly that no lexer's pattern matches a name.
type globs struct {
	names map[string]bool // names and aliases, as given and lower-cased: chroma's maps
	tails []string        // the literal ends of the patterns: a match ends with one
	open  []string        // patterns that end in a wildcard: tried with filepath.Match
}

var globIndex = sync.OnceValue(func() *globs {
	g := &globs{names: map[string]bool{}}
	seen := map[string]bool{}
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		c := l.Config()
		for _, n := range append([]string{c.Name}, c.Aliases...) {
			g.names[n], g.names[strings.ToLower(n)] = true, true
		}
		for _, glob := range append(append([]string{}, c.Filenames...), c.AliasFilenames...) {
			for _, suf := range ignoredSuffixes {
				p := glob + suf
				if seen[p] {
					continue
				}
				seen[p] = true
				// Everything after the last special character is literal,
				// so a name the pattern matches ends with it.
				if tail := p[strings.LastIndexAny(p, `*?[]\`)+1:]; tail != "" {
					g.tails = append(g.tails, tail)
				} else {
					g.open = append(g.open, p)
				}
			}
		}
	}
	return g
})

// mayMatch is false when no pattern can match file, true when one might.
func (g *globs) mayMatch(file string) bool {
	for _, t := range g.tails {
		if strings.HasSuffix(file, t) {
			return true
		}
	}
	for _, p := range g.open {
		if ok, err := filepath.Match(p, file); ok || err != nil {
			return true
		}
	}
	return false
}
