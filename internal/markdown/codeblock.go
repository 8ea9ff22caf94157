package markdown

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/yuin/goldmark/util"

	"keel/internal/fastlex"
)

// A code block with extras is written one row per source line, so lines can
// be marked, numbered and given diff markers:
//
//	<figure class="code titled"><figcaption class="code-title"><span>inventory.sql</span></figcaption>
//	<pre class="chroma rows numbered" tabindex="0" data-lang="sql"><code>
//	<span class="row mark" data-ln="1">…tokens…</span>\n…</code></pre></figure>
//
// (a <div class="code"> when there is no title). Line numbers and the +/-
// of inserted and deleted lines are CSS generated content (data-ln, the
// class), so they are never selected, copied or part of the code's text:
// the <code> element's textContent is exactly the code. Rows are inline
// blocks and the newlines between them are text, so innerText and a
// selection copy give the code too.

// Row kinds, in priority order: a line both marked and inserted shows as inserted.
const (
	rowPlain uint8 = iota
	rowMark
	rowDel
	rowIns
)

var rowClass = [...]string{`<span class="row"`, `<span class="row mark"`, `<span class="row del"`, `<span class="row ins"`}

// known reports whether keel can highlight a fence language (lexer
// lookups are cached: chroma's for an unknown name takes tens of ms).
func (h *highlighter) known(lang string) bool {
	return fastlex.For(lang) != nil || h.lexer(lang) != nil
}

// looksLikeDiffFile reports a real unified or normal diff (headers, hunks),
// whose +/- lines are not prefixes to strip (Expressive Code's rule).
func looksLikeDiffFile(code []byte) bool {
	for i, line := range bytes.SplitN(code, []byte("\n"), 5) {
		if i == 4 {
			break
		}
		s := string(line)
		if strings.HasPrefix(s, "*** ") || strings.HasPrefix(s, "+++ ") || strings.HasPrefix(s, "--- ") || strings.HasPrefix(s, "@@ ") {
			return true
		}
		if t := strings.TrimRight(s, " \t"); t != "" && strings.Trim(t, "0123456789,acd") == "" && strings.ContainsAny(t, "acd") && t[0] >= '0' && t[0] <= '9' {
			return true
		}
	}
	return false
}

// splitLines cuts code into lines, each without its newline.
func splitLines(code []byte) [][]byte {
	lines := bytes.Split(code, []byte("\n"))
	if len(lines) > 1 && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// countLines is the number of lines splitLines finds.
func countLines(code []byte) int {
	n := bytes.Count(code, []byte("\n"))
	if len(code) == 0 || code[len(code)-1] != '\n' {
		n++
	}
	return n
}

// undiff strips the +/- prefixes of a diff fence's lines and returns the
// code and the kind of each line. As in Expressive Code: if every non-blank
// line is indented (by a marker or a space) by at least n columns, n columns
// go from every line; otherwise only the markers go.
func undiff(code []byte) ([]byte, []uint8) {
	lines := splitLines(code)
	kinds := make([]uint8, len(lines))
	minIndent := -1
	for i, l := range lines {
		j := 0
		if len(l) > 0 && (l[0] == '+' || l[0] == '-') && !(len(l) > 1 && (l[1] == '+' || l[1] == '-')) {
			if l[0] == '+' {
				kinds[i] = rowIns
			} else {
				kinds[i] = rowDel
			}
			j = 1
		}
		for j < len(l) && (l[j] == ' ' || l[j] == '\t') {
			j++
		}
		if j < len(l) && (minIndent < 0 || j < minIndent) {
			minIndent = j
		}
	}
	var out bytes.Buffer
	out.Grow(len(code))
	for i, l := range lines {
		cut := 0
		if minIndent > 0 {
			cut = min(minIndent, len(l))
		} else if kinds[i] != rowPlain {
			cut = 1
		}
		out.Write(l[cut:])
		out.WriteByte('\n')
	}
	return out.Bytes(), kinds
}

// lex tokenizes code in lang with fastlex or chroma; false when keel has no
// lexer for it (the code is then plain text).
func (h *highlighter) lex(lang string, code []byte, emit func(chroma.TokenType, string)) bool {
	if fl := fastlex.For(lang); fl != nil {
		fl(string(code), emit)
		return true
	}
	l := h.lexer(lang)
	if l == nil {
		return false
	}
	it, err := l.Tokenise(nil, string(code))
	if err != nil {
		return false
	}
	for t := it(); t != chroma.EOF; t = it() {
		emit(t.Type, t.Value)
	}
	return true
}

// writeFence writes a code block with extras.
func (h *highlighter) writeFence(w util.BufWriter, f *Fence, code []byte) {
	lang := strings.ToLower(strings.TrimSpace(f.Lang))
	var kinds []uint8
	if f.Diff != "" && strings.EqualFold(lang, "diff") && !looksLikeDiffFile(code) {
		code, kinds = undiff(code)
		lang = f.Diff
	}
	n := countLines(code)
	if len(kinds) < n {
		kinds = append(kinds, make([]uint8, n-len(kinds))...)
	}
	for i := range kinds {
		ln := i + 1
		k := kinds[i]
		if contains(f.Mark, ln) && k < rowMark {
			k = rowMark
		}
		if contains(f.Del, ln) && k < rowDel {
			k = rowDel
		}
		if contains(f.Ins, ln) {
			k = rowIns
		}
		kinds[i] = k
	}

	if f.Title != "" {
		w.WriteString(`<figure class="code titled"><figcaption class="code-title"><span>`)
		w.Write(util.EscapeHTML([]byte(f.Title)))
		w.WriteString(`</span></figcaption>`)
	} else {
		w.WriteString(`<div class="code">`)
	}
	w.WriteString(`<pre class="chroma rows`)
	if f.LineNumbers {
		// the gutter is as wide as the largest number
		w.WriteString(" numbered ln")
		w.WriteString(strconv.Itoa(min(len(strconv.Itoa(f.Start+n-1)), 9)))
	}
	for _, k := range kinds {
		if k == rowIns || k == rowDel {
			w.WriteString(" diff")
			break
		}
	}
	if f.Wrap {
		w.WriteString(" wrap")
	}
	w.WriteString(`" tabindex="0"`)
	if lang != "" {
		w.WriteString(` data-lang="`)
		w.Write(util.EscapeHTML([]byte(lang)))
		w.WriteByte('"')
	}
	w.WriteString("><code>")
	rw := rowWriter{w: w, f: f, kinds: kinds}
	if !h.lex(lang, code, rw.token) {
		rw.token(0, string(code))
	}
	rw.finish()
	w.WriteString("</code></pre>")
	if f.Title != "" {
		w.WriteString("</figure>\n")
	} else {
		w.WriteString("</div>\n")
	}
}

// rowWriter writes tokens into rows, closing and reopening a token's span
// where it crosses a line break.
type rowWriter struct {
	w     util.BufWriter
	f     *Fence
	kinds []uint8
	line  int  // 0-based index of the current or next row
	open  bool // a row is open
}

func (r *rowWriter) openRow() {
	if r.open {
		return
	}
	k := rowPlain
	if r.line < len(r.kinds) {
		k = r.kinds[r.line]
	}
	r.w.WriteString(rowClass[k])
	if r.f.LineNumbers {
		r.w.WriteString(` data-ln="`)
		r.w.WriteString(strconv.Itoa(r.f.Start + r.line))
		r.w.WriteByte('"')
	}
	r.w.WriteByte('>')
	r.open = true
}

func (r *rowWriter) token(t chroma.TokenType, text string) {
	for text != "" {
		piece, rest, nl := strings.Cut(text, "\n")
		if piece != "" || nl {
			r.openRow()
		}
		if piece != "" {
			writeToken(r.w, t, piece)
		}
		if nl {
			r.w.WriteString("</span>\n")
			r.open = false
			r.line++
		}
		text = rest
	}
}

func (r *rowWriter) finish() {
	if r.open {
		r.w.WriteString("</span>")
		r.open = false
	}
}
