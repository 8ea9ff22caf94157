package chromarun

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// fast is a matcher for a few pattern shapes that need neither RE2's
// machinery nor (much) backtracking, found in the hot rules of most lexers:
// a literal (`\[`, `/\*`), a class once or repeated (`[*/]`, `\s+`,
// `[^*/]+`), a class then a repeated class (`[a-zA-Z_]\w*`), a list of
// words before \b (`(as|break|const)\b`), and a sequence of literals,
// classes, repeated classes and optional literals, each part or run of
// parts possibly a group (`(r#)?[a-zA-Z_]\w*`, `([a-zA-Z_]\w*!)(\s*)(\(|\[|\{)`).
// It gives the match RE2 gives: greedy repetition with nothing after it is
// the longest run, and leftmost-first alternatives of words before \b are
// the first word that is a prefix followed by a non-word character. In a
// sequence a repeated class never gives characters back, which is RE2's
// answer when nothing that can come next starts with one of its characters
// (newSeq checks), and an optional literal is tried taken, then skipped.
// Alternatives of literals with nothing after them (`::|->`) are the first
// literal in order that is a prefix; the empty pattern matches empty.
type fast struct {
	kind  int
	lit   string
	head  class // fastHeadRun: the first character
	run   class // fastRun, fastHeadRun: the repeated class
	min   int   // fastRun: 0 for *, 1 for +
	words []string
	// fastWords: the words by first byte, each list in the words' order
	// (the first that matches wins, so only words starting with the byte
	// at pos need trying)
	byFirst *[256][]string
	caps    int       // capture groups of the pattern (fastWords: 0 or 1)
	seq     []seqElem // fastSeq: the elements in order
	wordEnd bool      // fastSeq: the pattern ends in \b (RE2's, ASCII: such rules run on ASCII text only), after a literal or a class
	capAt   [][2]int  // fastSeq: group i+1 spans elements capAt[i][0] to capAt[i][1]-1; [0] < 0: inside the optional element -[0]-1
}

// seqElem is one element of a fastSeq pattern.
type seqElem struct {
	kind int    // elLit, elClass, elRun or elOpt
	lit  string // elLit, elOpt
	cls  class  // elClass, elRun
	min  int    // elRun: 0 for *, 1 for +
}

const (
	elLit   = iota + 1 // a literal
	elClass            // a class once
	elRun              // a class * or + (greedy)
	elOpt              // a literal ? (greedy)
)

// maxSeq bounds a fastSeq's elements, so a match keeps its state on the stack.
const maxSeq = 8

const (
	fastLit = iota + 1
	fastRun
	fastHeadRun
	fastWords
	fastSeq
	fastAlt
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
		f.byFirst = new([256][]string)
		for _, w := range f.words {
			f.byFirst[w[0]] = append(f.byFirst[w[0]], w)
		}
		if m[1] == "(" {
			f.caps = 1
		}
		return f
	}
	if folds(tree) {
		return nil
	}
	if tree.MaxCap() > 0 {
		return newSeq(tree)
	}
	switch {
	case tree.Op == syntax.OpLiteral:
		return &fast{kind: fastLit, lit: string(tree.Rune)}
	case tree.Op == syntax.OpEmptyMatch: // chroma's Default(…): the empty pattern
		return &fast{kind: fastLit}
	case tree.Op == syntax.OpAlternate && allLiterals(tree.Sub):
		f := &fast{kind: fastAlt}
		for _, sub := range tree.Sub {
			f.words = append(f.words, string(sub.Rune))
		}
		return f
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
	return newSeq(tree)
}

// newSeq returns the fastSeq matcher of a tree (parsed, not simplified, no
// case folding), or nil: a concatenation of elements, where a group holds
// one element or a concatenation of them (a group inside an optional
// literal, `(r#)?`, too), and no repeated class can give back characters
// for what follows: its class shares no character with the first
// characters of the elements after it, up to the first that cannot be
// empty. (Were the rest to match after a shorter run, it would start at one
// of the class's characters, so match empty there; it has no assertions,
// so it would match empty after the longest run as well.)
func newSeq(tree *syntax.Regexp) *fast {
	f := &fast{kind: fastSeq, capAt: make([][2]int, tree.MaxCap())}
	var add func(re *syntax.Regexp, inCap bool) bool
	add = func(re *syntax.Regexp, inCap bool) bool {
		if len(f.seq) == maxSeq {
			return false
		}
		switch {
		case re.Op == syntax.OpLiteral:
			f.seq = append(f.seq, seqElem{kind: elLit, lit: string(re.Rune)})
		case re.Op == syntax.OpCharClass:
			f.seq = append(f.seq, seqElem{kind: elClass, cls: newClass(re.Rune)})
		case (re.Op == syntax.OpStar || re.Op == syntax.OpPlus) && re.Flags&syntax.NonGreedy == 0 && re.Sub[0].Op == syntax.OpCharClass:
			e := seqElem{kind: elRun, cls: newClass(re.Sub[0].Rune)}
			if re.Op == syntax.OpPlus {
				e.min = 1
			}
			f.seq = append(f.seq, e)
		case re.Op == syntax.OpQuest && re.Flags&syntax.NonGreedy == 0:
			sub := re.Sub[0]
			if sub.Op == syntax.OpCapture && sub.Sub[0].Op == syntax.OpLiteral {
				f.capAt[sub.Cap-1] = [2]int{-len(f.seq) - 1, 0}
				sub = sub.Sub[0]
			}
			if sub.Op != syntax.OpLiteral {
				return false
			}
			f.seq = append(f.seq, seqElem{kind: elOpt, lit: string(sub.Rune)})
		case re.Op == syntax.OpCapture && !inCap:
			from := len(f.seq)
			subs := []*syntax.Regexp{re.Sub[0]}
			if re.Sub[0].Op == syntax.OpConcat {
				subs = re.Sub[0].Sub
			}
			for _, s := range subs {
				if !add(s, true) {
					return false
				}
			}
			f.capAt[re.Cap-1] = [2]int{from, len(f.seq)}
		default:
			return false
		}
		return true
	}
	subs := []*syntax.Regexp{tree}
	if tree.Op == syntax.OpConcat {
		subs = tree.Sub
	}
	if n := len(subs); n > 1 && subs[n-1].Op == syntax.OpWordBoundary {
		f.wordEnd, subs = true, subs[:n-1]
	}
	for _, s := range subs {
		if !add(s, false) {
			return nil
		}
	}
	if len(f.seq) == 0 {
		return nil
	}
	// A final \b must follow a part that cannot be empty, so no run is
	// last, which could give back characters to satisfy the \b.
	if last := f.seq[len(f.seq)-1].kind; f.wordEnd && last != elLit && last != elClass {
		return nil
	}
	for i, e := range f.seq {
		if e.kind != elRun {
			continue
		}
		for _, n := range f.seq[i+1:] {
			if n.kind == elRun || n.kind == elClass {
				if overlaps(e.cls.ranges, n.cls.ranges) {
					return nil
				}
			} else if r, _ := utf8.DecodeRuneInString(n.lit); e.cls.has(r) {
				return nil
			}
			if n.kind == elLit || n.kind == elClass || n.kind == elRun && n.min > 0 {
				break
			}
		}
	}
	return f
}

func allLiterals(subs []*syntax.Regexp) bool {
	for _, s := range subs {
		if s.Op != syntax.OpLiteral {
			return false
		}
	}
	return true
}

// overlaps reports whether two sorted range lists share a rune.
func overlaps(a, b []rune) bool {
	for i, j := 0, 0; i+1 < len(a) && j+1 < len(b); {
		switch {
		case a[i+1] < b[j]:
			i += 2
		case b[j+1] < a[i]:
			j += 2
		default:
			return true
		}
	}
	return false
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
		if pos == len(s) {
			return -1
		}
		for _, w := range f.byFirst[s[pos]] {
			if e := pos + len(w); strings.HasPrefix(s[pos:], w) && (e == len(s) || !isWordByte(s[e])) {
				return e
			}
		}
	case fastAlt:
		for _, w := range f.words {
			if strings.HasPrefix(s[pos:], w) {
				return pos + len(w)
			}
		}
	case fastSeq:
		var b [maxSeq + 1]int
		var taken [maxSeq]bool
		return f.seqAt(s, 0, pos, &b, &taken)
	}
	return -1
}

// loc returns the match at pos as rule.match does (the groups' offsets, the
// whole match first), or nil; the offsets go into dst when it has room.
func (f *fast) loc(s string, pos int, dst []int) []int {
	if f.kind != fastSeq {
		e := f.match(s, pos)
		if e < 0 {
			return nil
		}
		loc := sized(dst, 2+2*f.caps)
		for i := 0; i < len(loc); i += 2 {
			loc[i], loc[i+1] = pos, e
		}
		return loc
	}
	var b [maxSeq + 1]int
	var taken [maxSeq]bool
	e := f.seqAt(s, 0, pos, &b, &taken)
	if e < 0 {
		return nil
	}
	loc := sized(dst, 2+2*len(f.capAt))
	loc[0], loc[1] = pos, e
	for i, c := range f.capAt {
		lo, hi := -1, -1
		switch el := -c[0] - 1; {
		case c[0] >= 0:
			lo, hi = b[c[0]], b[c[1]]
		case taken[el]:
			lo, hi = b[el], b[el+1]
		}
		loc[2+2*i], loc[3+2*i] = lo, hi
	}
	return loc
}

// sized is dst[:n], or a new slice when dst is too short.
func sized(dst []int, n int) []int {
	if cap(dst) < n {
		return make([]int, n, max(n, 8))
	}
	return dst[:n]
}

// seqAt matches elements i… of a fastSeq from pos, recording where each
// element starts (b) and whether each optional literal was taken; it
// returns the match's end or -1.
func (f *fast) seqAt(s string, i, pos int, b *[maxSeq + 1]int, taken *[maxSeq]bool) int {
	for ; i < len(f.seq); i++ {
		e := &f.seq[i]
		b[i] = pos
		switch e.kind {
		case elLit:
			if !strings.HasPrefix(s[pos:], e.lit) {
				return -1
			}
			pos += len(e.lit)
		case elClass:
			if pos == len(s) {
				return -1
			}
			r, w := utf8.DecodeRuneInString(s[pos:])
			if !e.cls.has(r) {
				return -1
			}
			pos += w
		case elRun:
			end := e.cls.span(s, pos)
			if end == pos && e.min > 0 {
				return -1
			}
			pos = end
		case elOpt:
			if strings.HasPrefix(s[pos:], e.lit) {
				taken[i] = true
				if end := f.seqAt(s, i+1, pos+len(e.lit), b, taken); end >= 0 {
					return end
				}
			}
			taken[i] = false
		}
	}
	if f.wordEnd && isWordByte(s[pos-1]) == (pos < len(s) && isWordByte(s[pos])) {
		return -1
	}
	b[len(f.seq)] = pos
	return pos
}

// isWordByte is RE2's \w (ASCII: fastWords runs on ASCII text only).
func isWordByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}
