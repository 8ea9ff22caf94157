package chromarun

import (
	"regexp/syntax"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

// TestMatchesNL: only patterns none of whose parts can match \n are run on
// the rest of the line.
func TestMatchesNL(t *testing.T) {
	for _, c := range []struct {
		pattern string
		want    bool
	}{
		{`[a-zA-Z_]\w*`, false},
		{`//(.*?)\n`, true},
		{`\s+`, true},
		{`[ \t]+`, false},
		{`[^*/]+`, true},
		{`(?s).`, true},
		{`.*$`, false},
		{`(?m)^#.*$`, false},
		{`(?i)abc\b`, false},
	} {
		tree, err := syntax.Parse(c.pattern, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		var p props
		analyse(tree, &p)
		if p.matchesNL != c.want {
			t.Errorf("%q: matchesNL %v, want %v", c.pattern, p.matchesNL, c.want)
		}
	}
}

func TestLineEndAt(t *testing.T) {
	tx := &text{s: "ab\ncd\n\nef"}
	for _, c := range []struct{ pos, want int }{
		{0, 3}, {2, 3}, {1, 3}, {3, 6}, {5, 6}, {6, 7}, {7, 9}, {8, 9}, {0, 3}, {9, 9},
	} {
		if got := tx.lineEndAt(c.pos); got != c.want {
			t.Errorf("lineEndAt(%d) = %d, want %d", c.pos, got, c.want)
		}
	}
}

// TestLineWindowAgrees: a rule run on the rest of the line finds what it
// finds on the whole text.
func TestLineWindowAgrees(t *testing.T) {
	src := "let x = foo(1);\n  // c\nfn main() {}\n"
	for _, p := range []string{`[a-zA-Z_]\w*`, `.*$`, `[^\n]*\)`, `\s+`, `//(.*?)\n`} {
		r, err := compileRule(chroma.Rule{Pattern: p, Type: chroma.Text}, "m")
		if err != nil {
			t.Fatal(err)
		}
		if r.load(); !r.program() {
			t.Fatalf("%q: no RE2 program", p)
		}
		for pos := 0; pos < len(src); pos++ {
			whole := r.re.FindStringIndex(src[pos:])
			got := r.match(&text{s: src, ascii: true}, pos)
			if (whole == nil) != (got == nil) || whole != nil && whole[1]+pos != got[1] {
				t.Errorf("%q at %d: window %v, whole %v", p, pos, got, whole)
			}
		}
	}
}
