package fastlex

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// wordSet builds an upper-case word set from a space-separated list.
func wordSet(lists ...string) map[string]bool {
	m := map[string]bool{}
	for _, l := range lists {
		for _, w := range strings.Fields(l) {
			m[w] = true
		}
	}
	return m
}

// The sets are built once and only read afterwards.
var (
	sqlKeywordSet   = wordSet(sqlKeywords)
	sqlBuiltinSet   = wordSet(sqlBuiltins)
	pgKeywordSet    = wordSet(pgKeywords)
	pgBuiltinSet    = wordSet(pgBuiltins)
	plpgsqlKwSet    = wordSet(plpgsqlKeywords)
	mysqlKeywordSet = wordSet(mysqlKeywords)
	mysqlTypeSet    = wordSet(mysqlTypes)
)

// inSet looks a word up case-insensitively without allocating.
func inSet(m map[string]bool, w string) bool {
	var buf [32]byte
	k, ok := upperKey(buf[:], w)
	return ok && m[string(k)]
}

type sqlDialect int

const (
	dialectSQL sqlDialect = iota
	dialectPostgres
	dialectMySQL
	dialectPLpgSQL // only reached through a function body's LANGUAGE plpgsql
)

// SQL mirrors chroma's generic "SQL" lexer (the one ```sql gets).
func SQL(src string, emit func(chroma.TokenType, string)) {
	o := &sink{src: src, emit: emit}
	lexSQL(o, dialectSQL, len(src))
	o.flush()
}

// PostgreSQL mirrors chroma's "PostgreSQL SQL dialect" lexer.
func PostgreSQL(src string, emit func(chroma.TokenType, string)) {
	o := &sink{src: src, emit: emit}
	lexSQL(o, dialectPostgres, len(src))
	o.flush()
}

// MySQL mirrors chroma's "MySQL" lexer.
func MySQL(src string, emit func(chroma.TokenType, string)) {
	o := &sink{src: src, emit: emit}
	lexSQL(o, dialectMySQL, len(src))
	o.flush()
}

func lexSQL(o *sink, d sqlDialect, end int) {
	src := o.src[:end]
	ws := chroma.TextWhitespace
	if d == dialectPostgres {
		ws = chroma.Text
	}
	plpgsql := d == dialectPLpgSQL
	if plpgsql {
		d = dialectPostgres
	}
	for i := o.end; i < end; i = o.end {
		c := src[i]
		if plpgsql && plpgsqlExtra(o, src, i) {
			continue
		}
		if sp := spaceEnd(src, i); sp > i {
			o.to(ws, sp)
			continue
		}
		if c == '-' && i+1 < end && src[i+1] == '-' || c == '#' && d == dialectMySQL {
			e := indexByteFrom(src, i, '\n') // --.*\n?
			if e < 0 {
				e = end
			} else {
				e++
			}
			o.to(chroma.CommentSingle, e)
			continue
		}
		if c == '/' && i+1 < end && src[i+1] == '*' {
			o.to(chroma.CommentMultiline, nestedCommentEnd(src, i))
			continue
		}
		var ok bool
		switch d {
		case dialectSQL:
			ok = sqlGeneric(o, src, i)
		case dialectPostgres:
			ok = sqlPostgres(o, src, i, plpgsql)
		case dialectMySQL:
			ok = sqlMySQL(o, src, i)
		}
		if !ok {
			o.n(chroma.Error, runeLen(src, i))
		}
	}
}

// nestedCommentEnd returns the end of the nesting /* */ comment at i (or of src).
func nestedCommentEnd(src string, i int) int {
	depth := 0
	for j := i; j < len(src); j++ {
		switch {
		case src[j] == '/' && j+1 < len(src) && src[j+1] == '*':
			depth++
			j++
		case src[j] == '*' && j+1 < len(src) && src[j+1] == '/':
			depth--
			j++
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(src)
}

// quotedEnd returns the end of a q-quoted string at i with qq as escape, or of src.
func quotedEnd(src string, i int, q byte) int {
	for j := i + 1; j < len(src); j++ {
		if src[j] == q {
			if j+1 < len(src) && src[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(src)
}

func isSQLOp(c byte) bool { return strings.IndexByte("+*/<>=~!@#%^&|`?-", c) >= 0 }

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// nameEnd matches [a-z_][\w$]* (with dollar) or [a-z_]\w* at i, or returns i.
func nameEnd(src string, i int, dollar bool) int {
	if i >= len(src) || !isASCIILetter(src[i]) && src[i] != '_' {
		return i
	}
	j := i + 1
	for {
		if w, n := wordAt(src, j); w {
			j += n
		} else if dollar && j < len(src) && src[j] == '$' {
			j++
		} else {
			return j
		}
	}
}

func sqlGeneric(o *sink, src string, i int) bool {
	c := src[i]
	switch {
	case c == '\'':
		o.to(chroma.LiteralStringSingle, quotedEnd(src, i, '\''))
		return true
	case c == '"':
		o.to(chroma.LiteralStringDouble, quotedEnd(src, i, '"'))
		return true
	}
	if w, _ := wordAt(src, i); w && !isDigit(c) {
		we := wordEnd(src, i)
		if inSet(sqlKeywordSet, src[i:we]) {
			// END-EXEC is the one keyword with a non-word character.
			if strings.EqualFold(src[i:we], "end") && hasPrefixFold(src, we, "-exec") && !wordStartsAt(src, we+5) {
				we += 5
			}
			o.to(chroma.Keyword, we)
			return true
		}
		if inSet(sqlBuiltinSet, src[i:we]) {
			o.to(chroma.NameBuiltin, we)
			return true
		}
	}
	switch {
	case isSQLOp(c):
		o.n(chroma.Operator, 1)
	case isDigit(c):
		o.to(chroma.LiteralNumberInteger, digitsEnd(src, i))
	case isASCIILetter(c) || c == '_':
		o.to(chroma.Name, nameEnd(src, i, true))
	case strings.IndexByte(";:()[],.", c) >= 0:
		o.n(chroma.Punctuation, 1)
	default:
		return false
	}
	return true
}

// pgBuiltinEnd matches the builtin type rule at i: a listed word, or one of
// the multi-word types, followed by \b.
func pgBuiltinEnd(src string, i int) int {
	if w, _ := wordAt(src, i); !w {
		return 0
	}
	we := wordEnd(src, i)
	word := src[i:we]
	if inSet(pgBuiltinSet, word) {
		return we
	}
	var rest []string
	switch {
	case strings.EqualFold(word, "double"):
		rest = []string{"precision"}
	case strings.EqualFold(word, "with"), strings.EqualFold(word, "without"):
		rest = []string{"time", "zone"}
	default:
		return 0
	}
	j := we
	for _, r := range rest {
		sp := spaceEnd(src, j)
		if sp == j || !hasPrefixFold(src, sp, r) {
			return 0
		}
		j = sp + len(r)
	}
	if wordStartsAt(src, j) {
		return 0
	}
	return j
}

func hasPrefixFold(src string, i int, p string) bool {
	return len(src)-i >= len(p) && strings.EqualFold(src[i:i+len(p)], p)
}

// dollarQuote matches (\$)([^$]*)(\$)(.*?)(\$)(\2)(\$) at i and returns the
// end of the opening tag, the start of the closing one and the end, or ok false.
func dollarQuote(src string, i int) (bodyStart, bodyEnd, end int, ok bool) {
	k := strings.IndexByte(src[i+1:], '$')
	if k < 0 {
		return 0, 0, 0, false
	}
	tag := src[i : i+1+k+1] // $tag$
	bodyStart = i + 1 + k + 1
	e := strings.Index(src[bodyStart:], tag)
	if e < 0 {
		return 0, 0, 0, false
	}
	return bodyStart, bodyStart + e, bodyStart + e + len(tag), true
}

// sqlPostgres applies the PostgreSQL rules; PL/pgSQL shares them but has its
// own keywords and no dollar quoting.
func sqlPostgres(o *sink, src string, i int, plpgsql bool) bool {
	c := src[i]
	if e := pgBuiltinEnd(src, i); e > 0 {
		o.to(chroma.NameBuiltin, e)
		return true
	}
	kws := pgKeywordSet
	if plpgsql {
		kws = plpgsqlKwSet
	}
	if w, _ := wordAt(src, i); w && !isDigit(c) {
		we := wordEnd(src, i)
		if !plpgsql && strings.EqualFold(src[i:we], "do") && pgDoBlock(o, src, i, we) {
			return true
		}
		if inSet(kws, src[i:we]) {
			o.to(chroma.Keyword, we)
			return true
		}
	}
	switch {
	case isSQLOp(c):
		j := i + 1
		for j < len(src) && isSQLOp(src[j]) {
			j++
		}
		o.to(chroma.Operator, j)
		return true
	case c == ':' && i+1 < len(src) && src[i+1] == ':':
		o.n(chroma.Operator, 2)
		return true
	case c == '$' && i+1 < len(src) && isDigit(src[i+1]):
		o.to(chroma.NameVariable, digitsEnd(src, i+1))
		return true
	case isDigit(c) || c == '.':
		// ([0-9]*\.[0-9]*|[0-9]+)(e[+-]?[0-9]+)? — so a lone '.' is a number too.
		j := digitsEnd(src, i)
		if j < len(src) && src[j] == '.' {
			j = digitsEnd(src, j+1)
		}
		if x := expEndFold(src, j); x > 0 {
			j = x
		}
		o.to(chroma.LiteralNumberFloat, j)
		return true
	}
	// ((?:E|U&)?)(') and ((?:U&)?)(")
	affix := 0
	if (c == 'E' || c == 'e') && i+1 < len(src) && src[i+1] == '\'' {
		affix = 1
	} else if (c == 'U' || c == 'u') && i+2 < len(src) && src[i+1] == '&' && (src[i+2] == '\'' || src[i+2] == '"') {
		affix = 2
	}
	if q := i + affix; q < len(src) && (src[q] == '\'' || src[q] == '"') {
		o.to(chroma.LiteralStringAffix, q)
		if src[q] == '\'' {
			o.to(chroma.LiteralStringSingle, quotedEnd(src, q, '\''))
		} else {
			o.to(chroma.LiteralStringName, quotedEnd(src, q, '"'))
		}
		return true
	}
	if c == '$' && !plpgsql {
		if bs, be, end, ok := dollarQuote(src, i); ok {
			pgDollarBody(o, src, bs, be, end)
			return true
		}
	}
	if e := nameEnd(src, i, false); e > i {
		o.to(chroma.Name, e)
		return true
	}
	if c == ':' { // :(['"]?)[a-z]\w*\b\1
		j := i + 1
		var q byte
		if j < len(src) && (src[j] == '\'' || src[j] == '"') {
			q = src[j]
			j++
		}
		if j < len(src) && isASCIILetter(src[j]) {
			we := wordEnd(src, j)
			if q == 0 {
				o.to(chroma.NameVariable, we)
				return true
			}
			if we < len(src) && src[we] == q {
				o.to(chroma.NameVariable, we+1)
				return true
			}
		}
	}
	if strings.IndexByte(";:()[]{},.", c) >= 0 {
		o.n(chroma.Punctuation, 1)
		return true
	}
	return false
}

// plpgsqlExtra applies the rules PL/pgSQL puts before PostgreSQL's:
// %TYPE attributes, :=, <<labels>> and #option.
func plpgsqlExtra(o *sink, src string, i int) bool {
	c := src[i]
	switch {
	case (c == '%' || c == '#') && i+1 < len(src) && isASCIILetter(src[i+1]):
		t := chroma.NameBuiltin
		if c == '#' {
			t = chroma.KeywordPseudo
		}
		o.to(t, wordEnd(src, i+1)) // \w*\b: the whole word
	case hasPrefixAt(src, i, ":="):
		o.n(chroma.Operator, 2)
	case hasPrefixAt(src, i, "<<") && i+2 < len(src) && isASCIILetter(src[i+2]):
		we := wordEnd(src, i+2)
		if !hasPrefixAt(src, we, ">>") {
			return false
		}
		o.to(chroma.NameLabel, we+2)
	default:
		return false
	}
	return true
}

func expEndFold(src string, i int) int {
	if i >= len(src) || src[i] != 'e' && src[i] != 'E' {
		return 0
	}
	j := i + 1
	if j < len(src) && (src[j] == '+' || src[j] == '-') {
		j++
	}
	if j >= len(src) || !isDigit(src[j]) {
		return 0
	}
	return digitsEnd(src, j)
}

// pgDoBlock matches DO [LANGUAGE x] $tag$ … $tag$, whose body chroma hands to
// the named lexer (none: heredoc).
func pgDoBlock(o *sink, src string, i, we int) bool {
	j := spaceEnd(src, we)
	if j == we {
		return false
	}
	lang, kw, ls, le, tag := "", -1, -1, -1, j
	if hasPrefixFold(src, j, "language") {
		kw = j
		k := spaceEnd(src, j+8)
		if k == j+8 {
			return false
		}
		ls = k
		if ls < len(src) && src[ls] == '\'' {
			k++
		}
		k = wordEnd(src, k)
		lang = src[ls:k]
		if k < len(src) && src[k] == '\'' {
			k++
		}
		le = k
		tag = spaceEnd(src, k)
		if tag == k {
			return false
		}
		lang = strings.Trim(lang, "'")
	}
	if tag >= len(src) || src[tag] != '$' {
		return false
	}
	bs, be, end, ok := dollarQuote(src, tag)
	if !ok {
		return false
	}
	o.to(chroma.Keyword, we)
	o.to(chroma.Text, j)
	if kw >= 0 {
		o.to(chroma.Keyword, kw+8)
		o.to(chroma.Text, ls)
		o.to(chroma.LiteralStringSingle, le)
		o.to(chroma.Text, tag)
	}
	o.to(chroma.LiteralStringHeredoc, bs)
	lexSubSQL(o, lang, be)
	o.to(chroma.LiteralStringHeredoc, end)
	return true
}

// pgDollarBody types a dollar-quoted string; when followed by
// (\s+)(LANGUAGE)?(\s+)('?)(\w+)?('?) chroma lexes the body with the lexer
// that clause names.
func pgDollarBody(o *sink, src string, bs, be, end int) {
	ws := spaceEnd(src, end)
	kw, tail := false, -1
	if ws > end {
		if hasPrefixFold(src, ws, "language") && spaceEnd(src, ws+8) > ws+8 {
			kw, tail = true, spaceEnd(src, ws+8)
		} else if ws-end >= 2 { // \s+\s+ splits one run of two or more
			tail = ws
		}
	}
	o.to(chroma.LiteralStringHeredoc, bs)
	if tail < 0 {
		o.to(chroma.LiteralStringHeredoc, end)
		return
	}
	q := tail
	if q < len(src) && src[q] == '\'' {
		q++
	}
	we := wordEnd(src, q)
	lexSubSQL(o, src[q:we], be)
	o.to(chroma.LiteralStringHeredoc, end)
	if kw {
		o.to(chroma.Text, ws)
		o.to(chroma.Keyword, ws+8)
	}
	o.to(chroma.Text, tail)
	if we < len(src) && src[we] == '\'' {
		we++
	}
	o.to(chroma.LiteralStringSingle, we)
}

// lexSubSQL lexes a body up to end as chroma would with the lexer named lang:
// sql and plpgsql are mirrored, anything else is left a heredoc string.
func lexSubSQL(o *sink, lang string, end int) {
	switch {
	case strings.EqualFold(lang, "sql"):
		lexSQL(o, dialectSQL, end)
	case strings.EqualFold(lang, "plpgsql"):
		lexSQL(o, dialectPLpgSQL, end)
	default:
		o.to(chroma.LiteralStringHeredoc, end)
	}
}

func sqlMySQL(o *sink, src string, i int) bool {
	c := src[i]
	if isDigit(c) {
		o.to(chroma.LiteralNumberInteger, digitsEnd(src, i))
		return true
	}
	if c == '.' && i+1 < len(src) && isDigit(src[i+1]) { // [0-9]*\.[0-9]+(e[+-][0-9]+)
		d := digitsEnd(src, i+1)
		if x := expEnd(src, d, false); x > 0 {
			o.to(chroma.LiteralNumberFloat, x)
			return true
		}
	}
	// ((?:_[a-z0-9]+)?)(['"])
	q := i
	if c == '_' {
		j := i + 1
		for j < len(src) && (isASCIILetter(src[j]) || isDigit(src[j])) {
			j++
		}
		if j > i+1 && j < len(src) && (src[j] == '\'' || src[j] == '"') {
			q = j
		}
	}
	if src[q] == '\'' || src[q] == '"' {
		o.to(chroma.LiteralStringAffix, q)
		if src[q] == '\'' {
			o.to(chroma.LiteralStringSingle, quotedEnd(src, q, '\''))
		} else {
			o.to(chroma.LiteralStringDouble, quotedEnd(src, q, '"'))
		}
		return true
	}
	if isSQLOp(c) {
		o.n(chroma.Operator, 1)
		return true
	}
	if w, _ := wordAt(src, i); w && !wordBefore(src, i) {
		we := wordEnd(src, i)
		word := src[i:we]
		if inSet(mysqlTypeSet, word) { // \b(types)(\b\s*)(\()?
			o.to(chroma.KeywordType, we)
			sp := spaceEnd(src, we)
			o.to(chroma.TextWhitespace, sp)
			if sp < len(src) && src[sp] == '(' {
				o.n(chroma.Punctuation, 1)
			}
			return true
		}
		if inSet(mysqlKeywordSet, word) {
			o.to(chroma.Keyword, we)
			return true
		}
		for _, p := range [...]string{"auto_increment", "engine", "charset", "tables"} {
			if strings.EqualFold(word, p) {
				o.to(chroma.KeywordPseudo, we)
				return true
			}
		}
	}
	for _, w := range [...]string{"true", "false", "null"} { // no \b: a prefix will do
		if hasPrefixFold(src, i, w) {
			o.to(chroma.NameConstant, i+len(w))
			return true
		}
	}
	if e := nameEnd(src, i, false); e > i {
		if sp := spaceEnd(src, e); sp < len(src) && src[sp] == '(' {
			o.to(chroma.NameFunction, e)
			o.to(chroma.TextWhitespace, sp)
			o.n(chroma.Punctuation, 1)
			return true
		}
		o.to(chroma.Name, e)
		return true
	}
	if strings.IndexByte(";:()[],.", c) >= 0 {
		o.n(chroma.Punctuation, 1)
		return true
	}
	return false
}
