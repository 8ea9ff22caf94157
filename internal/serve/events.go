package serve

import (
	"bytes"
	"net/http"
	"time"
)

// client is one open event stream.
type client struct {
	ch   chan []byte   // whole messages, one per Publish
	kick chan struct{} // closed when the server drops the client
}

// clientBuffer is how many publishes a client may lag behind before it is
// dropped; its EventSource reconnects, gets "hello" with a newer version
// and reloads, so nothing is lost but a slow client cannot stall Publish.
const clientBuffer = 16

// broadcast sends msg to every client without blocking. Called with s.mu held.
func (s *Server) broadcast(msg []byte) {
	for c := range s.clients {
		select {
		case c.ch <- msg:
		default:
			delete(s.clients, c)
			close(c.kick)
		}
	}
}

// Close ends every event stream; streams requested later are refused. Use
// it before shutting the HTTP server down (ListenAndServe does).
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for c := range s.clients {
		delete(s.clients, c)
		close(c.kick)
	}
}

// events streams Server-Sent Events until the client leaves or is dropped.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	if r.Method == http.MethodHead {
		return
	}
	// Registering and reading the version under the lock that Publish holds
	// means every publish is either before hello or delivered after it.
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "server shutting down", http.StatusServiceUnavailable)
		return
	}
	c := &client{ch: make(chan []byte, clientBuffer), kick: make(chan struct{})}
	s.clients[c] = struct{}{}
	version := s.cur.Load().version
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()

	rc := http.NewResponseController(w)
	var hello bytes.Buffer
	hello.WriteString("retry: 1000\n\n")
	writeEvent(&hello, "hello", map[string]int{"version": version})
	send := func(b []byte) bool {
		_, err := w.Write(b)
		return err == nil && rc.Flush() == nil
	}
	if !send(hello.Bytes()) {
		return
	}
	ping := time.NewTicker(s.ping)
	defer ping.Stop()
	for {
		select {
		case msg := <-c.ch:
			if !send(msg) {
				return
			}
		case <-ping.C:
			if !send([]byte(": ping\n\n")) {
				return
			}
		case <-c.kick:
			return
		case <-r.Context().Done():
			return
		}
	}
}
