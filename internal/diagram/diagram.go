package diagram

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Problem is one diagnostic inside a diagram's source. Line and Col are
// 1-based within the block (0: the block as a whole).
type Problem struct {
	Line, Col int
	Msg       string
	Warning   bool
}

// Result is what one block renders to. SVG is nil when the block is to be
// shown as code instead (an error, or Mermaid outside the subset).
type Result struct {
	SVG      []byte
	Problems []Problem
}

// Kinds are the fence languages rendered as diagrams.
var Kinds = []string{"d2", "goat", "mermaid"}

// Render renders one block. title is its caption (the fence's title="…"),
// used as the SVG's accessible name; "" names it by kind.
func Render(kind, src, title string) Result {
	var res Result
	switch kind {
	case "d2":
		res = renderD2(src)
	case "goat":
		res = renderGoat(src)
	case "mermaid":
		d2src, probs := FromMermaid(src)
		if d2src == "" {
			return Result{Problems: probs}
		}
		res = renderD2(d2src)
		for i := range res.Problems {
			// Errors in the translation are keel's, not the author's: say so.
			res.Problems[i] = Problem{Msg: "mermaid translated to D2 did not render: " + res.Problems[i].Msg}
		}
		res.Problems = append(probs, res.Problems...)
	default:
		return Result{Problems: []Problem{{Msg: fmt.Sprintf("unknown diagram kind %q", kind)}}}
	}
	if res.SVG == nil {
		return res
	}
	if err := checkSafe(res.SVG); err != nil {
		res.SVG = nil
		res.Problems = append(res.Problems, Problem{Msg: err.Error()})
		return res
	}
	desc := textsOf(res.SVG)
	if kind == "goat" {
		desc = goatWords(src)
	}
	res.SVG = label(readable(res.SVG), title, desc)
	return res
}

// MinText is the smallest text, in CSS pixels, a diagram is scaled down to:
// below it a label cannot be read without zooming. A diagram too wide for its
// column at that scale scrolls inside its frame instead (diagram.css).
const MinText = 10

var (
	svgWidth  = regexp.MustCompile(`^<svg [^>]*?\swidth="(\d+)"`)
	fontSizes = regexp.MustCompile(`font-size:\s*(\d+(?:\.\d+)?)px`)
)

// readable gives the outer <svg> a min-width at which its smallest text is
// MinText px: the page's max-width:100% scales it down to that and no further.
func readable(svg []byte) []byte {
	w := svgWidth.FindSubmatch(svg)
	if w == nil {
		return svg
	}
	smallest := 0.0
	for _, m := range fontSizes.FindAllSubmatch(svg, -1) {
		if f, err := strconv.ParseFloat(string(m[1]), 64); err == nil && f > 0 && (smallest == 0 || f < smallest) {
			smallest = f
		}
	}
	width, _ := strconv.Atoi(string(w[1]))
	if smallest == 0 || width == 0 {
		return svg
	}
	min := min(width, int(math.Ceil(float64(width)*MinText/smallest)))
	end := bytes.IndexByte(svg, '>')
	return slices.Concat(svg[:end], fmt.Appendf(nil, ` style="min-width:%dpx"`, min), svg[end:])
}

// label gives the outer <svg> its accessible name: role="img", aria-label
// and a <title> first child, and a <desc> listing the diagram's texts.
func label(svg []byte, title, texts string) []byte {
	name := title
	if name == "" {
		name = "Diagram"
	}
	end := bytes.IndexByte(svg, '>')
	if end < 0 || !bytes.HasPrefix(svg, []byte("<svg")) {
		return svg
	}
	var b bytes.Buffer
	b.Grow(len(svg) + 256)
	b.Write(svg[:end])
	fmt.Fprintf(&b, ` role="img" aria-label="%s"><title>%s</title>`, escapeXML(name), escapeXML(name))
	if texts != "" {
		fmt.Fprintf(&b, "<desc>%s</desc>", texts)
	}
	b.Write(svg[end+1:])
	return b.Bytes()
}

var (
	textRe = regexp.MustCompile(`(?s)<text[^>]*>(.*?)</text>`)
	tagRe  = regexp.MustCompile(`<[^>]*>`)
)

// textsOf joins the diagram's text elements (already XML-escaped) for <desc>.
// GoAT draws one character per element, so adjacent ones are joined by line.
func textsOf(svg []byte) string {
	var parts []string
	seen := map[string]bool{}
	for _, m := range textRe.FindAllSubmatch(svg, -1) {
		// A multi-line label is one <text> of <tspan>s: one line each.
		t := strings.Join(strings.Fields(tagRe.ReplaceAllString(strings.ReplaceAll(string(m[1]), "</tspan>", " "), "")), " ")
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		parts = append(parts, t)
	}
	return strings.Join(parts, "; ")
}

func escapeXML(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

var (
	unsafeTag  = regexp.MustCompile(`(?i)<\s*(script|foreignObject|iframe|object|embed|image|a|use|animate|set|handler|feImage)\b`)
	eventAttr  = regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
	hrefAttr   = regexp.MustCompile(`(?i)(?:xlink:)?href\s*=\s*["']([^"']*)`)
	cssURL     = regexp.MustCompile(`(?i)url\(\s*["']?([^)"']*)`)
	importRule = regexp.MustCompile(`(?i)@import`)
)

// checkSafe refuses SVG with script, event handlers, embedded documents or
// any reference that is not a fragment of the SVG itself. It is the last
// gate: the renderers are configured not to produce these, and a block whose
// output fails here is shown as code.
func checkSafe(svg []byte) error {
	if m := unsafeTag.Find(svg); m != nil {
		return fmt.Errorf("diagram output contains %s; it is not rendered", m)
	}
	if eventAttr.Match(svg) {
		return fmt.Errorf("diagram output contains an event handler attribute; it is not rendered")
	}
	if importRule.Match(svg) {
		return fmt.Errorf("diagram output contains @import; it is not rendered")
	}
	for _, re := range []*regexp.Regexp{hrefAttr, cssURL} {
		for _, m := range re.FindAllSubmatch(svg, -1) {
			if !bytes.HasPrefix(bytes.TrimSpace(m[1]), []byte("#")) {
				return fmt.Errorf("diagram output references %q outside itself; it is not rendered", m[1])
			}
		}
	}
	return nil
}
