package devloop

// End-to-end tests of the loop as keel serve runs it: a real site on disk,
// the watcher, the builder and the HTTP server.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	keel "keel"
	"keel/internal/build"
)

// startServe runs Serve on a free port until the test ends.
func startServe(t *testing.T, src string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error)
	go func() {
		done <- Serve(ctx, Config{Build: build.Options{Source: src, Audience: "internal", Theme: keel.Theme(), CacheDir: filepath.Join(src, ".keel", "cache")},
			Bind: "127.0.0.1", Logf: t.Logf, Ready: func(url string) { ready <- url }})
	}()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case url := <-ready:
		return url
	case err := <-done:
		t.Fatalf("serve ended: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start")
	}
	return ""
}

func write(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

type status struct {
	Version, Errors, Files int
}

func getStatus(t *testing.T, url string) status {
	t.Helper()
	resp, err := http.Get(url + "__keel/status")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s status
	json.NewDecoder(resp.Body).Decode(&s)
	return s
}

// waitVersion waits until the server has published past version v.
func waitVersion(t *testing.T, url string, v int) status {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if s := getStatus(t, url); s.Version > v {
			return s
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no rebuild after version %d", v)
	return status{}
}

var injected = regexp.MustCompile(`(?s)<!-- keel serve -->.*?<!-- /keel serve -->`)

// assertServedEqualsBuild compares every file a fresh build writes with what
// the server answers, and the number of files served. After a body-only edit
// the search index follows the page a moment later, so differences are
// retried for a while before they count.
func assertServedEqualsBuild(t *testing.T, url, src string, _ status) {
	t.Helper()
	fresh := build.New(build.Options{Source: src, Theme: keel.Theme()}).Build()
	if fresh.Diags.HasErrors() {
		t.Fatalf("fresh build failed: %v", fresh.Diags)
	}
	var problems []string
	for try := 0; try < 50; try++ {
		problems = problems[:0]
		if st := getStatus(t, url); st.Files != len(fresh.Files) {
			problems = append(problems, fmt.Sprintf("server has %d files, a fresh build %d", st.Files, len(fresh.Files)))
		}
		for _, f := range fresh.Files {
			resp, err := http.Get(url + f.Path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			body = injected.ReplaceAll(body, nil)
			if resp.StatusCode != 200 || string(body) != string(f.Data) {
				problems = append(problems, fmt.Sprintf("served %s (status %d) differs from a fresh build", f.Path, resp.StatusCode))
			}
		}
		if len(problems) == 0 {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// After any sequence of edits, creations, renames and deletions, the served
// site is byte-identical to a fresh build of the same tree.
func TestServeEqualsBuildAfterRandomEdits(t *testing.T) {
	src := t.TempDir()
	page := func(title, body string) string { return "---\ntitle: " + title + "\n---\n" + body + "\n" }
	write(t, src, "content/_index.md", page("Home", "Start at [a](a.md)."))
	write(t, src, "content/a.md", page("A", "Alpha."))
	write(t, src, "content/b.md", page("B", "Beta links [a](a.md)."))
	write(t, src, "content/docs/_index.md", page("Docs", "Docs."))
	write(t, src, "content/docs/c.md", page("C", "Gamma."))
	url := startServe(t, src)
	st := getStatus(t, url)

	rng := rand.New(rand.NewPCG(1, 2))
	names := []string{"content/a.md", "content/b.md", "content/docs/c.md"}
	next := 0
	ops := []func() string{
		func() string { // edit a body in place
			n := names[rng.IntN(len(names))]
			write(t, src, n, page(strings.ToUpper(filepath.Base(n)), fmt.Sprintf("Edited %d.", rng.IntN(1000))))
			return "edit " + n
		},
		func() string { // create a page, sometimes in a new folder
			next++
			n := fmt.Sprintf("content/new%d.md", next)
			if next%2 == 0 {
				n = fmt.Sprintf("content/dir%d/sub/new%d.md", next, next)
			}
			write(t, src, n, page(fmt.Sprintf("New %d", next), "Links to [a](/a.md)."))
			names = append(names, n)
			return "create " + n
		},
		func() string { // delete a page nobody links to
			for i := len(names) - 1; i >= 3; i-- {
				os.Remove(filepath.Join(src, names[i]))
				n := names[i]
				names = append(names[:i], names[i+1:]...)
				return "delete " + n
			}
			return ""
		},
		func() string { // rename a page (links point to a.md only, which stays)
			for i := len(names) - 1; i >= 3; i-- {
				next++
				to := fmt.Sprintf("content/renamed%d.md", next)
				os.Rename(filepath.Join(src, names[i]), filepath.Join(src, to))
				from := names[i]
				names[i] = to
				return "rename " + from + " → " + to
			}
			return ""
		},
		func() string { // atomic save: write a temp file, rename it over the target
			n := names[rng.IntN(len(names))]
			tmp := filepath.Join(src, filepath.Dir(n), "."+filepath.Base(n)+".swp")
			os.WriteFile(tmp, []byte(page("Saved "+filepath.Base(n), "Atomically.")), 0o644)
			os.Rename(tmp, filepath.Join(src, n))
			return "atomic save " + n
		},
		func() string { // break a link in b, edit a while b is broken (the fast path, with an error), fix b
			write(t, src, "content/b.md", page("B", "Beta links [a](a-typo.md)."))
			for s := getStatus(t, url); s.Errors == 0; s = getStatus(t, url) {
				time.Sleep(10 * time.Millisecond)
			}
			v := getStatus(t, url).Version
			write(t, src, "content/a.md", page("A", fmt.Sprintf("Edited while b is broken %d.", rng.IntN(1000))))
			waitVersion(t, url, v)
			write(t, src, "content/b.md", page("B", "Beta links [a](a.md)."))
			for s := getStatus(t, url); s.Errors != 0; s = getStatus(t, url) {
				time.Sleep(10 * time.Millisecond)
			}
			return "break b, edit a, fix b"
		},
		func() string { // retitle the section: every page's navigation changes
			write(t, src, "content/docs/_index.md", page(fmt.Sprintf("Docs %d", rng.IntN(1000)), "Docs."))
			return "retitle section"
		},
	}
	for i := range 30 {
		what := ops[rng.IntN(len(ops))]()
		if what == "" {
			continue
		}
		st = waitVersion(t, url, st.Version)
		// Let the watcher deliver any trailing events of this operation.
		for {
			time.Sleep(60 * time.Millisecond)
			s := getStatus(t, url)
			if s.Version == st.Version {
				break
			}
			st = s
		}
		t.Logf("%d: %s", i, what)
		assertServedEqualsBuild(t, url, src, st)
		if t.Failed() {
			t.Fatalf("invariant broken after: %s", what)
		}
	}
}

// A bad edit keeps the last good site served with an error overlay; fixing it
// removes the overlay. The reload event reaches an SSE client.
func TestServeErrorsAndReloadEvent(t *testing.T) {
	src := t.TempDir()
	write(t, src, "content/a.md", "---\ntitle: A\n---\nGood text.\n")
	url := startServe(t, src)
	st := getStatus(t, url)

	resp, err := http.Get(url + "__keel/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				events <- name
			}
		}
	}()
	expect := func(want string) {
		t.Helper()
		timeout := time.After(10 * time.Second)
		for {
			select {
			case got := <-events:
				if got == want {
					return
				}
			case <-timeout:
				t.Fatalf("no %q event", want)
			}
		}
	}
	expect("hello")

	write(t, src, "content/a.md", "---\ntitle: A\n---\nNew text.\n")
	expect("reload")
	st = waitVersion(t, url, st.Version)

	// A site-impossible error (keel.yaml does not parse): the last good
	// build stays, with the overlay.
	write(t, src, "content/a.md", "---\ntitle: A\n---\nBad text.\n")
	write(t, src, "keel.yaml", "title: [broken\n")
	expect("errors")
	st = waitVersion(t, url, st.Version)
	page := get(t, url+"a/")
	if !strings.Contains(page, "New text.") {
		t.Error("the last good page must keep being served")
	}
	if !strings.Contains(page, "keel.yaml:2:1") || !strings.Contains(page, "the last good build is shown") {
		t.Error("the page must show the error overlay with the diagnostic")
	}

	os.Remove(filepath.Join(src, "keel.yaml"))
	write(t, src, "content/a.md", "---\ntitle: A\n---\nFixed text.\n")
	expect("ok")
	for range 100 {
		if page = get(t, url+"a/"); strings.Contains(page, "Fixed text.") {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(page, "Fixed text.") || strings.Contains(page, "keel-overlay") {
		t.Error("after the fix the overlay must be gone and the new page served")
	}
}

// While page A has a broken link, an edit to page B is still served; A is
// served too, its broken link marked in place, and the overlay lists the
// error with its source line, a did-you-mean and a link to the editor.
func TestServePublishesThroughContentErrors(t *testing.T) {
	src := t.TempDir()
	write(t, src, "content/a.md", "---\ntitle: A\n---\n## Tail sampling\n\nAlpha.\n")
	write(t, src, "content/b.md", "---\ntitle: B\n---\nBeta one.\n")
	url := startServe(t, src)
	st := getStatus(t, url)

	write(t, src, "content/a.md", "---\ntitle: A\n---\n## Tail sampling\n\nAlpha, see [policy](#tail-sampling-policy).\n")
	st = waitVersion(t, url, st.Version)
	if st.Errors != 1 {
		t.Fatalf("status %+v, want one error", st)
	}
	write(t, src, "content/b.md", "---\ntitle: B\n---\nBeta two.\n")
	page := waitForText(t, url+"b/", "Beta two.")
	if !strings.Contains(page, "Beta two.") {
		t.Fatal("the edit to B is not served while A has a broken link")
	}
	abs, _ := filepath.Abs(src)
	for _, want := range []string{
		`<a class="keel-loc" href="vscode://file/` + strings.TrimPrefix(abs, "/") + `/content/a.md:6:12"`,
		`<span class="keel-hint">did you mean #tail-sampling?</span>`,
		`<span class="keel-ln">6 │ </span>Alpha, see [policy](#tail-sampling-policy).`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("B's overlay lacks %s", want)
		}
	}
	a := get(t, url+"a/")
	if !strings.Contains(a, `<a href="" class="keel-broken" title="broken link &#34;#tail-sampling-policy&#34;: no anchor #tail-sampling-policy on this page (did you mean #tail-sampling?)">policy</a>`) {
		t.Errorf("A's broken link is not marked in place")
	}
	// Fixed: no error left, and serve serves what build writes again.
	write(t, src, "content/a.md", "---\ntitle: A\n---\n## Tail sampling\n\nAlpha, see [policy](#tail-sampling).\n")
	for range 500 {
		if st = getStatus(t, url); st.Errors == 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	assertServedEqualsBuild(t, url, src, st)
}

// waitForText fetches url until its body contains text (10 s at most) and
// returns the last body fetched.
func waitForText(t *testing.T, url, text string) string {
	t.Helper()
	var page string
	for range 500 {
		if page = get(t, url); strings.Contains(page, text) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return page
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// A diagram that does not compile is a content error like a broken link: the
// overlay shows it at its line in the Markdown file, and other pages update.
func TestServeShowsDiagramErrorsAndKeepsUpdating(t *testing.T) {
	src := t.TempDir()
	write(t, src, "content/a.md", "---\ntitle: A\n---\nAlpha.\n")
	write(t, src, "content/b.md", "---\ntitle: B\n---\nBeta one.\n")
	url := startServe(t, src)
	st := getStatus(t, url)

	write(t, src, "content/a.md", "---\ntitle: A\n---\nAlpha.\n\n```d2\na -> b\nc: {\n```\n")
	st = waitVersion(t, url, st.Version)
	if st.Errors == 0 {
		t.Fatalf("status %+v, want the diagram's error", st)
	}
	write(t, src, "content/b.md", "---\ntitle: B\n---\nBeta two.\n")
	page := waitForText(t, url+"b/", "Beta two.")
	if !strings.Contains(page, "Beta two.") {
		t.Fatal("the edit to B is not served while A has a diagram error")
	}
	abs, _ := filepath.Abs(src)
	if want := `href="vscode://file/` + strings.TrimPrefix(abs, "/") + `/content/a.md:8:`; !strings.Contains(page, want) {
		t.Errorf("B's overlay does not point at the diagram's line (want %s)", want)
	}
}

// What makes the site impossible falls back to the last good build, its
// error linked to the author's editor even when it is keel.yaml that no
// longer reads, and listed before the errors that may only follow from it.
func TestServeSiteErrorsKeepTheLastGoodBuild(t *testing.T) {
	src := t.TempDir()
	const config = "editor: idea://open?file={path}&line={line}\n"
	write(t, src, "keel.yaml", config)
	write(t, src, "content/a.md", "---\ntitle: A\n---\nAlpha one.\n")
	url := startServe(t, src)
	st := getStatus(t, url)

	write(t, src, "keel.yaml", config+"title: [broken\n")
	st = waitVersion(t, url, st.Version)
	write(t, src, "content/a.md", "---\ntitle: A\n---\nAlpha two.\n")
	st = waitVersion(t, url, st.Version)
	page := get(t, url+"a/")
	if !strings.Contains(page, "Alpha one.") || !strings.Contains(page, "the last good build is shown") {
		t.Error("a keel.yaml that does not parse must keep the last good build, with the overlay")
	}
	abs, _ := filepath.Abs(src)
	if want := `<a class="keel-loc" href="idea://open?file=` + abs + `/keel.yaml&amp;line=2"`; !strings.Contains(page, want) {
		t.Errorf("the keel.yaml error does not open the editor keel.yaml named (want %s)", want)
	}

	write(t, src, "keel.yaml", config)
	write(t, src, "templates/page.html", "{{ if }}\n")
	write(t, src, "content/b.md", "---\ntitle: B\n---\nSee [nothing](nope.md).\n")
	for range 500 {
		if page = get(t, url+"a/"); strings.Contains(page, "templates/page.html") && strings.Contains(page, "nope.md") {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	tmpl, content := strings.Index(page, `class="keel-loc" href="idea://open?file=`+abs+`/templates/page.html`), strings.Index(page, "content/b.md:4:5")
	if tmpl < 0 || content < 0 || tmpl > content || !strings.Contains(page, "the last good build is shown") {
		t.Errorf("a template that does not parse must keep the last good build and be listed first (at %d, the content error at %d)", tmpl, content)
	}
	resp, err := http.Get(url + "b/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || strings.Contains(page, "Alpha two.") {
		t.Error("no page may be published while a template does not parse")
	}
}
