package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"html"
	"log"
	"net/url"
	"path"
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
	// Changed lists the output paths whose bytes differ from the previous
	// snapshot (added and removed ones included); nil means "compute it".
	Changed []string
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
}

// Server serves the latest published snapshot. It is an http.Handler.
type Server struct {
	base string
	logf func(string, ...any)
	ping time.Duration
	seed maphash.Seed

	allowHosts []string

	cur atomic.Pointer[state]

	mu      sync.Mutex // serialises Publish with the client set
	clients map[*client]struct{}
	closed  bool
}

// state is an immutable published snapshot plus what is derived from it.
type state struct {
	version          int
	files            map[string][]byte
	diags            diag.List
	errors, warnings int
	overlay          string // HTML of the error overlay, "" without errors
}

// New returns a server that serves an empty site until the first Publish.
func New(opts Options) *Server {
	s := &Server{
		base:       basePath(opts.BasePath),
		logf:       opts.Logf,
		ping:       opts.PingInterval,
		seed:       maphash.MakeSeed(),
		allowHosts: opts.AllowHosts,
		clients:    map[*client]struct{}{},
	}
	if s.logf == nil {
		s.logf = log.Printf
	}
	if s.ping <= 0 {
		s.ping = 15 * time.Second
	}
	s.cur.Store(&state{files: map[string][]byte{}})
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
	st := &state{version: prev.version + 1, files: snap.Files, diags: snap.Diags}
	st.errors, st.warnings = snap.Diags.Count()
	if st.errors > 0 {
		st.overlay = renderOverlay(snap.Diags, st.errors)
	}
	changed := snap.Changed
	switch {
	case st.files == nil:
		// A failed rebuild may leave Files out: the last site stays.
		st.files, changed = prev.files, nil
	case changed == nil:
		changed = diffFiles(prev.files, st.files)
	}

	var msg bytes.Buffer
	if len(changed) > 0 {
		if swap, ok := cssOnly(prev.files, st.files, changed); ok {
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
	if st.errors > 0 {
		s.logf("rebuild failed with %d error(s); still serving the last good build:", st.errors)
		var b strings.Builder
		_ = snap.Diags.WriteText(&b)
		s.logf("%s", strings.TrimSuffix(b.String(), "\n"))
	} else if prev.errors > 0 {
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

// renderOverlay is the error overlay's markup, injected into pages and sent
// in "errors" events. It styles itself, in light and dark, and stays out of
// the page's way: fixed, scrollable, dismissable.
func renderOverlay(diags diag.List, errors int) string {
	var b strings.Builder
	b.WriteString(`<div id="keel-overlay" role="alert"><style>` + overlayCSS + `</style><div class="keel-box">`)
	b.WriteString(`<button type="button" class="keel-close" aria-label="Dismiss" title="Dismiss">×</button>`)
	fmt.Fprintf(&b, `<p class="keel-title">keel: the rebuild failed with %d error(s); the last good build is shown.</p><ul>`, errors)
	const maxShown = 100
	for i, d := range diags {
		if i == maxShown {
			fmt.Fprintf(&b, "<li>… and %d more (see the terminal)</li>", len(diags)-maxShown)
			break
		}
		fmt.Fprintf(&b, `<li class="keel-%s">%s</li>`, d.Severity, html.EscapeString(d.String()))
	}
	b.WriteString(`</ul></div></div>`)
	return b.String()
}

const overlayCSS = `#keel-overlay{all:initial;position:fixed;inset:auto 0 0 0;z-index:2147483647;display:block;` +
	`font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#1f2328}` +
	`#keel-overlay .keel-box{margin:12px;padding:12px 40px 12px 16px;max-height:50vh;overflow:auto;` +
	`background:#fff8f7;border:1px solid #d1242f;border-left-width:6px;border-radius:6px;box-shadow:0 4px 24px #0004;position:relative}` +
	`#keel-overlay .keel-title{margin:0 0 8px;font-weight:bold;color:#a40e26}` +
	`#keel-overlay ul{margin:0;padding:0;list-style:none}` +
	`#keel-overlay li{white-space:pre-wrap;overflow-wrap:anywhere;padding:2px 0}` +
	`#keel-overlay li.keel-warning{color:#7d4e00}` +
	`#keel-overlay .keel-close{position:absolute;top:6px;right:8px;border:0;background:none;font:20px/1 sans-serif;color:inherit;cursor:pointer}` +
	`@media (prefers-color-scheme:dark){#keel-overlay{color:#e6edf3}` +
	`#keel-overlay .keel-box{background:#2d1517;border-color:#f85149}` +
	`#keel-overlay .keel-title{color:#ff7b72}#keel-overlay li.keel-warning{color:#d29922}}`
