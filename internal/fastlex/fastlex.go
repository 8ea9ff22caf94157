// Package fastlex holds hand-written, allocation-free lexers for the fence
// languages that dominate technical portals. Each one mirrors the chroma
// lexer that chroma picks for the same fence name, rule by rule, so the CSS
// classes come out the same while the regexp engine stays out of the hot path.
package fastlex

import (
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
)

// Lexer writes tokens of src by calling emit(tokenType, text) in order; the
// texts concatenate to src exactly and are sub-slices of it.
type Lexer func(src string, emit func(t chroma.TokenType, text string))

// For returns the fast lexer for a fence language name (lower-case, as
// written after ```), or nil. Each name maps to the lexer mirroring the one
// chroma's lexers.Get returns for it.
func For(lang string) Lexer {
	switch lang {
	case "go", "golang":
		return Go
	case "sql":
		return SQL
	case "postgresql", "postgres":
		return PostgreSQL
	case "mysql", "mariadb":
		return MySQL
	case "yaml", "yml":
		return YAML
	case "bash", "sh", "ksh", "zsh", "shell":
		return Bash
	case "json", "jsonl", "jsonc", "json5":
		return JSON
	case "console", "bash-session", "shell-session":
		return BashSession
	}
	return nil
}

// sink coalesces adjacent tokens of one type, as chroma.Coalesce does, and
// hands sub-slices of src to emit.
type sink struct {
	src   string
	emit  func(chroma.TokenType, string)
	t     chroma.TokenType
	start int // start of the pending token
	end   int // end of everything emitted or pending
}

// to types src[s.end:end] as t.
func (s *sink) to(t chroma.TokenType, end int) {
	if end <= s.end {
		return
	}
	if t != s.t && s.end > s.start {
		s.emit(s.t, s.src[s.start:s.end])
		s.start = s.end
	}
	s.t = t
	s.end = end
}

// n types the next n bytes as t.
func (s *sink) n(t chroma.TokenType, n int) { s.to(t, s.end+n) }

func (s *sink) flush() {
	if s.end > s.start {
		s.emit(s.t, s.src[s.start:s.end])
	}
	s.start = s.end
}

// The character classes below follow .NET regular expressions (regexp2), which
// chroma uses: \w, \d and \s are Unicode-aware.

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Pc, r)
}

// wordAt reports whether src[i] starts a \w character and its size.
func wordAt(src string, i int) (bool, int) {
	if i >= len(src) {
		return false, 0
	}
	c := src[i]
	if c < utf8.RuneSelf {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9', 1
	}
	r, n := utf8.DecodeRuneInString(src[i:])
	return isWordRune(r), n
}

// wordEnd returns the end of the \w run starting at i.
func wordEnd(src string, i int) int {
	for {
		ok, n := wordAt(src, i)
		if !ok {
			return i
		}
		i += n
	}
}

// wordBefore reports whether the character before i is a \w character.
func wordBefore(src string, i int) bool {
	if i == 0 {
		return false
	}
	c := src[i-1]
	if c < utf8.RuneSelf {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	r, _ := utf8.DecodeLastRuneInString(src[:i])
	return isWordRune(r)
}

// boundary reports whether \b holds at i.
func boundary(src string, i int) bool {
	w, _ := wordAt(src, i)
	return w != wordBefore(src, i)
}

// spaceAt reports whether src[i] starts a \s character and its size.
func spaceAt(src string, i int) (bool, int) {
	if i >= len(src) {
		return false, 0
	}
	c := src[i]
	if c < utf8.RuneSelf {
		return c == ' ' || c >= '\t' && c <= '\r', 1
	}
	r, n := utf8.DecodeRuneInString(src[i:])
	return unicode.IsSpace(r), n
}

// spaceEnd returns the end of the \s run starting at i.
func spaceEnd(src string, i int) int {
	for {
		ok, n := spaceAt(src, i)
		if !ok {
			return i
		}
		i += n
	}
}

// runeLen is the size of the character at i (chroma's error tokens are one rune).
func runeLen(src string, i int) int {
	if src[i] < utf8.RuneSelf {
		return 1
	}
	_, n := utf8.DecodeRuneInString(src[i:])
	return n
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// upperKey copies an ASCII word upper-cased into buf for a map lookup that
// does not allocate; ok is false when the word cannot be a keyword.
func upperKey(buf []byte, w string) ([]byte, bool) {
	if len(w) > len(buf) {
		return nil, false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return nil, false
		}
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(w)], true
}
