package serve

import (
	"fmt"
	"html"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"keel/internal/diag"
)

// renderOverlay is the error overlay's markup, injected into pages and sent
// in "errors" events. It styles itself, in light and dark, and stays out of
// the page's way: fixed, scrollable, dismissable. Each diagnostic links to
// the editor at its position and shows its source line with a caret.
func (s *Server) renderOverlay(snap Snapshot, errors, warnings int) string {
	var b strings.Builder
	// Broken links are marked in the pages themselves: that style is here
	// too, and a dismissed overlay is hidden, not removed, to keep it.
	b.WriteString(`<div id="keel-overlay" role="alert"><style>` + marksCSS + overlayCSS + `</style><div class="keel-box">`)
	b.WriteString(`<button type="button" class="keel-close" aria-label="Dismiss" title="Dismiss">×</button>`)
	b.WriteString(`<p class="keel-title">`)
	if snap.Files != nil {
		fmt.Fprintf(&b, "keel: %s. Pages with errors are shown with them marked; every other page is up to date.",
			html.EscapeString(snap.Diags.Summary()))
	} else {
		fmt.Fprintf(&b, "keel: the site cannot be built (%s); the last good build is shown.",
			html.EscapeString(snap.Diags.Summary()))
	}
	b.WriteString(`</p><ul>`)
	const maxShown = 100
	for i, d := range rootCauseFirst(snap.Diags) {
		if i == maxShown {
			fmt.Fprintf(&b, "<li>… and %d more (see the terminal)</li>", len(snap.Diags)-maxShown)
			break
		}
		s.writeDiag(&b, snap, d)
	}
	b.WriteString(`</ul></div></div>`)
	return b.String()
}

// rootCauseFirst puts the errors outside content/ (keel.yaml, a template:
// what makes the site impossible) before the rest, which, read against a
// configuration that could not be read, are often only its consequences.
func rootCauseFirst(diags diag.List) diag.List {
	out := make(diag.List, 0, len(diags))
	for _, d := range diags {
		if isRoot(d) {
			out = append(out, d)
		}
	}
	for _, d := range diags {
		if !isRoot(d) {
			out = append(out, d)
		}
	}
	return out
}

func isRoot(d diag.Diagnostic) bool {
	return d.Severity == diag.Error && !strings.HasPrefix(d.Path, "content/")
}

var hintRE = regexp.MustCompile(` \(did you mean (.+)\?\)$`)

func (s *Server) writeDiag(b *strings.Builder, snap Snapshot, d diag.Diagnostic) {
	class := "keel-" + d.Severity.String()
	if isRoot(d) {
		class += " keel-root" // live.js keeps it above the page's own errors
	}
	if out, ok := snap.Outputs[d.Path]; ok {
		fmt.Fprintf(b, `<li class="%s" data-page="%s">`, class, html.EscapeString(out))
	} else {
		fmt.Fprintf(b, `<li class="%s">`, class)
	}
	loc := d.Path
	if d.Line > 0 {
		loc += ":" + strconv.Itoa(d.Line)
		if d.Col > 0 {
			loc += ":" + strconv.Itoa(d.Col)
		}
	}
	if link := s.editorLink(snap.Editor, d); link != "" {
		fmt.Fprintf(b, `<a class="keel-loc" href="%s" title="Open in the editor">%s</a>`, html.EscapeString(link), html.EscapeString(loc))
	} else {
		fmt.Fprintf(b, `<span class="keel-loc">%s</span>`, html.EscapeString(loc))
	}
	msg, hint := d.Message, ""
	if m := hintRE.FindStringSubmatchIndex(msg); m != nil {
		msg, hint = d.Message[:m[0]], d.Message[m[2]:m[3]]
	}
	fmt.Fprintf(b, `: <span class="keel-sev">%s:</span> %s`, d.Severity, html.EscapeString(msg))
	if hint != "" {
		fmt.Fprintf(b, ` <span class="keel-hint">did you mean %s?</span>`, html.EscapeString(hint))
	}
	if snap.Excerpt != nil && d.Line > 0 {
		if line := snap.Excerpt(d.Path, d.Line); line != "" {
			writeExcerpt(b, d.Line, d.Col, line)
		}
	}
	b.WriteString(`</li>`)
}

// editorLink fills the editor URL template for d, or returns "" when d has
// no file to open.
func (s *Server) editorLink(tmpl string, d diag.Diagnostic) string {
	if tmpl == "" || s.root == "" || d.Path == "" || strings.HasPrefix(d.Path, "-") {
		return ""
	}
	abs := filepath.ToSlash(filepath.Join(s.root, filepath.FromSlash(d.Path)))
	p := (&url.URL{Path: abs}).EscapedPath()
	if strings.Contains(tmpl, "/{path}") {
		p = strings.TrimPrefix(p, "/") // vscode://file/{path}: one slash, not two
	}
	return strings.NewReplacer("{path}", p, "{line}", strconv.Itoa(max(d.Line, 1)), "{col}", strconv.Itoa(max(d.Col, 1))).Replace(tmpl)
}

// writeExcerpt shows the source line with a caret under the column (a
// 1-based character column; tabs are kept so the caret lines up).
func writeExcerpt(b *strings.Builder, n, col int, line string) {
	const maxLen = 240
	if utf8.RuneCountInString(line) > maxLen {
		line = string([]rune(line)[:maxLen]) + "…"
	}
	num := strconv.Itoa(n)
	b.WriteString(`<pre class="keel-src"><span class="keel-ln">`)
	b.WriteString(num + " │ </span>")
	b.WriteString(html.EscapeString(line))
	if col > 0 {
		var pad strings.Builder
		i := 1
		for _, r := range line {
			if i >= col {
				break
			}
			if r == '\t' {
				pad.WriteByte('\t')
			} else {
				pad.WriteByte(' ')
			}
			i++
		}
		b.WriteString("\n" + `<span class="keel-ln">` + strings.Repeat(" ", len(num)) + " │ </span>")
		b.WriteString(pad.String() + `<span class="keel-caret">^</span>`)
	}
	b.WriteString(`</pre>`)
}

const marksCSS = `.keel-broken{color:#d1242f!important;text-decoration:underline wavy #d1242f!important;cursor:help}` +
	`a.keel-broken::after{content:" ⚠"}img.keel-broken{outline:2px dashed #d1242f;min-width:2em;min-height:1em}` +
	`@media (prefers-color-scheme:dark){.keel-broken{color:#ff7b72!important;text-decoration-color:#ff7b72!important}}`

const overlayCSS = `#keel-overlay{all:initial;position:fixed;inset:auto 0 0 0;z-index:2147483647;display:block;` +
	`font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#1f2328}` +
	`#keel-overlay .keel-box{margin:12px;padding:12px 40px 12px 16px;max-height:45vh;overflow:auto;` +
	`background:#fff8f7;border:1px solid #d1242f;border-left-width:6px;border-radius:6px;box-shadow:0 4px 24px #0004;position:relative}` +
	`#keel-overlay .keel-title{margin:0 0 8px;font-weight:bold;color:#a40e26;font-family:system-ui,sans-serif;font-size:14px}` +
	`#keel-overlay ul{margin:0;padding:0;list-style:none}` +
	`#keel-overlay li{white-space:pre-wrap;overflow-wrap:anywhere;padding:6px 0;border-top:1px solid #d1242f22}` +
	`#keel-overlay li:first-child{border-top:0}` +
	`#keel-overlay li.keel-here{background:#d1242f14;margin:0 -8px;padding:6px 8px;border-radius:4px}` +
	`#keel-overlay li.keel-here::before{content:"this page";display:inline-block;margin-right:8px;padding:0 6px;border-radius:4px;background:#d1242f;color:#fff;font-family:system-ui,sans-serif;font-size:11px;font-weight:bold;text-transform:uppercase}` +
	`#keel-overlay .keel-loc{color:inherit;font-weight:bold}` +
	`#keel-overlay a.keel-loc{color:#0550ae;text-decoration:underline}` +
	`#keel-overlay .keel-sev{color:#a40e26;font-weight:bold}` +
	`#keel-overlay li.keel-warning .keel-sev{color:#7d4e00}` +
	`#keel-overlay .keel-hint{display:inline-block;padding:0 6px;border-radius:4px;background:#dafbe1;color:#116329}` +
	`#keel-overlay .keel-src{margin:4px 0 0;padding:4px 8px;background:#ffffff;border:1px solid #d0d7de;border-radius:4px;overflow-x:auto;white-space:pre;tab-size:4}` +
	`#keel-overlay .keel-ln{color:#6e7781;user-select:none}` +
	`#keel-overlay .keel-caret{color:#d1242f;font-weight:bold}` +
	`#keel-overlay .keel-close{position:absolute;top:4px;right:4px;width:44px;height:44px;border:0;background:none;font:22px/1 sans-serif;color:inherit;cursor:pointer}` +
	`@media (prefers-color-scheme:dark){#keel-overlay{color:#e6edf3}` +
	`#keel-overlay .keel-box{background:#2d1517;border-color:#f85149}` +
	`#keel-overlay .keel-title,#keel-overlay .keel-sev{color:#ff7b72}#keel-overlay li.keel-warning .keel-sev{color:#d29922}` +
	`#keel-overlay a.keel-loc{color:#79c0ff}#keel-overlay .keel-hint{background:#12261e;color:#7ee787}` +
	`#keel-overlay .keel-src{background:#0d1117;border-color:#30363d}#keel-overlay .keel-ln{color:#8b949e}` +
	`#keel-overlay .keel-caret{color:#ff7b72}}`
