package chromarun

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// fast is a matcher for a few pattern shapes that need neither RE2's
// machinery nor backtracking, found in the hot rules of most lexers: a
// literal (`\[`, `/\*`), a class once or repeated (`[*/]`, `\s+`,
// `[^*/]+`), a class then a repeated class (`[a-zA-Z_]\w*`), and a list of
// words before \b (`(as|break|const)\b`). It gives the match RE2 gives:
// greedy repetition with nothing after it is the longest run, and
// leftmost-first alternatives of words before \b are the first word that is
// a prefix followed by a non-word character.
type fast struct {
	kind  int
	lit   string
	head  class // fastHeadRun: the first character
	run   class // fastRun, fastHeadRun: the repeated class
	min   int   // fastRun: 0 for *, 1 for +
	words []string
	caps  int // capture groups of the pattern (0 or 1)
}

const (
	fastLit = iota + 1
	fastRun
	fastHeadRun
	fastWords
)

// class is a parsed character class: sorted inclusive rune ranges, with a
// table for ASCII (classFirst's set, exact below utf8.RuneSelf).
type class struct {
	ascii  byteSet
	ranges []rune
}

func newClass(ranges []rune) class { return class{ascii: classFirst(ranges), ranges: ranges} }

func (c *class) has(r rune) bool {
	if r < utf8.RuneSelf {
		return c.ascii.has(byte(r))
	}
	for i := 0; i+1 < len(c.ranges); i += 2 {
		if r < c.ranges[i] {
			return false
		}
		if r <= c.ranges[i+1] {
			return true
		}
	}
	return false
}

// span returns the end of the longest run of c's characters from pos.
func (c *class) span(s string, pos int) int {
	for pos < len(s) {
		b := s[pos]
		if b < utf8.RuneSelf {
			if !c.ascii.has(b) {
				return pos
			}
			pos++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[pos:])
		if !c.has(r) {
			return pos
		}
		pos += w
	}
	return pos
}

var wordsRE = regexp.MustCompile(`^(\(|\(\?:)?(\w+(?:\|\w+)*)(\))?\\b$`)

// newFast returns the fast matcher of a rule's pattern (tree is its RE2
// parse, before Simplify), or nil.
func newFast(pattern, flags string, tree *syntax.Regexp) *fast {
	if m := wordsRE.FindStringSubmatch(pattern); m != nil && !strings.Contains(flags, "i") && (m[1] == "") == (m[3] == "") && (m[1] != "" || !strings.Contains(m[2], "|")) {
		f := &fast{kind: fastWords, words: strings.Split(m[2], "|")}
		if m[1] == "(" {
			f.caps = 1
		}
		return f
	}
	if tree.MaxCap() > 0 || folds(tree) {
		return nil
	}
	switch {
	case tree.Op == syntax.OpLiteral:
		return &fast{kind: fastLit, lit: string(tree.Rune)}
	case tree.Op == syntax.OpCharClass:
		return &fast{kind: fastRun, run: newClass(tree.Rune), min: -1}
	case (tree.Op == syntax.OpPlus || tree.Op == syntax.OpStar) && tree.Sub[0].Op == syntax.OpCharClass && tree.Flags&syntax.NonGreedy == 0:
		f := &fast{kind: fastRun, run: newClass(tree.Sub[0].Rune)}
		if tree.Op == syntax.OpPlus {
			f.min = 1
		}
		return f
	case tree.Op == syntax.OpConcat && len(tree.Sub) == 2 && tree.Sub[0].Op == syntax.OpCharClass &&
		tree.Sub[1].Op == syntax.OpStar && tree.Sub[1].Sub[0].Op == syntax.OpCharClass && tree.Sub[1].Flags&syntax.NonGreedy == 0:
		return &fast{kind: fastHeadRun, head: newClass(tree.Sub[0].Rune), run: newClass(tree.Sub[1].Sub[0].Rune)}
	}
	return nil
}

// folds reports whether any part of the tree is case-folded.
func folds(re *syntax.Regexp) bool {
	if re.Flags&syntax.FoldCase != 0 && (re.Op == syntax.OpLiteral || re.Op == syntax.OpCharClass) {
		return true
	}
	for _, s := range re.Sub {
		if folds(s) {
			return true
		}
	}
	return false
}

// match returns the end of the match at pos, or -1.
func (f *fast) match(s string, pos int) int {
	switch f.kind {
	case fastLit:
		if strings.HasPrefix(s[pos:], f.lit) {
			return pos + len(f.lit)
		}
	case fastRun:
		if f.min < 0 { // the class once
			if pos < len(s) {
				r, w := utf8.DecodeRuneInString(s[pos:])
				if f.run.has(r) {
					return pos + w
				}
			}
			return -1
		}
		if e := f.run.span(s, pos); e > pos || f.min == 0 {
			return e
		}
	case fastHeadRun:
		if pos < len(s) {
			r, w := utf8.DecodeRuneInString(s[pos:])
			if f.head.has(r) {
				return f.run.span(s, pos+w)
			}
		}
	case fastWords:
		for _, w := range f.words {
			if e := pos + len(w); strings.HasPrefix(s[pos:], w) && (e == len(s) || !isWordByte(s[e])) {
				return e
			}
		}
	}
	return -1
}

// isWordByte is RE2's \w (ASCII: fastWords runs on ASCII text only).
func isWordByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}
