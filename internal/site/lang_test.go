package site

import (
	"strings"
	"testing"
)

func TestTranslation(t *testing.T) {
	langs := []string{"en", "zh"}
	for _, c := range []struct{ path, lang, src string }{
		{"content/manuals/pg.md", "", "content/manuals/pg.md"},
		{"content/manuals/pg.zh.md", "zh", "content/manuals/pg.md"},
		{"content/manuals/_index.zh.md", "zh", "content/manuals/_index.md"},
		{"content/README.zh.md", "zh", "content/README.md"},
		{"content/pg.en.md", "", "content/pg.en.md"}, // the default language has no suffix
		{"content/zh.md", "", "content/zh.md"},
		{"content/.zh.md", "", "content/.zh.md"},
		{"content/pg.zh.txt", "", "content/pg.zh.txt"},
	} {
		lang, src := Translation(c.path, langs)
		if lang != c.lang || src != c.src {
			t.Errorf("Translation(%q) = %q, %q; want %q, %q", c.path, lang, src, c.lang, c.src)
		}
	}
	if lang, _ := Translation("content/pg.zh.md", nil); lang != "" {
		t.Errorf("one language: pg.zh.md is a page named pg.zh, got language %q", lang)
	}
	if !IsIndexIn("content/x/_index.zh.md", langs) || !IsIndexIn("content/x/README.zh.md", langs) || IsIndexIn("content/x/_index.zh.md", nil) {
		t.Error("IsIndexIn: translated indexes are indexes of a bilingual site only")
	}
}

func FuzzTranslation(f *testing.F) {
	for _, s := range []string{"content/a.zh.md", "content/_index.zh.md", "content/.zh.md", "a.md", ".zh.md", "content/x/zh.zh.md"} {
		f.Add(s)
	}
	langs := []string{"en", "zh"}
	f.Fuzz(func(t *testing.T, p string) {
		lang, src := Translation(p, langs)
		if lang == "" {
			if src != p {
				t.Fatalf("no language, yet the source %q differs from %q", src, p)
			}
			return
		}
		if strings.TrimSuffix(src, ".md")+"."+lang+".md" != p || strings.HasSuffix(src, "/.md") || src == ".md" {
			t.Fatalf("Translation(%q) = %q, %q", p, lang, src)
		}
	})
}
