package fastlex

import "github.com/alecthomas/chroma/v2"

// JSON mirrors chroma's JSON lexer: a stack of object/attribute/array states
// so that object keys are NameTag and values LiteralStringDouble.
func JSON(src string, emit func(chroma.TokenType, string)) {
	const (
		objectValue = iota + 1 // inside {, expecting a key
		objectAttr             // after a key: value, ':', ',' or '}'
		arrayValue
	)
	var buf [64]byte
	stack := buf[:0] // empty: root
	o := &sink{src: src, emit: emit}
	for i := 0; i < len(src); i = o.end {
		state := byte(0)
		if len(stack) > 0 {
			state = stack[len(stack)-1]
		}
		c := src[i]
		if sp := spaceEnd(src, i); sp > i {
			o.to(chroma.Text, sp)
			continue
		}
		if c == '/' && i+1 < len(src) && src[i+1] == '/' {
			if nl := indexByteFrom(src, i, '\n'); nl >= 0 {
				o.to(chroma.CommentSingle, nl+1)
				continue
			}
		}
		if state == objectValue {
			switch {
			case c == '"':
				if end := dqString(src, i); end > 0 {
					o.to(chroma.NameTag, end)
					stack = append(stack, objectAttr)
					continue
				}
			case c == '}':
				o.n(chroma.Punctuation, 1)
				stack = stack[:len(stack)-1]
				continue
			}
			o.n(chroma.Error, runeLen(src, i))
			continue
		}
		// root, objectAttr and arrayValue include "value".
		if end, t := jsonSimpleValue(src, i); end > 0 {
			o.to(t, end)
			continue
		}
		switch {
		case c == '{':
			o.n(chroma.Punctuation, 1)
			stack = append(stack, objectValue)
			continue
		case c == '[':
			o.n(chroma.Punctuation, 1)
			stack = append(stack, arrayValue)
			continue
		case state == objectAttr && c == ':':
			o.n(chroma.Punctuation, 1)
			continue
		case state == objectAttr && c == ',':
			o.n(chroma.Punctuation, 1)
			stack = stack[:len(stack)-1]
			continue
		case state == objectAttr && c == '}':
			o.n(chroma.Punctuation, 1)
			stack = stack[:len(stack)-2]
			continue
		case state == arrayValue && c == ',':
			o.n(chroma.Punctuation, 1)
			continue
		case state == arrayValue && c == ']':
			o.n(chroma.Punctuation, 1)
			stack = stack[:len(stack)-1]
			continue
		}
		o.n(chroma.Error, runeLen(src, i))
	}
	o.flush()
}

// jsonSimpleValue matches constants, numbers and strings at i.
func jsonSimpleValue(src string, i int) (int, chroma.TokenType) {
	switch c := src[i]; {
	case c == 't' || c == 'f' || c == 'n':
		for _, w := range [...]string{"true", "false", "null"} {
			if hasPrefixAt(src, i, w) && !wordStartsAt(src, i+len(w)) {
				return i + len(w), chroma.KeywordConstant
			}
		}
	case c == '"':
		if end := dqString(src, i); end > 0 {
			return end, chroma.LiteralStringDouble
		}
	case c == '-' || isDigit(c):
		j := i
		if c == '-' {
			j++
		}
		if j >= len(src) || !isDigit(src[j]) {
			return 0, 0
		}
		if src[j] == '0' {
			j++
		} else {
			j = digitsEnd(src, j)
		}
		// (\.\d+[eE](\+|-)?\d+|[eE](\+|-)?\d+|\.\d+)
		if j+1 < len(src) && src[j] == '.' && isDigit(src[j+1]) {
			f := digitsEnd(src, j+1)
			if e := expEnd(src, f, true); e > 0 {
				return e, chroma.LiteralNumberFloat
			}
			return f, chroma.LiteralNumberFloat
		}
		if e := expEnd(src, j, true); e > 0 {
			return e, chroma.LiteralNumberFloat
		}
		return j, chroma.LiteralNumberInteger
	}
	return 0, 0
}

// dqString matches "(\\\\|\\"|[^"])*" at i (a '"') and returns its end or 0.
// Backtracking makes an unterminated string end at its last \" if any.
func dqString(src string, i int) int {
	lastEsc := 0
	for j := i + 1; j < len(src); {
		switch src[j] {
		case '"':
			return j + 1
		case '\\':
			if j+1 < len(src) && src[j+1] == '"' {
				lastEsc = j + 2
			}
			if j+1 < len(src) && (src[j+1] == '"' || src[j+1] == '\\') {
				j += 2
				continue
			}
		}
		j++
	}
	return lastEsc
}

// expEnd matches [eE][+-]?\d+ at i; sign optional when optSign.
func expEnd(src string, i int, optSign bool) int {
	if i >= len(src) || src[i] != 'e' && src[i] != 'E' {
		return 0
	}
	j := i + 1
	if j < len(src) && (src[j] == '+' || src[j] == '-') {
		j++
	} else if !optSign {
		return 0
	}
	if j >= len(src) || !isDigit(src[j]) {
		return 0
	}
	return digitsEnd(src, j)
}

func digitsEnd(src string, i int) int {
	for i < len(src) && isDigit(src[i]) {
		i++
	}
	return i
}

func hasPrefixAt(src string, i int, p string) bool {
	return len(src)-i >= len(p) && src[i:i+len(p)] == p
}

// wordStartsAt reports whether a \w character is at i (so \b fails after a word).
func wordStartsAt(src string, i int) bool {
	w, _ := wordAt(src, i)
	return w
}

func indexByteFrom(src string, i int, c byte) int {
	for j := i; j < len(src); j++ {
		if src[j] == c {
			return j
		}
	}
	return -1
}
