package diag

import (
	"fmt"
	"strings"
)

// EditDistance is the Levenshtein distance between a and b, in runes.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Nearest picks the candidate a mistyped name most likely meant, or "" when
// none is close: one that shares a word-boundary prefix with it (an anchor
// cut short or grown longer: #tail-sampling-policy → #tail-sampling), else
// the closest by edit distance, within about a third of its length (of its
// last segment, for a path). Ties go
// to the earlier candidate, so the answer never depends on map order.
func Nearest(want string, candidates []string) string {
	if want == "" {
		return ""
	}
	best, bestLen := "", 0
	for _, c := range candidates {
		if c == "" || c == want {
			continue
		}
		short, long := c, want
		if len(short) > len(long) {
			short, long = long, short
		}
		if strings.HasPrefix(long, short) && isBoundary(long[len(short)]) && len(short) > bestLen {
			best, bestLen = c, len(short)
		}
	}
	if best != "" {
		return best
	}
	// a path may differ by a third of its last segment, not of its length,
	// and never by all of it: "b.md" is no typo of "a.md"
	seg := len([]rune(want[strings.LastIndexByte(want, '/')+1:]))
	limit := min(max(2, seg/3), seg-1)
	bestDist := limit + 1
	for _, c := range candidates {
		if c == "" || c == want {
			continue
		}
		if d := EditDistance(want, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// isBoundary: not '/', so a folder is never the "prefix" of a page in it.
func isBoundary(c byte) bool { return strings.IndexByte("-_. :", c) >= 0 }

// Summary is the last line of a failed build or check: how many errors and
// warnings, in how many files.
func (l List) Summary() string {
	errs, warns := l.Count()
	files := map[string]bool{}
	for _, d := range l {
		files[d.Path] = true
	}
	return fmt.Sprintf("%s, %s in %s", plural(errs, "error"), plural(warns, "warning"), plural(len(files), "file"))
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
