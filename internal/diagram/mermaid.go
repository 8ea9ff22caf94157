package diagram

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"oss.terrastruct.com/d2/d2ast"
)

// FromMermaid translates the flowchart/graph and sequenceDiagram subset of
// Mermaid into D2 source. Anything outside the subset — another diagram
// type, or one statement keel does not translate — gives "" and a warning at
// its line, so the block is shown as code.
func FromMermaid(src string) (string, []Problem) {
	lines := strings.Split(src, "\n")
	for i, raw := range lines {
		t := strings.TrimSpace(raw)
		if t == "" || strings.HasPrefix(t, "%%") {
			continue
		}
		col := strings.Index(raw, t) + 1
		word := t
		if f := strings.FieldsFunc(t, func(r rune) bool { return r == ' ' || r == '\t' || r == ';' }); len(f) > 0 {
			word = f[0]
		}
		switch word {
		case "flowchart", "graph":
			return translateFlowchart(lines, i)
		case "sequenceDiagram":
			return translateSequence(lines, i)
		case "---":
			return "", []Problem{{Line: i + 1, Col: col, Warning: true, Msg: "mermaid front matter (---) is not rendered at build time; the block is shown as code"}}
		}
		return "", []Problem{{Line: i + 1, Col: col, Warning: true, Msg: fmt.Sprintf("mermaid `%s` is not rendered at build time (keel renders flowchart, graph and sequenceDiagram); the block is shown as code", word)}}
	}
	return "", []Problem{{Line: 1, Col: 1, Warning: true, Msg: "empty mermaid block; it is shown as code"}}
}

// outside is the warning for syntax the translation does not cover.
func outside(line, col int, what string) []Problem {
	return []Problem{{Line: line, Col: col, Warning: true, Msg: "mermaid " + what + " is outside the subset keel renders at build time; the block is shown as code"}}
}

// statement is one Mermaid statement with its position.
type statement struct {
	text      string
	line, col int
}

// statements splits lines (from first, after the header) into statements:
// comments dropped, ';' separating statements outside quotes and brackets.
func statements(lines []string, first int) (header statement, out []statement) {
	for i := first; i < len(lines); i++ {
		raw := lines[i]
		if t := strings.TrimSpace(raw); strings.HasPrefix(t, "%%") {
			continue
		}
		start, depth, quoted := 0, 0, false
		flush := func(end int) {
			seg := raw[start:end]
			if t := strings.TrimSpace(seg); t != "" {
				s := statement{text: t, line: i + 1, col: start + strings.Index(seg, t) + 1}
				if i == first && header.text == "" {
					header = s
				} else {
					out = append(out, s)
				}
			}
			start = end + 1
		}
		for j := 0; j < len(raw); j++ {
			switch c := raw[j]; {
			case c == '"':
				quoted = !quoted
			case quoted:
			case c == '[' || c == '(' || c == '{':
				depth++
			case c == ']' || c == ')' || c == '}':
				depth--
			case c == ';' && depth <= 0:
				flush(j)
			case c == '%' && depth <= 0 && strings.HasPrefix(raw[j:], "%%"):
				flush(j)
				start = len(raw) + 1
				j = len(raw)
			}
		}
		if start <= len(raw) {
			flush(len(raw))
		}
	}
	return header, out
}

// d2String quotes s as a D2 double-quoted string.
func d2String(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

var simpleKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// d2Key writes a Mermaid id as a D2 key: plain when it is an identifier
// that is not one of D2's keywords, quoted otherwise.
func d2Key(id string) string {
	if simpleKey.MatchString(id) {
		if _, reserved := d2ast.ReservedKeywords[strings.ToLower(id)]; !reserved {
			return id
		}
	}
	return d2String(id)
}

// unquote strips one pair of double quotes and decodes Mermaid's #quot;
// style entities and <br> line breaks.
func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	s = strings.NewReplacer("#quot;", `"`, "#amp;", "&", "#lt;", "<", "#gt;", ">", "#35;", "#", "<br>", "\n", "<br/>", "\n", "<br />", "\n").Replace(s)
	return s
}

func itoa(i int) string { return strconv.Itoa(i) }
