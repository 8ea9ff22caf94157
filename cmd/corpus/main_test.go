package main

import (
	"bufio"
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSummarize(t *testing.T) {
	tests := []struct {
		name string
		in   []float64
		want summary
	}{
		{"odd", []float64{3, 1, 2}, summary{2, 1, 3}},
		{"even", []float64{4, 1, 3, 2}, summary{2.5, 1, 4}},
		{"one", []float64{7}, summary{7, 7, 7}},
		{"none", nil, summary{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := summarize(tt.in); got != tt.want {
				t.Errorf("summarize(%v) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestStatsTable(t *testing.T) {
	in := `# size tool run wall cpu rss exit
1000 keel-build 1 0.50 0.90 102400 0
1000 hugo 1 4.00 8.00 1048576 0
1000 keel-build 2 0.70 1.10 102400 0
1000 hugo 2 6.00 9.00 1048576 0
1000 hugo 3 0.00 0.00 0 143
`
	samples, err := parseSamples(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	writeStats(&out, samples)
	for _, want := range []string{
		"keel-build  2     0.60 (0.50–0.70)",
		"hugo        3     5.00 (4.00–6.00)  8.50 (8.00–9.00)  1024 (1024–1024)  1",
		"keel-build / hugo (medians): wall 0.120×, CPU 0.118×, peak RSS 0.098×",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("stats output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestParseSamplesRejectsShortLines(t *testing.T) {
	if _, err := parseSamples(strings.NewReader("1000 hugo 1 2.0\n")); err == nil {
		t.Error("want an error for a line with 4 fields")
	}
}

func TestFrameRoundTrip(t *testing.T) {
	for _, n := range []int{0, 5, 125, 126, 70000} {
		payload := bytes.Repeat([]byte("x"), n)
		var buf bytes.Buffer
		if err := writeFrame(&buf, 0x1, payload); err != nil {
			t.Fatal(err)
		}
		op, got, err := readFrame(bufio.NewReader(&buf))
		if err != nil || op != 0x1 || !bytes.Equal(got, payload) {
			t.Errorf("n=%d: got op %d, %d bytes, err %v", n, op, len(got), err)
		}
	}
}

func TestSSEEvents(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "event: hello\ndata: x\n\nevent: reload\ndata: {}\n\n")
		w.(http.Flusher).Flush()
	}))
	defer srv.Close()
	ch, err := sseEvents(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for range ch {
		n++
	}
	if n != 1 {
		t.Errorf("got %d reload events, want 1", n)
	}
}

func TestStatsAllRunsFailed(t *testing.T) {
	samples, err := parseSamples(strings.NewReader("1000 keel-check 1 0.50 0.40 2048 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	st, ok := collect(samples, 1000, "keel-check")
	if !ok || st.failed != 1 || st.wall.med != 0.5 || st.rss.med != 2 {
		t.Errorf("collect = %+v, %v; want the failed run's figures when no run succeeded", st, ok)
	}
}
