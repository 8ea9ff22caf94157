package serve

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkPublishToEvent measures, on a 10,000-page site, the time from
// Publish (of a rebuild that changed one page, which the server finds by
// comparing snapshots) to an SSE client receiving the reload event.
func BenchmarkPublishToEvent(b *testing.B) {
	files := map[string][]byte{}
	body := strings.Repeat("<p>Some paragraph of a manual page.</p>\n", 100)
	for i := range 10000 {
		files[fmt.Sprintf("s%02d/p%04d/index.html", i%100, i)] = page(body, css1)
	}
	files[css1] = []byte("body{}")
	s := New(Options{Logf: b.Logf})
	s.Publish(Snapshot{Files: files})
	ts := startServer(b, s)
	st := openStream(b, ts.URL)
	st.expect(b, "hello")

	var lat []time.Duration
	i := 0
	for b.Loop() {
		i++
		b.StopTimer()
		next := maps.Clone(files) // the builder's copy-on-write, not measured
		next["s42/p0042/index.html"] = page(fmt.Sprint(body, i), css1)
		files = next
		b.StartTimer()
		t0 := time.Now()
		s.Publish(Snapshot{Files: next})
		st.expect(b, "reload")
		lat = append(lat, time.Since(t0))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2])/float64(time.Millisecond), "ms-publish→event")
}
