package build

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"keel"
	"keel/internal/output"
	"keel/internal/source"
)

// A template shows the body of the page it renders only: that HTML is all
// the build fetched, in memory or streaming alike. Another page's body is a
// template error naming the page, not an empty string or a read of the cache.
func TestBodyOfAnotherPageIsAnError(t *testing.T) {
	f := loadFixture(t, "decisions.txtar")
	writeFile(t, f.dir, "templates/blueprint.html", `{{define "main"}}{{body .Page}}{{range .Site.OfKind "blueprint"}}{{body .}}{{end}}{{end}}`)
	streaming := Options{Output: writeFunc(func(output.File) error { return nil })}
	for _, opts := range []Options{{}, streaming} {
		res := buildSite(t, f.dir, opts)
		if !res.Diags.HasErrors() || !strings.Contains(fmt.Sprint(res.Diags), "body of blueprints/") {
			t.Errorf("output %v: diagnostics %v", opts.Output != nil, res.Diags)
		}
	}
}

// A one-shot build (Options.Once) keeps no content file's text once parsed:
// the twins and a lost HTML record read the file again. Its output is the
// output of a build that kept the text, with and without the persistent
// cache; a file that changed since it was parsed is an error, not a twin of
// other bytes than the page's.
func TestOnceLetsTheSourcesGo(t *testing.T) {
	f := loadFixture(t, "decisions.txtar")
	for _, cached := range []bool{false, true} {
		outputs := make([]map[string]string, 2)
		for i, once := range []bool{false, true} {
			var mu sync.Mutex
			files := map[string]string{}
			opts := Options{Source: f.dir, Theme: keel.Theme(), Now: testNow, Once: once, Output: writeFunc(func(o output.File) error {
				mu.Lock()
				defer mu.Unlock()
				files[o.Path] = string(o.Data)
				return nil
			})}
			if cached {
				opts.CacheDir = t.TempDir()
			}
			b := New(opts)
			res := b.Build()
			if res.Diags.HasErrors() {
				t.Fatalf("once %v: %v", once, res.Diags)
			}
			outputs[i] = files
			// The index was built after the site graph went (letGraphGo):
			// the cache keeps of each page only what the index reads.
			if graphKept := res.Site != nil; graphKept == once {
				t.Errorf("cache %v, once %v: the site graph is kept: %v", cached, once, graphKept)
			}
			if cached && len(New(opts).disk.loadTerms()) == 0 { // the index's terms were committed with the entries
				t.Errorf("once %v: the next build finds no terms in the cache", once)
			}
			for path, c := range b.cache {
				if slim := len(c.md.Links) == 0 && len(c.md.Headings) == 0 && c.md.HTML == nil; once && !slim {
					t.Errorf("cache %v: %s keeps its Markdown result after the build", cached, path)
				}
			}
			for _, d := range b.tree.Docs {
				if kept := d.Data != nil || d.Body != nil || d.FrontMatter != nil; kept == once {
					t.Errorf("cache %v, once %v: %s keeps its text: %v", cached, once, d.Path, kept)
				}
			}
			if !once {
				continue
			}
			d := b.tree.Docs[len(b.tree.Docs)-1]
			if _, _, err := b.doc(d.Path); err != nil {
				t.Errorf("cache %v: reading %s again: %v", cached, d.Path, err)
			}
			name := filepath.Join(f.dir, filepath.FromSlash(d.Path))
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, f.dir, d.Path, string(data)+"\nEdited.\n")
			if _, _, err := b.doc(d.Path); err == nil || !strings.Contains(err.Error(), "changed during the build") {
				t.Errorf("cache %v: %s edited after parse: err %v", cached, d.Path, err)
			}
			writeFile(t, f.dir, d.Path, string(data))
		}
		if !maps.Equal(outputs[0], outputs[1]) || len(outputs[0]) == 0 {
			t.Errorf("cache %v: a one-shot build's %d files differ from a build's %d", cached, len(outputs[1]), len(outputs[0]))
		}
	}
}

// A one-shot build reads each page's file only when it parses it
// (source.LoadUnread), yet reports what a build that read the whole tree
// first reports: a file that cannot be a page, and placeholder text keel new
// left, at the same places.
func TestOnceReadsEachPageWhenItParsesIt(t *testing.T) {
	f := loadFixture(t, "decisions.txtar")
	writeFile(t, f.dir, "content/binary.md", "a\x00b")
	writeFile(t, f.dir, "content/latin1.md", "---\ntitle: L\n---\ncaf\xe9\n")
	writeFile(t, f.dir, "content/draft-left.md", "---\ntitle: Left over\n---\n\nWrite the page here.\n")
	var got [2]string
	for i, once := range []bool{false, true} {
		b := New(Options{Source: f.dir, Theme: keel.Theme(), Now: testNow, Once: once, Output: writeFunc(func(output.File) error { return nil })})
		res := b.Build()
		got[i] = fmt.Sprint(res.Diags)
		if b.tree.Unread != once {
			t.Errorf("once %v: the tree was read whole: %v", once, !b.tree.Unread)
		}
		if once && slices.ContainsFunc(b.tree.Docs, func(d source.Doc) bool { return d.Path == "content/binary.md" }) {
			t.Errorf("once: a file that is no page stays in the tree")
		}
	}
	for _, want := range []string{
		"content/binary.md: error: not a text file",
		"content/latin1.md:4:4: error: invalid UTF-8",
		`content/draft-left.md:5:1: warning: still holds the placeholder text "Write the page here."`,
	} {
		if !strings.Contains(got[1], want) {
			t.Errorf("once: diagnostics lack %q:\n%s", want, got[1])
		}
	}
	if got[0] != got[1] {
		t.Errorf("diagnostics differ:\nread whole: %s\nonce:       %s", got[0], got[1])
	}
}
