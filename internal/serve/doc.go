// Package serve is keel's development server: it serves a built site held
// in memory, tells open pages over Server-Sent Events when a rebuild changed
// them, and shows the diagnostics of a failed rebuild in the browser. It
// knows nothing about how the site is built; it receives finished snapshots.
//
// # API
//
//	s := serve.New(serve.Options{BasePath: "/docs/", Logf: log.Printf})
//	s.Publish(serve.Snapshot{Files: files, Diags: diags})      // after every build
//	url, err := serve.ListenAndServe(ctx, s, "127.0.0.1", 1313, log.Printf)
//
// Publish swaps the served site atomically: every request is answered from
// one snapshot, never a mix. It takes ownership of Snapshot.Files: neither
// the map nor its slices may change afterwards (build a new map for the next
// snapshot; sharing unchanged slices with the previous one is encouraged, it
// makes the comparison of snapshots nearly free). Publish finds the changed
// paths by comparing with the previous snapshot (the only place keel serve
// compares file lists). When
// Diags has errors, Files should be the last good site (or nil, which keeps
// the previous snapshot's files): it keeps being served, every page carries
// an overlay listing the diagnostics, and Publish prints them through Logf.
//
// # What is served
//
// Paths under BasePath map to Files: "/docs/a/" → "a/index.html", "/docs/a"
// redirects to "/docs/a/" when "a/index.html" exists, "/docs/feed.xml" →
// "feed.xml"; anything else is answered with "404.html" and status 404. Only
// GET and HEAD are allowed (405 otherwise). A request path containing a
// backslash, a NUL, an encoded slash or a ".." segment (also when written as
// %2e%2e) is refused with 400. Nothing is ever read from disk, which is the
// guarantee that no path, absolute or through a symlink, reaches a file
// outside the built site. Responses carry Cache-Control: no-cache and an ETag.
//
// # Live reload
//
// HTML responses get a script injected before </body> (by this server only;
// the build never contains it): "<!-- keel serve -->…<!-- /keel serve -->".
// It listens on BasePath + "__keel/events", which sends, after each Publish:
//
//	event: reload  {"version":N,"paths":[...]} or {"version":N,"all":true}
//	               the page reloads, keeping its scroll position, if its own
//	               output (or a sub-resource such as an image or script) changed
//	event: css     {"version":N,"swap":{"css/a.1.css":"css/a.2.css"},"paths":[...]}
//	               only stylesheets changed (pages differ at most in the
//	               fingerprinted stylesheet names): links are swapped in place
//	event: errors  {"version":N,"overlay":"<div id=keel-overlay>…"} the rebuild failed
//	event: ok      {"version":N}  errors are gone: the overlay is removed
//
// On connecting, a client receives "retry:" and "event: hello" with the
// current version; a page whose version is older reloads (it missed events).
// Comments keep the stream alive every 15 s. BasePath + "__keel/status"
// answers {"version","errors","warnings","files","clients"} as JSON.
package serve
