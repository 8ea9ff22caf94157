package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"log"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"keel/internal/diag"
)

// Snapshot is one built site.
type Snapshot struct {
	// Files maps site-relative output paths ("index.html", "a/index.html",
	// "css/keel.3fa2c1.css", "404.html") to their bytes.
	Files map[string][]byte
	// Diags come from the build that produced the snapshot. With errors,
	// Files is the last good site; nil Files keeps the previous snapshot's.
	Diags diag.List
	// Editor is the URL template of the overlay's error links ({path},
	// {line}, {col}); "" leaves diagnostics unlinked.
	Editor string
	// Excerpt, when set, returns line n of a site file as the build read
	// it, for the overlay ("" when unknown). Called only during Publish.
	Excerpt func(path string, n int) string
	// Outputs maps a source file to the page it produces ("content/a.md" →
	// "a/index.html"), so a page's overlay can put its own errors first.
	Outputs map[string]string
	// Partial makes Files a change to the previous snapshot's: the files
	// added or changed, and in Removed the paths that are gone; every other
	// file stays as it was.
	Partial bool
	Removed []string
}

// Options configure a Server.
type Options struct {
	// BasePath is the URL path the site lives under: "/" (default) or
	// "/sub/". A full base URL is accepted; only its path is used.
	BasePath string
	// Logf prints failed rebuilds and server errors (default log.Printf).
	Logf func(format string, args ...any)
	// PingInterval is how often event streams get a keep-alive comment
	// (default 15s).
	PingInterval time.Duration
	// AllowHosts are host names ListenAndServe answers besides localhost,
	// loopback addresses and the one it listens on (each may list several,
	// comma-separated).
	AllowHosts []string
	// Root is the site's folder as an absolute path, for the overlay's
	// editor links ({path} is absolute); "" leaves diagnostics unlinked.
	Root string
}

// Server serves the latest published snapshot. It is an http.Handler.
type Server struct {
	base string
	logf func(string, ...any)
	ping time.Duration
	seed maphash.Seed
	root string

	allowHosts []string

	cur atomic.Pointer[state]

	mu      sync.Mutex // serialises Publish with the client set
	clients map[*client]struct{}
	closed  bool
}

// state is an immutable published snapshot plus what is derived from it.
type state struct {
	version          int
	files            map[string]*entry
	diags            diag.List
	errors, warnings int
	overlay          string // HTML of the error overlay, "" without errors
	stale            bool   // files are the last good build's: this build published none
}

// New returns a server that serves an empty site until the first Publish.
func New(opts Options) *Server {
	s := &Server{
		base:       basePath(opts.BasePath),
		logf:       opts.Logf,
		ping:       opts.PingInterval,
		seed:       maphash.MakeSeed(),
		allowHosts: opts.AllowHosts,
		root:       opts.Root,
		clients:    map[*client]struct{}{},
	}
	if s.logf == nil {
		s.logf = log.Printf
	}
	if s.ping <= 0 {
		s.ping = 15 * time.Second
	}
	s.cur.Store(&state{files: map[string]*entry{}})
	return s
}

func basePath(b string) string {
	if u, err := url.Parse(b); err == nil && u.Scheme != "" {
		b = u.Path
	}
	b = path.Clean("/" + b)
	if b != "/" {
		b += "/"
	}
	return b
}

// Publish makes snap the served site and tells the open pages.
func (s *Server) Publish(snap Snapshot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	prev := s.cur.Load()
	st := &state{version: prev.version + 1, files: prev.files, diags: snap.Diags, stale: snap.Files == nil}
	st.errors, st.warnings = snap.Diags.Count()
	if st.errors > 0 {
		st.overlay = s.renderOverlay(snap, st.errors, st.warnings)
	}
	var changed []string
	if snap.Files != nil { // a failed rebuild may leave Files out: the last site stays
		st.files, changed = s.store(prev.files, snap) // keel serve's one comparison of file lists
	}

	var msg bytes.Buffer
	if len(changed) > 0 {
		cur := func(p string) ([]byte, bool) { b, ok := snap.Files[p]; return b, ok }
		if swap, ok := cssOnly(lookup(prev.files), cur, changed); ok {
			var inPlace []string
			for _, p := range changed {
				if _, renamed := swap[p]; !renamed && path.Ext(p) == ".css" && st.files[p] != nil && prev.files[p] != nil {
					inPlace = append(inPlace, p)
				}
			}
			writeEvent(&msg, "css", map[string]any{"version": st.version, "swap": swap, "paths": nonNil(inPlace)})
		} else if len(changed) > maxListed {
			writeEvent(&msg, "reload", map[string]any{"version": st.version, "all": true})
		} else {
			writeEvent(&msg, "reload", map[string]any{"version": st.version, "paths": changed})
		}
	}
	switch {
	case st.errors > 0:
		writeEvent(&msg, "errors", map[string]any{"version": st.version, "overlay": st.overlay})
	case prev.errors > 0:
		writeEvent(&msg, "ok", map[string]any{"version": st.version})
	}

	s.cur.Store(st)
	if msg.Len() > 0 {
		s.broadcast(msg.Bytes())
	}
	switch {
	case st.errors > 0 && slices.Equal(snap.Diags, prev.diags) && (snap.Files == nil) == prev.stale:
		// the same errors as last time (an edit elsewhere): said already
	case st.errors > 0:
		if snap.Files != nil {
			s.logf("%s; pages with errors are served with them marked, all others are up to date:", snap.Diags.Summary())
		} else {
			s.logf("rebuild failed with %d error(s); still serving the last good build:", st.errors)
		}
		var b strings.Builder
		_ = snap.Diags.WriteText(&b)
		s.logf("%s", strings.TrimSuffix(b.String(), "\n"))
	case prev.errors > 0:
		s.logf("rebuild ok: errors fixed")
	}
}

// maxListed bounds the paths sent in a reload event; beyond it pages
// simply reload.
const maxListed = 500

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func writeEvent(b *bytes.Buffer, name string, data any) {
	j, err := json.Marshal(data)
	if err != nil {
		panic(err) // maps of strings and ints always marshal
	}
	fmt.Fprintf(b, "event: %s\ndata: %s\n\n", name, j)
}
