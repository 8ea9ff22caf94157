package serve

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestHostCheck starts a real server and sends requests with forged Host
// headers, as a page using DNS rebinding would: only local names, the bound
// address and --allow-host names are answered, on every endpoint.
func TestHostCheck(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := newServer(t, Options{AllowHosts: []string{"docs.test,Preview.Test", "other.test"}})
	url, err := ListenAndServe(ctx, s, "127.0.0.1", 0, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(strings.TrimSuffix(url, "/"), "http://"))
	client := &http.Client{Timeout: 5 * time.Second}
	get := func(host, path string) (int, http.Header, string) {
		req, _ := http.NewRequest("GET", url+path, nil)
		req.Host = host
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", host, path, err)
		}
		defer resp.Body.Close()
		// The event stream never ends: read only what it sends first.
		buf := make([]byte, 512)
		n, _ := io.ReadAtLeast(resp.Body, buf, 1)
		return resp.StatusCode, resp.Header, string(buf[:n])
	}
	for _, path := range []string{"", "a/", "__keel/status", "__keel/events", "__keel/live.js", css1, "missing/"} {
		for _, host := range []string{"evil.example", "evil.example:" + port, "127.0.0.1.evil.example", "localhost.evil.example:" + port, "10.0.0.1:" + port} {
			code, h, body := get(host, path)
			if code != http.StatusMisdirectedRequest || !strings.Contains(body, "--allow-host") {
				t.Errorf("Host %s, /%s: %d %q, want 421", host, path, code, body)
			}
			if h.Get("X-Frame-Options") != "DENY" {
				t.Errorf("Host %s, /%s: no X-Frame-Options on the refusal", host, path)
			}
		}
		for _, host := range []string{"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port, "127.0.0.1", "docs.test:" + port, "preview.test", "other.test"} {
			code, h, _ := get(host, path)
			want := http.StatusOK
			if path == "missing/" {
				want = http.StatusNotFound
			}
			if code != want {
				t.Errorf("Host %s, /%s: %d, want %d", host, path, code, want)
			}
			csp := h.Get("Content-Security-Policy")
			if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || h.Get("X-Frame-Options") != "DENY" {
				t.Errorf("Host %s, /%s: headers %q / %q", host, path, csp, h.Get("X-Frame-Options"))
			}
		}
	}
}

func TestHostPolicyAllInterfaces(t *testing.T) {
	p := newHostPolicy(net.IPv4zero, nil)
	for host, want := range map[string]bool{"192.168.1.20:1313": true, "[fe80::1]:1313": true, "localhost": true, "evil.example:1313": false, "": true} {
		if got := p.allows(host); got != want {
			t.Errorf("bound to 0.0.0.0: Host %q allowed = %v, want %v", host, got, want)
		}
	}
	p = newHostPolicy(net.ParseIP("192.168.1.20"), nil)
	if !p.allows("192.168.1.20:1313") || p.allows("192.168.1.21:1313") {
		t.Error("bound to 192.168.1.20: only that address (and loopback) may be the Host")
	}
}

// TestPageCSP: an HTML page's inline <head> scripts are allowed by hash; a
// script in the body and JSON data blocks are not listed.
func TestPageCSP(t *testing.T) {
	theme := `try{document.documentElement.dataset.x=1}catch(e){}`
	page := `<!doctype html><html><head><script>` + theme + `</script>` +
		`<script id="d" type="application/json">{"a":1}</script><script src="/x.js" defer></script></head>` +
		`<body><script>alert(1)</script></body></html>`
	sum := func(s string) string {
		h := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"
	}
	got := pageCSP([]byte(page))
	if !strings.HasSuffix(got, "script-src 'self' "+sum(theme)) {
		t.Errorf("CSP %q lacks the head script's hash (only)", got)
	}
	if strings.Contains(got, sum("alert(1)")) || strings.Contains(got, sum(`{"a":1}`)) {
		t.Errorf("CSP %q allows a body script or a data block", got)
	}
	s := newServer(t, Options{})
	s.Publish(Snapshot{Files: map[string][]byte{"index.html": []byte(page)}})
	w := do(s, "GET", "/")
	if w.Header().Get("Content-Security-Policy") != got {
		t.Errorf("served CSP %q, want %q", w.Header().Get("Content-Security-Policy"), got)
	}
}

// FuzzPageCSP: any page yields the base policy plus one hash per inline
// script in its head at most, and never a policy that loosens the base one.
func FuzzPageCSP(f *testing.F) {
	f.Add([]byte(`<html><head><script>a()</script><script type="application/json">{}</script></head><body><script>b()</script>`))
	f.Add([]byte(`<script`))
	f.Add([]byte(`<script>x</script`))
	f.Fuzz(func(t *testing.T, page []byte) {
		got := pageCSP(page)
		rest, ok := strings.CutPrefix(got, baseCSP+"; script-src 'self'")
		if !ok {
			t.Fatalf("policy %q does not start with the base policy", got)
		}
		if n := strings.Count(rest, "'sha256-"); n > strings.Count(string(page), "<script") {
			t.Fatalf("%d hashes for %d script tags", n, strings.Count(string(page), "<script"))
		}
		if strings.ContainsAny(rest, ";,\n") || strings.Contains(rest, "unsafe") {
			t.Fatalf("script-src %q holds more than hashes", rest)
		}
	})
}
