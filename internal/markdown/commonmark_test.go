package markdown

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// conformanceExceptions are CommonMark examples where keel's output differs
// from plain goldmark on purpose, with the reason.
var conformanceExceptions = map[int]string{}

// TestCommonMarkConformance runs every example of the CommonMark spec that
// ships with goldmark through keel's Markdown stage and requires goldmark's
// own result (same extensions, raw HTML passed through) once keel's intended
// rewrites are normalised away: highlighted code markup, heading ids, lazy
// images, link placeholders.
func TestCommonMarkConformance(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yuin/goldmark").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "_test", "spec.json"))
	if err != nil {
		t.Fatal(err)
	}
	var examples []struct {
		Markdown string `json:"markdown"`
		Example  int    `json:"example"`
		Section  string `json:"section"`
	}
	if err := json.Unmarshal(data, &examples); err != nil {
		t.Fatal(err)
	}
	plain := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList),
		goldmark.WithParserOptions(parser.WithAttribute()),
		goldmark.WithRendererOptions(html.WithUnsafe()),
	)
	keel := New(Options{HTML: HTMLUnsafe})
	same := 0
	for _, ex := range examples {
		var want bytes.Buffer
		if err := plain.Convert([]byte(ex.Markdown), &want); err != nil {
			t.Fatal(err)
		}
		res, _ := keel.Convert("spec.md", []byte(ex.Markdown), 1, 0)
		got := normalizeKeel(res)
		w := normalizePlain(want.String())
		if got == w {
			same++
			if _, ok := conformanceExceptions[ex.Example]; ok {
				t.Errorf("example %d is listed as an exception but now matches", ex.Example)
			}
			continue
		}
		if _, ok := conformanceExceptions[ex.Example]; ok {
			continue
		}
		t.Errorf("example %d (%s):\n%q\n keel:     %q\n goldmark: %q", ex.Example, ex.Section, ex.Markdown, got, w)
	}
	t.Logf("%d of %d CommonMark examples render as plain goldmark renders them (%d listed exceptions)", same, len(examples), len(conformanceExceptions))
}

var (
	placeholderRE = regexp.MustCompile("\x00([0-9]+)\x00")
	keelCodeRE    = regexp.MustCompile(`<div class="code"><pre class="chroma" tabindex="0"(?: data-lang="([^"]*)")?><code>`)
	spanRE        = regexp.MustCompile(`</?span[^>]*>`)
	headingIDRE   = regexp.MustCompile(`(<h[1-6])( id="[^"]*")`)
	plainLangRE   = regexp.MustCompile(`<pre><code class="language-([^"]*)">`)
)

func normalizeKeel(res Result) string {
	s := placeholderRE.ReplaceAllStringFunc(string(res.HTML), func(m string) string {
		i, _ := strconv.Atoi(strings.Trim(m, "\x00"))
		return string(util.EscapeHTML(util.URLEscape([]byte(res.Links[i].Dest), true)))
	})
	s = strings.ReplaceAll(s, ` loading="lazy">`, `>`)
	s = headingIDRE.ReplaceAllString(s, "$1")
	// Code: keel's highlighted block back to goldmark's plain one.
	var b strings.Builder
	for {
		loc := keelCodeRE.FindStringSubmatchIndex(s)
		if loc == nil {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:loc[0]])
		if loc[2] >= 0 && s[loc[2]:loc[3]] != "" {
			b.WriteString(`<pre><code class="language-` + s[loc[2]:loc[3]] + `">`)
		} else {
			b.WriteString("<pre><code>")
		}
		rest := s[loc[1]:]
		end := strings.Index(rest, "</code></pre></div>")
		b.WriteString(spanRE.ReplaceAllString(rest[:end], ""))
		b.WriteString("</code></pre>")
		s = rest[end+len("</code></pre></div>"):]
	}
	return b.String()
}

// normalizePlain lower-cases a code block's language, as keel picks lexers by it.
func normalizePlain(s string) string {
	return plainLangRE.ReplaceAllStringFunc(s, strings.ToLower)
}
