package build

import (
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/txtar"

	"keel"
	"keel/internal/markdown"
	"keel/internal/output"
)

// searchSite has what a page's search text can hold: a lead, sections,
// code, internal blocks (with headings of their own, and text under a
// public heading), a translation, a team's own page and a page with no body.
const searchSite = `-- keel.yaml --
title: Portal
languages: [en, zh]
teams:
  sre: {name: SRE, description: Keeps production up.}
-- content/_index.md --
---
title: Portal
---
Welcome.
-- content/docs/_index.md --
---
title: Manuals
audience: public
---
Every manual.
-- content/docs/pg.md --
---
title: Postgres upgrade
audience: public
tags: [database]
teams: [sre]
---
Upgrade the primary first.

## Prepare

Take a base backup with pg_basebackup.

` + "```sh\npg_dump --format=custom qqxdump\n```" + `

> [!INTERNAL]
> The qqxint replica lags on Mondays.
>
> ## Qqxsecret escalation
>
> Page the qqxduty manager.

## Switch over

Promote the standby.
-- content/docs/pg.zh.md --
---
title: 数据库升级
audience: public
---
先升级主库。

## 准备

做一次基础备份。
-- content/docs/empty.md --
---
title: Empty page
summary: Nothing below.
---
-- content/teams/sre.md --
---
title: Site Reliability
audience: public
---
We run the **on-call rota**.
`

func searchFixture(t *testing.T) fixture {
	t.Helper()
	return writeArchive(t, txtar.Parse([]byte(searchSite)))
}

// collect is an Output keeping what it is given.
func collect() (Output, map[string]string) {
	var mu sync.Mutex
	files := map[string]string{}
	return writeFunc(func(f output.File) error {
		mu.Lock()
		defer mu.Unlock()
		files[f.Path] = string(f.Data)
		return nil
	}), files
}

// searchFiles are the index files among a build's.
func searchFiles(files map[string]string) map[string]string {
	out := map[string]string{}
	for p, data := range files {
		if strings.HasPrefix(p, "search/") || strings.HasPrefix(p, "zh/search/") {
			out[p] = data
		}
	}
	return out
}

func hasText(r *markdown.Result) bool {
	return r.Lead != "" || r.LeadInternal != "" || len(r.Sections) > 0 || len(r.Code) > 0 || len(r.InternalCode) > 0
}

// A one-shot build with the persistent cache keeps no page's search text
// after parse (it is read back from the cache when the index is built),
// and its index is the index of a build that kept it: without the cache,
// with it but not one-shot (keel serve keeps the text), cold and warm, in
// both editions.
func TestOnceKeepsNoSearchText(t *testing.T) {
	f := searchFixture(t)
	for _, audience := range []string{"internal", "public"} {
		ref := buildSite(t, f.dir, Options{Audience: audience})
		if ref.Diags.HasErrors() {
			t.Fatal(ref.Diags)
		}
		want := searchFiles(fileMap(ref.Files))
		if !strings.Contains(strings.Join(slices.Collect(maps.Values(want)), ""), "pg_basebackup") {
			t.Fatalf("%s: the reference index has no section text", audience)
		}
		cache := filepath.Join(t.TempDir(), "cache")
		for _, mode := range []struct {
			name string
			once bool
		}{{"once cold", true}, {"once warm", true}, {"kept", false}, {"once warm again", true}} {
			out, files := collect()
			b := New(Options{Source: f.dir, Theme: keel.Theme(), Now: testNow, Audience: audience, CacheDir: cache, Output: out, Once: mode.once})
			res := b.Build()
			if res.Diags.HasErrors() {
				t.Fatalf("%s %s: %v", audience, mode.name, res.Diags)
			}
			if got := searchFiles(files); !maps.Equal(got, want) {
				t.Errorf("%s %s: %d index files differ from the %d of a build without the cache", audience, mode.name, len(got), len(want))
			}
			held := 0
			for _, p := range b.cache {
				if hasText(p.md) {
					held++
				}
			}
			if res.Site != nil { // a one-shot build let the graph go (letGraphGo)
				for _, pg := range res.Site.Pages {
					if pg.MD != nil && hasText(pg.MD) {
						held++
					}
				}
			}
			if mode.once && held > 0 {
				t.Errorf("%s %s: %d results hold search text after the build", audience, mode.name, held)
			}
			if !mode.once && held == 0 {
				t.Errorf("%s %s: no result holds search text, as keel serve needs", audience, mode.name)
			}
		}
	}
}

// A search text record the cache lost, or one damaged, is made again from
// the file (and put back), never an error nor a page missing from the
// index: in a one-shot build, which reads it back when the index is built,
// and in one that keeps the text (keel serve), which reads it at parse.
func TestLostSearchTextIsRebuilt(t *testing.T) {
	f := searchFixture(t)
	for _, once := range []bool{true, false} {
		cache := filepath.Join(t.TempDir(), "cache")
		build := func() (*Builder, map[string]string, Result) {
			out, files := collect()
			b := New(Options{Source: f.dir, Theme: keel.Theme(), Now: testNow, CacheDir: cache, Output: out, Once: once})
			res := b.Build()
			if res.Diags.HasErrors() {
				t.Fatalf("once %v: %v", once, res.Diags)
			}
			return b, files, res
		}
		b, cold, _ := build()
		lost, damaged := b.cache["content/docs/pg.md"].key, b.cache["content/docs/pg.zh.md"].key
		// The next build's cache: everything this one had but the one
		// record, and the other overwritten with what is no record.
		tx := b.disk.tx
		for i := range shards {
			tx.Keep(shardKey(i))
		}
		tx.Keep(termsKey)
		for _, p := range b.cache {
			tx.Keep(htmlKey(p.key))
			if p.key != lost {
				tx.Keep(searchKey(p.key))
			}
		}
		tx.Put(searchKey(damaged), []byte{textVersion, 0, 200})
		tx.Commit()

		b, warm, res := build()
		if res.Stats.FromCache == 0 {
			t.Fatalf("once %v: the warm build took nothing from the cache", once)
		}
		if got, want := searchFiles(warm), searchFiles(cold); !maps.Equal(got, want) || len(want) == 0 {
			t.Errorf("once %v: the index without the records differs from the cold build's", once)
		}
		if !maps.Equal(warm, cold) {
			t.Errorf("once %v: the output without the records differs from the cold build's", once)
		}
		for _, path := range []string{"content/docs/pg.md", "content/docs/pg.zh.md"} {
			p := b.cache[path]
			r := markdown.Result{HasInternal: p.md.HasInternal}
			if !b.disk.readText(p.key, &r) || !hasText(&r) {
				t.Errorf("once %v: the record of %s was not put back", once, path)
			}
		}
	}
}

// A search text record reads back as the result's search text; cut or
// changed, or of a result with other internal blocks, it is no record.
func TestTextRecord(t *testing.T) {
	for _, r := range []markdown.Result{
		{},
		{Lead: "Upgrade first.", Code: []string{"pg_dump"}},
		{HasInternal: true, Lead: "lead", LeadInternal: "secret lead", InternalCode: []string{"SELECT 1", ""},
			Sections: []markdown.Section{{ID: "a", Title: "A", Text: "text"}, {ID: "b", Title: "B", Internal: true}, {ID: "a", Text: "more", InternalText: "x", Cont: true}}},
	} {
		rec := encodeText(&r)
		got := markdown.Result{HasInternal: r.HasInternal, Title: "kept"}
		if err := decodeText(rec, &got); err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		want := r
		want.Title = "kept"
		if !reflect.DeepEqual(got, want) {
			t.Errorf("read back %+v, want %+v", got, want)
		}
		for n := range len(rec) {
			if decodeText(rec[:n], &got) == nil {
				t.Errorf("%+v: cut at %d of %d bytes, no error", r, n, len(rec))
			}
		}
		if other := (markdown.Result{HasInternal: !r.HasInternal}); decodeText(rec, &other) == nil {
			t.Errorf("%+v: read as the record of a result with HasInternal %v", r, other.HasInternal)
		}
		if decodeText(append(rec, 0), &got) == nil {
			t.Errorf("%+v: a trailing byte, no error", r)
		}
	}
}
