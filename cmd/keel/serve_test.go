package main

import (
	"context"
	"io"
	"testing"
	"time"
)

// startServe runs keel serve on a free port until the test ends.
func startServe(t *testing.T, src string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan int)
	go func() {
		done <- runServe(ctx, siteFlags{source: src, audience: "internal"}, "127.0.0.1", 0, nil, io.Discard, t.Logf, ready)
	}()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case url := <-ready:
		return url
	case code := <-done:
		t.Fatalf("serve exited with %d", code)
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start")
	}
	return ""
}
