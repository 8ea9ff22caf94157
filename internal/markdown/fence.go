package markdown

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Fence is the parsed info string of a fenced code block: the language, then
// the extras Starlight's Expressive Code reads, written after the language so
// that GitHub, which reads only the first word, still renders the block:
//
//	```sql title="inventory.sql" {3-5,9} ins={12} del={2} showLineNumbers startLineNumber=10 wrap
//	```diff lang="yaml"
//
// A bare {…} and mark={…} highlight lines; ins={…} and del={…} mark lines
// inserted and deleted. In a diff fence with lang=, lines starting with + or -
// are inserted or deleted lines of code in that language.
type Fence struct {
	Lang        string  // the first word, as written (what GitHub highlights with)
	Title       string  // title= : a file name or caption shown above the code
	Mark        []Range // {…} and mark={…}
	Ins, Del    []Range // ins={…}, del={…}
	Diff        string  // lang= of a diff fence: the language of its +/- lines
	LineNumbers bool    // showLineNumbers
	Start       int     // startLineNumber (default 1)
	Wrap        bool    // wrap: long lines wrap instead of scrolling
	DiffAt      int     // byte offset of the lang= extra (to position errors found later)
	// Extras reports whether any extra keel knows was given; a fence
	// without one renders exactly as a plain ```lang fence.
	Extras bool
}

// Range is an inclusive range of 1-based code lines; At is the byte offset of
// the extra it came from in the info string.
type Range struct{ From, To, At int }

// FenceProblem is a malformed or unknown extra, at a byte offset of the info
// string. Unknown extras are warnings (other tools' options are ignored, as
// GitHub ignores them); malformed known ones are errors.
type FenceProblem struct {
	Off     int
	Warning bool
	Msg     string
}

// maxLine bounds line numbers in ranges and startLineNumber; no code block
// is this long, and it keeps arithmetic far from overflow.
const maxLine = 1_000_000_000

var fenceKeys = []string{"title", "mark", "ins", "del", "lang", "wrap", "showLineNumbers", "startLineNumber"}

// ParseFence parses a raw fence info string (the text after the opening
// backticks, as it appears in the source). Problems carry byte offsets into
// info.
func ParseFence(info string) (Fence, []FenceProblem) {
	p := &fenceParser{info: info, f: Fence{Start: 1}, seen: map[string]bool{}}
	i := skipSpace(info, 0)
	// The language is the first word, unless the fence starts with an extra.
	if i < len(info) && info[i] != '{' {
		end := wordEnd(info, i)
		if w := info[i:end]; !strings.ContainsAny(w, "=\"'") {
			p.f.Lang, i = w, end
		}
	}
	for i = skipSpace(info, i); i < len(info); i = skipSpace(info, i) {
		e, next, ok := p.scanExtra(i)
		if !ok {
			return p.f, p.probs
		}
		i = next
		if e.end == 0 {
			continue // reported by scanExtra
		}
		p.extra(e)
	}
	if len(p.unknown) > 0 {
		// one warning for words other tools (or none) read
		p.probs = append(p.probs, FenceProblem{Off: p.unknownAt, Warning: true,
			Msg: fmt.Sprintf("unknown code block option%s %q ignored (keel reads %s)", plural(len(p.unknown)), strings.Join(p.unknown, " "), strings.Join(fenceKeys, ", "))})
	}
	return p.f, p.probs
}

// fenceParser is ParseFence's state.
type fenceParser struct {
	info      string
	f         Fence
	probs     []FenceProblem
	seen      map[string]bool // title, lang and startLineNumber, given once
	unknown   []string
	unknownAt int
}

// fenceExtra is one extra of an info string: key[=value] or {value}.
type fenceExtra struct {
	key, value string
	start, end int // the extra's bytes in the info string
	valueAt    int
	hasValue   bool // key=value
	braced     bool // the value is {…}
}

func (p *fenceParser) bad(off int, format string, args ...any) {
	p.probs = append(p.probs, FenceProblem{Off: off, Msg: fmt.Sprintf(format, args...)})
}

func (p *fenceParser) warn(off int, format string, args ...any) {
	p.probs = append(p.probs, FenceProblem{Off: off, Warning: true, Msg: fmt.Sprintf(format, args...)})
}

// scanExtra reads the extra at i and returns where the next one may start.
// It returns ok false when the rest of the info string cannot be read (a
// problem is recorded), and an extra with end 0 when this one was reported
// and is to be skipped.
func (p *fenceParser) scanExtra(i int) (e fenceExtra, next int, ok bool) {
	info := p.info
	start := i
	// key: letters up to '=', whitespace or '{'
	k := i
	for k < len(info) && info[k] != '=' && info[k] != '{' && info[k] != '"' && info[k] != '\'' && !isSpace(info[k]) {
		k++
	}
	e = fenceExtra{key: info[i:k], start: start, valueAt: k}
	e.hasValue = k < len(info) && info[k] == '='
	if e.hasValue || (e.key == "" && k < len(info)) {
		if e.hasValue {
			e.valueAt = k + 1
		}
		v, next, ok, kind := scanValue(info, e.valueAt)
		if !ok {
			switch kind {
			case '{':
				p.bad(start, "unterminated line range %s (add the closing })", info[start:])
			default:
				p.bad(start, "unterminated quote %s (add the closing %c)", info[start:], kind)
			}
			return e, next, false
		}
		e.value, i = v, next
		e.braced = kind == '{'
		if i < len(info) && !isSpace(info[i]) {
			end := wordEnd(info, i)
			p.bad(start, "unexpected %q after %s; separate code block options with spaces", info[i:end], info[start:i])
			return fenceExtra{}, end, true
		}
	} else {
		i = k
	}
	e.end = i
	if e.key == "" && !e.braced {
		p.warn(start, "inline text markers (%s) are not supported; mark whole lines with {…}, ins={…} or del={…}", info[start:i])
		return fenceExtra{}, i, true
	}
	return e, i, true
}

// extra applies one extra to the fence.
func (p *fenceParser) extra(e fenceExtra) {
	switch e.key {
	case "", "mark", "ins", "del":
		p.ranges(e)
	case "title", "lang":
		p.quoted(e)
	case "wrap", "showLineNumbers":
		p.flag(e)
	case "startLineNumber":
		n, err := strconv.Atoi(e.value)
		if !e.hasValue || e.braced || err != nil || n < 0 || n > maxLine {
			p.bad(e.start, "startLineNumber needs a whole number, such as startLineNumber=10")
			return
		}
		if p.seen[e.key] {
			p.bad(e.start, "startLineNumber is given twice")
			return
		}
		p.seen[e.key] = true
		p.f.Start, p.f.LineNumbers, p.f.Extras = n, true, true
	default:
		if s := suggestKey(e.key); s != "" {
			p.warn(e.start, "unknown code block option %q is ignored; did you mean %s?", e.key, s)
			return
		}
		if len(p.unknown) == 0 {
			p.unknownAt = e.start
		}
		p.unknown = append(p.unknown, p.info[e.start:e.end])
	}
}

// ranges applies {…}, mark={…}, ins={…} or del={…}.
func (p *fenceParser) ranges(e fenceExtra) {
	key, start := e.key, e.start
	if !e.braced {
		p.bad(start, "%s needs line numbers in braces, such as %s={3-5,9}", key, key)
		return
	}
	rs, msg := parseRanges(e.value, start)
	if msg != "" {
		p.bad(start, "%s: %s", p.info[start:e.end], msg)
		return
	}
	switch key {
	case "", "mark":
		p.f.Mark = append(p.f.Mark, rs...)
	case "ins":
		p.f.Ins = append(p.f.Ins, rs...)
	case "del":
		p.f.Del = append(p.f.Del, rs...)
	}
	p.f.Extras = true
}

// quoted applies title="…" or lang="…".
func (p *fenceParser) quoted(e fenceExtra) {
	key, value, start := e.key, e.value, e.start
	if !e.hasValue || e.braced {
		p.bad(start, "%s needs a value in quotes, such as %s=%q", key, key, map[string]string{"title": "inventory.sql", "lang": "yaml"}[key])
		return
	}
	if p.seen[key] {
		p.bad(start, "%s is given twice", key)
		return
	}
	p.seen[key] = true
	if key == "title" {
		if strings.TrimSpace(value) == "" {
			p.bad(start, "title is empty")
			return
		}
		p.f.Title = value
	} else {
		if strings.ToLower(p.f.Lang) != "diff" {
			p.bad(start, "lang= applies only to diff fences (```diff lang=%q); this fence's language is %q", value, p.f.Lang)
			return
		}
		if value == "" || strings.ContainsAny(value, " \t") {
			p.bad(start, "lang= needs a language name, such as lang=\"yaml\"")
			return
		}
		p.f.Diff, p.f.DiffAt = strings.ToLower(value), start
	}
	p.f.Extras = true
}

// flag applies wrap or showLineNumbers, alone or =true/=false.
func (p *fenceParser) flag(e fenceExtra) {
	on := true
	if e.hasValue {
		if e.braced || e.value != "true" && e.value != "false" {
			p.bad(e.start, "%s is true or false, not %s", e.key, p.info[e.valueAt:e.end])
			return
		}
		on = e.value == "true"
	}
	if e.key == "wrap" {
		p.f.Wrap = on
	} else {
		p.f.LineNumbers = on
	}
	p.f.Extras = true
}

// scanValue reads a value at i: "…", '…', {…} or a bare word. kind is the
// opening character (0 for a bare word); ok is false when it is unterminated.
func scanValue(s string, i int) (value string, next int, ok bool, kind byte) {
	if i >= len(s) {
		return "", i, true, 0
	}
	switch c := s[i]; c {
	case '"', '\'':
		j := strings.IndexByte(s[i+1:], c)
		if j < 0 {
			return "", len(s), false, c
		}
		return s[i+1 : i+1+j], i + 2 + j, true, c
	case '{':
		j := strings.IndexByte(s[i+1:], '}')
		if j < 0 {
			return "", len(s), false, c
		}
		return s[i+1 : i+1+j], i + 2 + j, true, c
	}
	end := wordEnd(s, i)
	return s[i:end], end, true, 0
}

// parseRanges reads "3-5, 9": comma-separated lines and inclusive ranges.
func parseRanges(s string, at int) ([]Range, string) {
	if strings.TrimSpace(s) == "" {
		return nil, "empty line range {}"
	}
	var out []Range
	for part := range strings.SplitSeq(s, ",") {
		p := strings.TrimSpace(part)
		from, to, isRange := strings.Cut(p, "-")
		a, ok := lineNumber(strings.TrimSpace(from))
		if !ok {
			return nil, fmt.Sprintf("%q is not a line number or a range such as 3 or 3-5", p)
		}
		b := a
		if isRange {
			if b, ok = lineNumber(strings.TrimSpace(to)); !ok {
				return nil, fmt.Sprintf("%q is not a line number or a range such as 3 or 3-5", p)
			}
			if b < a {
				return nil, fmt.Sprintf("range %q ends before it starts", p)
			}
		}
		out = append(out, Range{From: a, To: b, At: at})
	}
	return out, ""
}

// lineNumber parses a 1-based line number.
func lineNumber(s string) (int, bool) {
	if s == "" || len(s) > 10 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1 && n <= maxLine
}

// suggestKey finds a known key the unknown one was probably meant to be.
func suggestKey(key string) string {
	lk := strings.ToLower(key)
	for _, k := range fenceKeys {
		if strings.ToLower(k) == lk {
			return k
		}
	}
	switch lk {
	case "linenos", "linenumbers", "line-numbers", "numbers", "shownumbers", "showlinenumber":
		return "showLineNumbers"
	case "hl_lines", "hl", "highlight", "lines", "marks", "mark-lines":
		return "{3-5} or mark={3-5}"
	case "filename", "file", "name", "caption":
		return "title=\"…\""
	case "start", "linenostart", "startline", "startlinenumbers", "firstline":
		return "startLineNumber"
	case "language":
		return "lang"
	case "add", "added", "insert", "inserted":
		return "ins"
	case "delete", "deleted", "remove", "removed":
		return "del"
	}
	return ""
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

func wordEnd(s string, i int) int {
	for i < len(s) && !isSpace(s[i]) {
		i++
	}
	return i
}

// contains reports whether line n is in one of the ranges.
func contains(rs []Range, n int) bool {
	for _, r := range rs {
		if n >= r.From && n <= r.To {
			return true
		}
	}
	return false
}

// checkFence reports the problems of a fenced block's extras at their
// positions: malformed extras, an unknown lang=, and marks past the block's
// last line.
func checkFence(n *ast.FencedCodeBlock, src []byte, lines int, known func(string) bool, report func(off int, warn bool, msg string)) {
	info := n.Info.Segment.Value(src)
	if bytes.IndexAny(info, " \t{=") < 0 {
		return
	}
	base := n.Info.Segment.Start
	f, probs := ParseFence(string(info))
	for _, p := range probs {
		report(base+p.Off, p.Warning, p.Msg)
	}
	if f.Diff != "" && !known(f.Diff) {
		report(base+f.DiffAt, false, fmt.Sprintf("unknown language %q in lang=; use a language keel highlights, such as yaml, sql, go, json or bash", f.Diff))
	}
	for _, set := range [][]Range{f.Mark, f.Ins, f.Del} {
		for _, r := range set {
			if r.To > lines {
				report(base+r.At, false, fmt.Sprintf("line %d is past the end of this %d-line code block", r.To, lines))
				break
			}
		}
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
