package chromarun

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"unicode/utf8"
)

// TestRuleAgreement (CHROMARUN_RULES=1; about 30 s) compares every RE2-compiled rule with its
// regexp2 form at every position of every sample file.
func TestRuleAgreement(t *testing.T) {
	if os.Getenv("CHROMARUN_RULES") == "" {
		t.Skip()
	}
	for _, f := range sampleFiles(t) {
		if f.Lexer == nil {
			continue
		}
		x := For(f.Lexer)
		if x == nil {
			continue
		}
		b, _ := os.ReadFile(f.Path)
		src, _ := x.prepare(string(b))
		tx := &text{s: src, ascii: isASCII(src)}
		seen := map[*rule]bool{}
		for st, rules := range x.states {
			for _, r := range rules {
				r.load()
				if !r.goOK && !seen[r] && !r.anyByte {
					seen[r] = true
					looseFilterAgrees(t, r, tx, f.Lexer.Config().Name+" "+filepath.Base(f.Path)+" "+st)
				}
				if !r.goOK || seen[r] {
					continue
				}
				seen[r] = true
				save := r.groups
				r.groups = true
				for pos := 0; pos < len(src); pos++ {
					if !utf8.RuneStart(src[pos]) {
						continue
					}
					var a []int
					if r.anyByte || r.first.has(src[pos]) {
						a = r.match(tx, pos)
					}
					b := r.match2(tx, pos)
					if !slices.Equal(a, b) {
						t.Errorf("%s %s %s %q at %d: re2 %v regexp2 %v %q", f.Lexer.Config().Name, filepath.Base(f.Path), st, r.pattern, pos, a, b, src[pos:min(pos+30, len(src))])
						break
					}
				}
				r.groups = save
			}
		}
	}
}

// looseFilterAgrees: a rule left to regexp2 never matches where its
// first-byte filter (looseFirst) skips it.
func looseFilterAgrees(t *testing.T, r *rule, tx *text, where string) {
	for pos := 0; pos < len(tx.s); pos++ {
		if !utf8.RuneStart(tx.s[pos]) || r.first.has(tx.s[pos]) {
			continue
		}
		if b := r.match2(tx, pos); b != nil {
			t.Errorf("%s %q at %d: filtered out, regexp2 matches %v", where, r.pattern, pos, b)
			return
		}
	}
}
