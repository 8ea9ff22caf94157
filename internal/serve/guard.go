package serve

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"strings"
)

// hostPolicy is which Host headers the dev server answers. A web page the
// developer visits can make its own host name resolve to 127.0.0.1 (DNS
// rebinding) and read the server's answers, drafts and internal pages
// included; its requests then carry that foreign name as Host, so only
// loopback names, the bound address and names the user allowed are answered.
type hostPolicy struct {
	bound net.IP          // the address listened on
	anyIP bool            // listening on all interfaces: any IP address is fine
	names map[string]bool // --allow-host names, lower case
}

func newHostPolicy(bound net.IP, allow []string) hostPolicy {
	p := hostPolicy{bound: bound, anyIP: bound == nil || bound.IsUnspecified(), names: map[string]bool{}}
	for _, a := range allow {
		for n := range strings.SplitSeq(a, ",") {
			if n = normalHost(n); n != "" {
				p.names[n] = true
			}
		}
	}
	return p
}

// normalHost is a Host header's host without port, lower case, without a trailing dot.
func normalHost(h string) string {
	h = strings.TrimSpace(h)
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	h = strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(h, "["), "]"), ".")
	return strings.ToLower(h)
}

func (p hostPolicy) allows(hostHeader string) bool {
	if hostHeader == "" { // HTTP/1.0 without Host: no browser sends that
		return true
	}
	h := normalHost(hostHeader)
	if h == "localhost" || strings.HasSuffix(h, ".localhost") || p.names[h] {
		return true
	}
	ip := net.ParseIP(h)
	// An IP address cannot be rebound; any name but the ones above can.
	return ip != nil && (ip.IsLoopback() || p.anyIP || ip.Equal(p.bound))
}

// baseCSP is the Content-Security-Policy of everything the dev server
// sends: the site's own files only, never inside another site's frame. The
// theme sets widths in style attributes and the error overlay carries a
// <style>, so inline styles are allowed; inline scripts are not, except the
// ones in an HTML page's <head>, allowed by hash (pageCSP).
const baseCSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// guard refuses requests for a Host the policy does not allow (421: this
// server is not the one the name means) and adds the security headers.
func guard(next http.Handler, p hostPolicy) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", baseCSP)
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		if !p.allows(r.Host) {
			http.Error(w, fmt.Sprintf("keel serve answers only for localhost, 127.0.0.1, [::1] and the address it listens on, not Host %q (a guard against DNS rebinding); to allow a name, run keel serve --allow-host NAME", r.Host), http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// pageCSP is baseCSP for one HTML page: its inline scripts in <head> (the
// theme's, such as the one that applies the saved colour scheme before the
// page paints) are allowed by their hash. Content is in <body>, so Markdown
// never adds a script the policy allows.
func pageCSP(b []byte) string {
	head := b
	if i := bytes.Index(head, []byte("</head>")); i >= 0 {
		head = head[:i]
	}
	var hashes []string
	for {
		i := bytes.Index(head, []byte("<script"))
		if i < 0 {
			break
		}
		head = head[i+len("<script"):]
		end := bytes.IndexByte(head, '>')
		if end < 0 {
			break
		}
		attrs := string(head[:end])
		head = head[end+1:]
		closing := bytes.Index(head, []byte("</script"))
		if closing < 0 {
			break
		}
		body := head[:closing]
		head = head[closing:]
		if strings.Contains(attrs, "src=") || (strings.Contains(attrs, "type=") && !strings.Contains(attrs, "javascript") && !strings.Contains(attrs, "module")) {
			continue // external, or a data block (JSON) that never runs
		}
		sum := sha256.Sum256(body)
		hashes = append(hashes, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	script := "script-src 'self'"
	if len(hashes) > 0 {
		script += " " + strings.Join(hashes, " ")
	}
	return baseCSP + "; " + script
}
