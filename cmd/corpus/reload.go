package main

import (
	"bufio"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// reloadCmd edits a page n times and times each write until the server's
// reload signal: keel's SSE stream (event "reload") and Hugo's livereload
// WebSocket ({"command":"reload"}). Edits alternate between the two servers so
// that both see the same machine load.
func reloadCmd(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("reload-latency", flag.ContinueOnError)
	keelURL := fs.String("keel", "", "keel serve base URL, e.g. http://127.0.0.1:1414 (empty: skip keel)")
	keelEvents := fs.String("keel-events", "/__keel/events", "keel's SSE path")
	keelFile := fs.String("keel-file", "", "page to edit in the keel site")
	hugoURL := fs.String("hugo", "", "hugo server base URL, e.g. http://127.0.0.1:1515 (empty: skip hugo)")
	hugoFile := fs.String("hugo-file", "", "page to edit in the Hugo site")
	n := fs.Int("n", 20, "number of edits per server")
	timeout := fs.Duration("timeout", 30*time.Second, "give up waiting for one reload after this long")
	settle := fs.Duration("settle", 700*time.Millisecond, "pause after each reload so rebuilds do not overlap")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var targets []*reloadTarget
	if *keelURL != "" {
		ch, err := sseEvents(strings.TrimRight(*keelURL, "/") + *keelEvents)
		if err != nil {
			return fmt.Errorf("keel: %w", err)
		}
		targets = append(targets, &reloadTarget{name: "keel serve", file: *keelFile, events: ch})
	}
	if *hugoURL != "" {
		ch, err := livereloadEvents(strings.TrimRight(*hugoURL, "/") + "/livereload")
		if err != nil {
			return fmt.Errorf("hugo: %w", err)
		}
		targets = append(targets, &reloadTarget{name: "hugo server", file: *hugoFile, events: ch})
	}
	if len(targets) == 0 {
		return errors.New("nothing to measure: give -keel and/or -hugo")
	}
	for _, t := range targets {
		orig, err := os.ReadFile(t.file)
		if err != nil {
			return err
		}
		t.orig = orig
		defer os.WriteFile(t.file, orig, 0o644) // leave the corpus as it was
	}
	for i := range *n {
		for _, t := range targets {
			d, err := t.edit(i, *timeout)
			if err != nil {
				fmt.Fprintf(w, "%s: edit %d: %v\n", t.name, i+1, err)
				t.failed++
			} else {
				t.lat = append(t.lat, d.Seconds()*1000)
			}
			time.Sleep(*settle)
			t.drain()
		}
	}
	for _, t := range targets {
		s := summarize(t.lat)
		fmt.Fprintf(w, "%s: edit→reload ms, median %s over %d edits (%d timed out)\n", t.name, s.format(1), len(t.lat), t.failed)
	}
	return nil
}

type reloadTarget struct {
	name   string
	file   string
	orig   []byte
	events <-chan time.Time
	lat    []float64
	failed int
}

func (t *reloadTarget) drain() {
	for {
		select {
		case <-t.events:
		default:
			return
		}
	}
}

// edit rewrites the page with one changed paragraph and waits for the reload.
func (t *reloadTarget) edit(i int, timeout time.Duration) (time.Duration, error) {
	t.drain()
	body := append([]byte(nil), t.orig...)
	body = fmt.Appendf(body, "\nEdit number %d for the reload benchmark.\n", i+1)
	start := time.Now()
	if err := os.WriteFile(t.file, body, 0o644); err != nil {
		return 0, err
	}
	select {
	case at, ok := <-t.events:
		if !ok {
			return 0, errors.New("connection closed")
		}
		return at.Sub(start), nil
	case <-time.After(timeout):
		return 0, errors.New("no reload signal")
	}
}

// sseEvents connects to a Server-Sent Events stream and sends the arrival time
// of every "reload" event.
func sseEvents(u string) (<-chan time.Time, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	ch := make(chan time.Time, 16)
	go func() {
		defer close(ch)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "event: reload" || line == "event:reload" || line == "data: reload" {
				select {
				case ch <- time.Now():
				default:
				}
			}
		}
	}()
	return ch, nil
}

// livereloadEvents speaks just enough of the WebSocket protocol (RFC 6455) and of
// LiveReload's (hello, then reload commands) to timestamp Hugo's reloads.
func livereloadEvents(httpURL string) (<-chan time.Time, error) {
	u, err := url.Parse(httpURL)
	if err != nil {
		return nil, err
	}
	conn, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
	if err != nil {
		return nil, err
	}
	key := make([]byte, 16)
	rand.Read(key)
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n", u.RequestURI(), u.Host, base64.StdEncoding.EncodeToString(key))
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		conn.Close()
		return nil, fmt.Errorf("GET %s: %s, want 101", httpURL, resp.Status)
	}
	hello := `{"command":"hello","protocols":["http://livereload.com/protocols/official-7"]}`
	if err := writeFrame(conn, 0x1, []byte(hello)); err != nil {
		conn.Close()
		return nil, err
	}
	ch := make(chan time.Time, 16)
	go func() {
		defer close(ch)
		defer conn.Close()
		for {
			op, payload, err := readFrame(br)
			if err != nil {
				return
			}
			switch op {
			case 0x8: // close
				return
			case 0x9: // ping
				writeFrame(conn, 0xA, payload)
			case 0x1:
				if strings.Contains(string(payload), `"reload"`) {
					select {
					case ch <- time.Now():
					default:
					}
				}
			}
		}
	}()
	return ch, nil
}

// writeFrame writes one final, masked frame (clients must mask).
func writeFrame(w io.Writer, op byte, payload []byte) error {
	hdr := []byte{0x80 | op}
	switch n := len(payload); {
	case n < 126:
		hdr = append(hdr, 0x80|byte(n))
	case n <= 0xFFFF:
		hdr = append(hdr, 0x80|126)
		hdr = binary.BigEndian.AppendUint16(hdr, uint16(n))
	default:
		hdr = append(hdr, 0x80|127)
		hdr = binary.BigEndian.AppendUint64(hdr, uint64(n))
	}
	mask := make([]byte, 4)
	rand.Read(mask)
	hdr = append(hdr, mask...)
	masked := make([]byte, len(payload))
	for i, c := range payload {
		masked[i] = c ^ mask[i%4]
	}
	_, err := w.Write(append(hdr, masked...))
	return err
}

// readFrame reads one frame; fragmented messages are returned frame by frame,
// which is enough for LiveReload's short JSON messages.
func readFrame(r *bufio.Reader) (byte, []byte, error) {
	var h [2]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return 0, nil, err
	}
	n := uint64(h[1] & 0x7F)
	switch n {
	case 126:
		var b [2]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return 0, nil, err
		}
		n = uint64(binary.BigEndian.Uint16(b[:]))
	case 127:
		var b [8]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return 0, nil, err
		}
		n = binary.BigEndian.Uint64(b[:])
	}
	if n > 1<<20 {
		return 0, nil, fmt.Errorf("frame of %d bytes", n)
	}
	var mask [4]byte
	if h[1]&0x80 != 0 {
		if _, err := io.ReadFull(r, mask[:]); err != nil {
			return 0, nil, err
		}
	}
	payload := make([]byte, n)
	if _, err := io.ReadFull(r, payload); err != nil {
		return 0, nil, err
	}
	if h[1]&0x80 != 0 {
		for i := range payload {
			payload[i] ^= mask[i%4]
		}
	}
	return h[0] & 0x0F, payload, nil
}
