package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"html"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
)

//go:embed live.js
var liveJS string

// ServeHTTP answers from the current snapshot; see the package comment.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p, ok := cleanPath(r.URL)
	if !ok {
		http.Error(w, "bad request path", http.StatusBadRequest)
		return
	}
	st := s.cur.Load()
	if p+"/" == s.base || (p == "/" && s.base != "/") {
		redirect(w, r, s.base)
		return
	}
	rel, ok := strings.CutPrefix(p, s.base)
	if !ok {
		s.notFound(w, r, st, "")
		return
	}
	switch rel {
	case "__keel/events":
		s.events(w, r)
		return
	case "__keel/status":
		s.status(w, st)
		return
	case "__keel/live.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		io.WriteString(w, liveJS)
		return
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	if b, ok := st.files[rel]; ok {
		s.serveFile(w, r, st, rel, rel, b, http.StatusOK)
		return
	}
	if _, ok := st.files[rel+"/index.html"]; ok {
		redirect(w, r, p+"/")
		return
	}
	s.notFound(w, r, st, rel)
}

// cleanPath returns the cleaned URL path (keeping a trailing slash), or
// false for a path that tries to leave the site or hide its shape: a ".."
// segment (also decoded from %2e%2e), an encoded slash, a backslash or a NUL.
func cleanPath(u *url.URL) (string, bool) {
	p := u.Path
	if p == "" {
		p = "/"
	}
	if p[0] != '/' || strings.ContainsAny(p, "\\\x00") ||
		strings.Contains(strings.ToLower(u.EscapedPath()), "%2f") {
		return "", false
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == ".." {
			return "", false
		}
	}
	c := path.Clean(p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c, true
}

// redirect sends a temporary redirect: a dev server's URLs change while
// authors work, and browsers cache permanent redirects for good.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	u := url.URL{Path: to, RawQuery: r.URL.RawQuery}
	http.Redirect(w, r, u.String(), http.StatusFound)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, st *state, want string) {
	name := notFoundPage(st.files, want)
	e, ok := st.files[name]
	if !ok {
		// No site yet (the first build failed) or no 404 page: a minimal
		// page still carries the overlay and the reload script.
		b := []byte(`<!doctype html><html><head><meta charset="utf-8"><title>Not found</title></head><body>` +
			`<p>404: ` + html.EscapeString(r.URL.Path) + ` is not part of the site.</p></body></html>`)
		e = s.newEntry(name, b, maphash.Bytes(s.seed, b))
	}
	s.serveFile(w, r, st, name, want, e, http.StatusNotFound)
}

// notFoundPage is the 404 page of the deepest folder of want that has one: a
// multilingual site's zh/404.html answers for /zh/…, in its language.
func notFoundPage(files map[string]*entry, want string) string {
	for dir := path.Dir(want); dir != "." && dir != "/" && dir != ""; dir = path.Dir(dir) {
		if _, ok := files[dir+"/404.html"]; ok {
			return dir + "/404.html"
		}
	}
	return "404.html"
}

// serveFile writes e as the file name; want is the output path the request
// asked for, which the reload script watches on a 404 page. A compressed
// file goes out as it is stored, gzip, to a client that takes it.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, st *state, name, want string, e *entry, status int) {
	h := w.Header()
	h.Set("Content-Type", e.ctype)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	isHTML := e.isHTML()
	if isHTML {
		h.Set("Content-Security-Policy", e.csp)
	}
	gz := !e.plain && acceptsGzip(r.Header.Get("Accept-Encoding"))
	if !e.plain {
		h.Set("Vary", "Accept-Encoding")
	}
	etag := fmt.Sprintf("%016x", e.sum)
	if isHTML {
		etag += "-" + strconv.Itoa(st.version) // the injected part depends on the version
	}
	if gz {
		etag += "-gz" // a representation of its own
	}
	etag = `"` + etag + `"`
	if status == http.StatusOK {
		h.Set("ETag", etag)
		if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	var inject []byte
	if isHTML {
		inject = s.injection(st, name, want)
	}
	if gz {
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", strconv.Itoa(e.gzipLen(inject)))
	} else {
		h.Set("Content-Length", strconv.Itoa(e.size+len(inject)))
	}
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	if gz {
		e.writeGzip(w, inject)
	} else {
		e.writePlain(w, inject)
	}
}

// injection is what serve adds to every HTML page: the overlay when the
// current build has errors, and the live-reload script.
func (s *Server) injection(st *state, name, want string) []byte {
	var b bytes.Buffer
	b.WriteString("<!-- keel serve -->")
	b.WriteString(st.overlay)
	fmt.Fprintf(&b, `<script src="%s__keel/live.js" data-base="%s" data-path="%s" data-want="%s" data-version="%d"></script>`,
		html.EscapeString(s.base), html.EscapeString(s.base), html.EscapeString(name), html.EscapeString(want), st.version)
	b.WriteString("<!-- /keel serve -->")
	return b.Bytes()
}

// bodyEnd is where the injection goes: before the last </body>, or at the
// end of a page without one.
func bodyEnd(b []byte) int {
	for _, tag := range []string{"</body>", "</BODY>", "</Body>"} {
		if i := bytes.LastIndex(b, []byte(tag)); i >= 0 {
			return i
		}
	}
	return len(b)
}

// contentType is fixed for the types a site is made of, so that headers do
// not depend on the machine's mime tables; text types say utf-8.
func contentType(name string, b []byte) string {
	ext := strings.ToLower(path.Ext(name))
	switch ext {
	case ".html", ".htm":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".json", ".map":
		return "application/json"
	case ".webmanifest":
		return "application/manifest+json"
	case ".xml":
		return "application/xml; charset=utf-8"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".md":
		return "text/markdown; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".woff2":
		return "font/woff2"
	case ".woff":
		return "font/woff"
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".gif":
		return "image/gif"
	case ".webp":
		return "image/webp"
	case ".avif":
		return "image/avif"
	case ".ico":
		return "image/x-icon"
	case ".pdf":
		return "application/pdf"
	case ".wasm":
		return "application/wasm"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return http.DetectContentType(b)
}

func (s *Server) status(w http.ResponseWriter, st *state) {
	s.mu.Lock()
	clients := len(s.clients)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	json.NewEncoder(w).Encode(map[string]int{
		"version": st.version, "errors": st.errors, "warnings": st.warnings,
		"files": len(st.files), "clients": clients,
	})
}
