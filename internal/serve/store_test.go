package serve

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// bigSite has files large enough to be kept compressed, and some that are not.
func bigSite() map[string][]byte {
	var nav strings.Builder
	for i := range 400 {
		fmt.Fprintf(&nav, `<li><a href="/section/page-%d/">Page %d</a></li>`, i, i)
	}
	noise := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	return map[string][]byte{
		"index.html":       []byte(`<!doctype html><html><head><script>var x=1</script></head><body><nav>` + nav.String() + `</nav></body></html>` + "\n"),
		"a/index.html":     []byte(`<!doctype html><html><body><nav>` + nav.String() + `</nav><p>A</p></body></html>`),
		"noend/index.html": []byte(`<p>` + strings.Repeat("no body end. ", 500) + `</p>`),
		"404.html":         []byte(`<!doctype html><html><body>` + strings.Repeat("<p>Not here.</p>", 200) + `</body></html>`),
		"css/site.css":     []byte(strings.Repeat("body{color:black}\n", 300)),
		"img/noise.png":    noise,
		"robots.txt":       []byte("User-agent: *\n"),
		"empty.txt":        {},
	}
}

// The server keeps files compressed and answers a client that takes gzip
// with the stored stream (the injection appended), any other with the bytes
// inflated: both decode to the same response, whose page is the built one.
func TestGzipAndIdentityFromTheStore(t *testing.T) {
	files := bigSite()
	s := New(Options{Logf: t.Logf})
	s.Publish(Snapshot{Files: files})
	st := s.cur.Load()
	for _, p := range []string{"index.html", "a/index.html", "noend/index.html", "404.html", "css/site.css"} {
		if e := st.files[p]; e.plain || len(e.body)+len(e.tail) > e.size/4 || &e.body[0] == &files[p][0] {
			t.Errorf("%s is not kept compressed (%d of %d bytes)", p, len(e.body)+len(e.tail), e.size)
		}
	}
	for _, p := range []string{"img/noise.png", "robots.txt", "empty.txt"} {
		if !st.files[p].plain {
			t.Errorf("%s was compressed: it does not pay", p)
		}
	}
	targets := map[string]string{"/": "index.html", "/a/": "a/index.html", "/noend/": "noend/index.html",
		"/gone/": "404.html", "/css/site.css": "css/site.css", "/img/noise.png": "img/noise.png",
		"/robots.txt": "robots.txt", "/empty.txt": "empty.txt"}
	for target, file := range targets {
		plain := do(s, "GET", target)
		gz := do(s, "GET", target, "Accept-Encoding", "br, gzip, deflate")
		refused := do(s, "GET", target, "Accept-Encoding", "gzip;q=0, identity")
		compressed := !st.files[file].plain
		for _, w := range []*httptest.ResponseRecorder{plain, refused} {
			if w.Header().Get("Content-Encoding") != "" {
				t.Errorf("%s: encoded %q for a client without gzip", target, w.Header().Get("Content-Encoding"))
			}
		}
		if got := gz.Header().Get("Content-Encoding"); (got == "gzip") != compressed {
			t.Errorf("%s: Content-Encoding %q (kept compressed: %v)", target, got, compressed)
		}
		if (gz.Header().Get("Vary") == "Accept-Encoding") != compressed {
			t.Errorf("%s: Vary %q", target, gz.Header().Get("Vary"))
		}
		for _, w := range []*httptest.ResponseRecorder{plain, gz, refused} {
			if w.Header().Get("Content-Length") != strconv.Itoa(w.Body.Len()) {
				t.Errorf("%s: Content-Length %s, body %d bytes", target, w.Header().Get("Content-Length"), w.Body.Len())
			}
		}
		body := gz.Body.Bytes()
		if compressed {
			r, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("%s: %v", target, err)
			}
			r.Multistream(false) // one member, checked (CRC-32, length) to its end
			if body, err = io.ReadAll(r); err != nil {
				t.Fatalf("%s: gzip stream: %v", target, err)
			}
		}
		if !bytes.Equal(body, plain.Body.Bytes()) || !bytes.Equal(body, refused.Body.Bytes()) {
			t.Errorf("%s: gzip and identity responses differ", target)
		}
		want := string(files[file])
		got := string(body)
		if strings.HasSuffix(file, ".html") {
			got = stripInjection(t, got)
		}
		if got != want {
			t.Errorf("%s: served %.80q…, want %s", target, got, file)
		}
		head := do(s, "HEAD", target, "Accept-Encoding", "gzip")
		if head.Header().Get("Content-Length") != gz.Header().Get("Content-Length") || head.Body.Len() != 0 {
			t.Errorf("%s: HEAD Content-Length %s, GET %s", target, head.Header().Get("Content-Length"), gz.Header().Get("Content-Length"))
		}
	}
	// Each representation has its own ETag.
	gzTag, plainTag := do(s, "GET", "/a/", "Accept-Encoding", "gzip").Header().Get("ETag"), do(s, "GET", "/a/").Header().Get("ETag")
	if gzTag == plainTag {
		t.Errorf("gzip and identity share the ETag %s", gzTag)
	}
	if w := do(s, "GET", "/a/", "Accept-Encoding", "gzip", "If-None-Match", gzTag); w.Code != 304 {
		t.Errorf("If-None-Match with the gzip ETag: %d", w.Code)
	}
	if w := do(s, "GET", "/a/", "If-None-Match", gzTag); w.Code != 200 {
		t.Errorf("the gzip ETag matched an identity request: %d", w.Code)
	}
}

// The injection, however long (the overlay of many errors), goes out as
// stored blocks of at most 64 KiB each.
func TestGzipLongInjection(t *testing.T) {
	s := New(Options{})
	files := bigSite()
	e := s.newEntry("index.html", files["index.html"], 1)
	inject := bytes.Repeat([]byte("<p>an error</p>"), 20000) // 300,000 bytes: five blocks
	var b bytes.Buffer
	e.writeGzip(&b, inject)
	if b.Len() != e.gzipLen(inject) {
		t.Errorf("wrote %d bytes, gzipLen says %d", b.Len(), e.gzipLen(inject))
	}
	r, err := gzip.NewReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	at := bodyEnd(files["index.html"])
	if want := string(files["index.html"][:at]) + string(inject) + string(files["index.html"][at:]); err != nil || string(got) != want {
		t.Errorf("long injection: %v, %d bytes, want %d", err, len(got), len(want))
	}
}

// A partial snapshot changes only its files: every other file keeps its
// entry (nothing compressed again), removed ones go, and open pages are
// told exactly the paths that changed.
func TestPartialPublish(t *testing.T) {
	files := bigSite()
	s := New(Options{Logf: t.Logf})
	s.Publish(Snapshot{Files: files})
	before := s.cur.Load().files
	ev := openStream(t, startServer(t, s).URL)
	ev.expect(t, "hello")
	edited := []byte(strings.Replace(string(files["a/index.html"]), "<p>A</p>", "<p>A, edited</p>", 1))
	s.Publish(Snapshot{Partial: true, Files: map[string][]byte{"a/index.html": edited, "index.html": files["index.html"],
		"new.txt": []byte("new")}, Removed: []string{"robots.txt", "never-there.txt"}})
	if got := ev.expect(t, "reload")["paths"]; fmt.Sprint(got) != "[a/index.html new.txt robots.txt]" {
		t.Errorf("reload paths %v", got)
	}
	after := s.cur.Load().files
	for p, e := range before {
		switch {
		case p == "robots.txt":
			if _, ok := after[p]; ok {
				t.Errorf("%s not removed", p)
			}
		case p == "a/index.html":
			if string(after[p].bytes()) != string(edited) {
				t.Errorf("%s not updated", p)
			}
		case after[p] != e:
			t.Errorf("%s was stored again", p)
		}
	}
	if len(after) != len(before) || string(before["a/index.html"].bytes()) != string(files["a/index.html"]) {
		t.Errorf("%d files after, %d before (the previous state must stay as it was)", len(after), len(before))
	}
	if got := stripInjection(t, do(s, "GET", "/a/", "Accept-Encoding", "gzip").Body.String()); got == "" {
		t.Error("no page")
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"", false},
		{"gzip", true},
		{"gzip, deflate, br, zstd", true},
		{"br;q=1.0, GZIP;q=0.5", true},
		{"x-gzip", true},
		{"gzip;q=0", false},
		{"gzip; q=0.000", false},
		{"gzip;q=0.001", true},
		{"*", true},
		{"*;q=0", false},
		{"gzip;q=0, *", false},
		{"*;q=0, gzip", true},
		{"identity", false},
		{"deflate, br", false},
		{"gzipx", false},
	}
	for _, tt := range tests {
		if got := acceptsGzip(tt.header); got != tt.want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}
