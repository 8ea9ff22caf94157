package chromarun

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

// TestFastIsRE2: each fast shape finds RE2's match at every position; the
// shapes it must not take are refused.
func TestFastIsRE2(t *testing.T) {
	src := "fn main() { let self_ = as_ref(x); /* c */ as  x ** y; }\n\tmod m; selfish self a::b -> c => d"
	for _, c := range []struct {
		pattern string
		kind    int
	}{
		{`\[`, fastLit},
		{``, fastLit},
		{`::|->`, fastAlt},
		{`->|=>|::`, fastAlt},
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
		{`(a)b`, fastSeq},
		{`(?i)fn`, 0},
		{`a(b|c)`, fastSeq},
		{`a(b|cd)`, 0},
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

// TestSeqIsRegexp2: a fastSeq matcher gives regexp2's groups (chroma's own
// pattern, as the rule runs it without the engine) at every position, on
// ASCII and other text; the sequences it must not take are refused.
func TestSeqIsRegexp2(t *testing.T) {
	srcs := []string{
		"let r#type = r#1 + rr#x; foo!(x) bar! [y] baz!{z} qux !(w) q!\n(e)\n",
		"a..b ..= c...d #![attr] #[x] #!x ab abx aab a_b abab ab1 a\nb a  b a\tb",
		"é_x = r#é; ünï!(1) 中文!  [2] x\u00a0!{3} a\u2003b \u200cz a\u200db::c x:: [a.b]::c",
		"", "r", "r#", "a", "ab",
	}
	for _, c := range []struct {
		pattern string
		seq     bool
	}{
		{`(r#)?[a-zA-Z_]\w*`, true},
		{`([a-zA-Z_]\w*!)(\s*)(\(|\[|\{)`, true},
		{`\.\.=?`, true},
		{`#!?\[`, true},
		{`(ab)?a\w*`, true},
		{`((r#)?[a-z])(#)?`, true},
		{`(\s*)(=)`, true},
		{`a\s+b`, true},
		{`[^\n]*\n`, true},
		{`([\w.]+)(::)?`, true},
		{`(a)b`, true},
		{`::\b`, true},
		{`[sS]elf\b`, true},
		{`(r#)?[a-z]\b`, true},
		{`(\s*)(::)\b`, true},
		{`[a-z]+\b`, false},   // the run could give back characters to \b
		{`(r#)?\b`, false},    // \b after what can be empty
		{`a[a-z]*b\b`, false}, // b is in the class
		{`a(b|c)`, true},
		{`[a-z]*[a-c]`, false},     // the run would give back a character
		{`\w*(r#)?x`, false},       // likewise, for the optional literal
		{`(\s*)(\s)`, false},       // likewise, across groups
		{`[a-z]+?x`, false},        // lazy
		{`(a|bc)d`, false},         // alternation
		{`(?:ab)+c`, false},        // repeated group
		{`x(y(z))`, false},         // nested groups
		{`(a\b)c`, false},          // assertion
		{`(?i)(r#)?[a-z]+`, false}, // case folding
	} {
		r, err := compileRule(chroma.Rule{Pattern: c.pattern, Type: chroma.Text}, "m")
		if err != nil {
			t.Fatal(err)
		}
		r.load()
		if got := r.fast != nil && r.fast.kind == fastSeq; got != c.seq {
			t.Errorf("%q: fastSeq %v, want %v", c.pattern, got, c.seq)
			continue
		}
		if !c.seq {
			continue
		}
		for _, src := range srcs {
			if strings.Contains(c.pattern, `\b`) && !isASCII(src) {
				continue // \b rules run on ASCII text only
			}
			tx := &text{s: src, ascii: isASCII(src)}
			for pos := 0; pos <= len(src); pos++ {
				if pos < len(src) && !utf8RuneStart(src[pos]) {
					continue
				}
				got, want := r.fast.loc(src, pos, nil), r.match2(tx, pos)
				if !slices.Equal(got, want) {
					t.Errorf("%q on %q at %d: fast %v, regexp2 %v", c.pattern, src, pos, got, want)
				}
				if e := r.fast.match(src, pos); want == nil && e >= 0 || want != nil && e != want[1] {
					t.Errorf("%q on %q at %d: fast match ends at %d, regexp2 %v", c.pattern, src, pos, e, want)
				}
			}
		}
	}
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
