package build

import (
	"strings"
	"testing"
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
