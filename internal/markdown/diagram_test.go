package markdown

import (
	"strings"
	"sync/atomic"
	"testing"
)

func TestDiagramBlocks(t *testing.T) {
	var calls atomic.Int64
	fake := func(key, kind, title, src string) Diagram {
		calls.Add(1)
		if strings.Contains(src, "bad") {
			return Diagram{Problems: []DiagramProblem{{Line: 2, Col: 3, Msg: "D2: bad thing"}, {Msg: "whole block", Warning: true}}}
		}
		return Diagram{SVG: []byte(`<svg data-kind="` + kind + `"></svg>`)}
	}
	c := New(Options{Diagram: fake})
	body := "# T\n\n```d2 title=\"Zones & links\"\na -> b\n```\n\n- item\n\n  ```mermaid\n  graph LR\n  x bad\n  ```\n\n```go\nx := 1\n```\n"
	res, diags := c.Convert("content/a.md", []byte(body), 5, 0)
	html := string(res.HTML)
	if !strings.Contains(html, `<figure class="diagram diagram-d2" tabindex="0"><svg data-kind="d2"></svg><figcaption>Zones &amp; links</figcaption></figure>`) {
		t.Errorf("no d2 figure with caption:\n%s", html)
	}
	if !strings.Contains(html, `data-lang="mermaid"`) || !strings.Contains(html, "x bad") {
		t.Errorf("the failed block is not shown as code:\n%s", html)
	}
	// The mermaid block's line 2 ("  x bad") is body line 11, file line 15;
	// the fence is indented by 2, so column 3 in the block is column 5.
	want := []string{
		"content/a.md:15:5: error: D2: bad thing",
		"content/a.md:13:1: warning: whole block",
	}
	if len(diags) != len(want) {
		t.Fatalf("diags = %v", diags)
	}
	for i, w := range want {
		if diags[i].String() != w {
			t.Errorf("diag %d = %s, want %s", i, diags[i], w)
		}
	}
	if len(res.Diagrams) != 2 || res.Diagrams[0] != DiagramKey("d2", "Zones & links", "a -> b\n") {
		t.Errorf("Diagrams = %v", res.Diagrams)
	}
	// Analyze reports the same problems without HTML.
	_, adiags := c.Analyze("content/a.md", []byte(body), 5, 0)
	if len(adiags) != 2 {
		t.Errorf("Analyze diags = %v", adiags)
	}

	// A page without diagrams never calls the renderer.
	calls.Store(0)
	c.Convert("content/b.md", []byte("# Plain\n\n```go\nx\n```\n"), 1, 0)
	if calls.Load() != 0 {
		t.Errorf("renderer called %d times for a page without diagrams", calls.Load())
	}
	// Without a renderer, diagram blocks are code.
	r, _ := New(Options{}).Convert("content/c.md", []byte("```d2\na -> b\n```\n"), 1, 0)
	if !strings.Contains(string(r.HTML), `data-lang="d2"`) {
		t.Errorf("without a renderer: %s", r.HTML)
	}
}

func TestFenceTitle(t *testing.T) {
	tests := []struct{ info, want string }{
		{`d2 title="Hospital zones"`, "Hospital zones"},
		{`mermaid title='A "quoted" one'`, `A "quoted" one`},
		{`goat title=Plain`, "Plain"},
		{`d2 {title="In braces"}`, "In braces"},
		{`d2 subtitle="no"`, ""},
		{`d2`, ""},
		{`d2 title=`, ""},
	}
	for _, tt := range tests {
		if got := fenceTitle([]byte(tt.info)); got != tt.want {
			t.Errorf("fenceTitle(%q) = %q, want %q", tt.info, got, tt.want)
		}
	}
}
