package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"keel/internal/diag"
)

// stream is an SSE client reading one event stream.
type stream struct {
	r      *bufio.Reader
	cancel context.CancelFunc
}

func openStream(t testing.TB, url string) *stream {
	t.Helper()
	// The timeout only guards against a hung test.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	req, err := http.NewRequestWithContext(ctx, "GET", url+"/__keel/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream; charset=utf-8" {
		t.Fatalf("events: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	t.Cleanup(func() { cancel(); resp.Body.Close() })
	return &stream{r: bufio.NewReader(resp.Body), cancel: cancel}
}

// next returns the next event's name and data; comments come back as
// name ":" and the retry field as "retry".
func (s *stream) next(t testing.TB) (name, data string) {
	t.Helper()
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			t.Fatalf("reading events: %v", err)
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "" && (name != "" || data != ""):
			return name, data
		case strings.HasPrefix(line, ":"):
			return ":", strings.TrimSpace(line[1:])
		case strings.HasPrefix(line, "retry: "):
			return "retry", line[len("retry: "):]
		case strings.HasPrefix(line, "event: "):
			name = line[len("event: "):]
		case strings.HasPrefix(line, "data: "):
			data = line[len("data: "):]
		}
	}
}

// expect reads the next event (after retry) and decodes its data.
func (s *stream) expect(t testing.TB, want string) map[string]any {
	t.Helper()
	name, data := s.next(t)
	if name == "retry" {
		name, data = s.next(t)
	}
	if name != want {
		t.Fatalf("event %q (%s), want %q", name, data, want)
	}
	var d map[string]any
	if err := json.Unmarshal([]byte(data), &d); err != nil {
		t.Fatalf("event data %q: %v", data, err)
	}
	return d
}

func TestEventsReload(t *testing.T) {
	s := newServer(t, Options{})
	ts := startServer(t, s)
	st := openStream(t, ts.URL)
	if name, data := st.next(t); name != "retry" || data != "1000" {
		t.Fatalf("first field %q %q, want retry", name, data)
	}
	if d := st.expect(t, "hello"); d["version"] != 1.0 {
		t.Errorf("hello = %v", d)
	}

	files := site(css1)
	files["a/index.html"] = page("A edited", css1)
	s.Publish(Snapshot{Files: files})
	d := st.expect(t, "reload")
	if d["version"] != 2.0 || !reflect.DeepEqual(d["paths"], []any{"a/index.html"}) {
		t.Errorf("reload = %v", d)
	}

	// Nothing changed: no event; the next one proves nothing was sent.
	s.Publish(Snapshot{Files: files})
	many := maps.Clone(files)
	for i := range maxListed + 1 {
		many[fmt.Sprintf("p%d/index.html", i)] = page("P", css1)
	}
	s.Publish(Snapshot{Files: many})
	if d := st.expect(t, "reload"); d["all"] != true || d["version"] != 4.0 {
		t.Errorf("big reload = %v", d)
	}
}

func TestEventsCSS(t *testing.T) {
	const css2 = "css/keel.9bd012.css"
	tests := []struct {
		name   string
		edit   func(files map[string][]byte)
		event  string
		swap   map[string]any
		inline []any
	}{
		{"fingerprinted stylesheet renamed in every page", func(f map[string][]byte) {
			delete(f, css1)
			f[css2] = []byte("body{color:red}")
			for p, b := range f {
				if strings.HasSuffix(p, ".html") {
					f[p] = []byte(strings.ReplaceAll(string(b), css1, css2))
				}
			}
		}, "css", map[string]any{css1: css2}, []any{}},
		{"stylesheet changed in place", func(f map[string][]byte) {
			f["css/print.css"] = []byte("@media print{body{color:gray}}")
		}, "css", map[string]any{}, []any{"css/print.css"}},
		{"stylesheet and page text", func(f map[string][]byte) {
			delete(f, css1)
			f[css2] = []byte("body{color:red}")
			f["a/index.html"] = page("A edited", css2)
		}, "reload", nil, nil},
		{"stylesheet and script", func(f map[string][]byte) {
			f["css/print.css"] = []byte("@media print{body{color:gray}}")
			f["app.js"] = []byte("console.log(2)")
		}, "reload", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, Options{})
			ts := startServer(t, s)
			st := openStream(t, ts.URL)
			st.expect(t, "hello")
			files := site(css1)
			tt.edit(files)
			s.Publish(Snapshot{Files: files})
			d := st.expect(t, tt.event)
			if tt.event == "css" && (!reflect.DeepEqual(d["swap"], tt.swap) || !reflect.DeepEqual(d["paths"], tt.inline)) {
				t.Errorf("css event = %v", d)
			}
		})
	}
}

func TestEventsErrors(t *testing.T) {
	s := newServer(t, Options{})
	ts := startServer(t, s)
	st := openStream(t, ts.URL)
	st.expect(t, "hello")

	s.Publish(Snapshot{Files: site(css1), Diags: diag.List{diag.Errorf("content/a.md", 3, 7, "bad date")}})
	d := st.expect(t, "errors")
	if o, _ := d["overlay"].(string); !strings.Contains(textOf(o), "content/a.md:3:7: error: bad date") || !strings.HasPrefix(o, `<div id="keel-overlay"`) {
		t.Errorf("errors event = %v", d)
	}
	// Still broken, with the fix of the page on the way: the page reloads
	// and the overlay stays.
	files := site(css1)
	files["a/index.html"] = page("A edited", css1)
	s.Publish(Snapshot{Files: files, Diags: diag.List{diag.Errorf("content/b.md", 1, 1, "bad")}})
	st.expect(t, "reload")
	st.expect(t, "errors")
	// Fixed, with output identical to the last good build: the overlay goes.
	s.Publish(Snapshot{Files: files})
	if d := st.expect(t, "ok"); d["version"] != 4.0 {
		t.Errorf("ok = %v", d)
	}
}

func TestEventsPing(t *testing.T) {
	s := newServer(t, Options{PingInterval: time.Millisecond})
	ts := startServer(t, s)
	st := openStream(t, ts.URL)
	st.expect(t, "hello")
	if name, data := st.next(t); name != ":" || data != "ping" {
		t.Errorf("got %q %q, want a ping comment", name, data)
	}
}

// TestEventsManyClients checks that every client receives every event and
// that clients leaving (disconnect) and Close (shutdown) are handled.
func TestEventsManyClients(t *testing.T) {
	s := newServer(t, Options{})
	ts := startServer(t, s)
	var streams []*stream
	for range 20 {
		st := openStream(t, ts.URL)
		st.expect(t, "hello")
		streams = append(streams, st)
	}
	if n := clientCount(s); n != 20 {
		t.Fatalf("%d clients registered, want 20", n)
	}
	files := site(css1)
	files["index.html"] = page("Home edited", css1)
	s.Publish(Snapshot{Files: files})
	for _, st := range streams {
		st.expect(t, "reload")
	}

	for _, st := range streams[:10] {
		st.cancel()
	}
	waitFor(t, func() bool { return clientCount(s) == 10 })

	s.Close()
	for _, st := range streams[10:] {
		if _, err := st.r.ReadString('\n'); err == nil {
			t.Error("stream still open after Close")
		}
	}
	waitFor(t, func() bool { return clientCount(s) == 0 })
	resp, err := http.Get(ts.URL + "/__keel/events")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("stream after Close: %d", resp.StatusCode)
	}
}

// TestSlowClientDropped: a client that does not read is dropped rather
// than blocking Publish; its reconnect then sees a newer version.
func TestSlowClientDropped(t *testing.T) {
	s := newServer(t, Options{})
	c := &client{ch: make(chan []byte, clientBuffer), kick: make(chan struct{})}
	s.mu.Lock()
	s.clients[c] = struct{}{}
	s.mu.Unlock()
	for i := range clientBuffer + 1 {
		files := site(css1)
		files["index.html"] = page(fmt.Sprint("Home ", i), css1)
		s.Publish(Snapshot{Files: files})
	}
	select {
	case <-c.kick:
	default:
		t.Error("slow client not dropped")
	}
	if clientCount(s) != 0 {
		t.Error("slow client still registered")
	}
}

// startServer runs s on loopback until the test's cleanup, which ends the
// event streams first: httptest waits for every open connection.
func startServer(t testing.TB, s *Server) *httptest.Server {
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		s.Close()
		ts.Close()
	})
	return ts
}

func clientCount(s *Server) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.clients)
}

// waitFor polls cond until it holds; the deadline only catches hangs.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition never held")
		}
		time.Sleep(time.Millisecond)
	}
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// textOf is HTML's text, tags removed (entities kept).
func textOf(html string) string { return tagRE.ReplaceAllString(html, "") }
