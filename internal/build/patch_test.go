package build

import (
	"testing"

	"keel"
)

// A fast rebuild renders a new page value and leaves the Site the previous
// build returned as it was (stage outputs are never mutated); a page in a
// supersedes chain, whose sidebar and chain diagram go by page identity,
// still renders as a fresh build does.
func TestFastPathLeavesSiteUnchanged(t *testing.T) {
	f := loadFixture(t, "decisions.txtar")
	b := New(Options{Source: f.dir, Theme: keel.Theme(), Now: testNow})
	first := b.Build()
	if first.Diags.HasErrors() {
		t.Fatal(first.Diags)
	}
	for i, body := range []string{"Second, longer.\n", "Second, longer again.\n"} {
		const file = "content/blueprints/v2.md"
		var page = first.Site.Pages[0]
		for _, p := range first.Site.Pages {
			if p.Path == file {
				page = p
			}
		}
		md, html := page.MD, page.Body()
		writeFile(t, f.dir, file, "---\ntitle: Gateway v2\nstatus: superseded\nsupersedes: [v1.md]\n---\n"+body)
		res := b.Rebuild([]string{file})
		if res.Search == nil {
			t.Fatalf("edit %d took the full path", i)
		}
		if page.MD != md || page.Body() != html || res.Site != first.Site {
			t.Errorf("edit %d: the previous build's page was changed: %q", i, page.Body())
		}
		files, ok := b.ApplySearch(res.Generation, res.Search())
		if !ok {
			t.Fatalf("edit %d: index refused", i)
		}
		assertIdentical(t, fileMap(files), fileMap(buildSite(t, f.dir, Options{}).Files))
	}
}
