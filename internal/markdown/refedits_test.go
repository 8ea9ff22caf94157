package markdown

import (
	"math/rand"
	"regexp"
	"slices"
	"testing"
)

// TestRefEditsIsMultilineSearch: refEdits' line-start scan finds what the
// search of all matches of the (?m)^ pattern over the whole file finds.
func TestRefEditsIsMultilineSearch(t *testing.T) {
	whole := regexp.MustCompile(`(?m)^ {0,3}\[[^\]\n]+\]:[ \t]*\n?[ \t]*<?([^\s>]+)`)
	pieces := []string{"[a]:", " ", "   ", "    ", "\t", "\n", "x", "<", ">", "/p.md", "[b]: /q.md", "]", "[", ":", "[c]:\n  /r.md"}
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 3000; n++ {
		var src []byte
		for k := rng.Intn(12); k >= 0; k-- {
			src = append(src, pieces[rng.Intn(len(pieces))]...)
		}
		var want []Edit
		var links []Link
		var missing []int
		for _, m := range whole.FindAllSubmatchIndex(src, -1) {
			want = append(want, Edit{Start: m[2], End: m[3], Link: len(links)})
			missing = append(missing, len(links))
			links = append(links, Link{Dest: string(src[m[2]:m[3]])}) // every destination is missing
		}
		got := refEdits(src, links, missing)
		for i := range want {
			for j := range links[:i] { // the first link with that destination
				if links[j].Dest == links[i].Dest {
					want[i].Link = j
					break
				}
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%q: %v, want %v", src, got, want)
		}
	}
}
