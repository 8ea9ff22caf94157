package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/tools/txtar"

	keel "keel"
	"keel/internal/browsertest"
	"keel/internal/build"
)

// serveSite builds a site from a txtar archive and serves its output over HTTP.
func serveSite(t *testing.T, archive string, opts build.Options) *httptest.Server {
	t.Helper()
	src := t.TempDir()
	ar := txtar.Parse([]byte(archive))
	if err := writeFiles(src, ar); err != nil {
		t.Fatal(err)
	}
	opts.Source, opts.Theme = src, keel.Theme()
	res := build.New(opts).Build()
	if res.Diags.HasErrors() {
		t.Fatalf("build: %v", res.Diags)
	}
	out := filepath.Join(t.TempDir(), "site")
	if err := writeOutput(out, res.Files); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	t.Cleanup(srv.Close)
	return srv
}

const manualSite = `
-- content/manuals/pg.md --
---
title: MySQL to PostgreSQL
from: MySQL 5.7
to: PostgreSQL 16
---
## Prepare

- [ ] Freeze schema changes
- [ ] Take a backup
- [ ] Announce the window

## Rollback

- [ ] Point the app back at MySQL
`

// Ticking checklist items survives a reload, and the progress text follows.
func TestChecklistPersists(t *testing.T) {
	srv := serveSite(t, manualSite, build.Options{})
	ctx := browsertest.New(t)
	step, cancel := browsertest.Within(ctx, 30*time.Second)
	defer cancel()
	url := srv.URL + "/manuals/pg/"
	progress := func() string {
		s, err := chromedp.Run(step, chromedp.Text(".checklist-text"))
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(s)
	}
	if err := chromedp.Do(step, chromedp.Navigate(url), chromedp.WaitVisible(".checklist-bar")); err != nil {
		t.Fatal(err)
	}
	if got := progress(); got != "0 of 4 checks done" {
		t.Fatalf("progress before ticking: %q", got)
	}
	if err := chromedp.Do(step,
		chromedp.Click(`.prose li:nth-child(1) input[type=checkbox]`),
		chromedp.Click(`.step.rollback input[type=checkbox]`),
	); err != nil {
		t.Fatal(err)
	}
	if got := progress(); got != "2 of 4 checks done" {
		t.Errorf("progress after ticking two: %q", got)
	}
	if err := chromedp.Do(step, chromedp.Reload(), chromedp.WaitVisible(".checklist-bar")); err != nil {
		t.Fatal(err)
	}
	checked, err := chromedp.Run(step, chromedp.Evaluate[[]bool](
		`Array.from(document.querySelectorAll('.prose input[type=checkbox]')).map(b => b.checked)`))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(checked) != "[true false false true]" {
		t.Errorf("after reload the ticks are %v, want [true false false true]", checked)
	}
	if got := progress(); got != "2 of 4 checks done" {
		t.Errorf("progress after reload: %q", got)
	}
	// Reset clears the ticks and the stored state.
	if _, err := chromedp.Run(step, chromedp.Evaluate[bool](`window.confirm = () => true; true`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(step,
		chromedp.Click(".checklist-reset"),
		chromedp.Reload(), chromedp.WaitVisible(".checklist-bar"),
	); err != nil {
		t.Fatal(err)
	}
	if got := progress(); got != "0 of 4 checks done" {
		t.Errorf("progress after reset and reload: %q", got)
	}
}
