package build

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	keel "keel"
)

// gitRepo makes a git repository in dir; the returned func runs git there
// with a fixed committer date.
func gitRepo(t *testing.T, dir string) func(date string, args ...string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	git := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "protocol.file.allow=always"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_COMMITTER_DATE="+date, "GIT_AUTHOR_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("2026-01-10T10:00:00Z", "init", "-q")
	return git
}

func lastUpdated(t *testing.T, res Result, want map[string]string) {
	t.Helper()
	out := fileMap(res.Files)
	for page, date := range want {
		if !strings.Contains(out[page], `<time datetime="`+date+`">`) {
			t.Errorf("%s: last updated should be %s", page, date)
		}
	}
}

// A page's own updated: wins over git; git's date is used only when the page
// sets none (then over its date:); outside git the fields are all there is.
func TestLastUpdatedPrecedence(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "content/a.md", "---\ntitle: A\nupdated: 2020-01-01\n---\nA\n")
	writeFile(t, dir, "content/b.md", "---\ntitle: B\n---\nB\n")
	writeFile(t, dir, "content/c.md", "---\ntitle: C\ndate: 2019-05-05\n---\nC\n")
	writeFile(t, dir, "content/d.md", "---\ntitle: D\ndate: 2019-06-06\n---\nD\n")
	git := gitRepo(t, dir)
	git("2026-01-10T10:00:00Z", "add", "content/a.md", "content/b.md", "content/c.md")
	git("2026-01-10T10:00:00Z", "commit", "-q", "-m", "first")
	writeFile(t, dir, "content/b.md", "---\ntitle: B\n---\nB changed\n")
	git("2026-03-15T23:30:00+08:00", "commit", "-q", "-am", "second")
	// d.md is never committed.

	res := buildSite(t, dir, Options{})
	if len(res.Diags) > 0 {
		t.Fatal(res.Diags)
	}
	lastUpdated(t, res, map[string]string{
		"a/index.html": "2020-01-01", // its own updated:, not git's 2026-01-10
		"b/index.html": "2026-03-15", // no updated: git's later commit, in UTC
		"c/index.html": "2026-01-10", // git's date over date:
		"d/index.html": "2019-06-06", // not in git: date:
	})
}

// In a shallow clone every file's last commit is the clone's one commit:
// keel warns once and uses no git dates.
func TestShallowCloneUsesNoGitDates(t *testing.T) {
	origin := t.TempDir()
	writeFile(t, origin, "content/a.md", "---\ntitle: A\ndate: 2019-05-05\n---\nA\n")
	writeFile(t, origin, "content/b.md", "---\ntitle: B\nupdated: 2020-02-02\n---\nB\n")
	git := gitRepo(t, origin)
	git("2026-01-10T10:00:00Z", "add", ".")
	git("2026-01-10T10:00:00Z", "commit", "-q", "-m", "first")
	writeFile(t, origin, "content/c.md", "---\ntitle: C\n---\nC\n")
	git("2026-04-01T10:00:00Z", "add", ".")
	git("2026-04-01T10:00:00Z", "commit", "-q", "-m", "second")

	clone := filepath.Join(t.TempDir(), "clone")
	git("2026-04-01T10:00:00Z", "clone", "-q", "--depth", "1", "file://"+origin, clone)
	if out, _ := exec.Command("git", "-C", clone, "rev-parse", "--is-shallow-repository").Output(); strings.TrimSpace(string(out)) != "true" {
		t.Fatalf("the clone is not shallow: %s", out)
	}

	b := New(Options{Source: clone, Theme: keel.Theme(), Now: testNow})
	res := b.Build()
	var warned []string
	for _, d := range res.Diags {
		warned = append(warned, d.String())
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "shallow git clone") || res.Diags.HasErrors() {
		t.Fatalf("want one warning about the shallow clone, got %q", warned)
	}
	lastUpdated(t, res, map[string]string{
		"a/index.html": "2019-05-05", // not the clone's 2026-04-01
		"b/index.html": "2020-02-02",
	})
	if out := fileMap(res.Files)["c/index.html"]; strings.Contains(out, "2026-04-01") {
		t.Error("c shows the clone's commit date")
	}
	// keel serve rebuilds without saying it again.
	writeFile(t, clone, "content/a.md", "---\ntitle: A\ndate: 2019-05-05\n---\nA edited\n")
	if res := b.Rebuild([]string{"content/a.md"}); len(res.Diags) != 0 {
		t.Errorf("a rebuild repeats %v", res.Diags)
	}
}
