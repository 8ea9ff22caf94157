package serve

import (
	"fmt"
	"strings"
	"testing"

	"keel/internal/diag"
)

// Each diagnostic in the overlay opens the editor at its position, shows its
// source line with a caret under the column, and sets a did-you-mean apart.
func TestOverlayEditorLinkAndExcerpt(t *testing.T) {
	src := map[string][]string{"content/manuals/a b.md": {"---", "title: A", "---", "See\t[the policy](#tail-sampling-policy) now."}}
	excerpt := func(p string, n int) string {
		if lines := src[p]; n <= len(lines) {
			return lines[n-1]
		}
		return ""
	}
	diags := diag.List{
		diag.Errorf("content/manuals/a b.md", 4, 5, "broken link %q: no anchor #tail-sampling-policy on this page (did you mean #tail-sampling?)", "#tail-sampling-policy"),
		diag.Errorf("--base-url", 0, 0, "bad"),
	}
	tests := []struct {
		name, editor, want string
	}{
		{"default", "vscode://file/{path}:{line}:{col}", `href="vscode://file/site/root/content/manuals/a%20b.md:4:5"`},
		{"other editor", "idea://open?file={path}&line={line}", `href="idea://open?file=/site/root/content/manuals/a%20b.md&amp;line=4"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, Options{Root: "/site/root"})
			s.Publish(Snapshot{Files: site(css1), Diags: diags, Editor: tt.editor, Excerpt: excerpt,
				Outputs: map[string]string{"content/manuals/a b.md": "manuals/a b/index.html"}})
			body := do(s, "GET", "/a/").Body.String()
			if !strings.Contains(body, `<li class="keel-error" data-page="manuals/a b/index.html">`) {
				t.Error("the error does not name the page it is on (live.js puts a page's own errors first)")
			}
			if !strings.Contains(body, `<a class="keel-loc" `+tt.want) {
				t.Errorf("no editor link %s in\n%s", tt.want, body)
			}
			// the caret sits under column 5: three spaces, then the tab kept
			want := `<span class="keel-ln">4 │ </span>See` + "\t" + `[the policy](#tail-sampling-policy) now.` + "\n" +
				`<span class="keel-ln">  │ </span>   ` + "\t" + `<span class="keel-caret">^</span>`
			if !strings.Contains(body, want) {
				t.Errorf("no excerpt with caret %q in\n%s", want, body)
			}
			if !strings.Contains(body, `<span class="keel-hint">did you mean #tail-sampling?</span>`) {
				t.Error("did-you-mean not set apart")
			}
			// no file, no link, no excerpt
			if !strings.Contains(body, `<span class="keel-loc">--base-url</span>`) {
				t.Error("a diagnostic without a file must not be linked")
			}
		})
	}
	// Without a root there is nothing absolute to open.
	s := newServer(t, Options{})
	s.Publish(Snapshot{Files: site(css1), Diags: diags, Editor: "vscode://file/{path}:{line}:{col}"})
	if body := do(s, "GET", "/a/").Body.String(); strings.Contains(body, "vscode://") {
		t.Error("linked without a root")
	}
}

// Errors that stay while other pages are edited are printed once, not on
// every save; a change in them is printed again.
func TestSameErrorsPrintedOnce(t *testing.T) {
	var logged strings.Builder
	s := newServer(t, Options{Logf: func(f string, a ...any) { logged.WriteString(fmt.Sprintf(f, a...) + "\n") }})
	bad := diag.List{diag.Errorf("content/a.md", 3, 7, "broken link")}
	s.Publish(Snapshot{Files: site(css1), Diags: bad})
	files := site(css1)
	files["b/index.html"] = page("B edited", css1)
	s.Publish(Snapshot{Files: files, Diags: bad})
	if n := strings.Count(logged.String(), "content/a.md:3:7"); n != 1 {
		t.Errorf("printed %d times:\n%s", n, logged.String())
	}
	s.Publish(Snapshot{Files: files, Diags: append(bad, diag.Errorf("content/c.md", 1, 1, "more"))})
	if n := strings.Count(logged.String(), "content/a.md:3:7"); n != 2 {
		t.Errorf("a change in the errors must print them again:\n%s", logged.String())
	}
}

// What makes the site impossible is listed before the content errors that
// may only follow from it, whatever the paths' order.
func TestOverlayRootCauseFirst(t *testing.T) {
	s := newServer(t, Options{})
	s.Publish(Snapshot{Diags: diag.List{
		diag.Warnf("content/a.md", 1, 1, "a warning"),
		diag.Errorf("content/b.md", 2, 1, "a content error"),
		diag.Errorf("keel.yaml", 3, 1, "does not parse"),
		diag.Errorf("templates/page.html", 4, 1, "does not parse"),
	}})
	body := do(s, "GET", "/a/").Body.String()
	var order []int
	for _, want := range []string{"keel.yaml:3:1", "templates/page.html:4:1", "content/a.md:1:1", "content/b.md:2:1"} {
		order = append(order, strings.Index(body, want))
	}
	for i := 1; i < len(order); i++ {
		if order[i-1] < 0 || order[i] < order[i-1] {
			t.Fatalf("positions %v: want keel.yaml, the template, then content in path order", order)
		}
	}
	if !strings.Contains(body, `<li class="keel-error keel-root"><span class="keel-loc">keel.yaml:3:1</span>`) {
		t.Error("the root cause is not marked for live.js")
	}
}
