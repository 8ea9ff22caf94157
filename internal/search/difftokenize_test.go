package search

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"keel/internal/corpus"
)

// The tokenizer and page analysis against the reference (reftokenize_test.go,
// the code before the allocation-free rewrite): every token (text, raw,
// offsets, flags) and every page's terms and counts must be the same.

// tricky are inputs around the ASCII fast path's edges.
var tricky = []string{
	"", "a", "A", "ab", "The", "ABC def", "abc_", "_abc", "a_b", "pg_dump", "__init__", "x_", "_",
	"cafe\u0301s", "\u0301abc", "abc\u0301", "naïve", "Ærø", "straße", "İstanbul", "ﬁne", "ſtate",
	"迁移abc", "abc迁移", "迁移", "表", "a表b", "Ｐｏｓｔｇｒｅ SQL", "abcＡＢＣ", "abc１",
	"studies studied passes agreed embedded running planned queries", "ies ied sses",
	strings.Repeat("x", maxWord), strings.Repeat("x", maxWord+1), strings.Repeat("x", maxWord) + "é",
	strings.Repeat("é", maxWord+1), strings.Repeat("ab_", 20), "v1.2.3-rc4 x86_64 0xFF",
	"\xff\xfeabc", "abc\xff", "a\x00b", "tab\tnew\nline", "émigré", "ÉCOLE", "Привет, мир", "데이터",
}

func refTokens(text string) []token {
	var out []token
	refScan(text, func(t token) { out = append(out, t) })
	return out
}

func newTokens(text string) []token {
	var out []token
	scan(text, func(t token) { out = append(out, t) })
	return out
}

func checkTokens(t *testing.T, name, text string) {
	t.Helper()
	want, got := refTokens(text), newTokens(text)
	if slices.Equal(got, want) {
		return
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Fatalf("%s: token %d = %+v, reference %+v", name, i, got[i], want[i])
		}
	}
	t.Fatalf("%s: %d tokens, reference %d", name, len(got), len(want))
}

func checkAnalyze(t *testing.T, name string, d Doc) {
	t.Helper()
	if got, want := analyze(d), refCompact(refDocFields(d)); !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: analyze differs from the reference:\n got %+v\nwant %+v", name, got, want)
	}
}

// realTexts is the repo's own content and a generated corpus (prose
// profile, and the default profile translated into Chinese), by path.
func realTexts(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	if err := corpus.GenerateWith(filepath.Join(dir, "prose"), 120, 7, corpus.Options{Profile: "prose"}); err != nil {
		t.Fatal(err)
	}
	if err := corpus.GenerateWith(filepath.Join(dir, "zh"), 60, 8, corpus.Options{Translate: true}); err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	for _, root := range []string{"../../content", filepath.Join(dir, "prose", "keel"), filepath.Join(dir, "zh", "keel")} {
		err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(p, ".md") {
				return err
			}
			b, err := os.ReadFile(p)
			texts[p] = string(b)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(texts) < 200 {
		t.Fatalf("only %d texts", len(texts))
	}
	return texts
}

// docOf makes a page of a Markdown file: its lines as the fields.
func docOf(text string) Doc {
	lines := strings.Split(text, "\n")
	d := Doc{Title: lines[0], Kind: "page", Owner: "Ops Team", Tags: []string{"Data Base", "迁移"}, Teams: []string{"SRE"}}
	for i, l := range lines[1:] {
		switch {
		case strings.HasPrefix(l, "#"):
			d.Sections = append(d.Sections, Section{Title: l})
		case strings.HasPrefix(l, "    ") || strings.HasPrefix(l, "\t"):
			d.Code = append(d.Code, l)
		case len(d.Sections) > 0:
			d.Sections[len(d.Sections)-1].Text += l + "\n"
		case i < 3:
			d.Summary += l
		default:
			d.Lead += l + "\n"
		}
	}
	return d
}

func TestTokensMatchReference(t *testing.T) {
	for _, s := range tricky {
		checkTokens(t, "tricky "+strings.ToValidUTF8(s, "?"), s)
	}
	for p, text := range realTexts(t) {
		checkTokens(t, p, text)
	}
}

func TestAnalyzeMatchesReference(t *testing.T) {
	for i, d := range genDocs(300) {
		checkAnalyze(t, "genDocs "+d.URL, d)
		if i == 0 {
			checkAnalyze(t, "empty page", Doc{})
		}
	}
	for p, text := range realTexts(t) {
		checkAnalyze(t, p, docOf(text))
	}
	for _, s := range tricky {
		checkAnalyze(t, "tricky", Doc{Title: s, Lead: s, Tags: []string{s}, Owner: s})
	}
}

func TestStopwordsMatchReference(t *testing.T) {
	words := []string{"", "b", "i", "ant", "andy", "thee", "The", "which_", "whic", "wit"}
	for w := range refStopwords {
		words = append(words, w)
	}
	for _, w := range words {
		if got := isStopword([]byte(w)); got != refStopwords[w] {
			t.Errorf("isStopword(%q) = %v, reference %v", w, got, refStopwords[w])
		}
	}
}

func FuzzTokensMatchReference(f *testing.F) {
	for _, s := range tricky {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkTokens(t, "fuzz", s)
		checkAnalyze(t, "fuzz", Doc{Title: s, Summary: s, Tags: []string{s}, Teams: []string{s}, Owner: s})
	})
}
