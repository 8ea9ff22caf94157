package e2e

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	keel "keel"
	"keel/internal/browsertest"
	"keel/internal/build"
)

const pgHead = "---\ntitle: MySQL to PostgreSQL\nfrom: MySQL 5.7\nto: PostgreSQL 16\n---\n"

// A tick belongs to its item, not its position: after items are inserted
// above it, reordered or removed, the same item is ticked and no other; an
// item whose text changed loses its tick; ticks stored by position by an
// older keel are dropped, never moved. The item's text is a <label> whose
// row is at least 44 px high, and so is the reset button.
func TestChecklistTickFollowsItem(t *testing.T) {
	src, out := t.TempDir(), filepath.Join(t.TempDir(), "site")
	rebuild := func(body string) {
		t.Helper()
		p := filepath.Join(src, "content", "manuals", "pg.md")
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(pgHead+body), 0o644); err != nil {
			t.Fatal(err)
		}
		res := build.New(build.Options{Source: src, Theme: keel.Theme()}).Build()
		if res.Diags.HasErrors() {
			t.Fatal(res.Diags)
		}
		if err := writeOutput(out, res.Files); err != nil {
			t.Fatal(err)
		}
	}
	rebuild("## Prepare\n\n- [ ] Freeze schema changes\n- [ ] Take a backup\n- [ ] Announce the window\n\n## Verify\n\n- [ ] Take a backup\n")
	// Rebuilds come faster than Last-Modified's one-second resolution: never answer 304.
	files := http.FileServer(http.Dir(out))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Del("If-Modified-Since")
		w.Header().Set("Cache-Control", "no-store")
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()

	ctx := browsertest.New(t)
	step, cancel := browsertest.Within(ctx, 60*time.Second)
	defer cancel()
	run := func(actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(step, actions...); err != nil {
			t.Fatal(err)
		}
	}
	ticks := func() string {
		t.Helper()
		got, err := chromedp.Run(step, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('.prose input[type=checkbox]')).
			map(b => (b.checked ? "x " : "_ ") + b.closest("label").textContent.trim())`))
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(got, " | ")
	}
	url := srv.URL + "/manuals/pg/"

	// An older keel stored ticks by position: they must not land on anything.
	run(chromedp.Navigate(url), chromedp.WaitVisible(".checklist-bar"))
	if _, err := chromedp.Run(step, chromedp.Evaluate[bool](
		`localStorage.setItem("keel-checklist:/manuals/pg/", "[true,true,true,true]"); true`)); err != nil {
		t.Fatal(err)
	}
	run(chromedp.Reload(), chromedp.WaitVisible(".checklist-bar"))
	if got, want := ticks(), "_ Freeze schema changes | _ Take a backup | _ Announce the window | _ Take a backup"; got != want {
		t.Errorf("position-keyed ticks moved onto items:\n got %s\nwant %s", got, want)
	}

	// Tick "Take a backup" in Prepare by clicking its text (the label).
	run(chromedp.Click(`.step:first-of-type li:nth-child(2) label.task`))
	if got, want := ticks(), "_ Freeze schema changes | x Take a backup | _ Announce the window | _ Take a backup"; got != want {
		t.Fatalf("clicking the item's text:\n got %s\nwant %s", got, want)
	}
	sizes, err := chromedp.Run(step, chromedp.Evaluate[[]float64](`Array.from(document.querySelectorAll('label.task, .checklist-reset')).
		flatMap(l => { const r = l.getBoundingClientRect(); return [r.width, r.height]; })`))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range sizes {
		if v < 44 {
			t.Errorf("a task item's or the reset button's touch target is %.0f px, under 44: %v", v, sizes)
			break
		}
	}

	// Insert an item above it, rebuild, reload: the same item is ticked.
	rebuild("## Prepare\n\n- [ ] Stop the writers\n- [ ] Freeze schema changes\n- [ ] Take a backup\n- [ ] Announce the window\n\n## Verify\n\n- [ ] Take a backup\n")
	run(chromedp.Reload(), chromedp.WaitVisible(".checklist-bar"))
	if got, want := ticks(), "_ Stop the writers | _ Freeze schema changes | x Take a backup | _ Announce the window | _ Take a backup"; got != want {
		t.Errorf("after inserting an item above the ticked one:\n got %s\nwant %s", got, want)
	}

	// Tick "Announce the window", then reorder, remove one and reword it.
	run(chromedp.Click(`.step:first-of-type li:nth-child(4) label.task`))
	rebuild("## Prepare\n\n- [ ] Announce the window\n- [ ] Take a backup\n- [ ] Freeze schema changes\n\n## Verify\n\n- [ ] Take a backup\n")
	run(chromedp.Reload(), chromedp.WaitVisible(".checklist-bar"))
	if got, want := ticks(), "x Announce the window | x Take a backup | _ Freeze schema changes | _ Take a backup"; got != want {
		t.Errorf("after reordering and removing:\n got %s\nwant %s", got, want)
	}
	rebuild("## Prepare\n\n- [ ] Announce the maintenance window\n- [ ] Take a backup\n- [ ] Freeze schema changes\n\n## Verify\n\n- [ ] Take a backup\n")
	run(chromedp.Reload(), chromedp.WaitVisible(".checklist-bar"))
	if got, want := ticks(), "_ Announce the maintenance window | x Take a backup | _ Freeze schema changes | _ Take a backup"; got != want {
		t.Errorf("an item whose text changed must lose its tick:\n got %s\nwant %s", got, want)
	}
	progress, err := chromedp.Run(step, chromedp.Text(".checklist-text"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(progress) != "1 of 4 checks done" {
		t.Errorf("progress = %q", progress)
	}
}
