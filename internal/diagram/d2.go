package diagram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"oss.terrastruct.com/d2/d2graph"
	"oss.terrastruct.com/d2/d2layouts/d2dagrelayout"
	"oss.terrastruct.com/d2/d2lib"
	"oss.terrastruct.com/d2/d2parser"
	"oss.terrastruct.com/d2/d2renderers/d2svg"
	"oss.terrastruct.com/d2/lib/log"
	"oss.terrastruct.com/d2/lib/textmeasure"
)

// rulers measure text; building one parses the fonts, so they are reused.
var rulers = sync.Pool{New: func() any {
	r, err := textmeasure.NewRuler()
	if err != nil {
		return nil
	}
	return r
}}

func ptr[T any](v T) *T { return &v }

// renderD2 compiles, lays out (dagre) and renders one D2 source. The SVG
// carries no colours and no fonts of its own: D2's theme classes are mapped
// to the page's CSS variables (themeCSS), so one SVG serves light, dark and
// print.
func renderD2(src string) (res Result) {
	defer func() {
		// D2 and its JavaScript layout engine are third-party code running on
		// the author's input: a panic there is one block's error, not a crash.
		if p := recover(); p != nil {
			res = Result{Problems: []Problem{{Msg: fmt.Sprintf("D2 failed on this diagram: %v", p)}}}
		}
	}()
	ruler, _ := rulers.Get().(*textmeasure.Ruler)
	if ruler == nil {
		return Result{Problems: []Problem{{Msg: "D2 could not load its fonts to measure text"}}}
	}
	defer rulers.Put(ruler)
	ctx := log.With(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	ro := &d2svg.RenderOpts{
		Pad:         ptr(int64(8)),
		ThemeID:     ptr(int64(0)),
		DarkThemeID: ptr(int64(200)), // never used: a dark theme keeps colours out of inline styles
		OmitVersion: ptr(true),
		NoXMLTag:    ptr(true),
		Salt:        ptr("keel"),
	}
	layout := func(string) (d2graph.LayoutGraph, error) { return d2dagrelayout.DefaultLayout, nil }
	diagram, g, err := d2lib.Compile(ctx, src, &d2lib.CompileOptions{
		Ruler:          ruler,
		Layout:         ptr("dagre"),
		LayoutResolver: layout,
	}, ro)
	if err != nil {
		return Result{Problems: d2Problems(err)}
	}
	if probs := unsupported(g); len(probs) > 0 {
		return Result{Problems: probs}
	}
	if len(diagram.Layers)+len(diagram.Scenarios)+len(diagram.Steps) > 0 {
		return Result{Problems: []Problem{{Line: 1, Col: 1, Msg: "D2 layers, scenarios and steps are not rendered at build time (only the first board is); remove them"}}}
	}
	svg, err := d2svg.Render(diagram, ro)
	if err != nil {
		return Result{Problems: []Problem{{Msg: "D2: " + err.Error()}}}
	}
	out, ok := themed(svg)
	if !ok {
		return Result{Problems: []Problem{{Msg: "D2 could not lay out this diagram (its layout came out with an impossible size); simplify it, e.g. move notes out of alt/loop groups"}}}
	}
	return Result{SVG: out}
}

var posPrefix = regexp.MustCompile(`^(?:[^:\s]*:)?\d+:\d+: `)

// d2Problems turns D2's errors into positioned problems with D2's message.
func d2Problems(err error) []Problem {
	var pe *d2parser.ParseError
	if errors.As(err, &pe) && len(pe.Errors) > 0 {
		var out []Problem
		for _, e := range pe.Errors {
			msg := posPrefix.ReplaceAllString(e.Message, "")
			out = append(out, Problem{Line: e.Range.Start.Line + 1, Col: e.Range.Start.Column + 1, Msg: "D2: " + msg})
		}
		return out
	}
	msg := err.Error()
	line, col := 0, 0
	if m := regexp.MustCompile(`(\d+):(\d+): `).FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		col, _ = strconv.Atoi(m[2])
		msg = strings.Replace(msg, m[0], "", 1)
	}
	return []Problem{{Line: line, Col: col, Msg: "D2: " + msg}}
}

// unsupported reports D2 features whose output would reference something
// outside the SVG or need script: links, icons, tooltips, Markdown and LaTeX
// labels.
func unsupported(g *d2graph.Graph) []Problem {
	var out []Problem
	add := func(obj *d2graph.Object, s *d2graph.Scalar, what string) {
		line, col := 0, 0
		if s != nil && s.MapKey != nil {
			line, col = s.MapKey.Range.Start.Line+1, s.MapKey.Range.Start.Column+1
		} else if len(obj.References) > 0 && obj.References[0].Key != nil {
			r := obj.References[0].Key.Range
			line, col = r.Start.Line+1, r.Start.Column+1
		}
		out = append(out, Problem{Line: line, Col: col, Msg: fmt.Sprintf("D2: %s on %q are not rendered at build time (a diagram references nothing outside itself)", what, obj.AbsID())})
	}
	for _, obj := range g.Objects {
		a := obj.Attributes
		switch {
		case a.Link != nil:
			add(obj, a.Link, "links")
		case a.Tooltip != nil:
			add(obj, a.Tooltip, "tooltips")
		case a.Icon != nil:
			add(obj, nil, "icons")
		case a.Language == "markdown" || a.Language == "latex":
			add(obj, nil, a.Language+" labels")
		}
	}
	for _, e := range g.Edges {
		if e.Attributes.Link != nil || e.Attributes.Icon != nil || e.Attributes.Tooltip != nil || e.Attributes.Language == "markdown" || e.Attributes.Language == "latex" {
			line, col := 0, 0
			if len(e.References) > 0 && e.References[0].MapKey != nil {
				r := e.References[0].MapKey.Range
				line, col = r.Start.Line+1, r.Start.Column+1
			}
			out = append(out, Problem{Line: line, Col: col, Msg: "D2: links, icons, tooltips and Markdown labels on connections are not rendered at build time"})
		}
	}
	slices.SortStableFunc(out, func(a, b Problem) int { return a.Line - b.Line })
	return out
}

var (
	styleBlock = regexp.MustCompile(`(?s)<style type="text/css">.*?</style>`)
	outerSVG   = regexp.MustCompile(`^<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"\s+preserveAspectRatio="([^"]*)" viewBox="0 0 (\d{1,5}) (\d{1,5})">`)
	hashClass  = regexp.MustCompile(`<svg class="(d2-\d+) d2-svg"`)
	themeClass = regexp.MustCompile(`\b(fill|stroke|background-color|color)-(N[1-7]|B[1-6]|AA[245]|AB[45])\b`)
	textClass  = regexp.MustCompile(`\btext(?:-mono)?(?:-bold|-italic|-underline)?\b`)
	fontSize   = regexp.MustCompile(`(<text [^>]*font-size:)(\d+)px`)
	maskHole   = regexp.MustCompile(`<rect x="(-?[\d.]+)" y="(-?[\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="black"></rect>`)
)

// holeSlack widens the gap D2 cuts in a connection under its label: D2 cuts
// it to the label's width in Source Sans Pro, and the theme's font is wider
// (DejaVu Sans, even at textScale, by up to a fifth on a long label of
// digits and punctuation), so the line ran through the label's ends.
const holeSlack = 0.2

func widenHole(m []byte) []byte {
	sm := maskHole.FindSubmatch(m)
	var v [4]float64
	for i := range v {
		v[i], _ = strconv.ParseFloat(string(sm[i+1]), 64)
	}
	dw, dh := v[2]*holeSlack+6, 2.0
	return fmt.Appendf(nil, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="black"></rect>`, v[0]-dw/2, v[1]-dh/2, v[2]+dw, v[3]+dh)
}

// textScale shrinks label text a little: D2 sizes boxes for its own font
// (Source Sans Pro, narrow), and the theme's font — usually the system's —
// is wider; at 90 % a label fits its box in DejaVu Sans, the widest common one.
// Container titles (D2 sets them at 28 px or more) get titleScale: at 90 %
// a long title ran past the diagram's edge and was cut off.
const (
	textScale  = 0.9
	titleScale = 0.8
)

// themed replaces D2's stylesheets (embedded fonts, fixed theme colours)
// with rules for the classes this SVG uses, in terms of the page's CSS
// variables, and gives the outer <svg> its natural size.
func themed(svg []byte) ([]byte, bool) {
	body := styleBlock.ReplaceAll(svg, nil)
	body = fontSize.ReplaceAllFunc(body, func(m []byte) []byte {
		sm := fontSize.FindSubmatch(m)
		n, _ := strconv.Atoi(string(sm[2]))
		scale := textScale
		if n >= 24 {
			scale = titleScale
		}
		return append(sm[1], strconv.FormatFloat(float64(n)*scale, 'f', -1, 64)+"px"...)
	})
	body = maskHole.ReplaceAllFunc(body, widenHole)
	m := outerSVG.FindSubmatchIndex(body)
	h := hashClass.FindSubmatch(body)
	if m == nil || h == nil {
		return nil, false
	}
	w, hgt := body[m[4]:m[5]], body[m[6]:m[7]]
	scope := "." + string(h[1])
	var css strings.Builder
	css.WriteString(scope + "{font-family:var(--font,system-ui,sans-serif)}")
	css.WriteString(scope + " .shape{shape-rendering:geometricPrecision;stroke-linejoin:round}")
	css.WriteString(scope + " .connection{stroke-linecap:round;stroke-linejoin:round}")
	css.WriteString(scope + " .blend{opacity:.5}")
	seen := map[string]bool{}
	var classes []string
	for _, c := range themeClass.FindAll(body, -1) {
		if !seen[string(c)] {
			seen[string(c)] = true
			classes = append(classes, string(c))
		}
	}
	for _, c := range textClass.FindAll(body, -1) {
		if !seen[string(c)] {
			seen[string(c)] = true
			classes = append(classes, string(c))
		}
	}
	slices.Sort(classes)
	for _, c := range classes {
		if rule := classRule(c); rule != "" {
			css.WriteString(scope + " ." + c + "{" + rule + "}")
		}
	}
	var b bytes.Buffer
	b.Grow(len(body) + css.Len() + 200)
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="diagram-svg" preserveAspectRatio="%s" viewBox="0 0 %s %s" width="%s" height="%s">`,
		body[m[2]:m[3]], w, hgt, w, hgt)
	b.WriteString("<style>")
	b.WriteString(css.String())
	b.WriteString("</style>")
	b.Write(body[m[1]:])
	return b.Bytes(), true
}

// palette maps D2's theme colour names to the theme's CSS variables, with
// the default light theme's values as fallbacks. N are neutrals (N1 text,
// N7 background), B the accent from strong to faint, AA/AB two more hues.
var palette = map[string]string{
	"N1":  "var(--fg,#1f2328)",
	"N2":  "var(--muted,#59636e)",
	"N3":  "var(--muted,#59636e)",
	"N4":  "var(--border-strong,#b8c1ca)",
	"N5":  "var(--border,#d8dee4)",
	"N6":  "var(--bg-sunken,#eef1f4)",
	"N7":  "var(--bg,#fff)",
	"B1":  "var(--accent-strong,#09585d)",
	"B2":  "var(--accent,#0b6e74)",
	"B3":  "color-mix(in srgb,var(--accent,#0b6e74) 30%,var(--bg,#fff))",
	"B4":  "color-mix(in srgb,var(--accent,#0b6e74) 14%,var(--bg,#fff))",
	"B5":  "color-mix(in srgb,var(--accent,#0b6e74) 9%,var(--bg,#fff))",
	"B6":  "color-mix(in srgb,var(--accent,#0b6e74) 5%,var(--bg,#fff))",
	"AA2": "var(--info,#0969da)",
	"AA4": "color-mix(in srgb,var(--info,#0969da) 14%,var(--bg,#fff))",
	"AA5": "color-mix(in srgb,var(--info,#0969da) 8%,var(--bg,#fff))",
	"AB4": "color-mix(in srgb,var(--important,#8250df) 14%,var(--bg,#fff))",
	"AB5": "color-mix(in srgb,var(--important,#8250df) 8%,var(--bg,#fff))",
}

func classRule(c string) string {
	if m := themeClass.FindStringSubmatch(c); m != nil && m[0] == c {
		return m[1] + ":" + palette[m[2]]
	}
	var r []string
	if strings.Contains(c, "mono") {
		r = append(r, "font-family:var(--mono,ui-monospace,monospace)")
	}
	if strings.Contains(c, "bold") {
		r = append(r, "font-weight:600")
	}
	if strings.Contains(c, "italic") {
		r = append(r, "font-style:italic")
	}
	if strings.Contains(c, "underline") {
		r = append(r, "text-decoration:underline")
	}
	return strings.Join(r, ";")
}
