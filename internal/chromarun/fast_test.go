package chromarun

import (
	"regexp"
	"regexp/syntax"
	"testing"
)

// TestFastIsRE2: each fast shape finds RE2's match at every position; the
// shapes it must not take are refused.
func TestFastIsRE2(t *testing.T) {
	src := "fn main() { let self_ = as_ref(x); /* c */ as  x ** y; }\n\tmod m; selfish self"
	for _, c := range []struct {
		pattern string
		kind    int
	}{
		{`\[`, fastLit},
		{`/\*`, fastLit},
		{`[*/]`, fastRun},
		{`[^*/]+`, fastRun},
		{`[ \t]*`, fastRun},
		{`[a-zA-Z_][a-zA-Z0-9_]*`, fastHeadRun},
		{`(as|as_ref|fn|let)\b`, fastWords},
		{`(?:self|mod)\b`, fastWords},
		{`self\b`, fastWords},
		{`as|self\b`, 0},
		{`[a-z]+?`, 0},
		{`(a)b`, 0},
		{`(?i)fn`, 0},
		{`a(b|c)`, 0},
	} {
		tree, err := syntax.Parse(c.pattern, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		f := newFast(c.pattern, "", tree)
		if f == nil && c.kind != 0 || f != nil && f.kind != c.kind {
			t.Errorf("%q: fast %+v, want kind %d", c.pattern, f, c.kind)
			continue
		}
		if f == nil {
			continue
		}
		re := regexp.MustCompile(`\A(?:` + c.pattern + `)`)
		for pos := 0; pos <= len(src); pos++ {
			want := -1
			if loc := re.FindStringIndex(src[pos:]); loc != nil {
				want = pos + loc[1]
			}
			if got := f.match(src, pos); got != want {
				t.Errorf("%q at %d: %d, want %d", c.pattern, pos, got, want)
			}
		}
	}
}
