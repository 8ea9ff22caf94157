package markdown

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// TestHighlightEngineMatchesChroma: a fence in a language chromarun runs
// renders exactly as chroma's own tokens render.
func TestHighlightEngineMatchesChroma(t *testing.T) {
	cases := []struct{ lang, code string }{
		{"rust", "fn main() {\n    let x: Vec<u8> = vec![1, 2]; // ok\n    println!(\"{x:?} é\");\n}\n"},
		{"python", "def f(a, *b):\n    \"\"\"doc\"\"\"\n    return f'{a!r}' if a else None\n"},
		{"java", "public class A { @Override int f() { return 0x1F; } }"},
		{"typescript", "const a: number = 1;\ninterface B<T> { c?: T }\n"},
		{"dockerfile", "FROM golang:1.22\nRUN go build ./... && echo done\n"},
		{"toml", "[a]\nb = \"c\" # d\n"},
		{"diff", "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n"},
	}
	for _, c := range cases {
		var got, want bytes.Buffer
		gw := bufio.NewWriter(&got)
		h := newHighlighter()
		if h.engineFor(c.lang) == nil {
			t.Errorf("%s: not on the engine", c.lang)
		}
		h.write(gw, c.lang, []byte(c.code))
		gw.Flush()

		ww := bufio.NewWriter(&want)
		ww.WriteString(`<div class="code"><pre class="chroma" tabindex="0" data-lang="` + c.lang + `"><code>`)
		it, err := chroma.Coalesce(lexers.Get(c.lang)).Tokenise(nil, c.code)
		if err != nil {
			t.Fatal(err)
		}
		for tok := it(); tok != chroma.EOF; tok = it() {
			writeToken(ww, tok.Type, tok.Value)
		}
		ww.WriteString("</code></pre></div>\n")
		ww.Flush()
		if got.String() != want.String() {
			t.Errorf("%s:\n got %s\nwant %s", c.lang, got.String(), want.String())
		}
	}
}
