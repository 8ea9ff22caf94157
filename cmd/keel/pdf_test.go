package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPDFUsage(t *testing.T) {
	src := t.TempDir()
	write(t, src, "content/a.md", "---\ntitle: A\n---\nHello.\n")
	t.Setenv("KEEL_CHROMIUM", "/nonexistent/chromium")
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"pdf", "--source", src, "content/a.md"}, 2, "install Debian's chromium package (apt-get install chromium)"},
		{[]string{"pdf", "--source", src}, 2, "name at least one content file or folder"},
		{[]string{"pdf", "--source", src, "--audience", "staff", "content/a.md"}, 2, "--audience must be internal or public"},
		// PDFs of internal pages under static/ would be in the next public build
		{[]string{"pdf", "--source", src, "--out", src + "/static/pdf", "content/a.md"}, 2, "keel pdf: --out " + src + "/static/pdf is inside the site's static/ folder"},
		{[]string{"pdf", "--source", src, "--out", src + "/content", "content/a.md"}, 2, "is inside the site's content/ folder"},
		{[]string{"pdf", "--source", src, "--out", src + "/templates/x", "content/a.md"}, 2, "is inside the site's templates/ folder"},
		{[]string{"pdf", "--source", src, "--out", src, "content/a.md"}, 2, "keel pdf: --out " + src + " holds the site itself"},
	}
	for _, c := range cases {
		code, stdout, stderr := runKeel(c.args...)
		if code != c.code || !strings.Contains(stdout+stderr, c.want) {
			t.Errorf("keel %v: code %d, output:\n%s%s\nwant code %d and %q", c.args, code, stdout, stderr, c.code, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(src, "static")); !os.IsNotExist(err) {
		t.Errorf("a refused keel pdf created its --out folder")
	}
}
