package build

import (
	"path"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestPublicEditionLeaksNothing scans every file the public edition writes;
// that proves something only if the fixture's build writes every kind of
// output a public edition has, and if each of them, in the internal edition,
// does carry an internal marker. This test holds both sides: a new output
// format belongs in this table (PDFs: internal/pdf TestPublicPDFLeaksNothing).
func TestLeakFixtureCoversEveryFormat(t *testing.T) {
	f := writeArchive(t, txtar.Parse([]byte(leakSite)))
	public := fileMap(buildSite(t, f.dir, Options{Audience: "public", BaseURL: "https://docs.example/"}).Files)
	internal := fileMap(buildSite(t, f.dir, Options{Audience: "internal", BaseURL: "https://docs.example/"}).Files)
	// metaTags keeps only a page's share-card tags: an internal page's
	// title in its og:title is what a chat preview would show.
	metaTags := func(d string) string {
		var b strings.Builder
		for _, l := range strings.Split(d, "\n") {
			if strings.HasPrefix(l, `<meta property="og:`) || strings.HasPrefix(l, `<meta name="twitter:`) {
				b.WriteString(l)
			}
		}
		return b.String()
	}
	formats := []struct {
		name string
		is   func(p, data string) bool
		part func(data string) string // the part of the file this format is (nil: all of it)
	}{
		{"HTML page", func(p, _ string) bool { return strings.HasSuffix(p, "/index.html") && !strings.HasPrefix(p, "search/") }, nil},
		{"share card meta (Open Graph)", func(_, d string) bool { return strings.Contains(d, `<meta property="og:`) }, metaTags},
		{"Twitter card meta", func(_, d string) bool { return strings.Contains(d, `<meta name="twitter:`) }, metaTags},
		{"Markdown twin", func(p, _ string) bool { return strings.HasSuffix(p, "/index.md") || p == "index.md" }, nil},
		{"llms.txt", func(p, _ string) bool { return p == "llms.txt" }, nil},
		{"Atom feed", func(p, _ string) bool { return path.Ext(p) == ".xml" && strings.Contains(p, "feed") }, nil},
		{"sitemap", func(p, _ string) bool { return p == "sitemap.xml" }, nil},
		{"search index", func(p, _ string) bool { return strings.HasPrefix(p, "search/") && path.Ext(p) == ".json" }, nil},
		{"404 page", func(p, _ string) bool { return p == "404.html" }, nil},
	}
	for _, fm := range formats {
		inPublic, marked := false, false
		for p, d := range public {
			inPublic = inPublic || fm.is(p, d)
		}
		for p, d := range internal {
			if fm.is(p, d) {
				if fm.part != nil {
					d = fm.part(d)
				}
				for _, m := range leakMarkers {
					marked = marked || strings.Contains(strings.ToLower(d), m)
				}
			}
		}
		if !inPublic {
			t.Errorf("%s: the public build of the leak fixture writes none, so the leak test never looks at one", fm.name)
		}
		if !marked && fm.name != "404 page" {
			t.Errorf("%s: no internal marker in the internal edition's, so its absence in the public one proves nothing", fm.name)
		}
	}
}
