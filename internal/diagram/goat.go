package diagram

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"github.com/bep/goat"
)

// renderGoat draws an ASCII diagram with GoAT. Its SVG uses currentColor, so
// it follows the text colour; hollow circles get the page background instead
// of white, and the outer <svg> a viewBox so it scales down.
func renderGoat(src string) (res Result) {
	defer func() {
		if p := recover(); p != nil {
			res = Result{Problems: []Problem{{Msg: fmt.Sprintf("GoAT failed on this diagram: %v", p)}}}
		}
	}()
	if strings.TrimSpace(src) == "" {
		return Result{Problems: []Problem{{Line: 1, Col: 1, Msg: "empty goat diagram"}}}
	}
	s := goat.BuildSVG(strings.NewReader(src))
	body := strings.ReplaceAll(s.Body, "fill='#fff'", "class='goat-hollow' fill='#fff'")
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="diagram-svg goat" viewBox="0 0 %d %d" width="%d" height="%d">`, s.Width, s.Height, s.Width, s.Height)
	b.WriteString(`<style>.goat{font-family:var(--mono,ui-monospace,monospace);font-size:14px}.goat .goat-hollow{fill:var(--bg,#fff)}</style>`)
	b.WriteString(body)
	b.WriteString("</svg>")
	return Result{SVG: b.Bytes()}
}

// goatWords is the text of an ASCII diagram without its drawing characters,
// for the SVG's <desc> (GoAT draws text one character at a time).
func goatWords(src string) string {
	var words []string
	for _, line := range strings.Split(src, "\n") {
		f := strings.FieldsFunc(line, func(r rune) bool {
			return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_' || r == '/')
		})
		var kept []string
		for _, w := range f {
			if strings.IndexFunc(w, unicode.IsLetter) >= 0 || len(w) > 1 && strings.IndexFunc(w, unicode.IsDigit) >= 0 {
				kept = append(kept, strings.Trim(w, ".-_/"))
			}
		}
		if len(kept) > 0 {
			words = append(words, strings.Join(kept, " "))
		}
	}
	return escapeXML(strings.Join(words, "; "))
}
