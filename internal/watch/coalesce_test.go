package watch

import (
	"slices"
	"strings"
	"testing"
	"time"

	"keel/internal/source"
)

func TestCoalescerDue(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	tests := []struct {
		name   string
		events []int // arrival times in ms, one new path each
		want   int   // due time in ms
	}{
		{"single event waits the quiet window", []int{0}, 10},
		{"each event restarts the window", []int{0, 4, 8}, 18},
		{"continuous events are capped by MaxWait", []int{0, 9, 18, 27, 36, 45, 54, 63, 72, 81, 90, 99}, 100},
		{"a burst waits longer", burst(40), 39 + 10*burstFactor},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCoalescer(10*time.Millisecond, 100*time.Millisecond)
			for i, at := range tt.events {
				c.add(string(rune('a'+i%26))+string(rune('a'+i/26)), true, ms(at))
			}
			if got := c.due(); !got.Equal(ms(tt.want)) {
				t.Errorf("due = %v, want %v", got.Sub(t0), ms(tt.want).Sub(t0))
			}
		})
	}
}

func burst(n int) []int {
	var at []int
	for i := range n {
		at = append(at, i)
	}
	return at
}

func TestCoalescerTake(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := newCoalescer(10*time.Millisecond, 100*time.Millisecond)
	onDisk := map[string]bool{"b.md": true, "a.md": true}
	c.add("b.md", true, t0.Add(2*time.Millisecond))
	c.add("tmp", false, t0.Add(3*time.Millisecond)) // created and renamed away
	c.add("gone.md", true, t0.Add(4*time.Millisecond))
	c.add("a.md", false, t0.Add(5*time.Millisecond))
	c.add("b.md", false, t0.Add(6*time.Millisecond)) // first report wins
	b := c.take(func(p string) bool { return onDisk[p] })
	if want := []string{"a.md", "b.md", "gone.md"}; !slices.Equal(b.Paths, want) {
		t.Errorf("paths = %q, want %q", b.Paths, want)
	}
	if !b.First.Equal(t0.Add(2 * time.Millisecond)) {
		t.Errorf("First = %v, want the first event's time", b.First)
	}
	if !c.empty() {
		t.Error("take left paths behind")
	}
}

func TestMerge(t *testing.T) {
	t0 := time.Now()
	a := Batch{Paths: []string{"a", "c"}, First: t0}
	b := Batch{Paths: []string{"b", "c"}, First: t0.Add(time.Second)}
	got := merge(a, b)
	if !slices.Equal(got.Paths, []string{"a", "b", "c"}) || !got.First.Equal(t0) {
		t.Errorf("merge = %+v", got)
	}
}

func TestIgnored(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"a.md", false},
		{"site.css", false},
		{"4913", true},
		{"4914", false},
		{"a.md~", true},
		{".a.md.swp", true},
		{".a.md.swo", true},
		{".a.md.swpx", true},
		{".#a.md", true},
		{".a.md.kate-swp", true},
		{".goutputstream-XYZ", true},
		{"a.md___jb_tmp___", true},
		{"a.md___jb_old___", true},
		{".git", true},
		{"x.tmp", true},
	}
	for _, tt := range tests {
		if got := Ignored(tt.name); got != tt.want {
			t.Errorf("Ignored(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestIgnoredAgreesWithSource: the watcher may skip only what the build
// skips, or serve would differ from build.
func TestIgnoredAgreesWithSource(t *testing.T) {
	for _, name := range []string{"a.md", "a.md~", "4913", "a.swp", ".hidden", "x.tmp", "#a.md#", "a___jb_tmp___"} {
		if Ignored(name) != (strings.HasPrefix(name, ".") || source.IgnoredName(name)) {
			t.Errorf("Ignored(%q) disagrees with the source stage", name)
		}
	}
}
