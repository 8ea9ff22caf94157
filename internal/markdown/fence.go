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
	f := Fence{Start: 1}
	var probs []FenceProblem
	bad := func(off int, format string, args ...any) {
		probs = append(probs, FenceProblem{Off: off, Msg: fmt.Sprintf(format, args...)})
	}
	i := skipSpace(info, 0)
	// The language is the first word, unless the fence starts with an extra.
	if i < len(info) && info[i] != '{' {
		end := wordEnd(info, i)
		if w := info[i:end]; !strings.ContainsAny(w, "=\"'") {
			f.Lang, i = w, end
		}
	}
	seen := map[string]bool{}
	var unknown []string
	unknownAt := 0
	for i = skipSpace(info, i); i < len(info); i = skipSpace(info, i) {
		start := i
		// key: letters up to '=', whitespace or '{'
		k := i
		for k < len(info) && info[k] != '=' && info[k] != '{' && info[k] != '"' && info[k] != '\'' && !isSpace(info[k]) {
			k++
		}
		key := info[i:k]
		hasValue := k < len(info) && info[k] == '='
		var value string
		valueAt := k
		braced := false
		if hasValue || (key == "" && k < len(info)) {
			if hasValue {
				valueAt = k + 1
			}
			v, next, ok, kind := scanValue(info, valueAt)
			if !ok {
				switch kind {
				case '{':
					bad(start, "unterminated line range %s (add the closing })", info[start:])
				default:
					bad(start, "unterminated quote %s (add the closing %c)", info[start:], kind)
				}
				return f, probs
			}
			value, i = v, next
			braced = kind == '{'
			if i < len(info) && !isSpace(info[i]) {
				end := wordEnd(info, i)
				bad(start, "unexpected %q after %s; separate code block options with spaces", info[i:end], info[start:i])
				i = end
				continue
			}
		} else {
			i = k
		}
		if key == "" && !braced {
			probs = append(probs, FenceProblem{Off: start, Warning: true,
				Msg: fmt.Sprintf("inline text markers (%s) are not supported; mark whole lines with {…}, ins={…} or del={…}", info[start:i])})
			continue
		}
		switch key {
		case "", "mark", "ins", "del":
			if !braced {
				bad(start, "%s needs line numbers in braces, such as %s={3-5,9}", key, key)
				continue
			}
			rs, msg := parseRanges(value, start)
			if msg != "" {
				bad(start, "%s: %s", info[start:i], msg)
				continue
			}
			switch key {
			case "", "mark":
				f.Mark = append(f.Mark, rs...)
			case "ins":
				f.Ins = append(f.Ins, rs...)
			case "del":
				f.Del = append(f.Del, rs...)
			}
			f.Extras = true
		case "title", "lang":
			if !hasValue || braced {
				bad(start, "%s needs a value in quotes, such as %s=%q", key, key, map[string]string{"title": "inventory.sql", "lang": "yaml"}[key])
				continue
			}
			if seen[key] {
				bad(start, "%s is given twice", key)
				continue
			}
			seen[key] = true
			if key == "title" {
				if strings.TrimSpace(value) == "" {
					bad(start, "title is empty")
					continue
				}
				f.Title = value
			} else {
				if strings.ToLower(f.Lang) != "diff" {
					bad(start, "lang= applies only to diff fences (```diff lang=%q); this fence's language is %q", value, f.Lang)
					continue
				}
				if value == "" || strings.ContainsAny(value, " \t") {
					bad(start, "lang= needs a language name, such as lang=\"yaml\"")
					continue
				}
				f.Diff, f.DiffAt = strings.ToLower(value), start
			}
			f.Extras = true
		case "wrap", "showLineNumbers":
			on := true
			if hasValue {
				if braced || value != "true" && value != "false" {
					bad(start, "%s is true or false, not %s", key, info[valueAt:i])
					continue
				}
				on = value == "true"
			}
			if key == "wrap" {
				f.Wrap = on
			} else {
				f.LineNumbers = on
			}
			f.Extras = true
		case "startLineNumber":
			n, err := strconv.Atoi(value)
			if !hasValue || braced || err != nil || n < 0 || n > maxLine {
				bad(start, "startLineNumber needs a whole number, such as startLineNumber=10")
				continue
			}
			if seen[key] {
				bad(start, "startLineNumber is given twice")
				continue
			}
			seen[key] = true
			f.Start, f.LineNumbers, f.Extras = n, true, true
		default:
			if s := suggestKey(key); s != "" {
				probs = append(probs, FenceProblem{Off: start, Warning: true,
					Msg: fmt.Sprintf("unknown code block option %q is ignored; did you mean %s?", key, s)})
				continue
			}
			if len(unknown) == 0 {
				unknownAt = start
			}
			unknown = append(unknown, info[start:i])
		}
	}
	if len(unknown) > 0 {
		// one warning for words other tools (or none) read
		probs = append(probs, FenceProblem{Off: unknownAt, Warning: true,
			Msg: fmt.Sprintf("unknown code block option%s %q ignored (keel reads %s)", plural(len(unknown)), strings.Join(unknown, " "), strings.Join(fenceKeys, ", "))})
	}
	return f, probs
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
