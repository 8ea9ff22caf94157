package fastlex

import (
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
)

func bashKeyword(w string) bool {
	switch w {
	case "if", "fi", "else", "while", "do", "done", "for", "then", "return", "function", "case",
		"select", "continue", "until", "esac", "elif":
		return true
	}
	return false
}

func bashBuiltin(w string) bool {
	switch w {
	case "alias", "bg", "bind", "break", "builtin", "caller", "cd", "command", "compgen", "complete",
		"declare", "dirs", "disown", "echo", "enable", "eval", "exec", "exit", "export", "false", "fc",
		"fg", "getopts", "hash", "help", "history", "jobs", "kill", "let", "local", "logout", "popd",
		"printf", "pushd", "pwd", "read", "readonly", "set", "shift", "shopt", "source", "suspend",
		"test", "time", "times", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias",
		"unset", "wait":
		return true
	}
	return false
}

// Bash lexer states (chroma's root is the empty stack).
const (
	bashString = iota + 1
	bashParen
	bashMath
	bashBackticks
	bashCurly
)

// Bash mirrors chroma's Bash lexer.
func Bash(src string, emit func(chroma.TokenType, string)) {
	o := &sink{src: src, emit: emit}
	lexBash(o, 0, len(src))
	o.flush()
}

// lexBash lexes o.src[start:end] as a text of its own (chroma runs the Bash
// lexer afresh on each command line of a shell session).
func lexBash(o *sink, start, end int) {
	src := o.src[:end]
	var buf [32]byte
	stack := buf[:0]
	push := func(s byte) { stack = append(stack, s) }
	for i := start; i < len(src); i = o.end {
		state := byte(0)
		if len(stack) > 0 {
			state = stack[len(stack)-1]
		}
		c := src[i]
		switch state {
		case bashString:
			if c == '"' {
				o.n(chroma.LiteralStringDouble, 1)
				stack = stack[:len(stack)-1]
				continue
			}
			if e := bashStringRun(src, i); e > i {
				o.to(chroma.LiteralStringDouble, e)
				continue
			}
			if c != '$' { // a lone backslash at the end
				o.n(chroma.Error, 1)
				continue
			}
			if s := bashInterp(o, src, i); s != 0 {
				push(s)
			}
			continue
		case bashParen:
			if c == ')' {
				o.n(chroma.Keyword, 1)
				stack = stack[:len(stack)-1]
				continue
			}
		case bashMath:
			if hasPrefixAt(src, i, "))") {
				o.n(chroma.Keyword, 2)
				stack = stack[:len(stack)-1]
				continue
			}
			if strings.IndexByte("-+*/%^|&", c) >= 0 {
				o.n(chroma.Operator, 1)
				continue
			}
			if isDigit(c) {
				d := digitsEnd(src, i)
				if d < len(src) && src[d] == '#' {
					if d+1 < len(src) && isDigit(src[d+1]) {
						d = digitsEnd(src, d+1)
					} else if d+1 >= len(src) || src[d+1] != ' ' {
						d++
					}
				}
				o.to(chroma.LiteralNumber, d)
				continue
			}
		case bashBackticks:
			if c == '`' {
				o.n(chroma.LiteralStringBacktick, 1)
				stack = stack[:len(stack)-1]
				continue
			}
		case bashCurly:
			switch {
			case c == '}':
				o.n(chroma.LiteralStringInterpol, 1)
				stack = stack[:len(stack)-1]
				continue
			case hasPrefixAt(src, i, ":-"):
				o.n(chroma.Keyword, 2)
				continue
			case wordStartsAt(src, i):
				o.to(chroma.NameVariable, wordEnd(src, i))
				continue
			case c == ':':
				o.n(chroma.Punctuation, 1)
				continue
			case strings.IndexByte("}:\"'`$\\", c) < 0:
				j := i
				for j < len(src) && strings.IndexByte("}:\"'`$\\", src[j]) < 0 {
					j++
				}
				o.to(chroma.Punctuation, j)
				continue
			}
		}
		// root: basic, backticks, data, interp.
		if bashBasic(o, src, i, start) {
			continue
		}
		if c == '`' {
			o.n(chroma.LiteralStringBacktick, 1)
			push(bashBackticks)
			continue
		}
		if c == '"' {
			if e := bashPlainDQ(src, i+1); e > 0 {
				o.to(chroma.LiteralStringDouble, e)
			} else {
				o.n(chroma.LiteralStringDouble, 1)
				push(bashString)
			}
			continue
		}
		if c == '$' && i+1 < len(src) && src[i+1] == '"' {
			if e := bashPlainDQ(src, i+2); e > 0 {
				o.to(chroma.LiteralStringDouble, e)
				continue
			}
		}
		if e := bashSingle(src, i); e > 0 {
			o.to(chroma.LiteralStringSingle, e)
			continue
		}
		if c == ';' || c == '&' || c == '|' {
			o.n(chroma.Punctuation, 1)
			continue
		}
		if sp := spaceEnd(src, i); sp > i {
			o.to(chroma.Text, sp)
			continue
		}
		if isDigit(c) {
			d := digitsEnd(src, i)
			if d == len(src) || src[d] == ' ' || src[d] == '\n' {
				o.to(chroma.LiteralNumber, d)
				continue
			}
		}
		if e := bashTextRun(src, i); e > i {
			o.to(chroma.Text, e)
			continue
		}
		if c == '<' {
			o.n(chroma.Text, 1)
			continue
		}
		if c == '$' {
			if s := bashInterp(o, src, i); s != 0 {
				push(s)
			}
			continue
		}
		o.n(chroma.Error, runeLen(src, i))
	}
}

// bashBasic applies the "basic" rules at i; start is where the text began (\A).
func bashBasic(o *sink, src string, i, start int) bool {
	c := src[i]
	if w, _ := wordAt(src, i); w && !wordBefore(src, i) {
		we := wordEnd(src, i)
		word := src[i:we]
		if bashKeyword(word) { // \b(…)(\s*)\b
			o.to(chroma.Keyword, we)
			if sp := spaceEnd(src, we); sp > we && wordStartsAt(src, sp) {
				o.to(chroma.Text, sp)
			}
			return true
		}
		if bashBuiltin(word) && we < len(src) { // (?=[\s)`])
			if sp, _ := spaceAt(src, we); sp || src[we] == ')' || src[we] == '`' {
				o.to(chroma.NameBuiltin, we)
				return true
			}
		}
	}
	switch {
	case c == '#' && i == start && hasPrefixAt(src, i, "#!"):
		if nl := indexByteFrom(src, i, '\n'); nl > i+2 {
			o.to(chroma.CommentPreproc, nl+1)
			return true
		}
		o.to(chroma.CommentSingle, nonNLEnd(src, i))
		return true
	case c == '#':
		o.to(chroma.CommentSingle, nonNLEnd(src, i))
		return true
	case c == '\\' && i+1 < len(src):
		o.to(chroma.LiteralStringEscape, i+1+runeLen(src, i+1))
		return true
	}
	if w, _ := wordAt(src, i); w && !wordBefore(src, i) { // (\b\w+)(\s*)(\+?=)
		we := wordEnd(src, i)
		sp := spaceEnd(src, we)
		if hasPrefixAt(src, sp, "=") || hasPrefixAt(src, sp, "+=") {
			o.to(chroma.NameVariable, we)
			o.to(chroma.Text, sp)
			if src[sp] == '+' {
				o.to(chroma.Operator, sp+2)
			} else {
				o.to(chroma.Operator, sp+1)
			}
			return true
		}
	}
	switch {
	case strings.IndexByte("[]{}()=", c) >= 0:
		o.n(chroma.Operator, 1)
	case hasPrefixAt(src, i, "<<<"):
		o.n(chroma.Operator, 3)
	case hasPrefixAt(src, i, "<<") && bashHeredoc(src, i) > 0:
		o.to(chroma.LiteralString, bashHeredoc(src, i))
	case hasPrefixAt(src, i, "&&") || hasPrefixAt(src, i, "||"):
		o.n(chroma.Operator, 2)
	default:
		return false
	}
	return true
}

// bashHeredoc matches <<-?\s*(\'?)\\?(\w+)[\w\W]+?\2 at i: the body runs to
// the next occurrence of the word (or, backtracking, of a prefix of it).
func bashHeredoc(src string, i int) int {
	j := i + 2
	if j < len(src) && src[j] == '-' {
		j++
	}
	j = spaceEnd(src, j)
	if j < len(src) && src[j] == '\'' {
		j++
	}
	if j < len(src) && src[j] == '\\' {
		j++
	}
	we := wordEnd(src, j)
	for k := we; k > j; {
		w := src[j:k]
		from := k + runeLenAt(src, k)
		if from <= len(src) {
			if idx := strings.Index(src[from:], w); idx >= 0 {
				return from + idx + len(w)
			}
		}
		_, n := utf8.DecodeLastRuneInString(src[j:k])
		k -= n
	}
	return 0
}

// runeLenAt is runeLen that tolerates the end of src (where it is 1, past it).
func runeLenAt(src string, i int) int {
	if i >= len(src) {
		return 1
	}
	return runeLen(src, i)
}

// bashStringRun matches (\\\\|\\[0-7]+|\\.|[^"\\$])+ at i.
func bashStringRun(src string, i int) int {
	j := i
	for j < len(src) {
		switch src[j] {
		case '"', '$':
			return j
		case '\\':
			if j+1 >= len(src) {
				return j
			}
			j += 1 + runeLen(src, j+1)
		default:
			j++
		}
	}
	return j
}

// bashPlainDQ matches the rest of "(\\\\|\\[0-7]+|\\.|[^"\\$])*" from j (after
// the quote): a double-quoted string without expansions. It returns 0 when
// there is none.
func bashPlainDQ(src string, j int) int {
	for j < len(src) {
		switch src[j] {
		case '"':
			return j + 1
		case '$':
			return 0
		case '\\':
			if j+1 >= len(src) {
				return 0
			}
			j += 1 + runeLen(src, j+1)
		default:
			j++
		}
	}
	return 0
}

// bashSingle matches $'…' with escapes or '…' at i, or returns 0.
func bashSingle(src string, i int) int {
	if hasPrefixAt(src, i, "$'") {
		for j := i + 2; j < len(src); {
			switch src[j] {
			case '\'':
				return j + 1
			case '\\':
				if j+1 >= len(src) {
					return 0
				}
				j += 1 + runeLen(src, j+1)
			default:
				j++
			}
		}
		return 0
	}
	if src[i] == '\'' {
		if k := strings.IndexByte(src[i+1:], '\''); k >= 0 {
			return i + 1 + k + 1
		}
	}
	return 0
}

// bashTextRun matches [^=\s\[\]{}()$"\'`\\<&|;]+ at i.
func bashTextRun(src string, i int) int {
	j := i
	for j < len(src) {
		c := src[j]
		if c < utf8.RuneSelf {
			if c == ' ' || c >= '\t' && c <= '\r' || strings.IndexByte("=[]{}()$\"'`\\<&|;", c) >= 0 {
				return j
			}
			j++
			continue
		}
		if sp, _ := spaceAt(src, j); sp {
			return j
		}
		j += runeLen(src, j)
	}
	return j
}

// bashInterp applies the interp rules at i (a '$') and returns the state to push.
func bashInterp(o *sink, src string, i int) byte {
	switch {
	case hasPrefixAt(src, i, "$(("):
		o.n(chroma.Keyword, 3)
		return bashMath
	case hasPrefixAt(src, i, "$("):
		o.n(chroma.Keyword, 2)
		return bashParen
	case hasPrefixAt(src, i, "${"):
		n := 2
		if hasPrefixAt(src, i+2, "#") {
			n = 3
		}
		o.n(chroma.LiteralStringInterpol, n)
		return bashCurly
	}
	if i+1 < len(src) {
		c := src[i+1]
		switch {
		case isASCIILetter(c) || c == '_':
			o.to(chroma.NameVariable, wordEnd(src, i+1))
			return 0
		case isDigit(c):
			o.to(chroma.NameVariable, digitsEnd(src, i+1))
			return 0
		case strings.IndexByte("#$?!_*@-", c) >= 0:
			o.n(chroma.NameVariable, 2)
			return 0
		}
	}
	o.n(chroma.Text, 1)
	return 0
}

// BashSession mirrors chroma's "Bash Session" lexer (```console): lines
// starting with a prompt are Bash, all others program output.
func BashSession(src string, emit func(chroma.TokenType, string)) {
	o := &sink{src: src, emit: emit}
	for i := 0; i < len(src); i = o.end {
		if p := promptEnd(src, i); p > 0 {
			// ^((?:\[[^]]+@[^]]+\]\s?)?[#$%>])(\s*)(.*\n?)
			o.to(chroma.GenericPrompt, p)
			sp := spaceEnd(src, p)
			o.to(chroma.Text, sp)
			e := nonNLEnd(src, sp)
			if e < len(src) {
				e++
			}
			lexBash(o, sp, e)
			continue
		}
		if src[i] == '\n' { // neither rule matches an empty line
			o.n(chroma.Error, 1)
			continue
		}
		e := nonNLEnd(src, i) // ^.+\n?
		if e < len(src) {
			e++
		}
		o.to(chroma.GenericOutput, e)
	}
	o.flush()
}

// promptEnd matches a prompt at line start i and returns its end, or 0.
func promptEnd(src string, i int) int {
	j := i
	if j < len(src) && src[j] == '[' {
		// \[[^]]+@[^]]+\]\s?
		at := -1
		k := j + 1
		for ; k < len(src) && src[k] != ']'; k++ {
			if src[k] == '@' && at < 0 && k > j+1 {
				at = k
			}
		}
		if at > 0 && k < len(src) && k > at+1 {
			j = k + 1
			if sp, n := spaceAt(src, j); sp {
				if j+n < len(src) && strings.IndexByte("#$%>", src[j+n]) >= 0 {
					j += n
				}
			}
		}
	}
	if j < len(src) && strings.IndexByte("#$%>", src[j]) >= 0 {
		return j + 1
	}
	return 0
}
