package watch

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// BenchmarkEditToBatch measures, on a 10,000-page tree with the default
// options, the time from the first fsnotify event of a one-page edit to the
// batch being received (event→batch, the debounce window included) and from
// the write itself (save→batch). Medians are reported in milliseconds.
func BenchmarkEditToBatch(b *testing.B) {
	root := b.TempDir()
	for i := range 10000 {
		write(b, root, fmt.Sprintf("content/s%02d/p%04d.md", i%100, i), "# page\n")
	}
	w, err := New(root, siteDirs, siteFiles, Options{Logf: b.Logf})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	var fromEvent, fromSave []time.Duration
	i := 0
	for b.Loop() {
		i++
		saved := time.Now()
		write(b, root, "content/s42/p0042.md", fmt.Sprintf("# page edit %d\n", i))
		batch := <-w.Batches()
		now := time.Now()
		fromEvent = append(fromEvent, now.Sub(batch.First))
		fromSave = append(fromSave, now.Sub(saved))
	}
	b.ReportMetric(median(fromEvent), "ms-event→batch")
	b.ReportMetric(median(fromSave), "ms-save→batch")
}

func median(d []time.Duration) float64 {
	slices.Sort(d)
	return float64(d[len(d)/2]) / float64(time.Millisecond)
}
