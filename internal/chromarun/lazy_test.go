package chromarun

import (
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// The engine compiles a rule when it first tries it and no longer lets
// chroma compile every pattern first, so it would not notice a lexer chroma
// refuses. chroma accepts every lexer it ships, and every rule of every
// lexer the engine runs compiles: none is broken.
func TestChromaAcceptsEveryLexer(t *testing.T) {
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		rl, ok := l.(*chroma.RegexLexer)
		if !ok {
			continue
		}
		x := For(rl)
		if _, err := rl.Rules(); err != nil {
			t.Errorf("%s: chroma refuses it: %v", rl.Config().Name, err)
		}
		if x == nil {
			continue
		}
		for st, rules := range x.states {
			for _, r := range rules {
				if r.load(); r.goOK && !r.program() || !r.goOK && regexp2Fails(r) {
					t.Errorf("%s: state %s: %q does not compile", rl.Config().Name, st, r.pattern)
				}
			}
		}
	}
}

func regexp2Fails(r *rule) bool {
	_, err := r.regexp2()
	return err != nil
}
