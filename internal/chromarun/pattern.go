package chromarun

import (
	"errors"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// chroma compiles its rules with regexp2 in .NET mode, where \w, \d and \s
// are Unicode classes; these are their exact RE2 spellings (regexp2's
// IsWordChar adds the zero-width joiners; its \s is unicode.IsSpace).
const (
	wordSet  = `\p{L}\p{Mn}\p{Nd}\p{Pc}\x{200C}\x{200D}`
	spaceSet = `\t-\r\x{85}\p{Z}`
)

var errUnsupported = errors.New("construct without an identical RE2 form")

// translate rewrites a .NET pattern into an RE2 pattern with the same
// matches, or fails for anything whose meaning differs or that RE2 lacks
// (backreferences, lookaround, named groups — numbered after the others in
// .NET —, class subtraction, POSIX classes, \G, \Z, …).
func translate(p string) (string, error) {
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case c == '\\':
			n, err := escapeAt(&b, p, i, inClass)
			if err != nil {
				return "", err
			}
			i += n
			continue
		case inClass:
			switch {
			case c == ']':
				inClass = false
			case c == '[':
				if i+1 < len(p) && p[i+1] == ':' {
					return "", errUnsupported
				}
				b.WriteString(`\[`)
				i++
				continue
			case c == '-' && i+1 < len(p) && p[i+1] == '[':
				return "", errUnsupported
			}
		case c == '[':
			inClass = true
			b.WriteByte(c)
			i++
			if i < len(p) && p[i] == '^' {
				b.WriteByte('^')
				i++
			}
			if i < len(p) && p[i] == ']' {
				b.WriteString(`\]`)
				i++
			}
			continue
		case c == '(' && i+1 < len(p) && p[i+1] == '?':
			if i+2 >= len(p) {
				return "", errUnsupported
			}
			switch p[i+2] {
			case '<', '\'', 'P', '=', '!', '>', '#', '(':
				return "", errUnsupported
			}
		}
		b.WriteByte(c)
		i++
	}
	if inClass {
		return "", errUnsupported
	}
	return b.String(), nil
}

// escapeAt writes the translation of the escape at p[i] and returns its length.
func escapeAt(b *strings.Builder, p string, i int, inClass bool) (int, error) {
	if i+1 >= len(p) {
		return 0, errUnsupported
	}
	r, n := utf8.DecodeRuneInString(p[i+1:])
	s, err := escape(p[i+1:], r, inClass)
	if err != nil {
		return 0, err
	}
	b.WriteString(s)
	n++
	switch r {
	case 'u':
		n += 4
	case 'x':
		n += 2
	case 'p', 'P':
		j := strings.IndexByte(p[i+n:], '}')
		if j < 0 || p[i+n] != '{' {
			return 0, errUnsupported
		}
		b.WriteString(p[i+n : i+n+j+1])
		n += j + 1
	}
	return n, nil
}

// escape translates the escape \r (rest starts at r).
func escape(rest string, r rune, inClass bool) (string, error) {
	switch r {
	case 'w':
		if inClass {
			return wordSet, nil
		}
		return `[` + wordSet + `]`, nil
	case 'W':
		if inClass {
			return "", errUnsupported
		}
		return `[^` + wordSet + `]`, nil
	case 's':
		if inClass {
			return spaceSet, nil
		}
		return `[` + spaceSet + `]`, nil
	case 'S':
		if inClass {
			return "", errUnsupported
		}
		return `[^` + spaceSet + `]`, nil
	case 'd':
		return `\p{Nd}`, nil
	case 'D':
		return `\P{Nd}`, nil
	case 'b', 'B', 'A', 'z':
		if inClass {
			return "", errUnsupported
		}
		return `\` + string(r), nil
	case 't', 'n', 'r', 'f', 'v', 'a':
		return `\` + string(r), nil
	case 'p', 'P':
		return `\` + string(r), nil
	case 'x':
		if len(rest) < 3 || !isHex(rest[1:3]) {
			return "", errUnsupported
		}
		return `\x` + rest[1:3], nil
	case 'u':
		if len(rest) < 5 || !isHex(rest[1:5]) {
			return "", errUnsupported
		}
		return `\x{` + rest[1:5] + `}`, nil
	}
	return literalEscape(r)
}

// literalEscape is an escaped character standing for itself; escaped letters
// and digits without an RE2 equivalent (\e, \G, \1, …) are refused.
func literalEscape(r rune) (string, error) {
	if r >= utf8.RuneSelf {
		return regexp.QuoteMeta(string(r)), nil
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return "", errUnsupported
	}
	if unicode.IsPunct(r) || unicode.IsSymbol(r) {
		return `\` + string(r), nil // RE2 accepts any escaped ASCII punctuation; "-" must stay escaped
	}
	return regexp.QuoteMeta(string(r)), nil
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// props of a parsed RE2 pattern that decide how it may be run.
type props struct {
	looksBack bool // ^, \A, \b or \B: needs the character before the match position
	asciiOnly bool // \b, \B or case folding: RE2 and .NET agree only on ASCII text
	endText   bool // $ without (?m) means "end or before a final \n" in .NET
	emptyLoop bool // a repeated sub-pattern that can match empty: backtracking stops such loops differently
	matchesNL bool // some literal, class or . of the pattern matches \n: a match may run past the line's end
}

func analyse(re *syntax.Regexp, p *props) {
	switch re.Op {
	case syntax.OpBeginLine, syntax.OpBeginText:
		p.looksBack = true
	case syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		p.looksBack, p.asciiOnly = true, true
	case syntax.OpEndText:
		p.endText = true
	case syntax.OpLiteral, syntax.OpCharClass:
		if re.Flags&syntax.FoldCase != 0 {
			p.asciiOnly = true
		}
		if re.Op == syntax.OpLiteral && slices.Contains(re.Rune, '\n') || re.Op == syntax.OpCharClass && classHasNL(re.Rune) {
			p.matchesNL = true
		}
	case syntax.OpAnyChar:
		p.matchesNL = true
	case syntax.OpStar, syntax.OpPlus, syntax.OpRepeat:
		if _, null := first(re.Sub[0]); null && !(re.Op == syntax.OpRepeat && re.Max == 1) {
			p.emptyLoop = true
		}
	}
	for _, s := range re.Sub {
		analyse(s, p)
	}
}

// classHasNL reports whether a parsed class's ranges contain \n.
func classHasNL(ranges []rune) bool {
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i] <= '\n' && '\n' <= ranges[i+1] {
			return true
		}
	}
	return false
}

// byteSet is the set of bytes a match may start with.
type byteSet [4]uint64

func (s *byteSet) add(c byte)      { s[c>>6] |= 1 << (c & 63) }
func (s *byteSet) has(c byte) bool { return s[c>>6]&(1<<(c&63)) != 0 }
func (s *byteSet) addRange(lo, hi byte) {
	for c := int(lo); c <= int(hi); c++ {
		s.add(byte(c))
	}
}
func (s *byteSet) union(o byteSet) {
	for i := range s {
		s[i] |= o[i]
	}
}

// addRune adds the first byte of r's UTF-8 form; any non-ASCII rune adds
// every lead byte, which keeps the set a superset cheaply.
func (s *byteSet) addRune(r rune) {
	if r < utf8.RuneSelf {
		s.add(byte(r))
	} else {
		s.addRange(0xC0, 0xFF)
	}
}

// first returns the bytes a match of re can start with and whether re can
// match the empty string (zero-width assertions count as empty).
func first(re *syntax.Regexp) (byteSet, bool) {
	var s byteSet
	switch re.Op {
	case syntax.OpNoMatch:
		return s, false
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return s, true
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return s, true
		}
		return literalFirst(re), false
	case syntax.OpCharClass:
		return classFirst(re.Rune), false
	case syntax.OpAnyCharNotNL:
		s.addRange(0, 0xFF)
		s[0] &^= 1 << '\n'
		return s, false
	case syntax.OpAnyChar:
		s.addRange(0, 0xFF)
		return s, false
	case syntax.OpCapture:
		return first(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		s, _ = first(re.Sub[0])
		return s, true
	case syntax.OpPlus:
		return first(re.Sub[0])
	case syntax.OpRepeat:
		s, null := first(re.Sub[0])
		return s, null || re.Min == 0
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			f, null := first(sub)
			s.union(f)
			if !null {
				return s, false
			}
		}
		return s, true
	case syntax.OpAlternate:
		null := false
		for _, sub := range re.Sub {
			f, n := first(sub)
			s.union(f)
			null = null || n
		}
		return s, null
	}
	s.addRange(0, 0xFF)
	return s, true
}

func literalFirst(re *syntax.Regexp) byteSet {
	var s byteSet
	r := re.Rune[0]
	s.addRune(r)
	if re.Flags&syntax.FoldCase != 0 {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			s.addRune(f)
		}
	}
	return s
}

// classFirst is the set of first bytes of a class's runes; the sorted
// ranges are read up to the first one past ASCII (a Unicode class such as
// \w has hundreds, all of which add the same lead bytes).
func classFirst(ranges []rune) byteSet {
	var s byteSet
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], ranges[i+1]
		if lo < utf8.RuneSelf {
			s.addRange(byte(lo), byte(min(hi, utf8.RuneSelf-1)))
		}
		if hi >= utf8.RuneSelf {
			s.addRange(0xC0, 0xFF)
			break
		}
	}
	return s
}
