package markdown

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"keel/internal/diag"
)

// Diagram is what Options.Diagram renders one ```d2, ```goat or ```mermaid
// block to. SVG nil: show the block as code.
type Diagram struct {
	SVG      []byte
	Problems []DiagramProblem
}

// DiagramProblem is positioned inside the block: Line and Col are 1-based
// within its source (Line 0: the block as a whole).
type DiagramProblem struct {
	Line, Col int
	Msg       string
	Warning   bool
}

// DiagramFunc renders one diagram block. It is given by the caller (the
// renderer lives outside this package, so Markdown does not link D2) and
// should cache by (kind, title, source): Convert and Analyze call it once per
// block, and a lazily rendered page calls it again.
type DiagramFunc func(key, kind, title, src string) Diagram

// DiagramKey names one block's input: Result.Diagrams lists them, so a cache
// of rendered diagrams can keep exactly those of the pages it still has.
func DiagramKey(kind, title, src string) string {
	h := sha256.New()
	h.Write([]byte(kind + "\x00" + title + "\x00"))
	h.Write([]byte(src))
	return hex.EncodeToString(h.Sum(nil))
}

// diagramKinds are the fence languages handed to Options.Diagram.
var diagramKinds = map[string]bool{"d2": true, "goat": true, "mermaid": true}

const diagramAttr = "keel-diagram"

// diagrams renders every diagram block of doc, reports its problems at
// their lines in the file, and leaves the result on the node for the
// renderer.
func (c *Converter) diagrams(doc ast.Node, src []byte, path string, pos func(int) (int, int), res *Result, diags *diag.List) {
	if c.opts.Diagram == nil || !(bytes.Contains(src, []byte("d2")) || bytes.Contains(src, []byte("goat")) || bytes.Contains(src, []byte("mermaid"))) {
		return // the common page: no walk at all
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		f, ok := n.(*ast.FencedCodeBlock)
		if !ok {
			return ast.WalkContinue, nil
		}
		kind := strings.ToLower(string(f.Language(src)))
		if !diagramKinds[kind] {
			return ast.WalkSkipChildren, nil
		}
		var code []byte
		ls := f.Lines()
		for i := range ls.Len() {
			seg := ls.At(i)
			code = append(code, seg.Value(src)...)
		}
		var info []byte
		if f.Info != nil {
			info = f.Info.Segment.Value(src)
		}
		title := fenceTitle(info)
		key := DiagramKey(kind, title, string(code))
		res.Diagrams = append(res.Diagrams, key)
		d := c.opts.Diagram(key, kind, title, string(code))
		for _, p := range d.Problems {
			line, col := blockPos(f, src, pos, p.Line, p.Col)
			if p.Warning {
				diags.Warnf(path, line, col, "%s", p.Msg)
			} else {
				diags.Errorf(path, line, col, "%s", p.Msg)
			}
		}
		f.SetAttributeString(diagramAttr, &d)
		return ast.WalkSkipChildren, nil
	})
}

// blockPos is the file position of line:col inside a fenced block (line 0:
// the opening fence).
func blockPos(f *ast.FencedCodeBlock, src []byte, pos func(int) (int, int), line, col int) (int, int) {
	ls := f.Lines()
	if line >= 1 && line <= ls.Len() {
		l, c := pos(ls.At(line - 1).Start)
		return l, c + max(col, 1) - 1
	}
	if f.Info != nil {
		l, _ := pos(f.Info.Segment.Start)
		return l, 1
	}
	if ls.Len() > 0 {
		l, _ := pos(ls.At(0).Start)
		return l - 1, 1
	}
	l, _ := pos(0)
	return l, 1
}

// fenceTitle reads title="…" (or title='…') from a fence's info string: the
// diagram's caption and accessible name.
func fenceTitle(info []byte) string {
	s := string(info)
	for {
		i := strings.Index(s, "title=")
		if i < 0 {
			return ""
		}
		if i > 0 && s[i-1] != ' ' && s[i-1] != '\t' && s[i-1] != '{' && s[i-1] != ',' {
			s = s[i+6:]
			continue
		}
		v := s[i+6:]
		if v == "" {
			return ""
		}
		if q := v[0]; q == '"' || q == '\'' {
			if end := strings.IndexByte(v[1:], q); end >= 0 {
				return v[1 : end+1]
			}
			return v[1:]
		}
		end := strings.IndexAny(v, " \t}")
		if end < 0 {
			end = len(v)
		}
		return v[:end]
	}
}

// writeDiagram writes a rendered diagram as a figure, with its caption. A
// diagram wider than the column scrolls inside the figure, so the figure
// takes keyboard focus (tabindex, like code blocks) to be scrolled by keys.
func writeDiagram(w util.BufWriter, kind, title string, svg []byte) {
	w.WriteString(`<figure class="diagram diagram-` + kind + `" tabindex="0">`)
	w.Write(svg)
	if title != "" {
		w.WriteString("<figcaption>")
		w.Write(util.EscapeHTML([]byte(title)))
		w.WriteString("</figcaption>")
	}
	w.WriteString("</figure>\n")
}
