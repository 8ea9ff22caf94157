package watch

import (
	"slices"
	"time"
)

// Batch is one coalesced set of changes.
type Batch struct {
	// Paths are slash paths relative to the root, sorted and deduplicated.
	Paths []string
	// First is when the first event of the batch arrived, for measuring
	// the latency from a save to the reload it causes.
	First time.Time
}

// burstPaths is the size from which a batch counts as a burst (a checkout,
// a search-and-replace): its quiet window grows to burstFactor×Debounce,
// since one rebuild for the whole burst matters more than latency.
const (
	burstPaths  = 32
	burstFactor = 5
)

// coalescer collects paths until the batch is due. It is a plain value so
// the timing rules can be tested without clocks or file systems.
type coalescer struct {
	debounce, maxWait time.Duration
	paths             map[string]bool // path -> existed before this batch
	first, last       time.Time
}

func newCoalescer(debounce, maxWait time.Duration) *coalescer {
	return &coalescer{debounce: debounce, maxWait: maxWait, paths: map[string]bool{}}
}

func (c *coalescer) empty() bool { return len(c.paths) == 0 }

// add records a change of path at now; existed tells whether the path was
// on disk before this change (only the first report in a batch counts).
func (c *coalescer) add(path string, existed bool, now time.Time) {
	if c.empty() {
		c.first = now
	}
	c.last = now
	if _, ok := c.paths[path]; !ok {
		c.paths[path] = existed
	}
}

// due is when the batch should be sent: after a quiet window following the
// last event, but no later than maxWait after the first.
func (c *coalescer) due() time.Time {
	quiet := c.debounce
	if len(c.paths) >= burstPaths {
		quiet *= burstFactor
	}
	due, limit := c.last.Add(quiet), c.first.Add(c.maxWait)
	if limit.Before(due) {
		return limit
	}
	return due
}

// take empties the coalescer and returns its batch. Paths that did not exist
// before the batch and do not exist now (temporary files of a rename-save)
// are dropped; the batch may be empty.
func (c *coalescer) take(exists func(string) bool) Batch {
	b := Batch{First: c.first}
	for p, existed := range c.paths {
		if existed || exists(p) {
			b.Paths = append(b.Paths, p)
		}
	}
	slices.Sort(b.Paths)
	clear(c.paths)
	return b
}
