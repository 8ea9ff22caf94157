package serve

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// occupy listens on a free loopback port and returns it.
func occupy(t *testing.T, port int) (int, error) {
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		return 0, err
	}
	t.Cleanup(func() { ln.Close() })
	return ln.Addr().(*net.TCPAddr).Port, nil
}

type logs struct {
	mu    sync.Mutex
	lines []string
}

func (l *logs) logf(f string, a ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(f, a...))
}

func (l *logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

func TestListenAndServeNextPort(t *testing.T) {
	taken, err := occupy(t, 0)
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(t, Options{BasePath: "/sub/"})
	var l logs
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	url, err := ListenAndServe(ctx, s, "127.0.0.1", taken, l.logf)
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("port %d in use, trying %d", taken, taken+1); !strings.Contains(l.String(), want) {
		t.Errorf("log %q lacks %q", l.String(), want)
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, "/sub/") || strings.Contains(url, fmt.Sprint(":", taken, "/")) {
		t.Errorf("url = %q", url)
	}
	resp, err := http.Get(url + "a/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<h1>A</h1>") {
		t.Errorf("GET: %d %q", resp.StatusCode, body)
	}

	// An open event stream must not keep the server from stopping.
	st := openStream(t, strings.TrimSuffix(url, "/"))
	st.expect(t, "hello")
	cancel()
	if _, err := st.r.ReadString('\n'); err == nil {
		t.Error("event stream survived the shutdown")
	}
	waitFor(t, func() bool {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
		}
		return err != nil
	})
}

func TestListenAndServeAllPortsTaken(t *testing.T) {
	first, err := occupy(t, 0)
	if err != nil {
		t.Fatal(err)
	}
	for p := first + 1; p < first+portAttempts; p++ {
		if _, err := occupy(t, p); err != nil {
			t.Skipf("cannot occupy ten consecutive ports: %v", err)
		}
	}
	var l logs
	_, err = ListenAndServe(context.Background(), newServer(t, Options{}), "127.0.0.1", first, l.logf)
	if err == nil || !strings.Contains(err.Error(), "all in use") {
		t.Errorf("err = %v", err)
	}
	if n := strings.Count(l.String(), "in use, trying"); n != portAttempts-1 {
		t.Errorf("%d retries logged, want %d: %s", n, portAttempts-1, l.String())
	}
}

func TestListenAndServeBadBind(t *testing.T) {
	if _, err := ListenAndServe(context.Background(), New(Options{}), "256.1.1.1", 0, nil); err == nil {
		t.Error("bad address accepted")
	}
}
