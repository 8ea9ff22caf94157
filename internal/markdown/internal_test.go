package markdown

import (
	"bytes"
	"strings"
	"testing"
)

func TestInternalBlocks(t *testing.T) {
	body := "Lead.\n\n## Public\n\nText one.\n\n> [!INTERNAL]\n> Secret note with [x](x.md).\n>\n> ## Secret\n>\n> - [ ] hidden task\n\nText two [y](y.md).\n"
	c := New(Options{})
	res, diags := c.Convert("a.md", []byte(body), 1, 0)
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	if !res.HasInternal || len(res.Spans) != 1 {
		t.Fatalf("spans %+v", res.Spans)
	}
	if got := body[res.Spans[0].Start:res.Spans[0].End]; !strings.HasPrefix(got, "> [!INTERNAL]\n") || !strings.HasSuffix(got, "hidden task\n") {
		t.Errorf("span covers %q", got)
	}
	pub, in := res.Edition(true), res.Edition(false)
	if strings.Contains(string(pub.HTML), "Secret") || !strings.Contains(string(pub.HTML), "Text two") {
		t.Errorf("public HTML %q", pub.HTML)
	}
	if !strings.Contains(string(in.HTML), `<div class="alert alert-internal"`) {
		t.Errorf("internal HTML lacks the callout: %q", in.HTML)
	}
	if len(pub.Headings) != 1 || len(in.Headings) != 2 {
		t.Errorf("headings public %v internal %v", pub.Headings, in.Headings)
	}
	for _, id := range pub.IDs {
		if id == "secret" {
			t.Errorf("public ids keep %q", id)
		}
	}
	if pub.Tasks != 0 || in.Tasks != 1 {
		t.Errorf("tasks public %d internal %d", pub.Tasks, in.Tasks)
	}
	var pubText, inText strings.Builder
	for _, s := range pub.Sections {
		pubText.WriteString(s.ID + ":" + s.Text + "|")
	}
	for _, s := range in.Sections {
		inText.WriteString(s.ID + ":" + s.Text + "|")
	}
	if got, want := pubText.String(), "public:Text one. Text two y.|"; got != want {
		t.Errorf("public sections %q, want %q", got, want)
	}
	if got := inText.String(); !strings.Contains(got, "Secret note") || !strings.Contains(got, "secret:") {
		t.Errorf("internal sections %q", got)
	}
	if !res.Links[0].Internal || res.Links[1].Internal {
		t.Errorf("links %+v", res.Links)
	}
	twin := string(Twin([]byte(body), &res, []string{"/x/", "/y/?a=1&amp;b=2"}, true))
	if strings.Contains(twin, "Secret") || !strings.Contains(twin, "[y](/y/?a=1&b=2)") {
		t.Errorf("public twin %q", twin)
	}
	if twin := string(Twin([]byte(body), &res, []string{"/x/", "/y/"}, false)); !strings.Contains(twin, "[x](/x/)") {
		t.Errorf("internal twin %q", twin)
	}
}

func TestTwinReferenceLinks(t *testing.T) {
	body := "Use [the ref][r] and ![img](a.png \"t\").\n\n[r]: ../b.md#sec\n"
	res, _ := New(Options{}).Convert("a.md", []byte(body), 1, 0)
	got := string(Twin([]byte(body), &res, []string{"/b/#sec", "/a.png"}, false))
	want := "Use [the ref][r] and ![img](/a.png \"t\").\n\n[r]: /b/#sec\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestInternalFootnotes(t *testing.T) {
	tests := []struct {
		name, body string
		hidden     []string // text the public view must not have
		kept       []string // text it must keep
	}{
		{"only internal refs", "Public text.\n\n> [!INTERNAL]\n> Secret claim.[^s]\n\n[^s]: Qqxfn source.\n",
			[]string{"Qqxfn", "Secret", `class="footnotes"`}, []string{"Public text."}},
		{"mixed", "Public[^p] text.\n\n> [!INTERNAL]\n> Secret claim.[^s]\n\n[^p]: Public note.\n[^s]: Qqxfn source.\n",
			[]string{"Qqxfn", "Secret"}, []string{"Public note.", `class="footnotes"`}},
		{"shared", "Public[^p] text.\n\n> [!INTERNAL]\n> Secret claim.[^p]\n\n[^p]: Public note.\n",
			[]string{"Secret"}, []string{"Public note."}},
	}
	c := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, _ := c.Convert("a.md", []byte(tt.body), 1, 0)
			pub := res.Edition(true)
			twin := string(Twin([]byte(tt.body), &res, nil, true))
			var text strings.Builder
			for _, s := range pub.Sections {
				text.WriteString(s.Text)
			}
			all := string(pub.HTML) + "\n" + twin + "\n" + pub.Lead + text.String()
			for _, h := range tt.hidden {
				if strings.Contains(all, h) {
					t.Errorf("public view keeps %q:\n%s", h, all)
				}
			}
			for _, k := range tt.kept {
				if !strings.Contains(string(pub.HTML), k) {
					t.Errorf("public HTML lost %q:\n%s", k, pub.HTML)
				}
			}
			if in := res.Edition(false); !strings.Contains(string(in.HTML), "Secret claim") {
				t.Errorf("internal view lost the footnote: %s", in.HTML)
			}
		})
	}
}

// Twin is WriteTwin into a new buffer.
func Twin(body []byte, r *Result, urls []string, public bool) []byte {
	var b bytes.Buffer
	WriteTwin(&b, body, r, urls, public)
	return b.Bytes()
}
