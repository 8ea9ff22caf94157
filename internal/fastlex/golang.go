package fastlex

import (
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
)

// goWords types whole words as chroma's Go lexer does; builtins only count
// as NameBuiltin when directly followed by '(' (see goBuiltinCall).
var goWords = map[string]chroma.TokenType{
	"import": chroma.KeywordNamespace, "package": chroma.KeywordNamespace,

	"var": chroma.KeywordDeclaration, "func": chroma.KeywordDeclaration, "struct": chroma.KeywordDeclaration,
	"map": chroma.KeywordDeclaration, "chan": chroma.KeywordDeclaration, "type": chroma.KeywordDeclaration,
	"interface": chroma.KeywordDeclaration, "const": chroma.KeywordDeclaration,

	"break": chroma.Keyword, "default": chroma.Keyword, "select": chroma.Keyword, "case": chroma.Keyword,
	"defer": chroma.Keyword, "go": chroma.Keyword, "else": chroma.Keyword, "goto": chroma.Keyword,
	"switch": chroma.Keyword, "fallthrough": chroma.Keyword, "if": chroma.Keyword, "range": chroma.Keyword,
	"continue": chroma.Keyword, "for": chroma.Keyword, "return": chroma.Keyword,

	"true": chroma.KeywordConstant, "false": chroma.KeywordConstant, "iota": chroma.KeywordConstant,
	"nil": chroma.KeywordConstant,

	"uint": chroma.KeywordType, "uint8": chroma.KeywordType, "uint16": chroma.KeywordType,
	"uint32": chroma.KeywordType, "uint64": chroma.KeywordType, "int": chroma.KeywordType,
	"int8": chroma.KeywordType, "int16": chroma.KeywordType, "int32": chroma.KeywordType,
	"int64": chroma.KeywordType, "float": chroma.KeywordType, "float32": chroma.KeywordType,
	"float64": chroma.KeywordType, "complex64": chroma.KeywordType, "complex128": chroma.KeywordType,
	"byte": chroma.KeywordType, "rune": chroma.KeywordType, "string": chroma.KeywordType,
	"bool": chroma.KeywordType, "error": chroma.KeywordType, "uintptr": chroma.KeywordType,
	"any": chroma.KeywordType,
}

// goBuiltinCall lists the words typed NameBuiltin when followed by '('.
func goBuiltinCall(w string) bool {
	switch w {
	case "uint", "uint8", "uint16", "uint32", "uint64", "int", "int8", "int16", "int32", "int64",
		"float", "float32", "float64", "complex64", "complex128", "byte", "rune", "string", "bool",
		"error", "uintptr", "print", "println", "panic", "recover", "close", "complex", "real", "imag",
		"len", "cap", "append", "copy", "delete", "new", "make", "clear", "min", "max":
		return true
	}
	return false
}

// Go mirrors chroma's Go lexer.
func Go(src string, emit func(chroma.TokenType, string)) {
	o := &sink{src: src, emit: emit}
	for i := 0; i < len(src); i = o.end {
		c := src[i]
		if sp := spaceEnd(src, i); sp > i {
			o.to(chroma.TextWhitespace, sp)
			continue
		}
		if c == '/' && i+1 < len(src) {
			if src[i+1] == '/' {
				end := lineEnd(src, i)
				if sp, _ := spaceAt(src, i+2); i+2 < end && !sp {
					o.to(chroma.CommentPreproc, end)
				} else {
					o.to(chroma.CommentSingle, end)
				}
				continue
			}
			if src[i+1] == '*' {
				if k := strings.Index(src[i+2:], "*/"); k >= 0 {
					o.to(chroma.CommentMultiline, i+2+k+2)
					continue
				}
			}
		}
		// Keyword rules come first but only match whole words (they end in \b).
		if w, _ := wordAt(src, i); w && !isDigit(c) {
			we := wordEnd(src, i)
			word := src[i:we]
			t, kw := goWords[word]
			if kw && t != chroma.KeywordType {
				o.to(t, we)
				continue
			}
			if we < len(src) && src[we] == '(' && goBuiltinCall(word) {
				o.to(chroma.NameBuiltin, we)
				o.n(chroma.Punctuation, 1)
				continue
			}
			if kw {
				o.to(t, we)
				continue
			}
			if c < utf8.RuneSelf { // ([a-zA-Z_]\w*)(\s*)(\()
				if sp := spaceEnd(src, we); sp < len(src) && src[sp] == '(' {
					o.to(chroma.NameFunction, we)
					o.to(chroma.TextWhitespace, sp)
					o.n(chroma.Punctuation, 1)
					continue
				}
			}
			o.to(chroma.NameOther, we)
			continue
		}
		if end, t := goNumber(src, i); end > 0 {
			o.to(t, end)
			continue
		}
		switch c {
		case '\'':
			if end := goChar(src, i); end > 0 {
				o.to(chroma.LiteralStringChar, end)
				continue
			}
		case '`':
			if k := strings.IndexByte(src[i+1:], '`'); k >= 0 {
				goRawString(o, i+1+k+1)
				continue
			}
		case '"':
			if end := dqString(src, i); end > 0 {
				o.to(chroma.LiteralString, end)
				continue
			}
		}
		if n := goOperator(src, i); n > 0 {
			o.n(chroma.Operator, n)
			continue
		}
		if strings.IndexByte("|^<>=!()[]{}.,;:~", c) >= 0 {
			o.n(chroma.Punctuation, 1)
			continue
		}
		o.n(chroma.Error, runeLen(src, i))
	}
	o.flush()
}

// goRawString types a raw string ending at end; chroma lexes its body as a
// Go text template, which only matters where it holds "{{".
func goRawString(o *sink, end int) {
	o.n(chroma.LiteralString, 1)
	body := o.src[o.end : end-1]
	if strings.Contains(body, "{{") {
		goTemplate(o, end-1)
	}
	o.to(chroma.LiteralString, end)
}

// goOperator matches chroma's Go operator alternation at i and returns its
// length, or 0 ('|', '=', '!', ':', '<', '>', '.' alone are punctuation).
func goOperator(src string, i int) int {
	var n, n2 byte
	if i+1 < len(src) {
		n = src[i+1]
	}
	if i+2 < len(src) {
		n2 = src[i+2]
	}
	switch src[i] {
	case '<', '>':
		switch {
		case n == src[i] && n2 == '=':
			return 3
		case n == src[i], n == '=', src[i] == '<' && n == '-':
			return 2
		}
	case '&':
		switch {
		case n == '^' && n2 == '=':
			return 3
		case n == '^', n == '=', n == '&':
			return 2
		}
		return 1
	case '+', '-':
		if n == '=' || n == src[i] {
			return 2
		}
		return 1
	case '*', '/', '%':
		if n == '=' {
			return 2
		}
		return 1
	case '|':
		if n == '=' || n == '|' {
			return 2
		}
	case '=', '!', ':':
		if n == '=' {
			return 2
		}
	case '.':
		if n == '.' && n2 == '.' {
			return 3
		}
	}
	return 0
}

// goNumber applies chroma's Go number rules in order.
func goNumber(src string, i int) (int, chroma.TokenType) {
	c := src[i]
	if c == '.' {
		if i+1 >= len(src) || !isDigit(src[i+1]) {
			return 0, 0
		}
		d := digitsEnd(src, i+1)
		e := d
		if x := expEnd(src, d, false); x > 0 {
			e = x
		}
		if e < len(src) && src[e] == 'i' { // \.\d+([Ee][-+]\d+)?i
			return e + 1, chroma.LiteralNumber
		}
		if x := expEnd(src, d, true); x > 0 { // \.\d+([eE][+\-]?\d+)?
			return x, chroma.LiteralNumberFloat
		}
		return d, chroma.LiteralNumberFloat
	}
	if !isDigit(c) {
		return 0, 0
	}
	d := digitsEnd(src, i)
	if d < len(src) && src[d] == 'i' { // \d+i
		return d + 1, chroma.LiteralNumber
	}
	if d < len(src) && src[d] == '.' { // \d+\.\d*([Ee][-+]\d+)?i
		f := digitsEnd(src, d+1)
		e := f
		if x := expEnd(src, f, false); x > 0 {
			e = x
		}
		if e < len(src) && src[e] == 'i' {
			return e + 1, chroma.LiteralNumber
		}
	}
	if x := expEnd(src, d, false); x > 0 && x < len(src) && src[x] == 'i' { // \d+[Ee][-+]\d+i
		return x + 1, chroma.LiteralNumber
	}
	// \d+(\.\d+[eE][+\-]?\d+|\.\d*|[eE][+\-]?\d+)
	if d < len(src) && src[d] == '.' {
		if d+1 < len(src) && isDigit(src[d+1]) {
			f := digitsEnd(src, d+1)
			if x := expEnd(src, f, true); x > 0 {
				return x, chroma.LiteralNumberFloat
			}
		}
		return digitsEnd(src, d+1), chroma.LiteralNumberFloat
	}
	if x := expEnd(src, d, true); x > 0 {
		return x, chroma.LiteralNumberFloat
	}
	if c == '0' && i+1 < len(src) {
		n := src[i+1]
		if n >= '0' && n <= '7' { // 0[0-7]+
			j := i + 1
			for j < len(src) && src[j] >= '0' && src[j] <= '7' {
				j++
			}
			return j, chroma.LiteralNumberOct
		}
		if n == 'x' || n == 'X' { // 0[xX][0-9a-fA-F_]+
			j := i + 2
			for j < len(src) && (isHex(src[j]) || src[j] == '_') {
				j++
			}
			if j > i+2 {
				return j, chroma.LiteralNumberHex
			}
		}
		if n == 'b' { // 0b[01_]+
			j := i + 2
			for j < len(src) && (src[j] == '0' || src[j] == '1' || src[j] == '_') {
				j++
			}
			if j > i+2 {
				return j, chroma.LiteralNumberBin
			}
		}
	}
	if c == '0' {
		return i + 1, chroma.LiteralNumberInteger
	}
	j := i + 1 // [1-9][0-9_]*
	for j < len(src) && (isDigit(src[j]) || src[j] == '_') {
		j++
	}
	return j, chroma.LiteralNumberInteger
}

func isHex(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// goChar matches a rune literal at i (a quote) and returns its end or 0.
func goChar(src string, i int) int {
	j := i + 1
	if j >= len(src) {
		return 0
	}
	if src[j] != '\\' {
		j += runeLen(src, j)
	} else {
		j++
		if j >= len(src) {
			return 0
		}
		hexRun := func(n int) int {
			for k := 0; k < n; k++ {
				if j+1+k >= len(src) || !isHex(src[j+1+k]) {
					return 0
				}
			}
			return j + 1 + n
		}
		switch e := src[j]; {
		case strings.IndexByte(`'"\abfnrtv`, e) >= 0:
			j++
		case e == 'x':
			j = hexRun(2)
		case e == 'u':
			j = hexRun(4)
		case e == 'U':
			j = hexRun(8)
		case e >= '0' && e <= '7':
			// \\[0-7]{1,3}: backtracking may take fewer digits to find the quote.
			k := j
			for k < len(src) && k < j+3 && src[k] >= '0' && src[k] <= '7' {
				k++
			}
			for ; k > j; k-- {
				if k < len(src) && src[k] == '\'' {
					return k + 1
				}
			}
			return 0
		default:
			return 0
		}
		if j == 0 {
			return 0
		}
	}
	if j < len(src) && src[j] == '\'' {
		return j + 1
	}
	return 0
}

// lineEnd returns the index of the next \n or \r at or after i, or len(src).
func lineEnd(src string, i int) int {
	for j := i; j < len(src); j++ {
		if src[j] == '\n' || src[j] == '\r' {
			return j
		}
	}
	return len(src)
}

// goTemplate lexes a raw string body up to end as chroma's Go text template
// lexer does (Other mapped to LiteralString), for the common constructs.
func goTemplate(o *sink, end int) {
	src := o.src
	for i := o.end; i < end; i = o.end {
		if !hasPrefixAt(src[:end], i, "{{") {
			k := strings.Index(src[i+1:end], "{") // [^{]+ and {
			if k < 0 {
				o.to(chroma.LiteralString, end)
			} else {
				o.to(chroma.LiteralString, i+1+k)
			}
			continue
		}
		j := i + 2
		if j < end && src[j] == '-' {
			j++
		}
		o.to(chroma.CommentPreproc, j)
		depth := 0
		for i := o.end; i < end; i = o.end {
			c := src[i]
			if depth == 0 && (hasPrefixAt(src[:end], i, "}}") || hasPrefixAt(src[:end], i, "-}}")) {
				o.to(chroma.CommentPreproc, strings.Index(src[i:end], "}}")+i+2)
				break
			}
			switch {
			case c == '(':
				depth++
				o.n(chroma.Operator, 1)
			case c == ')' && depth > 0:
				depth--
				o.n(chroma.Operator, 1)
			case c == '|' || c == ',' || c == '=':
				o.n(chroma.Operator, 1)
			case c == ':' && i+1 < end && src[i+1] == '=':
				o.n(chroma.Operator, 2)
			case c == '"':
				if e := dqString(src[:end], i); e > 0 {
					o.to(chroma.LiteralString, e)
				} else {
					o.n(chroma.Error, 1)
				}
			case c == '.' || c == '$':
				j := i + 1
				if c == '$' && j < end && src[j] != '.' {
					if w, _ := wordAt(src[:end], j); w && !isDigit(src[j]) {
						o.to(chroma.NameOther, wordEnd(src[:end], j))
						continue
					}
				}
				if c == '$' && j < end && src[j] == '.' {
					j++
				}
				if w, _ := wordAt(src[:end], j); w && !isDigit(src[j]) {
					j = wordEnd(src[:end], j)
				}
				o.to(chroma.NameAttribute, j)
			default:
				if sp := spaceEnd(src[:end], i); sp > i {
					o.to(chroma.TextWhitespace, sp)
					continue
				}
				if w, _ := wordAt(src[:end], i); w && !isDigit(c) {
					we := wordEnd(src[:end], i)
					if goTemplateKeyword(src[i:we]) {
						o.to(chroma.Keyword, we)
					} else {
						o.to(chroma.NameOther, we)
					}
					continue
				}
				if isDigit(c) || c == '-' {
					j := i + 1
					for j < end && isDigit(src[j]) {
						j++
					}
					o.to(chroma.LiteralNumberInteger, j)
					continue
				}
				o.n(chroma.Error, runeLen(src, i))
			}
		}
	}
}

func goTemplateKeyword(w string) bool {
	switch w {
	case "range", "if", "else", "while", "with", "template", "end", "true", "false", "nil", "and", "call",
		"html", "index", "js", "len", "not", "or", "print", "printf", "println", "urlquery", "eq", "ne",
		"lt", "le", "gt", "ge", "block", "break", "continue", "define", "slice":
		return true
	}
	return false
}
