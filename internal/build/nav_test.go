package build

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// navSite writes a site whose "big" section holds n pages titled "Page 0001"…
// and whose "small" section holds 5.
func navSite(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"keel.yaml":                  "title: Nav\n",
		"content/_index.md":          "---\ntitle: Home\n---\n",
		"content/big/_index.md":      "---\ntitle: Big\n---\n",
		"content/small/_index.md":    "---\ntitle: Small\n---\n",
		"content/big/sub/_index.md":  "---\ntitle: Sub\n---\n",
		"content/big/sub/leaf-01.md": "---\ntitle: Leaf\n---\nText.\n",
	}
	for i := 1; i <= n; i++ {
		files[fmt.Sprintf("content/big/p-%04d.md", i)] = fmt.Sprintf("---\ntitle: Page %04d\nweight: %d\n---\nText.\n", i, i)
	}
	for i := 1; i <= 5; i++ {
		files[fmt.Sprintf("content/small/s-%d.md", i)] = fmt.Sprintf("---\ntitle: Small %d\nweight: %d\n---\nText.\n", i, i)
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var sectionsNav = regexp.MustCompile(`(?s)<nav aria-label="Sections">(.*?)</nav>`)

func sidebar(t *testing.T, files map[string]string, path string) string {
	t.Helper()
	m := sectionsNav.FindStringSubmatch(files[path])
	if m == nil {
		t.Fatalf("%s: no sections nav", path)
	}
	return m[1]
}

// The sidebar of a page lists a window of its siblings, not its whole
// section, so its size does not depend on the size of the section: without
// pruning a page of a 600-page section carried 600 links.
func TestSidebarPrunedToAWindow(t *testing.T) {
	sizes := map[int]int{}
	for _, n := range []int{40, 600} {
		res := buildSite(t, navSite(t, n), Options{})
		if res.Files == nil {
			t.Fatalf("n=%d: build failed: %v", n, res.Diags)
		}
		files := fileMap(res.Files)
		nav := sidebar(t, files, "big/p-0020/index.html")
		sizes[n] = len(nav)
		if got := strings.Count(nav, `class="nav-page"`); got > 21+8 { // the window, and Small's peek
			t.Errorf("n=%d: sidebar of page 20 has %d page links, want at most 29", n, got)
		}
		for _, want := range []string{
			`href="/big/p-0010/"`, `href="/big/p-0030/"`, // the window: 10 either side
			`href="/big/p-0020/" aria-current="page"`,
			`href="/big/">`, `href="/small/">`, `href="/small/s-1/">`,
			`>9 earlier<`, fmt.Sprintf(">All %d pages<", n+1), // n pages and the sub-section
		} {
			if !strings.Contains(nav, want) {
				t.Errorf("n=%d: sidebar of page 20 lacks %s:\n%s", n, want, nav)
			}
		}
		for _, absent := range []string{`href="/big/p-0009/"`, `href="/big/p-0031/"`, `href="/big/sub/leaf-01/"`} {
			if strings.Contains(nav, absent) {
				t.Errorf("n=%d: sidebar of page 20 lists %s, outside the window", n, absent)
			}
		}
		// the first page sees the first 21, the last one the last 21 entries
		if first := sidebar(t, files, "big/p-0001/index.html"); !strings.Contains(first, `href="/big/p-0021/"`) || strings.Contains(first, "earlier") {
			t.Errorf("n=%d: first page's window should be pages 1-21:\n%s", n, first)
		}
		last := sidebar(t, files, fmt.Sprintf("big/p-%04d/index.html", n))
		if !strings.Contains(last, `href="/big/sub/">Sub<`) || !strings.Contains(last, fmt.Sprintf(`href="/big/p-%04d/"`, n-19)) {
			t.Errorf("n=%d: last page's window should end with the sub-section:\n%s", n, last)
		}
		// a page of the sub-section sees its ancestors' windows around the path
		leaf := sidebar(t, files, "big/sub/leaf-01/index.html")
		if !strings.Contains(leaf, `href="/big/sub/leaf-01/" aria-current="page"`) || !strings.Contains(leaf, fmt.Sprintf(`href="/big/p-%04d/"`, n)) {
			t.Errorf("n=%d: leaf sidebar should list the last pages of Big before Sub:\n%s", n, leaf)
		}
	}
	// Same page, same window: the size differs only by the digits of the counts.
	if d := sizes[600] - sizes[40]; d < -8 || d > 8 {
		t.Errorf("sidebar is %d bytes at 40 pages and %d at 600: it grows with the section", sizes[40], sizes[600])
	}
}

// Two builds give byte-identical sidebars (the window depends on the order
// of the section only).
func TestSidebarDeterministic(t *testing.T) {
	dir := navSite(t, 60)
	a, b := fileMap(buildSite(t, dir, Options{}).Files), fileMap(buildSite(t, dir, Options{}).Files)
	for _, p := range []string{"big/p-0030/index.html", "big/sub/leaf-01/index.html", "index.html"} {
		if a[p] == "" || a[p] != b[p] {
			t.Errorf("%s differs between two builds (or is missing)", p)
		}
	}
}
