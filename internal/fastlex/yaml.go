package fastlex

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// YAML mirrors chroma's YAML lexer, a line-oriented set of rules rather than
// a YAML parser: keys are whatever precedes the first ": " on a line, values
// are scalars, strings or the rest of the line as Literal.
func YAML(src string, emit func(chroma.TokenType, string)) {
	o := &sink{src: src, emit: emit}
	for i := 0; i < len(src); i = o.end {
		if sp := spaceEnd(src, i); sp > i {
			o.to(chroma.TextWhitespace, sp)
			continue
		}
		if yamlRoot(o, src, i) {
			continue
		}
		if yamlKey(o, src, i) || yamlValue(o, src, i) {
			continue
		}
		if strings.IndexByte("?:,[]", src[i]) >= 0 {
			o.n(chroma.Punctuation, 1)
			continue
		}
		o.n(chroma.Text, runeLen(src, i)) // .
	}
	o.flush()
}

func atLineStart(src string, i int) bool { return i == 0 || src[i-1] == '\n' }

// yamlRoot applies the document markers, list dash, comments, tags, anchors,
// aliases and %include rules.
func yamlRoot(o *sink, src string, i int) bool {
	c := src[i]
	switch {
	case atLineStart(src, i) && (hasPrefixAt(src, i, "---") || hasPrefixAt(src, i, "...")):
		o.n(chroma.NameNamespace, 3)
	case hasPrefixAt(src, i, "- "): // [\n?]?\s*-
		o.n(chroma.Text, 2)
	case c == '?' && dashAfterSpace(src, i+1) > 0:
		o.to(chroma.Text, dashAfterSpace(src, i+1))
	case c == '#' || hasPrefixAt(src, i, "//"):
		o.to(chroma.Comment, nonNLEnd(src, i))
	case hasPrefixAt(src, i, "!!") && nonSpaceEnd(src, i+2) > i+2:
		o.to(chroma.CommentPreproc, nonSpaceEnd(src, i+2))
	case (c == '&' || c == '*') && nonSpaceEnd(src, i+1) > i+1:
		o.to(chroma.CommentPreproc, nonSpaceEnd(src, i+1))
	case atLineStart(src, i) && hasPrefixAt(src, i, "%include"):
		sp := spaceEnd(src, i+8)
		e := lineEnd(src, sp)
		if sp == i+8 || e == sp {
			return false
		}
		// \s+ may have eaten the line end; [^\n\r]+ then needs a character after it.
		o.to(chroma.CommentPreproc, e)
	default:
		return false
	}
	return true
}

// dashAfterSpace matches \s*- at i and returns its end, or 0.
func dashAfterSpace(src string, i int) int {
	j := spaceEnd(src, i)
	if hasPrefixAt(src, j, "- ") {
		return j + 2
	}
	return 0
}

// nonNLEnd returns the end of .* at i (up to the next \n).
func nonNLEnd(src string, i int) int {
	if k := strings.IndexByte(src[i:], '\n'); k >= 0 {
		return i + k
	}
	return len(src)
}

// nonSpaceEnd returns the end of [^\s]* at i.
func nonSpaceEnd(src string, i int) int {
	for i < len(src) {
		if sp, _ := spaceAt(src, i); sp {
			return i
		}
		i += runeLen(src, i)
	}
	return i
}

// yamlKey applies the key rules: a quoted key up to the last `": ` on the
// line, or the shortest run before ": " or ":\n" that holds no `"`, `{`, `#`,
// newline or "//".
func yamlKey(o *sink, src string, i int) bool {
	le := nonNLEnd(src, i)
	if src[i] == '"' && i+1 < le && src[i+1] != '"' && src[i+1] != '#' {
		if k := strings.LastIndex(src[i+2:le], `": `); k >= 0 {
			o.to(chroma.NameTag, i+2+k+3)
			return true
		}
	}
	colon := -1
	for j := i; j < len(src); j++ {
		if src[j] == ':' && j+1 < len(src) && src[j+1] == ' ' {
			colon = j
			break
		}
		if src[j] == '"' || src[j] == '\n' || src[j] == '{' || src[j] == '#' || hasPrefixAt(src, j, "//") {
			break
		}
	}
	if colon < 0 {
		// ((?:(?!//)[^"\n{#])*?)(:)(\n): the line must end in ':' with no stop before it.
		if le < len(src) && le > i && src[le-1] == ':' {
			k := i
			for ; k < le-1; k++ {
				if src[k] == '"' || src[k] == '{' || src[k] == '#' || hasPrefixAt(src, k, "//") {
					return false
				}
			}
			colon = le - 1
		} else {
			return false
		}
	}
	o.to(chroma.NameTag, colon)
	o.n(chroma.Punctuation, 1)
	o.n(chroma.TextWhitespace, 1)
	return true
}

var yamlConstants = [...]string{"false", "False", "FALSE", "true", "True", "TRUE", "null", "Off", "off",
	"yes", "Yes", "YES", "OFF", "On", "ON", "no", "No", "on", "NO", "n", "N", "Y", "y"}

func yamlValue(o *sink, src string, i int) bool {
	c := src[i]
	if c == '|' || c == '>' {
		if yamlBlockScalar(o, src, i) {
			return true
		}
	}
	if strings.IndexByte("fFtTnNoOyY", c) >= 0 {
		for _, w := range yamlConstants {
			if hasPrefixAt(src, i, w) && boundary(src, i+len(w)) {
				o.to(chroma.KeywordConstant, i+len(w))
				return true
			}
		}
	}
	if c == '"' || c == '\'' {
		if e := yamlQuoted(src, i); e > 0 {
			t := chroma.LiteralStringDouble
			if c == '\'' {
				t = chroma.LiteralStringSingle
			}
			o.to(t, e)
			return true
		}
	}
	if e := yamlDate(src, i); e > 0 {
		o.to(chroma.LiteralDate, e)
		return true
	}
	if e := yamlNumber(src, i); e > 0 {
		o.to(chroma.LiteralNumber, e)
		return true
	}
	if strings.IndexByte("{}[]?,:!-*&@", c) >= 0 {
		return false
	}
	// ([^…].*)( )+(#.*) or (//.*), else [^…].* — the comment starts at the
	// last " #" (or " //") on the line.
	le := nonNLEnd(src, i)
	line := src[i:le]
	k := strings.LastIndex(line, " #")
	if k < 1 {
		k = strings.LastIndex(line, " //")
	}
	if k >= 1 {
		o.to(chroma.Literal, i+k)
		o.n(chroma.TextWhitespace, 1)
		o.to(chroma.Comment, le)
		return true
	}
	o.to(chroma.Literal, le)
	return true
}

// yamlQuoted matches "(?:\\.|[^"])*" (or with ') at i, or returns 0;
// an unterminated string backtracks to its last escaped quote.
func yamlQuoted(src string, i int) int {
	q := src[i]
	last := 0
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case q:
			return j + 1
		case '\\':
			if j+1 < len(src) && src[j+1] != '\n' {
				if src[j+1] == q {
					last = j + 2
				}
				j++
			}
		}
	}
	return last
}

// yamlDate matches \d\d\d\d-\d\d-\d\d([T ]\d\d:\d\d:\d\d(\.\d+)?(Z|\s+[-+]\d+)?)?.
func yamlDate(src string, i int) int {
	digits := func(j, n int) bool {
		for k := 0; k < n; k++ {
			if j+k >= len(src) || !isDigit(src[j+k]) {
				return false
			}
		}
		return true
	}
	if !digits(i, 4) || !hasPrefixAt(src, i+4, "-") || !digits(i+5, 2) || !hasPrefixAt(src, i+7, "-") || !digits(i+8, 2) {
		return 0
	}
	e := i + 10
	if e < len(src) && (src[e] == 'T' || src[e] == ' ') && digits(e+1, 2) && hasPrefixAt(src, e+3, ":") &&
		digits(e+4, 2) && hasPrefixAt(src, e+6, ":") && digits(e+7, 2) {
		e += 9
		if e+1 < len(src) && src[e] == '.' && isDigit(src[e+1]) {
			e = digitsEnd(src, e+1)
		}
		if e < len(src) && src[e] == 'Z' {
			e++
		} else if sp := spaceEnd(src, e); sp > e && sp+1 < len(src) && (src[sp] == '-' || src[sp] == '+') && isDigit(src[sp+1]) {
			e = digitsEnd(src, sp+1)
		}
	}
	return e
}

// yamlNumber matches \b[+\-]?(0x[\da-f]+|0o[0-7]+|(\d+\.?\d*|\.?\d+)(e[\+\-]?\d+)?|\.inf|\.nan)\b,
// trying the ends backtracking would try, longest first.
func yamlNumber(src string, i int) int {
	if !boundary(src, i) {
		return 0
	}
	j := i
	if j < len(src) && (src[j] == '+' || src[j] == '-') {
		j++
	}
	if j >= len(src) {
		return 0
	}
	var ends [6]int
	n := 0
	add := func(e int) {
		if n < len(ends) {
			ends[n] = e
			n++
		}
	}
	if hasPrefixAt(src, j, "0x") {
		k := j + 2
		for k < len(src) && (isDigit(src[k]) || src[k] >= 'a' && src[k] <= 'f') {
			k++
		}
		if k > j+2 {
			add(k)
		}
	}
	if hasPrefixAt(src, j, "0o") {
		k := j + 2
		for k < len(src) && src[k] >= '0' && src[k] <= '7' {
			k++
		}
		if k > j+2 {
			add(k)
		}
	}
	exp := func(e int) int {
		if e < len(src) && src[e] == 'e' {
			k := e + 1
			if k < len(src) && (src[k] == '+' || src[k] == '-') {
				k++
			}
			if k < len(src) && isDigit(src[k]) {
				return digitsEnd(src, k)
			}
		}
		return 0
	}
	if isDigit(src[j]) {
		d := digitsEnd(src, j)
		if d < len(src) && src[d] == '.' {
			f := digitsEnd(src, d+1)
			if x := exp(f); x > 0 {
				add(x)
			}
			add(f)
			if f > d+1 {
				add(d + 1)
			}
		}
		if x := exp(d); x > 0 {
			add(x)
		}
		add(d)
	} else if src[j] == '.' {
		if j+1 < len(src) && isDigit(src[j+1]) {
			f := digitsEnd(src, j+1)
			if x := exp(f); x > 0 {
				add(x)
			}
			add(f)
		}
		if hasPrefixAt(src, j, ".inf") || hasPrefixAt(src, j, ".nan") {
			add(j + 4)
		}
	}
	for _, e := range ends[:n] {
		if boundary(src, e) {
			return e
		}
	}
	return 0
}

// yamlBlockScalar matches ([>|](?:[+-])?)(\n(^ {1,})(?:(?:.*\n*(?:^\3 *).*)+|.*)):
// the indicator, then every following line indented at least as far as the
// first (blank lines in between included), ending before the last newline.
func yamlBlockScalar(o *sink, src string, i int) bool {
	j := i + 1
	if j < len(src) && (src[j] == '+' || src[j] == '-') {
		j++
	}
	if j >= len(src) || src[j] != '\n' {
		return false
	}
	indent := 0
	for j+1+indent < len(src) && src[j+1+indent] == ' ' {
		indent++
	}
	if indent == 0 {
		return false
	}
	end := nonNLEnd(src, j+1)
	for {
		k := end
		for k < len(src) && src[k] == '\n' {
			k++
		}
		if k == end || !spacesAt(src, k, indent) {
			break
		}
		end = nonNLEnd(src, k)
	}
	o.to(chroma.Punctuation, j)
	o.to(chroma.LiteralStringDoc, end)
	return true
}

// spacesAt reports whether n spaces start at i.
func spacesAt(src string, i, n int) bool {
	if len(src)-i < n {
		return false
	}
	for k := i; k < i+n; k++ {
		if src[k] != ' ' {
			return false
		}
	}
	return true
}
