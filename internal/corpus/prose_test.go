package corpus

import (
	"bytes"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// The prose profile: 1–3 code blocks per page, Chinese sentences inside the
// paragraphs (not only under a Chinese heading) of about a third of the pages,
// leaf sections of up to 500 pages, longer pages than the default profile.
func TestProseProfile(t *testing.T) {
	const n = 1200
	dir := t.TempDir()
	if err := GenerateWith(dir, n, 1, Options{Profile: "prose"}); err != nil {
		t.Fatal(err)
	}
	def := t.TempDir()
	if err := Generate(def, n, 1); err != nil {
		t.Fatal(err)
	}
	k := readTree(t, filepath.Join(dir, "keel"))
	perSection := map[string]int{}
	pages, withZh, proseBytes, defBytes := 0, 0, 0, 0
	for p, b := range k {
		if !strings.HasPrefix(p, "content/") || path.Base(p) == "_index.md" {
			continue
		}
		pages++
		proseBytes += len(b)
		perSection[path.Dir(p)]++
		if fences := bytes.Count(b, []byte("\n```")) / 2; fences < 1 || fences > 3 {
			t.Errorf("%s: %d code blocks, want 1–3", p, fences)
		}
		if hanParagraphs(string(b)) >= 2 { // the default profile has one, under a Chinese heading
			withZh++
		}
	}
	for p, b := range readTree(t, filepath.Join(def, "keel")) {
		if strings.HasPrefix(p, "content/") && path.Base(p) != "_index.md" {
			defBytes += len(b)
		}
	}
	if pages != n {
		t.Fatalf("%d pages, want %d", pages, n)
	}
	if withZh < n/4 || withZh > n/2 {
		t.Errorf("%d of %d pages have Chinese in their paragraphs, want about a third", withZh, n)
	}
	biggest := 0
	for _, c := range perSection {
		biggest = max(biggest, c)
	}
	if biggest > proseLeafSize || biggest < proseLeafSize*2/3 {
		t.Errorf("largest section has %d pages, want up to %d and close to it", biggest, proseLeafSize)
	}
	if proseBytes < defBytes*3/2 {
		t.Errorf("prose pages total %d bytes, default %d: not prose-heavy", proseBytes, defBytes)
	}
	if err := GenerateWith(t.TempDir(), 10, 1, Options{Profile: "poetry"}); err == nil {
		t.Error("an unknown profile was accepted")
	}
}

// hanParagraphs counts the lines (not headings) that start with a Han character.
func hanParagraphs(md string) int {
	n := 0
	for _, line := range strings.Split(md, "\n") {
		for _, c := range line {
			if unicode.Is(unicode.Han, c) {
				n++
			}
			break
		}
	}
	return n
}
