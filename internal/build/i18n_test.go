package build

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"keel/internal/render"
)

// Each language has its own search index, of its own pages only: the
// Chinese one under zh/search/, the English one under search/.
func TestSearchIndexPerLanguage(t *testing.T) {
	f := loadFixture(t, "i18n-basic.txtar")
	res := buildSite(t, f.dir, Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	docs := map[string]string{} // "" or "zh/" → the text of its index's document files
	for _, file := range res.Files {
		for _, prefix := range []string{"", "zh/"} {
			if rest, ok := strings.CutPrefix(file.Path, prefix+"search/f/"); ok && rest != "" {
				docs[prefix] += string(file.Data)
			}
		}
	}
	for _, c := range []struct {
		prefix    string
		want, not []string
	}{
		{"", []string{`"/docs/pg/"`, `"/docs/guide/"`, "PostgreSQL"}, []string{"/zh/"}},
		{"zh/", []string{`"/zh/docs/pg/"`, "PostgreSQL 手册"}, []string{`"/docs/`, "Only in English"}},
	} {
		got := docs[c.prefix]
		if got == "" {
			t.Fatalf("no %ssearch/f/ files", c.prefix)
		}
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%ssearch index lacks %s", c.prefix, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(got, w) {
				t.Errorf("%ssearch index has %s, another language's", c.prefix, w)
			}
		}
	}
}

// bilingual makes a site of every language: keel.yaml lists en and zh and
// each content page gets a Chinese twin with the same front matter, except
// the indexes of the folders in untranslated (their cascades must still
// hold for the translations).
func bilingual(archive string, untranslated ...string) string {
	ar := txtar.Parse([]byte(archive))
	var out []txtar.File
	for _, f := range ar.Files {
		if f.Name == "keel.yaml" {
			f.Data = append([]byte("languages: [en, zh]\n"), f.Data...)
		}
		out = append(out, f)
		if !strings.HasPrefix(f.Name, "content/") || !strings.HasSuffix(f.Name, ".md") {
			continue
		}
		if path.Base(f.Name) == "_index.md" && slices.Contains(untranslated, path.Dir(f.Name)) {
			continue
		}
		var zh []string // the same page, but an old URL (aliases:) stays with the English one
		for _, line := range strings.Split(string(f.Data), "\n") {
			if !strings.HasPrefix(line, "aliases:") {
				zh = append(zh, line)
			}
		}
		out = append(out, txtar.File{Name: strings.TrimSuffix(f.Name, ".md") + ".zh.md", Data: []byte(strings.Join(zh, "\n"))})
	}
	ar.Files = out
	return string(txtar.Format(ar))
}

// The public edition leaks nothing internal in either language: the leak
// fixture with every page translated (two folders keep only their English
// index, so the translations inherit its cascade), and a site public by
// default whose internal folder has no Chinese index.
func TestPublicEditionLeaksNothingInTranslations(t *testing.T) {
	sites := []string{bilingual(leakSite, "content/internal-only", "content/cascaded"), `
-- keel.yaml --
languages: [en, zh]
audience: public
-- content/open.md --
---
title: Open
---
Open text.
-- content/open.zh.md --
---
title: 公开
---
公开内容。
-- content/secret/_index.md --
---
title: Secret
cascade:
  audience: internal
---
-- content/secret/plan.zh.md --
---
title: Qqxzh 计划
---
qqxzh 内部计划。
-- content/secret/gateway.md --
---
title: Qqxzh gateway
kind: blueprint
status: accepted
milestones:
  - {title: Qqxzh cutover, due: 2027-01-15, status: planned}
---
An internal blueprint without translation: the Chinese board and roadmap
of the internal edition list it, the public edition's never.
-- content/open-plan.md --
---
title: Open plan
kind: blueprint
status: proposed
audience: public
milestones:
  - {title: Launch, due: 2027-02-01, status: planned}
---
A public blueprint without translation, so the public Chinese board exists.
`}
	for i, src := range sites {
		f := writeArchive(t, txtar.Parse([]byte(src)))
		if i == 0 { // and a translation that is a symlink to an internal page of the default language
			leakLinks(t, f.dir)
			if err := os.Symlink("../internal-only/qqxsec-notes.md", filepath.Join(f.dir, "content", "briefs", "linked.zh.md")); err != nil {
				t.Fatal(err)
			}
		}
		public := buildSite(t, f.dir, Options{Audience: "public"})
		if public.Diags.HasErrors() || len(public.Files) == 0 {
			t.Fatalf("site %d: public build failed: %v", i, public.Diags)
		}
		zh := 0
		for _, file := range public.Files {
			if strings.HasPrefix(file.Path, "zh/") {
				zh++
			}
			for _, m := range append(slices.Clone(leakMarkers), "qqxzh") {
				if strings.Contains(strings.ToLower(file.Path), m) || strings.Contains(strings.ToLower(string(file.Data)), m) {
					t.Errorf("site %d: public edition: %s contains marker %q", i, file.Path, m)
				}
			}
		}
		if zh == 0 {
			t.Errorf("site %d: the public edition has no Chinese pages: the test would prove nothing", i)
		}
		if i == 1 && !slices.ContainsFunc(public.Files, func(f render.File) bool { return f.Path == "zh/blueprints/board/index.html" }) {
			t.Errorf("site %d: the public edition has no Chinese board: the board's leak check would prove nothing", i)
		}
		internal := buildSite(t, f.dir, Options{Audience: "internal", Drafts: true})
		if internal.Diags.HasErrors() {
			t.Fatalf("site %d: internal build failed: %v", i, internal.Diags)
		}
		var joined strings.Builder
		for _, file := range internal.Files {
			if strings.HasPrefix(file.Path, "zh/") {
				joined.WriteString(strings.ToLower(file.Path + "\n" + string(file.Data)))
			}
		}
		markers := leakMarkers
		if i == 1 {
			markers = []string{"qqxzh"}
			if !strings.Contains(joined.String(), "zh/blueprints/board/index.html\n") || !strings.Contains(joined.String(), "qqxzh gateway") {
				t.Errorf("site %d: the internal edition's Chinese board does not list the untranslated internal blueprint: the public check would prove nothing", i)
			}
		}
		for _, m := range markers {
			if !strings.Contains(joined.String(), m) {
				t.Errorf("site %d: the internal edition's Chinese pages never mention %q: the leak test would prove nothing", i, m)
			}
		}
	}
}
