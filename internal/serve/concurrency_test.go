package serve

import (
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// TestConcurrentPublish hammers the server with a bounded number of
// loopback clients while 50 Publish calls swap between two builds: every
// response must be complete and equal to one build's file, never a mix and
// never an error.
func TestConcurrentPublish(t *testing.T) {
	const (
		clients   = 8
		publishes = 50
	)
	builds := [2]map[string][]byte{site(css1), site("css/keel.9bd012.css")}
	for i, b := range builds {
		// Pages of different sizes in the two builds, one large enough to
		// need several writes.
		b["big/index.html"] = page(strings.Repeat(fmt.Sprintf("build %d ", i), 20000*(i+1)), css1)
		b["a/index.html"] = page(fmt.Sprintf("A from build %d", i), css1)
	}
	paths := map[string]string{ // URL → output file
		"/": "index.html", "/a/": "a/index.html", "/big/": "big/index.html",
		"/feed.xml": "feed.xml", "/nowhere/": "404.html",
	}
	urls := []string{"/", "/a/", "/big/", "/feed.xml", "/nowhere/"}

	s := New(Options{Logf: t.Logf})
	s.Publish(Snapshot{Files: builds[0]})
	ts := startServer(t, s)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	defer client.CloseIdleConnections()

	var (
		done      atomic.Bool
		responses atomic.Int64
		wg        sync.WaitGroup
		failed    atomic.Bool
		mu        sync.Mutex
		problems  []string
	)
	fail := func(format string, args ...any) {
		failed.Store(true)
		mu.Lock()
		defer mu.Unlock()
		if len(problems) < 10 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	for c := range clients {
		wg.Go(func() {
			for i := c; !done.Load(); i++ {
				u := urls[i%len(urls)]
				resp, err := client.Get(ts.URL + u)
				if err != nil {
					fail("GET %s: %v", u, err)
					return
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil {
					fail("GET %s: reading: %v", u, err)
					return
				}
				responses.Add(1)
				file := paths[u]
				got := string(body)
				if strings.HasSuffix(file, ".html") {
					if i, j := strings.Index(got, "<!-- keel serve -->"), strings.Index(got, "<!-- /keel serve -->"); i >= 0 && j > i {
						got = got[:i] + got[j+len("<!-- /keel serve -->"):]
					} else {
						fail("GET %s: no injection", u)
					}
				}
				if got != string(builds[0][file]) && got != string(builds[1][file]) {
					fail("GET %s: body of %d bytes matches neither build", u, len(body))
				}
			}
		})
	}
	for i := range publishes {
		// Let some requests through between swaps (bounded, no clock).
		for n := responses.Load(); responses.Load() < n+clients; {
			if failed.Load() {
				break
			}
			runtime.Gosched()
		}
		s.Publish(Snapshot{Files: builds[(i+1)%2]})
	}
	done.Store(true)
	wg.Wait()
	for _, p := range problems {
		t.Error(p)
	}
	if s.cur.Load().version != publishes+1 {
		t.Errorf("version %d after %d publishes", s.cur.Load().version, publishes+1)
	}
	t.Logf("%d responses during %d publishes", responses.Load(), publishes)
}
