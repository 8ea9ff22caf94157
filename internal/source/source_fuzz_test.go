package source

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"keel/internal/diag"
)

// FuzzSplitDoc feeds any bytes to the content-file reader: it must either
// refuse them with one positioned error or split them so that the body's
// line number matches where the body really starts.
func FuzzSplitDoc(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: A\n---\nBody\n",
		"\ufeff---\r\ntitle: A\r\n---\r\nBody\r\n",
		"---\ntitle: A\n...\nBody",
		"--- \t\ntitle: A\n---",
		"---\n---\n",
		"---\ntitle: never closes\n",
		"---",
		"No front matter\n---\n",
		"Caf\xe9\n",
		"a\x00b",
		"\r\r\n\r",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var diags diag.List
		d, ok := splitDoc(File{Path: "content/a.md", Data: data}, &diags)
		if !ok {
			if len(diags) != 1 || diags[0].Severity != diag.Error {
				t.Fatalf("a refused file must give exactly one error, got %v", diags)
			}
			if e := diags[0]; e.Line > 0 {
				norm := normalize(data)
				if e.Line > bytes.Count(norm, []byte("\n"))+1 || e.Col < 1 {
					t.Fatalf("error outside the file: %v", e)
				}
				if utf8.Valid(norm) {
					return // the front matter error points at the first line
				}
				line, col := firstInvalidUTF8(norm)
				if e.Line != line || e.Col != col {
					t.Fatalf("invalid UTF-8 at %d:%d, reported %v", line, col, e)
				}
			}
			return
		}
		if len(diags) != 0 {
			t.Fatalf("an accepted file has diagnostics: %v", diags)
		}
		if bytes.IndexByte(d.Data, '\r') >= 0 || bytes.IndexByte(d.Data, 0) >= 0 || !utf8.Valid(d.Data) {
			t.Fatalf("Data is not normalized UTF-8 text: %q", d.Data)
		}
		if !bytes.HasSuffix(d.Data, d.Body) {
			t.Fatalf("Body %q is not the end of Data %q", d.Body, d.Data)
		}
		if len(d.Body) > 0 {
			head := d.Data[:len(d.Data)-len(d.Body)]
			if want := bytes.Count(head, []byte("\n")) + 1; d.BodyLine != want {
				t.Fatalf("BodyLine %d, but the body starts on line %d of %q", d.BodyLine, want, d.Data)
			}
		}
		if d.FrontMatter != nil {
			if d.FMLine != 2 || !bytes.HasPrefix(d.Data, []byte("---")) {
				t.Fatalf("front matter at line %d of %q", d.FMLine, d.Data)
			}
			_, rest, _ := bytes.Cut(d.Data, []byte("\n"))
			if !bytes.HasPrefix(rest, d.FrontMatter) {
				t.Fatalf("front matter %q does not follow the opening fence in %q", d.FrontMatter, d.Data)
			}
		}
	})
}
