package markdown

import (
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2/lexers"
)

// lookupLexer answers what lexers.Get answers, for every name and alias of
// chroma's lexers, names made from their file patterns (with and without
// backup suffixes) and fence languages chroma does not know.
func TestLookupLexerIsChromas(t *testing.T) {
	names := []string{"", "rust,ignore", "rust,edition2021,compile_fail", "text", "console", "shell-session",
		"grammar,types", "mermaid", "ebnf", "bnf", "agda", "idris", "x86", "asm", "cargo", ".rs", "f#", "~~~~~~~",
		"Dockerfile", "dockerfile.dev", "makefile.am", "caddyfile", "caddyfile2", "x.1", "a.php4", ".env.local",
		".bash_profile", "bash_logout", "notalanguage", "foo/bar", "foo/", "/", "CMakeLists.txt", "PKGBUILD",
		"rs.bak", "rs~", "toml.in", "go.orig", "*", "[", "a[b", `a\`}
	for j, l := range lexers.GlobalLexerRegistry.Lexers {
		c := l.Config()
		names = append(names, c.Name, strings.ToLower(c.Name), strings.ToUpper(c.Name))
		names = append(names, c.Aliases...)
		// chroma's Get globs every pattern for each such name: a sample.
		for i, g := range append(append([]string{}, c.Filenames...), c.AliasFilenames...) {
			if i == 0 && j%4 == 0 {
				s := strings.ReplaceAll(g, "*", "x")
				names = append(names, s, strings.TrimPrefix(g, "*."), s+".bak", s+"y")
			}
		}
	}
	for _, n := range names {
		if got, want := lookupLexer(n), lexers.Get(n); got != want {
			t.Errorf("lookupLexer(%q) = %v, lexers.Get = %v", n, got, want)
		}
	}
}
