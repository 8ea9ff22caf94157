package markdown

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestParseFence(t *testing.T) {
	tests := []struct {
		info string
		want Fence
	}{
		{"sql", Fence{Lang: "sql", Start: 1}},
		{"bash extra words", Fence{Lang: "bash", Start: 1}},
		{`sql title="inventory.sql"`, Fence{Lang: "sql", Title: "inventory.sql", Start: 1, Extras: true}},
		{`sql title='a "b" c'`, Fence{Lang: "sql", Title: `a "b" c`, Start: 1, Extras: true}},
		{`sql title=inventory.sql`, Fence{Lang: "sql", Title: "inventory.sql", Start: 1, Extras: true}},
		{"go {3-5,9}", Fence{Lang: "go", Mark: []Range{{3, 5, 3}, {9, 9, 3}}, Start: 1, Extras: true}},
		{"go mark={ 3 - 5 , 9 }", Fence{Lang: "go", Mark: []Range{{3, 5, 3}, {9, 9, 3}}, Start: 1, Extras: true}},
		{"go {1} {4}", Fence{Lang: "go", Mark: []Range{{1, 1, 3}, {4, 4, 7}}, Start: 1, Extras: true}},
		{"yaml ins={4} del={2}", Fence{Lang: "yaml", Ins: []Range{{4, 4, 5}}, Del: []Range{{2, 2, 13}}, Start: 1, Extras: true}},
		{`diff lang="yaml"`, Fence{Lang: "diff", Diff: "yaml", DiffAt: 5, Start: 1, Extras: true}},
		{`diff lang=YAML`, Fence{Lang: "diff", Diff: "yaml", DiffAt: 5, Start: 1, Extras: true}},
		{"sql showLineNumbers", Fence{Lang: "sql", LineNumbers: true, Start: 1, Extras: true}},
		{"sql showLineNumbers=false", Fence{Lang: "sql", Start: 1, Extras: true}},
		{"sql startLineNumber=10", Fence{Lang: "sql", LineNumbers: true, Start: 10, Extras: true}},
		{"sql wrap", Fence{Lang: "sql", Wrap: true, Start: 1, Extras: true}},
		{"sql wrap=true\tshowLineNumbers", Fence{Lang: "sql", Wrap: true, LineNumbers: true, Start: 1, Extras: true}},
		{"{2}", Fence{Mark: []Range{{2, 2, 0}}, Start: 1, Extras: true}},
		{`title="notes.txt"`, Fence{Title: "notes.txt", Start: 1, Extras: true}},
		{"sql{1}", Fence{Lang: "sql{1}", Start: 1}}, // GitHub's language word, as before
	}
	for _, tc := range tests {
		got, probs := ParseFence(tc.info)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseFence(%q)\n got %+v\nwant %+v", tc.info, got, tc.want)
		}
		for _, p := range probs {
			if !p.Warning {
				t.Errorf("ParseFence(%q): unexpected error %+v", tc.info, p)
			}
		}
	}
}

// Every problem is reported at the fence line, at the column of the extra,
// all of them in one run; the block still renders.
func TestFenceDiagnostics(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"open range", "```sql {3-}\na\n```\n",
			[]string{`a.md:5:8: error: {3-}: "3-" is not a line number or a range such as 3 or 3-5`}},
		{"not a number", "```sql ins={x}\na\n```\n",
			[]string{`a.md:5:8: error: ins={x}: "x" is not a line number or a range such as 3 or 3-5`}},
		{"reversed", "```sql del={5-3}\na\n```\n",
			[]string{`a.md:5:8: error: del={5-3}: range "5-3" ends before it starts`}},
		{"zero", "```sql {0}\na\n```\n",
			[]string{`a.md:5:8: error: {0}: "0" is not a line number or a range such as 3 or 3-5`}},
		{"empty", "```sql {}\na\n```\n",
			[]string{`a.md:5:8: error: {}: empty line range {}`}},
		{"unknown lang", "```diff lang=\"yml2\"\n+a\n```\n",
			[]string{`a.md:5:9: error: unknown language "yml2" in lang=; use a language keel highlights, such as yaml, sql, go, json or bash`}},
		{"lang on a non-diff fence", "```sql lang=\"yaml\"\na\n```\n",
			[]string{"a.md:5:8: error: lang= applies only to diff fences (```diff lang=\"yaml\"); this fence's language is \"sql\""}},
		{"unterminated quote", "```sql {1} title=\"inventory.sql\na\n```\n",
			[]string{`a.md:5:12: error: unterminated quote title="inventory.sql (add the closing ")`}},
		{"unterminated brace", "```sql {1,2\na\nb\n```\n",
			[]string{`a.md:5:8: error: unterminated line range {1,2 (add the closing })`}},
		{"past the end", "```sql {2} ins={1,5}\na\nb\n```\n",
			[]string{`a.md:5:12: error: line 5 is past the end of this 2-line code block`}},
		{"several in one fence", "```sql {3-} title=\"x\" title=\"y\" startLineNumber=ten\na\n```\n",
			[]string{
				`a.md:5:8: error: {3-}: "3-" is not a line number or a range such as 3 or 3-5`,
				`a.md:5:23: error: title is given twice`,
				`a.md:5:33: error: startLineNumber needs a whole number, such as startLineNumber=10`,
			}},
		{"glued extras", "```sql {1}title=\"x\"\na\n```\n",
			[]string{`a.md:5:8: error: unexpected "title=\"x\"" after {1}; separate code block options with spaces`}},
		{"bad boolean", "```sql wrap=yes\na\n```\n",
			[]string{`a.md:5:8: error: wrap is true or false, not yes`}},
		{"did you mean", "```sql linenos\na\n```\n",
			[]string{`a.md:5:8: warning: unknown code block option "linenos" is ignored; did you mean showLineNumbers?`}},
		{"other tools' words", "```bash extra words\na\n```\n",
			[]string{`a.md:5:9: warning: unknown code block options "extra words" ignored (keel reads title, mark, ins, del, lang, wrap, showLineNumbers, startLineNumber)`}},
		{"inline text markers", "```js \"foo\" {1}\na\n```\n",
			[]string{`a.md:5:7: warning: inline text markers ("foo") are not supported; mark whole lines with {…}, ins={…} or del={…}`}},
		{"indented fence in a list", "- item\n\n  ```sql   {x}\n  a\n  ```\n",
			[]string{`a.md:7:12: error: {x}: "x" is not a line number or a range such as 3 or 3-5`}},
		{"columns count characters", "```sql title=\"表\" {x}\na\n```\n",
			[]string{`a.md:5:18: error: {x}: "x" is not a line number or a range such as 3 or 3-5`}},
		{"fine", "```sql title=\"a.sql\" {1} ins={2} del={3} showLineNumbers wrap\na\nb\nc\n```\n", nil},
	}
	c := New(Options{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, diags := c.Convert("a.md", []byte(tc.body), 5, 0)
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("diagnostics\n got %q\nwant %q", got, tc.want)
			}
			if !bytes.Contains(res.HTML, []byte("<pre")) {
				t.Errorf("no code block rendered: %s", res.HTML)
			}
		})
	}
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// codeText is what a reader copies: the text of <code>, with the markup and
// the generated content (line numbers, +/- markers) gone.
func codeText(h string) string {
	i, j := strings.Index(h, "<code>"), strings.LastIndex(h, "</code>")
	return html.UnescapeString(tagRE.ReplaceAllString(h[i+6:j], ""))
}

// rows returns the opening tag of each row.
func rows(h string) []string {
	return regexp.MustCompile(`<span class="row[^"]*"[^>]*>`).FindAllString(h, -1)
}

func TestFenceRendering(t *testing.T) {
	render := fenceRenderer()
	sql := "SELECT 1;\n/* two\n   lines */\nSELECT 2;\n"
	t.Run("title", func(t *testing.T) {
		h := render(t, "```sql title=\"inventory <v2>.sql\"\n"+sql+"```\n")
		for _, want := range []string{
			`<figure class="code titled"><figcaption class="code-title"><span>inventory &lt;v2&gt;.sql</span></figcaption><pre class="chroma rows" tabindex="0" data-lang="sql"><code>`,
			"</code></pre></figure>\n",
		} {
			if !strings.Contains(h, want) {
				t.Errorf("missing %q in\n%s", want, h)
			}
		}
	})
	t.Run("marks on fastlex, chroma and plain text", func(t *testing.T) {
		for _, lang := range []string{"sql", "python", "nosuchlang", ""} {
			h := render(t, "```"+lang+" {2-3} ins={4} del={1}\n"+sql+"```\n")
			want := []string{`<span class="row del">`, `<span class="row mark">`, `<span class="row mark">`, `<span class="row ins">`}
			if got := rows(h); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: rows %q, want %q\n%s", lang, got, want, h)
			}
			if got := codeText(h); got != sql {
				t.Errorf("%s: text %q, want %q", lang, got, sql)
			}
		}
	})
	t.Run("a token across lines is split into rows", func(t *testing.T) {
		h := render(t, "```sql {2}\n"+sql+"```\n")
		if !strings.Contains(h, `<span class="row mark"><span class="cm">/* two</span></span>`+"\n"+`<span class="row"><span class="cm">   lines */</span></span>`) {
			t.Errorf("comment not split per row:\n%s", h)
		}
	})
	t.Run("ins wins over mark", func(t *testing.T) {
		h := render(t, "```sql {1-2} ins={2}\na\nb\n```\n")
		if got := rows(h); !reflect.DeepEqual(got, []string{`<span class="row mark">`, `<span class="row ins">`}) {
			t.Errorf("rows %q", got)
		}
	})
	t.Run("line numbers", func(t *testing.T) {
		h := render(t, "```sql showLineNumbers\n"+sql+"```\n")
		if want := []string{`<span class="row" data-ln="1">`, `<span class="row" data-ln="2">`, `<span class="row" data-ln="3">`, `<span class="row" data-ln="4">`}; !reflect.DeepEqual(rows(h), want) {
			t.Errorf("rows %q", rows(h))
		}
		if !strings.Contains(h, `class="chroma rows numbered ln1"`) || codeText(h) != sql {
			t.Errorf("numbered block:\n%s", h)
		}
		h = render(t, "```sql startLineNumber=98\n"+sql+"```\n")
		if want := []string{`<span class="row" data-ln="98">`, `<span class="row" data-ln="99">`, `<span class="row" data-ln="100">`, `<span class="row" data-ln="101">`}; !reflect.DeepEqual(rows(h), want) {
			t.Errorf("rows %q", rows(h))
		}
		if !strings.Contains(h, `class="chroma rows numbered ln3"`) {
			t.Errorf("gutter not sized for 3 digits:\n%s", h)
		}
	})
	t.Run("wrap", func(t *testing.T) {
		h := render(t, "```sql wrap\nSELECT 1;\n```\n")
		if !strings.Contains(h, `<pre class="chroma rows wrap" tabindex="0" data-lang="sql">`) {
			t.Errorf("no wrap class:\n%s", h)
		}
	})
	t.Run("blank lines are rows", func(t *testing.T) {
		h := render(t, "```go {2}\na\n\nb\n```\n")
		if !strings.Contains(h, `<span class="row mark"></span>`) || len(rows(h)) != 3 {
			t.Errorf("blank line:\n%s", h)
		}
	})
}

// TestFenceDiffRendering: diff fences, with and without lang=.
func TestFenceDiffRendering(t *testing.T) {
	render := fenceRenderer()
	t.Run("diff with lang highlights the other language", func(t *testing.T) {
		h := render(t, "```diff lang=\"yaml\"\n database:\n-  host: mysql.internal\n+  host: pg.internal\n   port: 5432\n```\n")
		want := []string{`<span class="row">`, `<span class="row del">`, `<span class="row ins">`, `<span class="row">`}
		if got := rows(h); !reflect.DeepEqual(got, want) {
			t.Errorf("rows %q, want %q\n%s", got, want, h)
		}
		if got, want := codeText(h), "database:\n  host: mysql.internal\n  host: pg.internal\n  port: 5432\n"; got != want {
			t.Errorf("text %q, want %q (the +/- are not code)", got, want)
		}
		if !strings.Contains(h, `data-lang="yaml"`) || !strings.Contains(h, `<span class="nt">host</span>`) || !strings.Contains(h, `class="chroma rows diff"`) {
			t.Errorf("not highlighted as YAML:\n%s", h)
		}
	})
	t.Run("diff with lang, markers in column 1 only", func(t *testing.T) {
		h := render(t, "```diff lang=\"sql\"\nSELECT 1;\n-- a comment stays\n-DROP TABLE t;\n+TRUNCATE t;\n```\n")
		if got, want := codeText(h), "SELECT 1;\n-- a comment stays\nDROP TABLE t;\nTRUNCATE t;\n"; got != want {
			t.Errorf("text %q, want %q", got, want)
		}
		if got := rows(h); !reflect.DeepEqual(got, []string{`<span class="row">`, `<span class="row">`, `<span class="row del">`, `<span class="row ins">`}) {
			t.Errorf("rows %q", got)
		}
	})
	t.Run("a real diff file stays a diff", func(t *testing.T) {
		src := "--- a/app.yaml\n+++ b/app.yaml\n@@ -1 +1 @@\n-host: a\n+host: b\n"
		h := render(t, "```diff lang=\"yaml\"\n"+src+"```\n")
		if codeText(h) != src || strings.Contains(h, "row del") {
			t.Errorf("real diff was rewritten:\n%s", h)
		}
	})
	t.Run("diff without lang keeps diff highlighting, with marks", func(t *testing.T) {
		h := render(t, "```diff {1}\n-a\n+b\n```\n")
		if !strings.Contains(h, `<span class="row mark"><span class="gd">-a</span>`) || codeText(h) != "-a\n+b\n" {
			t.Errorf("diff block:\n%s", h)
		}
	})
}

// fenceRenderer renders a page with the default options, failing the test
// on any diagnostic.
func fenceRenderer() func(t *testing.T, md string) string {
	c := New(Options{})
	return func(t *testing.T, md string) string {
		t.Helper()
		res, diags := c.Convert("a.md", []byte(md), 1, 0)
		if len(diags) > 0 {
			t.Fatalf("diagnostics: %v", diags)
		}
		return string(res.HTML)
	}
}

// A fence without extras renders byte for byte as before code block extras
// existed: testdata/plain-fences.html is the output of keel at a881cbc (the
// commit before them) for testdata/plain-fences.md.
func TestFencesWithoutExtrasUnchanged(t *testing.T) {
	md, err := os.ReadFile("testdata/plain-fences.md")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/plain-fences.html")
	if err != nil {
		t.Fatal(err)
	}
	res, _ := New(Options{}).Convert("a.md", md, 1, 0)
	if !bytes.Equal(res.HTML, want) {
		t.Errorf("output changed:\n got:\n%s\nwant:\n%s", res.HTML, want)
	}
}

// FuzzParseFence: any info string parses without panicking; problems lie
// inside it; ranges are ordered and 1-based; and a rendered block's text is
// always exactly its code (or, for a diff with lang=, the code without the
// +/- column).
func FuzzParseFence(f *testing.F) {
	for _, s := range []string{
		"sql", `sql title="inventory.sql" {3-5,9} ins={4} del={2}`, `diff lang="yaml"`,
		"sql showLineNumbers startLineNumber=10 wrap", "{3-}", "ins={x}", `title="x`, "{1,2",
		`js "foo" /ba+r/ {1}`, "sql title='a' title='b'", "x wrap=maybe", "a\tb=\tc", "表 title=表 {1}",
	} {
		f.Add(s)
	}
	c := New(Options{})
	f.Fuzz(func(t *testing.T, info string) {
		tm := time.AfterFunc(3*time.Second, func() { panic(fmt.Sprintf("slow: %q", info)) })
		defer tm.Stop()
		fc, probs := ParseFence(info)
		for _, p := range probs {
			if p.Off < 0 || p.Off > len(info) || p.Msg == "" {
				t.Fatalf("problem %+v outside %q", p, info)
			}
		}
		for _, set := range [][]Range{fc.Mark, fc.Ins, fc.Del} {
			for _, r := range set {
				if r.From < 1 || r.To < r.From || r.At < 0 || r.At >= len(info) {
					t.Fatalf("bad range %+v from %q", r, info)
				}
			}
		}
		if !fc.Extras && (fc.Title != "" || fc.Diff != "" || fc.Wrap || fc.LineNumbers || len(fc.Mark)+len(fc.Ins)+len(fc.Del) > 0) {
			t.Fatalf("extras without Extras: %+v", fc)
		}
		if strings.ContainsAny(info, "\n\r`") {
			return // not an info string
		}
		// Render with a few languages only: chroma's lookup of an unknown
		// name takes tens of milliseconds.
		if fc.Lang != "" {
			info = []string{"sql", "diff", "python", "yaml"}[len(info)%4] + info[strings.Index(info, fc.Lang)+len(fc.Lang):]
		}
		code := "SELECT 1;\n+  a: b\n-c\n\n/* x\ny */ 表\n"
		res, _ := c.Convert("a.md", []byte("```"+info+"\n"+code+"```\n"), 1, 0)
		h := string(res.HTML)
		fc, _ = ParseFence(info)
		if !strings.Contains(h, "<code>") {
			return // the info string made it something else (an empty language, say)
		}
		got := codeText(h)
		if got != code {
			if stripped, _ := undiff([]byte(code)); !(fc.Diff != "" && got == string(stripped)) {
				t.Fatalf("text of %q is %q", info, got)
			}
		}
	})
}
