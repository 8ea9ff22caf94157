package pdf

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	keel "keel"
)

// wideManual is a manual whose one diagram is twelve boxes in a row.
const wideManual = `---
title: Wide diagram
from: A
to: B
---
~~~d2 title="Twelve hops"
direction: right
qqxa -> qqxb -> qqxc -> qqxd -> qqxe -> qqxf -> qqxg -> qqxh -> qqxi -> qqxj -> qqxk -> qqxl
~~~
`

// A diagram too wide for the page (on screen it scrolls in its frame) is
// printed whole: every label of it is on the page, inside the right margin.
func TestDiagramWholeInPDF(t *testing.T) {
	needTools(t)
	dir := t.TempDir()
	p := filepath.Join(dir, "content", "manuals", "wide.md")
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(wideManual), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := Run(ctx, Options{Source: dir, Out: filepath.Join(dir, "_pdf"), Theme: keel.Theme(), Paths: []string{"content/manuals/wide.md"}})
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("%v %v", err, res.Diags)
	}
	html := tool(t, "pdftotext", "-bbox", res.Files[0], "-")
	page := regexp.MustCompile(`<page width="([\d.]+)"`).FindStringSubmatch(html)
	if page == nil {
		t.Fatalf("no page in pdftotext -bbox output")
	}
	width, _ := strconv.ParseFloat(page[1], 64)
	const margin = 16 / 25.4 * 72 // print.css: 16 mm either side
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(qqx[a-l])</word>`).FindAllStringSubmatch(html, -1) {
		seen[m[3]] = true
		if xMax, _ := strconv.ParseFloat(m[2], 64); xMax > width-margin+2 {
			t.Errorf("label %s ends at %.0f pt, past the right margin (%.0f of %.0f pt): the diagram is cut off on paper", m[3], xMax, width-margin, width)
		}
	}
	for c := 'a'; c <= 'l'; c++ {
		if !seen["qqx"+string(c)] {
			t.Errorf("label qqx%c is not in the PDF", c)
		}
	}
}
