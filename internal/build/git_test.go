package build

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestLastUpdatedFromGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	writeFile(t, dir, "content/a.md", "---\ntitle: A\nupdated: 2020-01-01\n---\nA\n")
	writeFile(t, dir, "content/b.md", "---\ntitle: B\nupdated: 2020-02-02\n---\nB\n")
	writeFile(t, dir, "content/c.md", "---\ntitle: C\nupdated: 2020-03-03\n---\nC\n")
	git := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=T", "-c", "user.email=t@example.com"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_COMMITTER_DATE="+date, "GIT_AUTHOR_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("2026-01-10T10:00:00Z", "init", "-q")
	git("2026-01-10T10:00:00Z", "add", "content/a.md", "content/b.md")
	git("2026-01-10T10:00:00Z", "commit", "-q", "-m", "first")
	writeFile(t, dir, "content/b.md", "---\ntitle: B\nupdated: 2020-02-02\n---\nB changed\n")
	git("2026-03-15T23:30:00+08:00", "commit", "-q", "-am", "second")
	// c.md is never committed: it falls back to its updated field.

	res := buildSite(t, dir, Options{})
	out := fileMap(res.Files)
	for page, want := range map[string]string{
		"a/index.html": "2026-01-10", // from git, not 2020-01-01
		"b/index.html": "2026-03-15", // the later commit, in UTC
		"c/index.html": "2020-03-03", // not in git: front matter
	} {
		if !strings.Contains(out[page], `<time datetime="`+want+`">`) {
			t.Errorf("%s: last updated should be %s", page, want)
		}
	}
}
