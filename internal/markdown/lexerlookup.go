package markdown

import (
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// lookupLexer is lexers.Get(name), without its cost when name is none of
// chroma's names and aliases: chroma then globs every file name pattern of
// every lexer with filepath.Match, twice, each also with 13 backup suffixes
// (9,000 calls per name, 5–10 ms: 1.4 % of a build of the Rust RFCs, whose
// fences name 60 languages, "rust,ignore", ".rs", "patch" and the like).
// Such a name is answered as chroma's Get answers it (Match of
// "filename."+name, then of name, the candidates sorted by priority) by
// the same loop over patterns compiled once: most patterns are "*" and a
// literal or a literal, which a suffix or equality test decides exactly
// (the file is a base name, without separators, which `*` cannot cross).
func lookupLexer(name string) chroma.Lexer {
	g := globIndex()
	if g.names[name] || g.names[strings.ToLower(name)] {
		return lexers.Get(name)
	}
	var candidates chroma.PrioritisedLexers
	for _, file := range []string{"filename." + name, name} {
		l, ok := g.match(file)
		if !ok {
			return lexers.Get(name) // a pattern filepath.Match refuses: chroma panics
		}
		if l != nil {
			candidates = append(candidates, l)
		}
	}
	if len(candidates) == 0 {
		return nil
	}
	sort.Sort(candidates)
	return candidates[0]
}

// ignoredSuffixes are the backup suffixes chroma's Match also tries after
// each pattern (chroma's own list, registry.go, v2.27), after the pattern
// itself ("").
var ignoredSuffixes = []string{"", "~", ".bak", ".old", ".orig", ".dpkg-dist", ".dpkg-old", ".ucf-dist",
	".ucf-new", ".ucf-old", ".rpmnew", ".rpmorig", ".rpmsave", ".in"}

// globs is chroma's registry as Get and Match read it.
type globs struct {
	names map[string]bool // names and aliases, as given and lower-cased: chroma's maps
	// primary and alias file patterns in registry order: Match tries the
	// first set, then the second when the first matched nothing.
	primary, alias []lexerGlob
}

// lexerGlob is one file name pattern of a lexer, with each backup suffix.
type lexerGlob struct {
	lexer chroma.Lexer
	pats  []glob
}

// glob is one filepath.Match pattern.
type glob struct {
	pat  string
	kind int    // globExact, globSuffix or globGeneral
	lit  string // globExact: the name; globSuffix: what follows the leading *
	last int    // the byte every match ends with (a literal last byte), or -1
}

const (
	globGeneral = iota
	globExact
	globSuffix
)

func newGlob(p string) glob {
	const special = `*?[]\`
	g := glob{pat: p, last: -1}
	if _, err := filepath.Match(p, ""); err != nil {
		return g // filepath.Match reports it on every name
	}
	if p != "" && !strings.ContainsRune(special, rune(p[len(p)-1])) && (len(p) < 2 || p[len(p)-2] != '\\') {
		g.last = int(p[len(p)-1])
	}
	switch {
	case !strings.ContainsAny(p, special):
		g.kind, g.lit = globExact, p
	case p[0] == '*' && !strings.ContainsAny(p[1:], special) && !strings.Contains(p, "/"):
		g.kind, g.lit = globSuffix, p[1:]
	}
	return g
}

// matches is filepath.Match(g.pat, file) for a base name; ok is false when
// filepath.Match reports a bad pattern. A valid pattern ending in a literal
// byte only matches names ending with it.
func (g *glob) matches(file string) (matched, ok bool) {
	if g.last >= 0 && (file == "" || int(file[len(file)-1]) != g.last) {
		return false, true
	}
	switch g.kind {
	case globExact:
		return file == g.lit, true
	case globSuffix:
		if !strings.Contains(file, "/") {
			return strings.HasSuffix(file, g.lit), true
		}
	}
	m, err := filepath.Match(g.pat, file)
	return m, err == nil
}

var globIndex = sync.OnceValue(func() *globs {
	g := &globs{names: map[string]bool{}}
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		c := l.Config()
		for _, n := range append([]string{c.Name}, c.Aliases...) {
			g.names[n], g.names[strings.ToLower(n)] = true, true
		}
		for _, p := range c.Filenames {
			g.primary = append(g.primary, newLexerGlob(l, p))
		}
		for _, p := range c.AliasFilenames {
			g.alias = append(g.alias, newLexerGlob(l, p))
		}
	}
	return g
})

func newLexerGlob(l chroma.Lexer, p string) lexerGlob {
	lg := lexerGlob{lexer: l}
	for _, suf := range ignoredSuffixes {
		lg.pats = append(lg.pats, newGlob(p+suf))
	}
	return lg
}

// match is chroma's LexerRegistry.Match(file): every lexer once per pattern
// of it that matches (itself or with a backup suffix), sorted by priority;
// ok is false on a pattern filepath.Match refuses.
func (g *globs) match(file string) (chroma.Lexer, bool) {
	file = filepath.Base(file)
	for _, set := range [][]lexerGlob{g.primary, g.alias} {
		var matched chroma.PrioritisedLexers
		for i := range set {
			for j := range set[i].pats {
				m, ok := set[i].pats[j].matches(file)
				if !ok {
					return nil, false
				}
				if m {
					matched = append(matched, set[i].lexer)
					break
				}
			}
		}
		if len(matched) > 0 {
			sort.Sort(matched)
			return matched[0], true
		}
	}
	return nil, true
}
