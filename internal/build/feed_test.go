package build

import (
	"encoding/xml"
	"fmt"
	"testing"
)

// The Atom feed lists the 30 most recently updated pages, newest first.
func TestFeedOrderAndLimit(t *testing.T) {
	dir := t.TempDir()
	for i := range 35 {
		day := (i * 13) % 35
		writeFile(t, dir, fmt.Sprintf("content/p%02d.md", i),
			fmt.Sprintf("---\ntitle: Day %02d\nupdated: 2026-%02d-%02d\n---\n", day, 1+day/28, 1+day%28))
	}
	res := buildSite(t, dir, Options{})
	var feed struct {
		Entries []struct {
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(fileMap(res.Files)["feed.xml"]), &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) != 30 {
		t.Fatalf("feed has %d entries, want 30", len(feed.Entries))
	}
	for i, e := range feed.Entries {
		if want := fmt.Sprintf("Day %02d", 34-i); e.Title != want {
			t.Errorf("entry %d is %q, want %q (newest first)", i, e.Title, want)
		}
	}
}
