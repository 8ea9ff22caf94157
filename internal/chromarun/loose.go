package chromarun

import (
	"regexp/syntax"
	"strings"
)

// looseFirst returns the bytes a match of a pattern left to regexp2 can
// start with, for the first-byte filter: it reads a looser pattern that
// matches everything the pattern matches and more (lookarounds dropped,
// backreferences as (?s:.*), atomic and named groups as plain groups), so
// its first bytes are a superset. ok is false when the looser pattern can
// match empty or is not understood (the rule is then tried everywhere),
// and for case folding, where .NET and RE2 may fold differently.
func looseFirst(pattern, flags string) (s byteSet, ok bool) {
	if strings.Contains(flags, "i") || strings.Contains(pattern, "(?i") {
		return s, false
	}
	p, ok := loosen(pattern)
	if !ok {
		return s, false
	}
	body, err := translate(p)
	if err != nil {
		return s, false
	}
	src := "(?:" + body + ")"
	if flags != "" {
		src = "(?" + flags + ")" + src
	}
	tree, err := syntax.Parse(src, syntax.Perl)
	if err != nil {
		return s, false
	}
	s, null := first(tree.Simplify())
	return s, !null
}

// loosen rewrites a .NET pattern into one that matches a superset of its
// matches, or fails.
func loosen(p string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(p); {
		switch c := p[i]; {
		case c == '\\':
			if i+1 >= len(p) {
				return "", false
			}
			if d := p[i+1]; '1' <= d && d <= '9' {
				b.WriteString(`(?s:.*)`)
				i += 2
				for i < len(p) && '0' <= p[i] && p[i] <= '9' {
					i++
				}
				continue
			}
			b.WriteString(p[i : i+2])
			i += 2
		case c == '[':
			j, ok := classEnd(p, i)
			if !ok {
				return "", false
			}
			b.WriteString(p[i:j])
			i = j
		case strings.HasPrefix(p[i:], "(?=") || strings.HasPrefix(p[i:], "(?!") ||
			strings.HasPrefix(p[i:], "(?<=") || strings.HasPrefix(p[i:], "(?<!"):
			j, ok := groupEnd(p, i)
			if !ok {
				return "", false
			}
			i = j
		case strings.HasPrefix(p[i:], "(?>"):
			b.WriteString("(?:")
			i += 3
		case strings.HasPrefix(p[i:], "(?<") || strings.HasPrefix(p[i:], "(?'"):
			close := byte('>')
			if p[i+2] == '\'' {
				close = '\''
			}
			j := strings.IndexByte(p[i+3:], close)
			if j < 0 {
				return "", false
			}
			b.WriteByte('(')
			i += 3 + j + 1
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), true
}

// classEnd returns the offset just past the class that opens at p[i].
func classEnd(p string, i int) (int, bool) {
	j := i + 1
	if j < len(p) && p[j] == '^' {
		j++
	}
	if j < len(p) && p[j] == ']' {
		j++
	}
	for j < len(p) {
		switch p[j] {
		case '\\':
			j += 2
			continue
		case ']':
			return j + 1, true
		}
		j++
	}
	return 0, false
}

// groupEnd returns the offset just past the group that opens at p[i].
func groupEnd(p string, i int) (int, bool) {
	depth := 0
	for j := i; j < len(p); {
		switch p[j] {
		case '\\':
			j += 2
			continue
		case '[':
			k, ok := classEnd(p, j)
			if !ok {
				return 0, false
			}
			j = k
			continue
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j + 1, true
			}
		}
		j++
	}
	return 0, false
}
