package serve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"
)

// portAttempts is how many ports ListenAndServe tries, from the one asked.
const portAttempts = 10

// ListenAndServe listens on bind:port, or the next free port among the
// following ones (saying so), serves s in the background until ctx ends,
// and returns the site's URL once listening. Port 0 picks any free port.
func ListenAndServe(ctx context.Context, s *Server, bind string, port int, logf func(string, ...any)) (string, error) {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	if bind == "" {
		bind = "127.0.0.1"
	}
	var ln net.Listener
	for i := 0; ; i++ {
		var err error
		ln, err = net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(port+i)))
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EADDRINUSE) || port == 0 {
			return "", err
		}
		if i == portAttempts-1 {
			return "", fmt.Errorf("ports %d to %d are all in use", port, port+i)
		}
		logf("port %d in use, trying %d", port+i, port+i+1)
	}

	addr := ln.Addr().(*net.TCPAddr)
	srv := &http.Server{Handler: guard(s, newHostPolicy(addr.IP, s.allowHosts)), ReadHeaderTimeout: 10 * time.Second}
	srv.RegisterOnShutdown(s.Close)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logf("serve: %v", err)
		}
	}()
	go func() {
		<-ctx.Done()
		// Event streams never end on their own: close them first.
		s.Close()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()

	host := addr.IP.String()
	switch {
	case addr.IP.IsUnspecified():
		host = "localhost"
		logf("warning: listening on all interfaces (%s): other machines can reach this server", bind)
	case !addr.IP.IsLoopback():
		logf("warning: listening on %s: other machines can reach this server", bind)
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(addr.Port)) + s.base, nil
}
