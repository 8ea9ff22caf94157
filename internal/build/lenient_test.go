package build

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	keel "keel"
)

// A lenient build publishes through content errors only; anything that makes
// the site impossible (keel.yaml, a template, rendering) still publishes
// nothing, and a build that is not lenient never publishes with errors.
func TestLenientOnlyForContentErrors(t *testing.T) {
	const good = `
-- content/a.md --
---
title: A
---
Alpha.
-- content/b.md --
---
title: B
---
Beta.
`
	tests := []struct {
		name      string
		extra     string
		lenient   bool
		published bool
	}{
		{"broken link", "-- content/c.md --\n---\ntitle: C\n---\n[x](nope.md)\n", true, true},
		{"bad front matter value", "-- content/c.md --\n---\ntitle: C\nweight: heavy\n---\nGamma.\n", true, true},
		{"invalid YAML in front matter", "-- content/c.md --\n---\ntitle: [C\n---\nGamma.\n", true, true},
		{"URL of another page", "-- content/c.md --\n---\ntitle: C\nslug: a\n---\nGamma.\n", true, true},
		{"URL of a generated view", "-- content/search.md --\n---\ntitle: S\n---\nMine.\n", true, true},
		{"not lenient: keel build", "-- content/c.md --\n---\ntitle: C\n---\n[x](nope.md)\n", false, false},
		{"keel.yaml invalid", "-- keel.yaml --\nlanguage: [\n", true, false},
		{"template does not parse", "-- templates/page.html --\n{{ if }}\n", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := writeArchive(t, txtar.Parse([]byte(good+tt.extra)))
			res := buildSite(t, f.dir, Options{Lenient: tt.lenient})
			if !res.Diags.HasErrors() {
				t.Fatalf("no errors: %v", res.Diags)
			}
			out := fileMap(res.Files)
			if !tt.published {
				if res.Files != nil {
					t.Errorf("published %d files despite %v", len(res.Files), res.Diags)
				}
				return
			}
			if !strings.Contains(out["b/index.html"], "Beta.") || !strings.Contains(out["a/index.html"], "Alpha.") {
				t.Errorf("the pages without errors are not published: %v", res.Diags)
			}
			if _, ok := out["search/pages.json"]; !ok && len(out) > 0 {
				found := false
				for p := range out {
					found = found || strings.HasPrefix(p, "search/")
				}
				if !found {
					t.Error("no search index")
				}
			}
		})
	}
}

// With another page in error, a body-only edit takes the fast path in a
// lenient build: the result is what a fresh lenient build gives, files and
// diagnostics alike.
func TestLenientFastRebuildKeepsOtherErrors(t *testing.T) {
	f := writeArchive(t, txtar.Parse([]byte(`
-- content/a.md --
---
title: A
---
Alpha, see [nothing](nope.md).
-- content/b.md --
---
title: B
---
Beta one.
`)))
	b := New(Options{Source: f.dir, Theme: keel.Theme(), Now: testNow, Lenient: true})
	if res := b.Build(); res.Files == nil {
		t.Fatal("nothing published")
	}
	writeFile(t, f.dir, "content/b.md", "---\ntitle: B\n---\nBeta two.\n")
	res := b.Rebuild([]string{"content/b.md"})
	if res.Stats.Reparsed != 1 || res.Search == nil {
		t.Errorf("not the fast path: %+v", res.Stats)
	}
	fresh := buildSite(t, f.dir, Options{Lenient: true})
	if got, want := fmt.Sprint(res.Diags), fmt.Sprint(fresh.Diags); got != want {
		t.Errorf("diagnostics %s, a fresh build has %s", got, want)
	}
	got, want := fileMap(res.Files), fileMap(fresh.Files)
	if !strings.Contains(got["b/index.html"], "Beta two.") {
		t.Error("the edit is not in the output")
	}
	for p, w := range want {
		if strings.HasPrefix(p, "search/") {
			continue // follows with res.Search
		}
		if got[p] != w {
			t.Errorf("%s differs from a fresh build", p)
		}
	}
}

// An edit to the page in error itself rebuilds it whole: its errors' lines
// may have moved.
func TestLenientEditOfTheBrokenPage(t *testing.T) {
	f := writeArchive(t, txtar.Parse([]byte("-- content/a.md --\n---\ntitle: A\n---\nSee [nothing](nope.md).\n")))
	b := New(Options{Source: f.dir, Theme: keel.Theme(), Now: testNow, Lenient: true})
	b.Build()
	writeFile(t, f.dir, "content/a.md", "---\ntitle: A\n---\nA new first line.\n\nSee [nothing](nope.md).\n")
	res := b.Rebuild([]string{"content/a.md"})
	if got := fmt.Sprint(res.Diags); !strings.Contains(got, "content/a.md:6:5: error") {
		t.Errorf("diagnostics %s, want the broken link at its new line 6", got)
	}
}

// A page whose URL another page has is not rendered, on the fast path
// either: an edit to its body never overwrites the other page. (The search
// index, which keel serve shows only beside the error, still holds it.)
func TestLenientClashingPageNeverOverwrites(t *testing.T) {
	f := writeArchive(t, txtar.Parse([]byte(`
-- content/a.md --
---
title: A
---
Alpha.
-- content/c.md --
---
title: C
slug: a
---
Gamma one.
`)))
	b := New(Options{Source: f.dir, Theme: keel.Theme(), Now: testNow, Lenient: true})
	if res := b.Build(); !strings.Contains(fileMap(res.Files)["a/index.html"], "Alpha.") {
		t.Fatalf("A is not published: %v", res.Diags)
	}
	writeFile(t, f.dir, "content/c.md", "---\ntitle: C\nslug: a\n---\nGamma two.\n")
	res := b.Rebuild([]string{"content/c.md"})
	if !res.Diags.HasErrors() {
		t.Fatal("the clash is no longer reported")
	}
	for _, file := range res.Files {
		if !strings.HasPrefix(file.Path, "search/") && strings.Contains(string(file.Data), "Gamma") {
			t.Errorf("%s holds the clashing page's text", file.Path)
		}
	}
}
